#pragma once
/// Options in Confluent's printer (ProtobufSchemaUtils): `name = value`, maps one entry per line,
/// lists, and what normalizing does to them (qualified names, sorted, repeated ones merged).

#include <optional>
#include <string>
#include <vector>

#include "formats/protobuf/proto_model.h"
#include "formats/protobuf/proto_types.h"

namespace tessera::formats::protobuf {

/// Java's `appendIndented`: every line of `value` gets two spaces (String.split drops trailing
/// empty lines, so a blank line inside becomes "  ").
void append_indented(std::string& sb, const std::string& value);

/// ProtobufSchema.transform: `(a).b = v` becomes `(a) = { b: v }` (nested ones too).
option_element transform_option(option_element o);
/// ProtobufSchema.merge: two map values merge key by key (a key in both collects the distinct
/// values into a list); otherwise the replacement wins. The replacement is transformed first.
option_element merge_option(const option_element& existing, option_element replacement);

/// Prints options as seen from one scope of a file; `package` and `scope` are read at each call.
class option_printer {
 public:
  option_printer(const type_index& types, bool normalize, bool ignore_extensions, const std::string& package,
                 const std::vector<std::string>& scope)
      : types_(types), normalize_(normalize), ignore_extensions_(ignore_extensions), package_(package), scope_(scope) {}

  /// FormatContext.filterOptions: drop custom options (ignore_extensions); when normalizing,
  /// qualify extension names, sort by name and merge a non-repeated option written twice.
  std::vector<option_element> filter(std::vector<option_element> options) const;
  /// `name = value` (parenthesized names keep their parentheses).
  std::string option(const option_element& o) const;
  /// appendOptions: one option inline in brackets, several one per line.
  std::string bracketed(const std::vector<option_element>& options) const;

 private:
  std::optional<std::string> resolve_extension(const std::string& name) const;
  std::string option_map(const option_value& map) const;
  std::string value(const option_value& v) const;
  std::string bracketed(const std::vector<option_value>& items) const;

  const type_index& types_;
  bool normalize_;
  bool ignore_extensions_;
  const std::string& package_;
  const std::vector<std::string>& scope_;
};

}  // namespace tessera::formats::protobuf
