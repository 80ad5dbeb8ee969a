#pragma once
/// Reading request bodies with Jackson's observable rules: what is a missing body (422 from bean
/// validation), what is malformed (400), and how scalars coerce into strings and ints.

#include <optional>
#include <string>
#include <string_view>

#include "json/json.h"
#include "tessera/core/result.h"

namespace tessera::http::dto {

/// Parses a request body that must be a JSON object of Java type `type_name`. An absent, blank
/// or `null` body is the bean-validation error for `argument` (e.g. "register.arg5").
result<void> parse_object_body(const std::optional<std::string>& body, std::string_view type_name,
                               std::string_view argument, json::document& doc);

/// Jackson's String coercion: strings as is, numbers and booleans as their text, null absent;
/// objects and arrays are a 400.
result<std::optional<std::string>> as_string(const json::value& v);
/// Jackson's Integer coercion: ints, integral strings; null absent; anything else a 400.
result<std::optional<int>> as_int(const json::value& v);
/// Jackson's Boolean: true/false, or the strings "true"/"false"; null absent; else a 400.
result<std::optional<bool>> as_bool(const json::value& v);

/// A 400 with Jackson-like wording.
error bad_body(std::string message);

}  // namespace tessera::http::dto
