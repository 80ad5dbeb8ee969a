// A recursive-descent walk over the pattern following java.util.regex.Pattern's own parser
// (sequence / closure / group0 / clazz / escape), reporting the syntax errors it throws.

#include "formats/json_schema/java_regex.h"

#include <set>
#include <string>

namespace tessera::formats::json_schema {

namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

class regex_checker {
 public:
  explicit regex_checker(std::string_view p) : p_(p) {}

  bool run() {
    if (!alternation()) return false;
    return i_ == p_.size();  // a ')' left over: "Unmatched closing ')'"
  }

 private:
  bool at_end() const { return i_ >= p_.size(); }
  char peek(std::size_t ahead = 0) const { return i_ + ahead < p_.size() ? p_[i_ + ahead] : '\0'; }

  /// Alternatives up to a ')' (left unconsumed) or the end.
  bool alternation() {
    while (true) {
      if (!sequence()) return false;
      if (at_end() || peek() == ')') return true;
      ++i_;  // '|'
    }
  }

  bool sequence() {
    while (!at_end()) {
      char c = peek();
      if (c == '|' || c == ')') return true;
      if (c == '*' || c == '+' || c == '?') return false;  // dangling meta character
      if (c == '{') {
        // Java parses an empty atom here and then `{` as its quantifier.
        if (!closure()) return false;
        continue;
      }
      if (c == '(') {
        bool quantifiable = true;
        if (!group(quantifiable)) return false;
        if (quantifiable && !closure()) return false;
        continue;
      }
      if (c == '[') {
        ++i_;
        if (!char_class()) return false;
      } else if (c == '\\') {
        ++i_;
        if (peek() == 'Q') {
          quoted();
          continue;
        }
        if (!escape()) return false;
      } else {
        ++i_;  // literal, '.', '^', '$', or a stray ']' / '}'
      }
      if (!closure()) return false;
    }
    return true;
  }

  /// An optional quantifier after an atom, with its lazy/possessive modifier.
  bool closure() {
    char c = peek();
    if (c == '*' || c == '+' || c == '?') {
      ++i_;
    } else if (c == '{') {
      ++i_;
      if (!is_digit(peek())) return false;  // Illegal repetition
      long lo = number();
      long hi = lo;
      if (peek() == ',') {
        ++i_;
        hi = is_digit(peek()) ? number() : -1;
      }
      if (peek() != '}') return false;  // Unclosed counted closure
      ++i_;
      if (hi >= 0 && hi < lo) return false;  // Illegal repetition range
    } else {
      return true;
    }
    if (peek() == '?' || peek() == '+') ++i_;
    return true;
  }

  long number() {
    long v = 0;
    while (is_digit(peek())) {
      if (v < 1000000000L) v = v * 10 + (peek() - '0');
      ++i_;
    }
    return v;
  }

  bool group(bool& quantifiable) {
    ++i_;  // '('
    if (++depth_ > max_nesting) return false;  // Java would overflow its stack
    struct leave {
      int& d;
      ~leave() { --d; }
    } guard{depth_};
    if (peek() == '?') {
      ++i_;
      char c = peek();
      if (c == ':' || c == '=' || c == '!' || c == '>') {
        ++i_;
      } else if (c == '<') {
        ++i_;
        if (peek() == '=' || peek() == '!') {
          ++i_;
        } else {
          if (!is_ascii_letter(peek())) return false;  // capturing group name must start with a letter
          std::string name;
          while (is_ascii_letter(peek()) || is_digit(peek())) name += p_[i_++];
          if (peek() != '>') return false;
          ++i_;
          if (!names_.insert(name).second) return false;  // named capturing group already defined
        }
      } else {
        // Inline flags: (?idmsuxU-idmsuxU) or (?flags:X).
        static constexpr std::string_view flags = "idmsuxU";
        while (!at_end() && flags.find(peek()) != std::string_view::npos) ++i_;
        if (peek() == '-') {
          ++i_;
          while (!at_end() && flags.find(peek()) != std::string_view::npos) ++i_;
        }
        if (peek() == ')') {
          ++i_;
          quantifiable = false;
          return true;
        }
        if (peek() != ':') return false;  // Unknown inline modifier
        ++i_;
      }
    }
    if (!alternation()) return false;
    if (peek() != ')') return false;  // Unclosed group
    ++i_;
    return true;
  }

  /// After '[': up to and including the matching ']'.
  bool char_class() {
    if (peek() == '^') ++i_;
    bool empty = true;
    while (true) {
      if (at_end()) return false;  // Unclosed character class
      char c = peek();
      if (c == ']' && !empty) {
        ++i_;
        return true;
      }
      empty = false;
      if (c == '[') {
        ++i_;
        if (++depth_ > max_nesting) return false;
        bool ok = char_class();
        --depth_;
        if (!ok) return false;
        continue;
      }
      if (c == '&' && peek(1) == '&') {
        i_ += 2;
        continue;
      }
      unsigned value = 0;
      bool single = true;
      if (c == '\\') {
        ++i_;
        if (peek() == 'Q') {
          quoted();
          continue;
        }
        if (!class_escape(value, single)) return false;
      } else {
        value = take_code_point();
      }
      if (single && peek() == '-' && peek(1) != ']' && peek(1) != '\0' && peek(1) != '[') {
        ++i_;  // a range lo-hi
        unsigned hi = 0;
        bool hi_single = true;
        if (peek() == '\\') {
          ++i_;
          if (!class_escape(hi, hi_single)) return false;
          if (!hi_single) return false;  // Illegal character range
        } else {
          hi = take_code_point();
        }
        if (hi < value) return false;  // Illegal character range
      }
    }
  }

