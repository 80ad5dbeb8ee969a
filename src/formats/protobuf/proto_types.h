#pragma once
/// The type table Confluent's diff Context builds (collectTypeInfo): every message and enum of
/// the schema, of its resolved references and of the known dependencies, by full name, plus
/// the extension fields declared anywhere (used to qualify custom option names).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "formats/protobuf/proto_model.h"

namespace tessera::formats::protobuf {

/// Where a type comes from: a referenced subject-version, the schema itself ("", -1), or no
/// reference at all (a known dependency) when absent.
struct type_origin {
  std::string subject;
  int version = -1;
  bool operator==(const type_origin&) const = default;
};

struct type_info {
  std::string package;
  std::optional<type_origin> origin;
  const message_element* message = nullptr;
  const enum_element* enumeration = nullptr;
  bool is_map = false;
  std::string map_key;    ///< key field type of a map entry message
  std::string map_value;  ///< value field type of a map entry message

  /// `map<K, V>` for a map entry message.
  std::string map_type() const { return "map<" + map_key + ", " + map_value + ">"; }
};

class type_index {
 public:
  /// Adds the types of `file`; a full name seen before is replaced (Java HashMap.put).
  void add_file(const proto_file& file, std::optional<type_origin> origin);
  /// The type with `full_name` (a leading '.' is ignored), or null.
  const type_info* find(std::string_view full_name) const;
  /// Whether an extension field with `full_name` exists; `repeated` receives its label.
  bool find_extension(std::string_view full_name, bool* repeated = nullptr) const;

 private:
  void add_message(const message_element& m, const std::string& package, const std::string& prefix,
                   const std::optional<type_origin>& origin);
  void add_extends(const std::vector<extend_element>& extends, const std::string& scope);

  std::unordered_map<std::string, type_info> types_;
  std::unordered_map<std::string, bool> extensions_;
};

/// Context.resolve: the full name (no leading dot) `name` denotes when written inside the
/// message scope `scope` of a file in `package`, given which full names exist.
std::optional<std::string> resolve_name(std::string_view name, std::string_view package,
                                        const std::vector<std::string>& scope,
                                        const std::function<bool(const std::string&)>& exists);

/// resolve_name against the types of `types`.
std::optional<std::string> resolve_type(const type_index& types, std::string_view name, std::string_view package,
                                        const std::vector<std::string>& scope);

}  // namespace tessera::formats::protobuf
