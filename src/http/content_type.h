#pragma once
/// Confluent's media types: what responses may be, and which request bodies are accepted.

#include <optional>
#include <string_view>

namespace tessera::http {

inline constexpr std::string_view default_response_type = "application/vnd.schemaregistry.v1+json";

/// The response type for an Accept header (server qualities: v1+json 1, +json 0.9, json 0.5);
/// no Accept or `*/*` gives v1+json; nothing acceptable gives nullopt (406).
std::optional<std::string_view> negotiate_response_type(std::string_view accept);

/// True for the request Content-Types Confluent reads as JSON (parameters such as charset ignored).
bool is_accepted_request_type(std::string_view content_type);

}  // namespace tessera::http
