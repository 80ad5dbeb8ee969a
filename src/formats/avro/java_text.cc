#include "formats/avro/java_text.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace tessera::formats::avro {

namespace {

/// Java prints floating-point numbers from the shortest digits that round-trip: plain notation
/// for 1e-3 <= |v| < 1e7 (always with a fraction digit), otherwise `d.dddE<exp>`.
template <class F>
std::string java_fp_to_string(F v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view s(buf, static_cast<std::size_t>(r.ptr - buf));
  std::string out;
  if (s.front() == '-') {
    out += '-';
    s.remove_prefix(1);
  }
  auto epos = s.find('e');
  int exp = 0;
  std::from_chars(s.data() + epos + 1 + (s[epos + 1] == '+' ? 1 : 0), s.data() + s.size(), exp);
  std::string digits;
  for (char c : s.substr(0, epos)) {
    if (c != '.') digits += c;
  }
  F a = std::fabs(v);
  if (a >= static_cast<F>(1e-3) && a < static_cast<F>(1e7)) {
    if (exp >= 0) {
      auto ilen = static_cast<std::size_t>(exp) + 1;
      if (digits.size() <= ilen) {
        out += digits;
        out.append(ilen - digits.size(), '0');
        out += ".0";
      } else {
        out += digits.substr(0, ilen);
        out += '.';
        out += digits.substr(ilen);
      }
    } else {
      out += "0.";
      out.append(static_cast<std::size_t>(-exp - 1), '0');
      out += digits;
    }
  } else {
    out += digits[0];
    out += '.';
    out += digits.size() > 1 ? digits.substr(1) : std::string("0");
    out += 'E';
    out += std::to_string(exp);
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// Decimal magnitude of a well-formed decimal literal, to tell overflow from underflow when
/// from_chars reports out of range.
bool decimal_overflows(std::string_view body) {
  long exp10 = 0;
  auto e = body.find_first_of("eE");
  if (e != std::string_view::npos) {
    std::string_view ex = body.substr(e + 1);
    bool neg = !ex.empty() && ex[0] == '-';
    if (!ex.empty() && (ex[0] == '-' || ex[0] == '+')) ex.remove_prefix(1);
    long v = 0;
    for (char c : ex) v = std::min(v * 10 + (c - '0'), 100000L);
    exp10 = neg ? -v : v;
    body = body.substr(0, e);
  }
  auto dot = body.find('.');
  std::string_view ip = body.substr(0, dot);
  std::size_t lead = ip.find_first_not_of('0');
  long int_digits = lead == std::string_view::npos ? 0 : static_cast<long>(ip.size() - lead);
  return int_digits + exp10 > 0;
}

}  // namespace

std::string java_double_to_string(double d) { return java_fp_to_string(d); }
std::string java_float_to_string(float f) { return java_fp_to_string(f); }

std::string_view java_trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= 0x20) ++b;
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= 0x20) --e;
  return s.substr(b, e - b);
}

std::optional<double> java_parse_double(std::string_view s, std::string& error) {
  std::string_view t = java_trim(s);
  if (t.empty()) {
    error = "empty String";
    return std::nullopt;
  }
  auto fail = [&]() -> std::optional<double> {
    error = "For input string: \"" + std::string(t) + "\"";
    return std::nullopt;
  };
  std::string_view body = t;
  bool negative = false;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "NaN") return std::nan("");
  if (body == "Infinity") return negative ? -HUGE_VAL : HUGE_VAL;
  if (!body.empty() && (body.back() == 'f' || body.back() == 'F' || body.back() == 'd' ||
                        body.back() == 'D')) {
    body.remove_suffix(1);
  }
  double value = 0;
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
    // Hexadecimal significand: Java requires the binary exponent.
    std::string_view hex = body.substr(2);
    auto p = hex.find_first_of("pP");
    if (p == std::string_view::npos) return fail();
    std::string_view mant = hex.substr(0, p);
    std::string_view ex = hex.substr(p + 1);
    bool any = false;
    bool dot = false;
    for (char c : mant) {
      if (c == '.' && !dot) {
        dot = true;
      } else if (is_hex_digit(c)) {
        any = true;
      } else {
        return fail();
      }
    }
    if (!ex.empty() && (ex[0] == '+' || ex[0] == '-')) ex.remove_prefix(1);
    if (!any || ex.empty()) return fail();
    for (char c : ex) {
      if (!is_digit(c)) return fail();
    }
    std::string tmp(hex);
    auto r = std::from_chars(tmp.data(), tmp.data() + tmp.size(), value, std::chars_format::hex);
    if (r.ec == std::errc::result_out_of_range) {
      value = hex.substr(p + 1).starts_with('-') ? 0.0 : HUGE_VAL;
    } else if (r.ec != std::errc() || r.ptr != tmp.data() + tmp.size()) {
      return fail();
    }
  } else {
    std::size_t i = 0;
    bool digits = false;
    while (i < body.size() && is_digit(body[i])) {
      ++i;
      digits = true;
    }
    if (i < body.size() && body[i] == '.') {
      ++i;
      while (i < body.size() && is_digit(body[i])) {
        ++i;
        digits = true;
      }
    }
    if (!digits) return fail();
    if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
      ++i;
      if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
      std::size_t start = i;
      while (i < body.size() && is_digit(body[i])) ++i;
      if (i == start) return fail();
    }
    if (i != body.size()) return fail();
    std::string tmp(body);
    auto r = std::from_chars(tmp.data(), tmp.data() + tmp.size(), value);
    if (r.ec == std::errc::result_out_of_range) {
      value = decimal_overflows(body) ? HUGE_VAL : 0.0;
    } else if (r.ec != std::errc()) {
      return fail();
    }
  }
  return negative ? -value : value;
}

char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  int extra = b < 0x80 ? 0 : b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
  if (b >= 0x80 && b < 0xC0) extra = 0;  // stray continuation byte: take it as is
  char32_t cp = extra == 0 ? b : extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
  ++i;
  for (int k = 0; k < extra && i < s.size(); ++k, ++i) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  }
  return cp;
}

bool java_string_less(std::string_view a, std::string_view b) {
  // Compare UTF-16 code units, as Java does: a supplementary character sorts as its high
  // surrogate (0xD800..0xDBFF), i.e. before U+E000..U+FFFF.
  std::size_t i = 0;
  std::size_t j = 0;
  auto unit = [](char32_t cp) -> char32_t {
    return cp >= 0x10000 ? static_cast<char32_t>(0xD800 + ((cp - 0x10000) >> 10)) : cp;
  };
  while (i < a.size() && j < b.size()) {
    char32_t ca = next_code_point(a, i);
    char32_t cb = next_code_point(b, j);
    if (ca == cb) continue;
    char32_t ua = unit(ca);
    char32_t ub = unit(cb);
    if (ua != ub) return ua < ub;
    // Same high surrogate: the low surrogates decide, which follow code point order.
    return ca < cb;
  }
  return i >= a.size() && j < b.size();
}

}  // namespace tessera::formats::avro
