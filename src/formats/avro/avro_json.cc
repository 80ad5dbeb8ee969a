#include "formats/avro/avro_json.h"

#include <cmath>
#include <string>

#include "formats/avro/java_text.h"

namespace tessera::formats::avro {

const json_value* json_value::find(std::string_view key) const {
  if (kind != json_kind::object) return nullptr;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return &items[i];
  }
  return nullptr;
}

const std::string* json_value::find_text(std::string_view key) const {
  const json_value* v = find(key);
  return v != nullptr && v->kind == json_kind::string ? &v->text : nullptr;
}

json_value json_value::make_string(std::string s) {
  json_value v;
  v.kind = json_kind::string;
  v.text = std::move(s);
  return v;
}

json_value json_value::make_floating(double d) {
  json_value v;
  v.kind = json_kind::floating;
  v.floating = d;
  return v;
}

void write_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    auto c = static_cast<unsigned char>(ch);
    // A lone UTF-16 surrogate (read from a `\udXXX` escape, kept as its 3-byte form) is written
    // as an escape, as Jackson does; raw, it would not be valid UTF-8 and would not parse again.
    if (c == 0xED && i + 2 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xE0) == 0xA0) {
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
          out += ch;
        }
    }
  }
  out += '"';
}

void write_json(std::string& out, const json_value& v) {
  switch (v.kind) {
    case json_kind::null: out += "null"; break;
    case json_kind::boolean: out += v.boolean ? "true" : "false"; break;
    case json_kind::integer: out += std::to_string(v.integer); break;
    case json_kind::big_integer: out += v.text; break;
    case json_kind::floating:
      // Jackson quotes non-finite numbers (QUOTE_NON_NUMERIC_NUMBERS is on by default).
      if (std::isfinite(v.floating)) {
        out += java_double_to_string(v.floating);
      } else {
        write_json_string(out, java_double_to_string(v.floating));
      }
      break;
    case json_kind::string: write_json_string(out, v.text); break;
    case json_kind::array:
      out += '[';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) out += ',';
        write_json(out, v.items[i]);
      }
      out += ']';
      break;
    case json_kind::object:
      out += '{';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) out += ',';
        write_json_string(out, v.keys[i]);
        out += ':';
        write_json(out, v.items[i]);
      }
      out += '}';
      break;
  }
}

std::string to_json(const json_value& v) {
  std::string out;
  write_json(out, v);
  return out;
}

}  // namespace tessera::formats::avro
