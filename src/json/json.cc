#include "json/json.h"

namespace tessera::json {

namespace {

/// What one cheap pre-pass over the text finds.
struct prescan {
  bool too_deep = false;  ///< nesting beyond max_depth (brackets inside strings ignored)
  bool ascii = true;      ///< no byte >= 0x80: UTF-8 validation cannot fail, so it is skipped
};

/// One pass, so the parser never builds a value tree deeper than max_depth, and validates
/// UTF-8 only when there is non-ASCII text (validation was a third of record decoding).
prescan scan(std::string_view text) {
  prescan out;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      out.ascii = false;
      continue;
    }
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) {
        out.too_deep = true;
        return out;
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> parse(std::string_view text, document& doc) {
  auto pre = scan(text);
  if (pre.too_deep) {
    return "JSON nesting is deeper than " + std::to_string(max_depth) + " levels";
  }
  constexpr unsigned flags = rapidjson::kParseIterativeFlag | rapidjson::kParseStopWhenDoneFlag;
  if (pre.ascii) {
    doc.Parse<flags>(text.data(), text.size());
  } else {
    doc.Parse<flags | rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  }
  if (doc.HasParseError()) {
    return std::string(rapidjson::GetParseError_En(doc.GetParseError())) + " at offset " +
           std::to_string(doc.GetErrorOffset());
  }
  // Like Jackson's default (FAIL_ON_TRAILING_TOKENS off), content after the first value is ignored.
  return std::nullopt;
}

std::optional<std::string_view> get_string(const value& obj, std::string_view name) {
  if (!obj.IsObject()) return std::nullopt;
  auto it = obj.FindMember(rapidjson::StringRef(name.data(), name.size()));
  if (it == obj.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string_view(it->value.GetString(), it->value.GetStringLength());
}

namespace {

/// Is there a 3-byte UTF-16 surrogate (ED A0..BF xx) at `i`?
bool surrogate_at(std::string_view s, size_t i) {
  return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xED &&
         (static_cast<unsigned char>(s[i + 1]) & 0xE0) == 0xA0;
}

}  // namespace

void append_quoted(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    // RapidJSON's reader keeps an escaped lone surrogate (`"\ude80"`) in its 3-byte form, which
    // is not valid UTF-8: written back raw it would not parse again, so it goes out escaped.
    if (surrogate_at(s, i)) {
      unsigned unit = 0xD000 | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                      (static_cast<unsigned char>(s[i + 2]) & 0x3F);
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += hex[(unit >> shift) & 0xF];
      i += 2;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

bool writer::String(const char* s, rapidjson::SizeType n, bool copy) {
  std::string_view text(s, n);
  size_t i = 0;
  while (i < text.size() && !surrogate_at(text, i)) ++i;
  if (i == text.size()) return base::String(s, n, copy);
  std::string literal;
  append_quoted(literal, text);
  return RawValue(literal.data(), literal.size(), rapidjson::kStringType);
}

std::string to_string(const value& v) {
  string_buffer buf;
  writer w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string quote(std::string_view s) {
  string_buffer buf;
  writer w(buf);
  write_string(w, s);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace tessera::json
