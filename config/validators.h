#pragma once
/// Value parsers and the validators built on them. The property table uses the validators; the
/// loader uses the same parsers to fill typed settings, so "valid" and "parsed" cannot diverge.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/property.h"
#include "config/settings.h"
#include "tessera/core/enums.h"
#include "tessera/core/result.h"

namespace tessera::config {

/// Removes leading and trailing ASCII whitespace.
std::string_view trim(std::string_view s);
/// ASCII lower-case copy.
std::string to_lower(std::string_view s);
/// Case-insensitive ASCII equality.
bool iequals(std::string_view a, std::string_view b);

/// `true`/`false`, case-insensitive (Kafka's ConfigDef rule).
std::optional<bool> parse_bool(std::string_view s);
/// Decimal integer with optional sign; nullopt on junk or overflow.
std::optional<std::int64_t> parse_int(std::string_view s);
/// Milliseconds as a bare integer (`500`) or with a unit: `ms`, `s`, `m`, `h` (`30s`).
std::optional<std::chrono::milliseconds> parse_duration(std::string_view s);
/// Bytes as a bare integer or with a binary unit: `KiB`, `MiB`, `GiB` (`16MiB`).
std::optional<std::uint64_t> parse_size(std::string_view s);
/// Comma-separated list; items trimmed, empty items dropped (Kafka's LIST type).
std::vector<std::string> split_list(std::string_view s);
/// `always`, `never` or `interval:<duration>`.
std::optional<fsync_policy> parse_fsync(std::string_view s);
/// trace, debug, info, warn/warning, error, critical/fatal, off; case-insensitive (log4j names too).
std::optional<log_level> parse_log_level(std::string_view s);
/// Compatibility level, case-insensitive (Confluent upper-cases before the lookup).
std::optional<compatibility_level> parse_compatibility(std::string_view s);
/// `listener.protocol.map`: `NAME:protocol,...`; names upper-cased, protocols lower-cased.
result<std::map<std::string, std::string>> parse_protocol_map(std::string_view s);
/// One listener URL. Named schemes are resolved through `protocol_map`.
result<listener> parse_listener(std::string_view url,
                                const std::map<std::string, std::string>& protocol_map);
/// One Kafka bootstrap entry `[PROTOCOL://]host:port`; returns {protocol (upper, may be empty), host:port}.
result<std::pair<std::string, std::string>> parse_bootstrap_server(std::string_view entry);

/// Validator factories used by the property table.
namespace validators {
validator any_string();
validator non_empty_string();
validator boolean();
validator integer(std::int64_t min, std::int64_t max);
validator duration(std::chrono::milliseconds min, std::chrono::milliseconds max);
validator size_bytes(std::uint64_t min, std::uint64_t max);
/// One of `choices` (compared case-insensitively); the message lists them.
validator one_of(std::vector<std::string_view> choices);
validator compatibility();
validator log_level();
validator fsync();
validator listener_list();
validator protocol_map();
validator bootstrap_servers();
validator kafka_topic_name();
validator header_names();
/// Accepts the empty string (meaning "unset / computed default") or whatever `inner` accepts.
validator or_empty(validator inner);
}  // namespace validators

}  // namespace tessera::config
