#include "formats/avro/avro_datum.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "formats/avro/avro_names.h"
#include "formats/avro/avro_writer.h"
#include "formats/avro/java_text.h"

namespace tessera::formats::avro {

namespace {

/// `text.getBytes(ISO_8859_1)` read back as characters: anything past U+00FF becomes '?', one per
/// UTF-16 unit.
std::string latin1_round_trip(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    char32_t cp = next_code_point(s, i);
    if (cp < 0x100) {
      out.append(s.substr(start, i - start));
    } else {
      out += cp > 0xFFFF ? "??" : "?";
    }
  }
  return out;
}

datum number(datum::kind k, double v) {
  datum d;
  d.type = k;
  d.floating = k == datum::kind::float32 ? static_cast<double>(static_cast<float>(v)) : v;
  return d;
}

datum integer(datum::kind k, std::int64_t v) {
  datum d;
  d.type = k;
  d.integer = v;
  return d;
}

}  // namespace

datum to_datum(const schema_tree& tree, const json_value& v, node_id schema) {
  const node* s = schema == no_node ? nullptr : &tree.at(schema);
  if (s != nullptr && s->type == avro_type::union_type) {
    if (s->branches.empty()) throw schema_failure("Index 0 out of bounds for length 0");
    return to_datum(tree, v, s->branches.front());
  }
  auto is = [&](avro_type t) { return s != nullptr && s->type == t; };
  datum d;
  switch (v.kind) {
    case json_kind::null: d.type = datum::kind::null_value; return d;
    case json_kind::boolean:
      d.type = datum::kind::boolean;
      d.boolean = v.boolean;
      return d;
    case json_kind::integer: {
      bool fits_int = v.is_int();
      if (s == nullptr) return integer(fits_int ? datum::kind::int32 : datum::kind::int64, v.integer);
      if (is(avro_type::int32)) return integer(fits_int ? datum::kind::int32 : datum::kind::int64, v.integer);
      if (is(avro_type::int64)) return integer(datum::kind::int64, v.integer);
      if (is(avro_type::float32)) return number(datum::kind::float32, static_cast<double>(v.integer));
      if (is(avro_type::float64)) return number(datum::kind::float64, static_cast<double>(v.integer));
      return d;
    }
    case json_kind::big_integer: return d;  // Java's conversion has no case for BigInteger
    case json_kind::floating:
      if (s == nullptr || is(avro_type::float64)) return number(datum::kind::float64, v.floating);
      if (is(avro_type::float32)) return number(datum::kind::float32, v.floating);
      return d;
    case json_kind::string:
      if (s == nullptr || is(avro_type::string) || is(avro_type::enumeration)) {
        d.type = datum::kind::string;
        d.text = v.text;
      } else if (is(avro_type::bytes) || is(avro_type::fixed)) {
        d.type = datum::kind::string;
        d.text = latin1_round_trip(v.text);
      }
      return d;
    case json_kind::array: {
      node_id element = no_node;
      if (s != nullptr) {
        if (s->type != avro_type::array) throw schema_failure("Not an array: " + write_schema(tree, schema));
        element = s->child;
      }
      d.type = datum::kind::list;
      d.items.reserve(v.items.size());
      for (const json_value& item : v.items) d.items.push_back(to_datum(tree, item, element));
      return d;
    }
    case json_kind::object: {
      d.type = datum::kind::map;
      for (std::size_t i = 0; i < v.keys.size(); ++i) {
        node_id member = no_node;
        if (is(avro_type::map)) {
          member = s->child;
        } else if (is(avro_type::record)) {
          std::optional<std::uint32_t> pos = schema_tree::find_field(*s->named, v.keys[i]);
          if (!pos) {
            throw schema_failure(
                "Cannot invoke \"org.apache.avro.Schema$Field.schema()\" because the return value of "
                "\"org.apache.avro.Schema.getField(String)\" is null");
          }
          member = s->named->fields[*pos].type;
        }
        d.keys.push_back(v.keys[i]);
        d.items.push_back(to_datum(tree, v.items[i], member));
      }
      return d;
    }
  }
  return d;
}

void write_datum(std::string& out, const datum& d) {
  switch (d.type) {
    case datum::kind::java_null:
      throw schema_failure("Cannot invoke \"Object.getClass()\" because \"datum\" is null");
    case datum::kind::null_value: out += "null"; return;
    case datum::kind::boolean: out += d.boolean ? "true" : "false"; return;
    case datum::kind::int32:
    case datum::kind::int64: out += std::to_string(d.integer); return;
    case datum::kind::float32:
    case datum::kind::float64: {
      std::string s = d.type == datum::kind::float32 ? java_float_to_string(static_cast<float>(d.floating))
                                                     : java_double_to_string(d.floating);
      if (std::isfinite(d.floating)) {
        out += s;
      } else {
        write_json_string(out, s);  // Jackson quotes NaN and Infinity
      }
      return;
    }
    case datum::kind::string: write_json_string(out, d.text); return;
    case datum::kind::list:
      out += '[';
      for (std::size_t i = 0; i < d.items.size(); ++i) {
        if (i > 0) out += ',';
        write_datum(out, d.items[i]);
      }
      out += ']';
      return;
    case datum::kind::map: {
      // Confluent reads the datum back through a node factory whose objects are TreeMaps.
      std::vector<std::size_t> order(d.keys.size());
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::sort(order.begin(), order.end(),
                [&](std::size_t a, std::size_t b) { return java_string_less(d.keys[a], d.keys[b]); });
      out += '{';
      for (std::size_t i = 0; i < order.size(); ++i) {
        if (i > 0) out += ',';
        write_json_string(out, d.keys[order[i]]);
        out += ':';
        write_datum(out, d.items[order[i]]);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace tessera::formats::avro