  /// The UTF-8 encoded character at the cursor, consumed.
  unsigned take_code_point() {
    auto c = static_cast<unsigned char>(p_[i_++]);
    std::size_t extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    unsigned cp = extra == 3 ? (c & 0x07U) : extra == 2 ? (c & 0x0FU) : extra == 1 ? (c & 0x1FU) : c;
    for (std::size_t k = 0; k < extra && !at_end(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(p_[i_++]) & 0x3FU);
    return cp;
  }

  /// `\Q...\E` (or to the end): every character literal.
  void quoted() {
    ++i_;  // 'Q'
    auto end = p_.find("\\E", i_);
    i_ = end == std::string_view::npos ? p_.size() : end + 2;
  }

  bool class_escape(unsigned& value, bool& single) {
    char c = peek();
    switch (c) {
      case 'd': case 'D': case 'h': case 'H': case 's': case 'S': case 'v': case 'V': case 'w': case 'W':
        ++i_;
        single = false;
        return true;
      case 'p': case 'P':
        ++i_;
        single = false;
        return property();
      default: break;
    }
    if (is_digit(c) && c != '0') return false;  // no back references inside a class
    if (c == 'b' || c == 'B' || c == 'A' || c == 'G' || c == 'Z' || c == 'z' || c == 'R' || c == 'X' ||
        c == 'k') {
      return false;
    }
    return escape_char(value);
  }

  /// After '\' outside a class.
  bool escape() {
    char c = peek();
    if (at_end()) return false;
    if (c == 'p' || c == 'P') {
      ++i_;
      return property();
    }
    if (c >= '1' && c <= '9') {
      ++i_;
      return true;  // back reference (checked when matching, not here)
    }
    if (c == 'k') {
      ++i_;
      if (peek() != '<') return false;
      ++i_;
      std::string name;
      while (!at_end() && peek() != '>') name += p_[i_++];
      if (at_end()) return false;
      ++i_;
      return names_.count(name) > 0;  // named capturing group does not exist
    }
    static constexpr std::string_view classes = "dDhHsSvVwWbBAGZzRX";
    if (classes.find(c) != std::string_view::npos) {
      ++i_;
      return true;
    }
    unsigned value = 0;
    return escape_char(value);
  }

  /// Escapes that denote one character; everything else alphabetic is unsupported.
  bool escape_char(unsigned& value) {
    char c = peek();
    if (at_end()) return false;
    ++i_;
    switch (c) {
      case '0': {
        if (peek() < '0' || peek() > '7') return false;  // Illegal octal escape sequence
        value = 0;
        for (int k = 0; k < 3 && peek() >= '0' && peek() <= '7'; ++k) value = value * 8 + static_cast<unsigned>(p_[i_++] - '0');
        return true;
      }
      case 'a': value = 7; return true;
      case 'e': value = 27; return true;
      case 'f': value = '\f'; return true;
      case 'n': value = '\n'; return true;
      case 'r': value = '\r'; return true;
      case 't': value = '\t'; return true;
      case 'c':
        if (at_end()) return false;
        value = static_cast<unsigned char>(p_[i_++]) ^ 64U;
        return true;
      case 'u': {
        value = 0;
        for (int k = 0; k < 4; ++k) {
          if (!is_hex(peek())) return false;
          value = value * 16 + hex_value(p_[i_++]);
        }
        return true;
      }
      case 'x': {
        value = 0;
        if (peek() == '{') {
          ++i_;
          if (!is_hex(peek())) return false;
          while (is_hex(peek())) value = value * 16 + hex_value(p_[i_++]);
          if (peek() != '}' || value > 0x10FFFF) return false;
          ++i_;
          return true;
        }
        for (int k = 0; k < 2; ++k) {
          if (!is_hex(peek())) return false;
          value = value * 16 + hex_value(p_[i_++]);
        }
        return true;
      }
      case 'N': {
        if (peek() != '{') return false;
        auto end = p_.find('}', i_);
        if (end == std::string_view::npos) return false;
        i_ = end + 1;
        return true;
      }
      default:
        if (is_ascii_letter(c)) return false;  // Illegal/unsupported escape sequence
        value = static_cast<unsigned char>(c);
        return true;
    }
  }

  /// After \p or \P: a one-letter name or {Name}.
  bool property() {
    if (peek() == '{') {
      auto end = p_.find('}', i_);
      if (end == std::string_view::npos || end == i_ + 1) return false;
      i_ = end + 1;
      return true;
    }
    if (!is_ascii_letter(peek())) return false;
    ++i_;
    return true;
  }

  static unsigned hex_value(char c) {
    if (is_digit(c)) return static_cast<unsigned>(c - '0');
    return static_cast<unsigned>((c | 0x20) - 'a' + 10);
  }

  static constexpr int max_nesting = 200;

  std::string_view p_;
  std::size_t i_ = 0;
  int depth_ = 0;
  std::set<std::string> names_;
};

}  // namespace

bool is_valid_java_regex(std::string_view pattern) { return regex_checker(pattern).run(); }

}  // namespace tessera::formats::json_schema
