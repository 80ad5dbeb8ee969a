#pragma once
/// Java library behaviour that shows through in Avro's texts: how doubles and floats print, how
/// `Double.valueOf` reads a string, which characters `Character.isLetter` accepts, and how
/// `String.compareTo` orders strings (TreeMap/TreeSet order in Confluent's normalization).

#include <optional>
#include <string>
#include <string_view>

namespace tessera::formats::avro {

/// `Double.toString(d)`: shortest round-trip digits, `1.0`, `1.0E10`, `1.5E-5`, `NaN`, `Infinity`.
std::string java_double_to_string(double d);
/// `Float.toString(f)`.
std::string java_float_to_string(float f);

/// `Double.valueOf(s)`; on failure `error` receives the NumberFormatException message.
std::optional<double> java_parse_double(std::string_view s, std::string& error);

/// `String.trim()`: drops leading and trailing characters <= U+0020.
std::string_view java_trim(std::string_view s);

/// `Character.isLetter` / `Character.isLetterOrDigit` for one UTF-16 code unit (BMP code point).
bool java_is_letter(char32_t c);
bool java_is_letter_or_digit(char32_t c);

/// `a.compareTo(b) < 0` for UTF-8 strings compared as Java compares their UTF-16 forms.
bool java_string_less(std::string_view a, std::string_view b);

/// Decodes one code point of valid UTF-8 starting at `i` and advances `i`.
char32_t next_code_point(std::string_view s, std::size_t& i);

}  // namespace tessera::formats::avro
