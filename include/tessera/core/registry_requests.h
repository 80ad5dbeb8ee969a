#pragma once
/// Inputs and outputs of the registry use cases (transport-neutral DTOs of the domain).

#include <optional>
#include <string>
#include <vector>

#include "tessera/core/schema.h"
#include "tessera/formats/schema_format.h"

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

/// One entry of `tagsToAdd` / `tagsToRemove`: an entity (`schemaEntity`) and its tags.
struct schema_tags {
  std::string path;  ///< `entityPath`
  formats::tag_entity_type type = formats::tag_entity_type::field;
  std::vector<std::string> tags;
};

/// The body of POST /subjects/{s}/versions/{v}/tags (Confluent's TagSchemaRequest).
struct tag_schema_request {
  std::optional<schema_version> new_version;  ///< must be the next version when given
  std::vector<schema_tags> tags_to_add;
  std::vector<schema_tags> tags_to_remove;
  std::optional<schema_metadata> metadata;  ///< replaces the source version's metadata when given
  std::optional<schema_rule_set> rule_set;
};

/// The per-entity edits of a tag request in Confluent's order (TagSchemaRequest.schemaTagsListToMap
/// and modifySchemaTags): entities to add to first, then those only removed from; an entity named
/// twice has its tags merged, duplicates dropped.
std::vector<formats::tag_edit> to_tag_edits(const tag_schema_request& request);

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
  schema_type type = schema_type::avro;  ///< echoed as `schemaType` (not for AVRO) with `schema`
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
