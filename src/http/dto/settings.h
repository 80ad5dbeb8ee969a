#pragma once
/// JSON forms of Config, ConfigUpdateRequest, Mode and ModeUpdateRequest.

#include <optional>
#include <string>
#include <string_view>

#include "tessera/core/result.h"
#include "tessera/storage/record.h"

namespace tessera::http::dto {

/// A parsed PUT /config body, with the compatibility text as sent (Confluent echoes it).
struct config_update {
  storage::config_value value;
  std::optional<std::string> compatibility_text;
};

result<config_update> parse_config_update(const std::optional<std::string>& body, std::string_view argument);
/// The PUT response: the request echoed, `compatibility` spelled as sent.
std::string write_config_update(const config_update& u);
/// GET /config: `compatibilityLevel` plus the optional fields that are set.
std::string write_config(const storage::config_value& c);

result<mode> parse_mode_update(const std::optional<std::string>& body, std::string_view argument,
                               std::string& mode_text);
std::string write_mode(std::string_view mode_text);

}  // namespace tessera::http::dto
