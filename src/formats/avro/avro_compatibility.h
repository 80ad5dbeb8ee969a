#pragma once
/// Java Avro 1.11's `SchemaCompatibility.checkReaderWriterCompatibility`, which Confluent runs for
/// every Avro compatibility check, and Confluent's rendering of its results (`avro/Difference`).
/// The rules, their order, the JSON-pointer locations and even Java's quirks are kept: results
/// are memoised per (reader node, writer node), so a named type reached twice reports its
/// problems twice with the first location, and a non-union reader checked against a union
/// writer restarts the location at "/".

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/avro/avro_schema.h"

namespace tessera::formats::avro {

enum class incompatibility_type : std::uint8_t {
  name_mismatch,
  fixed_size_mismatch,
  missing_enum_symbols,
  reader_field_missing_default_value,
  type_mismatch,
  missing_union_branch,
};

/// Java's constant name, e.g. "TYPE_MISMATCH".
std::string_view to_string_view(incompatibility_type t);

/// One `SchemaCompatibility.Incompatibility`.
struct avro_incompatibility {
  incompatibility_type type = incompatibility_type::type_mismatch;
  std::string location;  ///< JSON pointer, e.g. /fields/0/type
  std::string message;   ///< Java's message, e.g. "reader type: INT not compatible with writer type: STRING"
};

struct compatibility_outcome {
  std::vector<avro_incompatibility> incompatibilities;  ///< empty = compatible
  /// Set when Java throws instead (a reader field matching two writer fields); Confluent then
  /// reports only "Unexpected exception during compatibility check: <this>".
  std::optional<std::string> exception;
};

/// Can data written with `writer` be read with `reader`?
compatibility_outcome check_reader_writer(const schema_tree& reader_tree, node_id reader,
                                          const schema_tree& writer_tree, node_id writer);

/// Confluent's `Difference.toString()` with its two `%s` holes filled, reader word first:
/// `{errorType:'...', description:'...', additionalInfo:'...'}`.
std::string render_incompatibility(const avro_incompatibility& i, std::string_view reader_word,
                                   std::string_view writer_word);

}  // namespace tessera::formats::avro
