#pragma once
/// The only place that includes RapidJSON. It turns RapidJSON assertions into exceptions,
/// enables std::string support, and parses with a nesting cap so hostile input cannot exhaust the
/// stack (RapidJSON's iterative parser is used as well).

#include <stdexcept>
#include <string>
#include <string_view>

namespace tessera::json {
/// Thrown when RapidJSON's internal assertion fails: a bug in our use of it, never user input.
struct assertion_error : std::logic_error {
  using std::logic_error::logic_error;
};
}  // namespace tessera::json

#ifndef RAPIDJSON_HAS_STDSTRING
#define RAPIDJSON_HAS_STDSTRING 1
#endif
#ifndef RAPIDJSON_ASSERT
#define RAPIDJSON_ASSERT(x) \
  ((x) ? static_cast<void>(0) : throw ::tessera::json::assertion_error("rapidjson assertion: " #x))
#endif
#define RAPIDJSON_NOEXCEPT_ASSERT(x) static_cast<void>(0)

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <optional>

namespace tessera::json {

using document = rapidjson::Document;
using value = rapidjson::Value;
using string_buffer = rapidjson::StringBuffer;

/// RapidJSON's compact writer, except that a lone UTF-16 surrogate is written as a `\uXXXX`
/// escape, as Jackson does. RapidJSON's reader turns an escaped lone surrogate (`"\ude80"`) into
/// its 3-byte form, which is not valid UTF-8; written back raw, the output would fail our own
/// UTF-8-validating parse, so a stored record or schema could not be read again.
class writer : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using base = rapidjson::Writer<rapidjson::StringBuffer>;
  using base::base;
  /// A string value, lone surrogates escaped.
  bool String(const char* s, rapidjson::SizeType n, bool copy = false);
  /// A string value, lone surrogates escaped.
  bool String(const std::string& s) { return String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
  /// An object key, lone surrogates escaped.
  bool Key(const char* s, rapidjson::SizeType n, bool copy = false) { return String(s, n, copy); }
  /// An object key, lone surrogates escaped.
  bool Key(const std::string& s) { return String(s); }
};

/// Deepest nesting accepted in any JSON input (bodies, schemas, records).
inline constexpr int max_depth = 256;

/// Parses `text` into `doc`. Returns an error description on failure: malformed JSON, invalid
/// UTF-8, trailing garbage, or nesting deeper than max_depth.
std::optional<std::string> parse(std::string_view text, document& doc);

/// The string of member `name` if `obj` is an object that has it as a string.
std::optional<std::string_view> get_string(const value& obj, std::string_view name);

/// Compact serialization of a value (what Jackson emits: no spaces, raw UTF-8).
std::string to_string(const value& v);

/// Writes `s` as a JSON string literal (with quotes) into `w`.
inline void write_string(writer& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

/// Escapes `s` as the contents of a JSON string literal, quotes included.
std::string quote(std::string_view s);
/// Appends `s` as a JSON string literal, quotes included, escaped as RapidJSON and Jackson do
/// (`"`, `\`, control characters), a lone UTF-16 surrogate in its 3-byte form as `\uDXXX`.
/// For hand-written JSON printers (the formats' canonical text), without a writer per string.
void append_quoted(std::string& out, std::string_view s);

}  // namespace tessera::json
