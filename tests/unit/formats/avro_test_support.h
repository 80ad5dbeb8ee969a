#pragma once
// Helpers shared by the Avro format tests: reading the shared third-party data and parsing
// through the public schema_format interface.

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tessera/formats/schema_format.h"

namespace tessera::formats::test {

/// The shared data folder: $TESSERA_SHARED_DIR, else the build-time default.
inline std::string shared_dir() {
  const char* env = std::getenv("TESSERA_SHARED_DIR");
  return env != nullptr && *env != '\0' ? std::string(env) : std::string(TESSERA_SHARED_DIR);
}

/// The contents of `path`, or an empty string if it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The Avro format from the registry table.
inline const schema_format& avro() { return *find_format(schema_type::avro); }

/// Parses `text` as Avro; the error message on failure.
struct parse_outcome {
  std::shared_ptr<const parsed_schema> schema;
  std::string error;
  bool ok() const { return schema != nullptr; }
};

inline parse_outcome parse_avro(std::string_view text, const std::vector<resolved_reference>& refs = {},
                                bool validate = true, bool normalize = false) {
  parse_options options;
  options.validate = validate;
  options.normalize = normalize;
  auto r = avro().parse(text, refs, options);
  parse_outcome out;
  if (r) {
    out.schema = *r;
  } else {
    out.error = r.error().message;
  }
  return out;
}

inline resolved_reference avro_ref(std::string name, std::string text) {
  resolved_reference r;
  r.name = std::move(name);
  r.subject = r.name;
  r.version = 1;
  r.type = schema_type::avro;
  r.text = std::move(text);
  return r;
}

/// Confluent's SchemaValidatorBuilder.formatErrorMessages: the differences, then (when
/// `append_schema`) `{oldSchemaVersion: n}` if the existing schema has a version, and
/// `{oldSchema: '<canonical text>'}`.
inline std::vector<std::string> confluent_messages(const std::vector<incompatibility>& found,
                                                   const parsed_schema& existing, int existing_version,
                                                   bool append_schema) {
  std::vector<std::string> out;
  for (const incompatibility& i : found) out.push_back(i.message);
  if (!out.empty() && append_schema) {
    if (existing_version > 0) out.push_back("{oldSchemaVersion: " + std::to_string(existing_version) + "}");
    out.push_back("{oldSchema: '" + existing.canonical_text() + "'}");
  }
  return out;
}

}  // namespace tessera::formats::test
