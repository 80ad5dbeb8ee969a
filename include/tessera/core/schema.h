#pragma once
/// Schema value types shared by the domain, the record codec and the formats. No JSON here.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tessera/core/boxed_optional.h"
#include "tessera/core/enums.h"

namespace tessera {

using schema_id = std::int32_t;
using schema_version = std::int32_t;

/// `{"name", "subject", "version"}`: a named dependency on another subject's version.
struct schema_reference {
  std::string name;
  std::string subject;
  schema_version version = 0;

  auto operator<=>(const schema_reference&) const = default;
};

/// Confluent data-contract metadata: `{"tags":{..}, "properties":{..}, "sensitive":[..]}`.
struct schema_metadata {
  std::map<std::string, std::set<std::string>> tags;
  std::map<std::string, std::string> properties;
  std::set<std::string> sensitive;

  bool empty() const { return tags.empty() && properties.empty() && sensitive.empty(); }
  bool operator==(const schema_metadata&) const = default;
};

/// One data-contract rule. Kept as data so it can be hashed and echoed.
struct schema_rule {
  std::string name;
  std::string doc;
  std::string kind;  ///< TRANSFORM | CONDITION
  std::string mode;  ///< UPGRADE | DOWNGRADE | UPDOWN | WRITE | READ | WRITEREAD
  std::string type;
  std::set<std::string> tags;
  std::map<std::string, std::string> params;
  std::string expr;
  std::string on_success;
  std::string on_failure;
  bool disabled = false;

  bool operator==(const schema_rule&) const = default;
};

struct schema_rule_set {
  std::vector<schema_rule> migration_rules;
  std::vector<schema_rule> domain_rules;
  std::vector<schema_rule> encoding_rules;

  bool empty() const {
    return migration_rules.empty() && domain_rules.empty() && encoding_rules.empty();
  }
  bool operator==(const schema_rule_set&) const = default;
};

/// Everything that identifies a schema's content, as hashed by Confluent (type excluded).
/// Metadata and rule sets are rare and large (six containers, 232 bytes even when absent):
/// they live out of line, so a registry of plain schemas does not pay for them per schema.
struct schema_content {
  schema_type type = schema_type::avro;
  std::string text;  ///< canonical text as stored
  std::vector<schema_reference> references;
  boxed_optional<schema_metadata> metadata;
  boxed_optional<schema_rule_set> rule_set;

  bool operator==(const schema_content&) const = default;
};

/// A subject-version as stored: the content plus where it lives.
struct subject_version_entry {
  std::string subject;
  schema_version version = 0;
  schema_id id = 0;
  schema_content content;
  bool deleted = false;
  std::int64_t timestamp_ms = 0;  ///< creation time from the log, 0 when unknown
};

}  // namespace tessera
