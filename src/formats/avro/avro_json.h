#pragma once
/// A JSON tree shaped like Jackson's, which Java Avro parses schemas into: member order is kept,
/// a repeated key keeps its first position and its last value, and integers stay apart from
/// floating-point numbers (1 and 1.0 print differently). RapidJSON's DOM cannot hold that
/// distinction, so schemas are read into this small tree instead.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::formats::avro {

enum class json_kind : std::uint8_t { null, boolean, integer, big_integer, floating, string, array, object };

struct json_value {
  json_kind kind = json_kind::null;
  bool boolean = false;
  std::int64_t integer = 0;
  double floating = 0;
  std::string text;               ///< string contents, or the digits of a big integer
  std::vector<json_value> items;  ///< array elements, or object member values
  std::vector<std::string> keys;  ///< object member names, parallel to items

  bool is_textual() const { return kind == json_kind::string; }
  bool is_object() const { return kind == json_kind::object; }
  bool is_array() const { return kind == json_kind::array; }
  bool is_integral() const { return kind == json_kind::integer || kind == json_kind::big_integer; }
  bool is_number() const { return is_integral() || kind == json_kind::floating; }
  /// Jackson's IntNode: an integer that fits 32 bits.
  bool is_int() const {
    return kind == json_kind::integer && integer >= INT32_MIN && integer <= INT32_MAX;
  }
  /// Jackson's `get(key)`: the member of an object, nullptr for a missing key or a non-object.
  const json_value* find(std::string_view key) const;
  /// Jackson's `get(key).textValue()`: the member's string, nullptr if absent or not a string.
  const std::string* find_text(std::string_view key) const;

  static json_value make_string(std::string s);
  static json_value make_floating(double d);
};

enum class json_status : std::uint8_t { ok, empty, invalid };

struct json_document {
  json_status status = json_status::invalid;
  json_value root;
  std::size_t end = 0;  ///< offset just after the first value (Java checks what follows)
  std::string error;    ///< for invalid input
};

/// Reads the first JSON value of `text` (comments allowed, as Avro's Jackson factory does).
/// Content after that value is not read; `end` says where it starts.
json_document parse_json(std::string_view text);

/// Appends `v` as Jackson writes a tree: compact, raw UTF-8, Java number formatting.
void write_json(std::string& out, const json_value& v);
/// Appends `s` as a JSON string literal with Jackson's escapes.
void write_json_string(std::string& out, std::string_view s);
/// `JsonNode.toString()`.
std::string to_json(const json_value& v);

}  // namespace tessera::formats::avro
