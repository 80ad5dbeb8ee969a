#include "http/error_reply.h"

#include <charconv>
#include <limits>

#include "json/json.h"

namespace tessera::http {

api_response error_reply(const error& e) {
  json::string_buffer buf;
  json::writer w(buf);
  w.StartObject();
  w.Key("error_code");
  w.Int(static_cast<int>(e.code));
  w.Key("message");
  json::write_string(w, e.message);
  w.EndObject();
  return {e.status(), std::string(buf.GetString(), buf.GetSize())};
}

error not_found_error() { return {error_code::not_found, "HTTP 404 Not Found"}; }
error method_not_allowed_error() { return {error_code::method_not_allowed, "HTTP 405 Method Not Allowed"}; }
error unsupported_media_type_error() {
  return {error_code::unsupported_media_type, "HTTP 415 Unsupported Media Type"};
}
error not_acceptable_error() { return {error_code::not_acceptable, "HTTP 406 Not Acceptable"}; }
error missing_body_error(std::string_view argument) {
  return {error_code::unprocessable, std::string(argument) + " must not be null (was null)"};
}

std::optional<int> parse_java_int(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '+' || text[0] == '-') {
    negative = text[0] == '-';
    i = 1;
    if (text.size() == 1) return std::nullopt;
  }
  long long value = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > static_cast<long long>(std::numeric_limits<int>::max()) + 1) return std::nullopt;
  }
  if (negative) value = -value;
  if (value > std::numeric_limits<int>::max() || value < std::numeric_limits<int>::min()) return std::nullopt;
  return static_cast<int>(value);
}

}  // namespace tessera::http
