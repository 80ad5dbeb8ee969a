#pragma once
/// The Java objects Confluent's normalisation passes JSON values through: Avro's
/// `JacksonUtils.toObject(node, schema)` converts a default or property by the schema's type,
/// then `AvroSchemaUtils.toJsonNode(datum).toString()` prints it back with object keys sorted.
/// A value that does not fit the type becomes Java `null`: dropped at the top of a default,
/// a NullPointerException when nested.

#include <cstdint>
#include <string>
#include <vector>

#include "formats/avro/avro_schema.h"

namespace tessera::formats::avro {

struct datum {
  enum class kind : std::uint8_t { java_null, null_value, boolean, int32, int64, float32, float64, string, list, map };
  kind type = kind::java_null;
  bool boolean = false;
  std::int64_t integer = 0;
  double floating = 0;  ///< float32 values are stored already rounded to float
  std::string text;     ///< strings; bytes and fixed as their ISO-8859-1 characters
  std::vector<datum> items;
  std::vector<std::string> keys;  ///< map keys, parallel to items
};

/// `JacksonUtils.toObject(v, schema)`; `schema` may be no_node. Throws schema_failure for the
/// exceptions Java throws (an array given for a non-array type, a record default naming an
/// unknown field).
datum to_datum(const schema_tree& tree, const json_value& v, node_id schema);

/// `toJsonNode(d).toString()`. Throws schema_failure for a nested Java null.
void write_datum(std::string& out, const datum& d);

}  // namespace tessera::formats::avro
