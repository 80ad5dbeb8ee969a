#pragma once
/// The JSON tree Confluent's JsonSchema holds (a Jackson JsonNode read with exact BigDecimals):
/// member order is kept, a repeated key keeps its first position and its last value, integers
/// stay apart from decimals, and decimals keep their scale (`1.0` and `1.00` differ, `1e5`
/// prints `1E+5`). Canonical text is this tree written compactly; normalized text writes every
/// object's members sorted by Java's String.compareTo.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::formats::json_schema {

enum class json_kind : std::uint8_t { null, boolean, integer, decimal, string, array, object };

struct json_value {
  json_kind kind = json_kind::null;
  bool boolean = false;
  /// String contents; for numbers the text Jackson writes back (plain integer digits, or
  /// BigDecimal.toString() for decimals).
  std::string text;
  std::vector<json_value> items;  ///< array elements, or object member values
  std::vector<std::string> keys;  ///< object member names, parallel to items

  bool is_object() const { return kind == json_kind::object; }
  bool is_array() const { return kind == json_kind::array; }
  bool is_string() const { return kind == json_kind::string; }
  bool is_boolean() const { return kind == json_kind::boolean; }
  bool is_number() const { return kind == json_kind::integer || kind == json_kind::decimal; }
  /// The member `key` of an object, nullptr when absent (or when this is not an object).
  const json_value* find(std::string_view key) const;
  /// Java's `Integer`: an integer literal that fits 32 bits (what everit's requireInteger accepts).
  std::optional<std::int32_t> as_int32() const;
  /// `Number.doubleValue()` of a number.
  double as_double() const;
};

/// Parses `text` as Jackson's ObjectMapper.readTree does (strict JSON, content after the first
/// value ignored). nullopt when the text is not JSON.
std::optional<json_value> parse_json(std::string_view text);

/// Appends `v` compactly as Jackson writes it; `sorted` orders object members (normalize=true).
void write_json(std::string& out, const json_value& v, bool sorted = false);
/// `write_json` into a new string.
std::string to_json(const json_value& v, bool sorted = false);
/// `v` with every object's members sorted (what Confluent's ordered-properties mapper reads).
json_value sorted_copy(const json_value& v);

/// Java's String.compareTo: UTF-16 code unit order, so supplementary characters sort below
/// U+E000..U+FFFF unlike UTF-8 byte order.
int compare_java_strings(std::string_view a, std::string_view b);

/// `new BigDecimal(literal).toString()` for a JSON number literal with a fraction or exponent.
std::string big_decimal_text(std::string_view literal);

}  // namespace tessera::formats::json_schema
