#pragma once
/// Inputs and outputs of the registry use cases (transport-neutral DTOs of the domain).

#include <optional>
#include <string>
#include <vector>

#include "tessera/core/schema.h"

namespace tessera {

/// A version path parameter: a number, or latest (-1).
struct version_spec {
  schema_version value = -1;
  bool is_latest() const { return value == -1; }
  static version_spec latest() { return {}; }
};

/// A reference as sent by a client; every field may be missing (reported as 42201).
struct request_reference {
  std::optional<std::string> name;
  std::optional<std::string> subject;
  std::optional<schema_version> version;
};

/// The body of register / lookup / compatibility requests.
struct schema_request {
  std::optional<std::string> schema;            ///< absent or blank = "Empty schema"
  std::optional<std::string> schema_type_text;  ///< as sent; absent = AVRO
  std::vector<request_reference> references;
  std::optional<schema_metadata> metadata;
  std::optional<schema_rule_set> rule_set;
  std::optional<schema_id> id;  ///< IMPORT mode only
  std::optional<schema_version> version;
};

struct subject_list_query {
  std::string prefix;  ///< ":*:" = every context; "" = default context
  bool deleted = false;
  bool deleted_only = false;
};

struct version_list_query {
  bool deleted = false;
  bool deleted_only = false;
  bool deleted_as_negative = false;
};

struct schema_list_query {
  std::string prefix;
  bool deleted = false;
  bool latest_only = false;
};

struct lookup_options {
  bool normalize = false;
  bool include_deleted = false;
};

struct register_options {
  bool normalize = false;
};

struct compat_options {
  bool normalize = false;
  bool verbose = false;
};

/// What a registration returns; `version`, `schema` and `metadata` are set only when Confluent
/// echoes the stored schema (it differs from the request, e.g. metadata added on the server).
struct register_outcome {
  schema_id id = 0;
  std::optional<schema_version> version;
  std::optional<std::string> schema;
  std::optional<schema_metadata> metadata;
};

struct compat_report {
  bool compatible = true;
  std::vector<std::string> messages;
};

struct schema_by_id {
  schema_id id = 0;
  std::string context;
  schema_content content;
  schema_id max_id = 0;
};

struct subject_version_ref {
  std::string subject;
  schema_version version = 0;
};

}  // namespace tessera
