#pragma once
// Helpers shared by the JSON Schema format tests: parsing through the format and running the
// differ on two parsed schemas.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "formats/json_schema/json_schema_format.h"
#include "formats/json_schema/schema_diff.h"
#include "unit/formats/avro_test_support.h"

namespace tessera::formats::test {

/// The JSON Schema format (used directly, so the tests do not depend on the registry table).
inline const schema_format& json_format() { return *json_schema::json_schema_format(); }

inline parse_outcome parse_json_schema(std::string_view text, const std::vector<resolved_reference>& refs = {},
                                       bool normalize = false) {
  parse_options options;
  options.normalize = normalize;
  auto r = json_format().parse(text, refs, options);
  parse_outcome out;
  if (r) {
    out.schema = *r;
  } else {
    out.error = r.error().message;
  }
  return out;
}

inline resolved_reference json_ref(std::string name, std::string text) {
  resolved_reference r;
  r.name = std::move(name);
  r.subject = r.name;
  r.version = 1;
  r.type = schema_type::json;
  r.text = std::move(text);
  return r;
}

inline const json_schema::json_parsed_schema& as_json(const parse_outcome& p) {
  return dynamic_cast<const json_schema::json_parsed_schema&>(*p.schema);
}

/// SchemaDiff.compare(original, update) rendered as Confluent's test files list changes:
/// "TYPE #/path".
inline std::vector<std::string> change_list(const parse_outcome& original, const parse_outcome& update) {
  auto outcome = json_schema::compare_schemas(as_json(original).root(), as_json(update).root());
  std::vector<std::string> out;
  for (const auto& d : outcome.differences) out.push_back(std::string(json_schema::to_string_view(d.type)) + " " + d.path);
  return out;
}

/// update.isBackwardCompatible(original) under STRICT.
inline bool strict_compatible(const parse_outcome& original, const parse_outcome& update) {
  auto outcome = json_schema::compare_schemas(as_json(original).root(), as_json(update).root());
  return !outcome.exhausted && json_schema::incompatible_differences(outcome).empty();
}

}  // namespace tessera::formats::test
