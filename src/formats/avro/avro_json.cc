#include "formats/avro/avro_json.h"

#include <cmath>
#include <string>

#include "formats/avro/java_text.h"
#include "json/json.h"

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

void write_json_string(std::string& out, std::string_view s) { json::append_quoted(out, s); }

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
