#include "http/dto/json_body.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

namespace tessera::http::dto {

namespace {

std::string token_name(const json::value& v) {
  if (v.IsObject()) return "Object value (token `JsonToken.START_OBJECT`)";
  if (v.IsArray()) return "Array value (token `JsonToken.START_ARRAY`)";
  if (v.IsBool()) return std::string("Boolean value (token `JsonToken.VALUE_") + (v.GetBool() ? "TRUE" : "FALSE") + "`)";
  if (v.IsString()) return "String value (token `JsonToken.VALUE_STRING`)";
  return "Number value (token `JsonToken.VALUE_NUMBER_INT`)";
}

}  // namespace

error bad_body(std::string message) { return {error_code::bad_request, std::move(message)}; }

result<void> parse_object_body(const std::optional<std::string>& body, std::string_view type_name,
                               std::string_view argument, json::document& doc) {
  auto missing = [&] {
    return error{error_code::unprocessable, std::string(argument) + " must not be null (was null)"};
  };
  if (!body || std::all_of(body->begin(), body->end(), [](unsigned char c) { return std::isspace(c); })) {
    return missing();
  }
  if (auto err = json::parse(*body, doc)) return bad_body(*err);
  if (doc.IsNull()) return missing();
  if (doc.IsArray()) {
    return bad_body("Cannot deserialize value of type `" + std::string(type_name) +
                    "` from Array value (token `JsonToken.START_ARRAY`)");
  }
  if (doc.IsString()) {
    return bad_body("Cannot construct instance of `" + std::string(type_name) +
                    "` (although at least one Creator exists): no String-argument constructor/factory method "
                    "to deserialize from String value ('" + std::string(doc.GetString()) + "')");
  }
  if (!doc.IsObject()) {
    return bad_body("Cannot construct instance of `" + std::string(type_name) +
                    "` (although at least one Creator exists): no int/Int-argument constructor/factory method "
                    "to deserialize from Number value (" + json::to_string(doc) + ")");
  }
  return {};
}

result<std::optional<std::string>> as_string(const json::value& v) {
  if (v.IsNull()) return std::optional<std::string>{};
  if (v.IsString()) return std::optional<std::string>{std::string(v.GetString(), v.GetStringLength())};
  if (v.IsBool()) return std::optional<std::string>{v.GetBool() ? "true" : "false"};
  if (v.IsNumber()) return std::optional<std::string>{json::to_string(v)};
  return bad_body("Cannot deserialize value of type `String` from " + token_name(v));
}

result<std::optional<int>> as_int(const json::value& v) {
  if (v.IsNull()) return std::optional<int>{};
  if (v.IsInt()) return std::optional<int>{v.GetInt()};
  if (v.IsInt64() || v.IsUint64()) {
    return bad_body("Numeric value (" + json::to_string(v) + ") out of range of int (-2147483648 - 2147483647)");
  }
  if (v.IsDouble()) {
    // Jackson truncates a floating-point value into an Integer field when it fits.
    double d = std::trunc(v.GetDouble());
    if (std::abs(d) <= std::numeric_limits<int>::max()) return std::optional<int>{static_cast<int>(d)};
    return bad_body("Numeric value (" + json::to_string(v) + ") out of range of int (-2147483648 - 2147483647)");
  }
  if (v.IsString()) {
    std::string s(v.GetString(), v.GetStringLength());
    if (s.empty()) return std::optional<int>{};
    try {
      std::size_t used = 0;
      long long n = std::stoll(s, &used);
      if (used == s.size() && n >= std::numeric_limits<int>::min() && n <= std::numeric_limits<int>::max()) {
        return std::optional<int>{static_cast<int>(n)};
      }
    } catch (...) {
    }
    return bad_body("Cannot deserialize value of type `Integer` from String \"" + s +
                    "\": not a valid `java.lang.Integer` value");
  }
  return bad_body("Cannot deserialize value of type `Integer` from " + token_name(v));
}

result<std::optional<bool>> as_bool(const json::value& v) {
  if (v.IsNull()) return std::optional<bool>{};
  if (v.IsBool()) return std::optional<bool>{v.GetBool()};
  if (v.IsString()) {
    std::string s(v.GetString(), v.GetStringLength());
    if (s == "true") return std::optional<bool>{true};
    if (s == "false") return std::optional<bool>{false};
    return bad_body("Cannot deserialize value of type `Boolean` from String \"" + s +
                    "\": only \"true\" or \"false\" recognized");
  }
  if (v.IsInt()) return std::optional<bool>{v.GetInt() != 0};
  return bad_body("Cannot deserialize value of type `Boolean` from " + token_name(v));
}

}  // namespace tessera::http::dto
