#pragma once
/// Errors as Confluent renders them: `{"error_code": N, "message": "..."}` with HTTP status
/// derived from the code, plus the JAX-RS framework errors (404/405/415/...).

#include <optional>
#include <string>
#include <string_view>

#include "tessera/core/error.h"

namespace tessera::http {

/// A response before it becomes a Beast message: status, JSON body, extra content type.
struct api_response {
  int status = 200;
  std::string body;
  std::string content_type{};  ///< empty: the negotiated JSON type
};

/// The Confluent error body for `e`.
api_response error_reply(const error& e);
/// `{"error_code":404,"message":"HTTP 404 Not Found"}` as JAX-RS answers an unmatched path.
error not_found_error();
error method_not_allowed_error();
error unsupported_media_type_error();
error not_acceptable_error();
/// Bean-validation failure for a missing body, e.g. `register.arg5 must not be null (was null)`.
error missing_body_error(std::string_view argument);
/// Java Integer.valueOf: optional sign and decimal digits only, within int range.
std::optional<int> parse_java_int(std::string_view text);

}  // namespace tessera::http
