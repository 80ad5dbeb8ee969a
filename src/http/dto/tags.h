#pragma once
/// JSON form of Confluent's TagSchemaRequest (POST /subjects/{s}/versions/{v}/tags).

#include <optional>
#include <string>
#include <string_view>

#include "tessera/core/registry_requests.h"
#include "tessera/core/result.h"

namespace tessera::http::dto {

/// Parses a TagSchemaRequest body; `argument` names the Java parameter for a missing body.
result<tag_schema_request> parse_tag_request(const std::optional<std::string>& body, std::string_view argument);

}  // namespace tessera::http::dto
