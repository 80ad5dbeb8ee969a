#pragma once
/// Confluent's enumerations with their wire spellings.

#include <optional>
#include <string_view>

namespace tessera {

enum class schema_type { avro, json, protobuf };
enum class compatibility_level {
  none,
  backward,
  backward_transitive,
  forward,
  forward_transitive,
  full,
  full_transitive
};
enum class mode { readwrite, readonly, readonly_override, import, forward };

std::string_view to_string_view(schema_type t);
std::string_view to_string_view(compatibility_level l);
std::string_view to_string_view(mode m);

/// Exact upper-case wire names ("AVRO", "JSON", "PROTOBUF").
std::optional<schema_type> schema_type_from_string_view(std::string_view s);
/// Case-insensitive, as Confluent upper-cases before the enum lookup.
std::optional<compatibility_level> compatibility_level_from_string_view(std::string_view s);
/// Case-insensitive.
std::optional<mode> mode_from_string_view(std::string_view s);

/// True for the levels that check against every previous version.
bool is_transitive(compatibility_level l);
/// True when the new schema must be able to read the old data (BACKWARD*, FULL*).
bool checks_backward(compatibility_level l);
/// True when old readers must be able to read new data (FORWARD*, FULL*).
bool checks_forward(compatibility_level l);

}  // namespace tessera
