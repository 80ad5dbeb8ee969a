#pragma once
// Helpers shared by the Protobuf format tests: the shared third-party data and parsing through
// the public schema_format interface of the Protobuf format.

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "formats/protobuf/protobuf_format.h"
#include "tessera/formats/schema_format.h"

namespace tessera::formats::test {

/// The shared data folder: $TESSERA_SHARED_DIR, else the build-time default.
inline std::string proto_shared_dir() {
  const char* env = std::getenv("TESSERA_SHARED_DIR");
  return env != nullptr && *env != '\0' ? std::string(env) : std::string(TESSERA_SHARED_DIR);
}

/// The contents of `path`, or an empty string if it cannot be read.
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct proto_outcome {
  std::shared_ptr<const parsed_schema> schema;
  std::string error;
  bool ok() const { return schema != nullptr; }
  const protobuf::protobuf_parsed_schema& proto() const {
    return dynamic_cast<const protobuf::protobuf_parsed_schema&>(*schema);
  }
};

/// Parses `text` as Protobuf; the error message on failure.
inline proto_outcome parse_proto_schema(std::string_view text, const std::vector<resolved_reference>& refs = {},
                                        bool validate = true, bool normalize = false) {
  parse_options options;
  options.validate = validate;
  options.normalize = normalize;
  auto r = protobuf::protobuf_schema_format()->parse(text, refs, options);
  proto_outcome out;
  if (r) {
    out.schema = *r;
  } else {
    out.error = r.error().message;
  }
  return out;
}

inline resolved_reference proto_ref(std::string name, std::string text, std::string subject = {}, int version = 1) {
  resolved_reference r;
  r.name = std::move(name);
  r.subject = subject.empty() ? r.name : std::move(subject);
  r.version = version;
  r.type = schema_type::protobuf;
  r.text = std::move(text);
  return r;
}

}  // namespace tessera::formats::test
