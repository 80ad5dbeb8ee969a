#pragma once
/// The logical records of Confluent's `_schemas` model. Every backend stores the same stream of
/// these (as Confluent's key/value JSON bytes, see records_json.h); the registry state is built
/// only by applying them in order.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "tessera/core/enums.h"
#include "tessera/core/schema.h"

namespace tessera::storage {

enum class key_type { schema, config, mode, noop, delete_subject, clear_subject, context };

/// The key. `subject` is absent for global CONFIG/MODE keys and for NOOP.
struct record_key {
  key_type type = key_type::noop;
  std::optional<std::string> subject;
  std::optional<schema_version> version;  ///< SCHEMA keys only
  int magic = 0;                          ///< 1 for SCHEMA keys Tessera writes, 0 otherwise
  std::string tenant = "default";         ///< CONTEXT keys only
  std::string context;                    ///< CONTEXT keys only

  bool operator==(const record_key&) const = default;
};

/// CONFIG value: every field optional, as in Confluent's ConfigValue.
struct config_value {
  std::optional<std::string> subject;
  std::optional<compatibility_level> compatibility;
  std::optional<bool> normalize;
  std::optional<bool> validate_fields;
  std::optional<std::string> alias;
  std::optional<std::string> compatibility_group;
  std::optional<schema_metadata> default_metadata;
  std::optional<schema_metadata> override_metadata;
  std::optional<schema_rule_set> default_rule_set;
  std::optional<schema_rule_set> override_rule_set;

  bool operator==(const config_value&) const = default;
};

struct mode_value {
  std::optional<std::string> subject;
  tessera::mode mode = tessera::mode::readwrite;
  bool operator==(const mode_value&) const = default;
};

struct delete_subject_value {
  std::string subject;
  schema_version version = 0;  ///< highest version present when the subject was soft-deleted
  bool operator==(const delete_subject_value&) const = default;
};

struct clear_subject_value {
  std::optional<std::string> subject;
  bool operator==(const clear_subject_value&) const = default;
};

struct context_value {
  std::string tenant = "default";
  std::string context;
  bool operator==(const context_value&) const = default;
};

using record_value = std::variant<subject_version_entry, config_value, mode_value,
                                  delete_subject_value, clear_subject_value, context_value>;

/// A key and its value; no value is a tombstone (and the only form a NOOP has).
struct record {
  record_key key;
  std::optional<record_value> value;
};

/// A record as its stored bytes. `value` absent = tombstone (Kafka null value).
struct raw_record {
  std::string key;
  std::optional<std::string> value;
  bool operator==(const raw_record&) const = default;
};

}  // namespace tessera::storage
