#include "config/properties_parser.h"

#include <cstdint>
#include <optional>
#include <string>

namespace tessera::config {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }
bool is_eol(char c) { return c == '\n' || c == '\r'; }

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::optional<std::uint32_t> hex4(std::string_view s, std::size_t at) {
  if (at + 4 > s.size()) return std::nullopt;
  std::uint32_t v = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
    else return std::nullopt;
  }
  return v;
}

// Properties.loadConvert: resolves escapes. \u escapes are UTF-16 code units, so surrogate pairs
// are joined; a lone surrogate becomes U+FFFD because it has no UTF-8 form.
result<std::string> unescape(std::string_view s, int line) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      if (c != '\\') out += c;
      continue;
    }
    char e = s[++i];
    switch (e) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        auto unit = hex4(s, i + 1);
        if (!unit) {
          return fail(error_code::bad_request, "line " + std::to_string(line) + ": malformed \\uxxxx escape");
        }
        i += 4;
        std::uint32_t cp = *unit;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 2 < s.size() && s[i + 1] == '\\' && s[i + 2] == 'u') {
          auto low = hex4(s, i + 3);
          if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
            i += 6;
          }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
        append_utf8(out, cp);
        break;
      }
      default: out += e; break;
    }
  }
  return out;
}

// One logical line: natural lines joined at odd trailing backslashes. Returns false at end of input.
struct line_reader {
  std::string_view text;
  std::size_t pos = 0;
  int line_no = 0;  // natural lines consumed so far

  bool next(std::string& logical, int& start_line) {
    logical.clear();
    while (pos < text.size()) {
      // Start of a natural line: skip leading blanks (and, outside a continuation, blank lines).
      std::size_t begin = pos;
      while (begin < text.size() && is_blank(text[begin])) ++begin;
      std::size_t end = begin;
      while (end < text.size() && !is_eol(text[end])) ++end;
      std::size_t next_pos = end;
      if (next_pos < text.size()) {
        next_pos += (text[next_pos] == '\r' && next_pos + 1 < text.size() && text[next_pos + 1] == '\n') ? 2 : 1;
      }
      ++line_no;
      pos = next_pos;
      std::string_view content = text.substr(begin, end - begin);
      if (logical.empty()) {
        // Nothing collected yet: blank and comment lines are skipped, even right after a
        // continuation of an empty line, and a comment line is never continued.
        if (content.empty() || content.front() == '#' || content.front() == '!') continue;
        start_line = line_no;
      }
      logical.append(content);
      // An odd number of trailing backslashes escapes the line terminator. The part collected
      // before always ends in an even number, so counting over `logical` gives the same parity.
      std::size_t backslashes = 0;
      while (backslashes < logical.size() && logical[logical.size() - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 1) {
        logical.pop_back();
        continue;
      }
      if (!logical.empty()) return true;
    }
    return !logical.empty();
  }
};

}  // namespace

result<source_entries> parse_properties(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  source_entries entries;
  line_reader reader{text};
  std::string line;
  int start_line = 0;
  while (reader.next(line, start_line)) {
    // Key ends at the first unescaped '=', ':' or blank (Properties.load0).
    std::size_t key_len = 0;
    std::size_t value_start = line.size();
    bool has_separator = false;
    bool preceding_backslash = false;
    while (key_len < line.size()) {
      char c = line[key_len];
      if ((c == '=' || c == ':') && !preceding_backslash) {
        value_start = key_len + 1;
        has_separator = true;
        break;
      }
      if (is_blank(c) && !preceding_backslash) {
        value_start = key_len + 1;
        break;
      }
      preceding_backslash = (c == '\\') ? !preceding_backslash : false;
      ++key_len;
    }
    while (value_start < line.size()) {
      char c = line[value_start];
      if (!is_blank(c)) {
        if (!has_separator && (c == '=' || c == ':')) has_separator = true;
        else break;
      }
      ++value_start;
    }
    auto key = unescape(std::string_view(line).substr(0, key_len), start_line);
    if (!key) return key.error();
    auto value = unescape(std::string_view(line).substr(value_start), start_line);
    if (!value) return value.error();
    entries.push_back({std::move(*key), std::move(*value), start_line});
  }
  return entries;
}

}  // namespace tessera::config
