#pragma once
// Requests shared by the registry tests.

#include <string>

#include "tessera/core/registry_requests.h"

namespace tessera::test {

/// An Avro record `name` with one field `f` of `field_type`: distinct names give distinct schemas.
inline schema_request avro_record(const std::string& name, const std::string& field_type = "long") {
  schema_request r;
  r.schema = R"({"type":"record","name":")" + name + R"(","fields":[{"name":"f","type":")" + field_type + R"("}]})";
  return r;
}

}  // namespace tessera::test
