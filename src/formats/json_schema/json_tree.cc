// Reads schema text into json_value with RapidJSON's SAX reader (numbers arrive as raw text, so
// integers, decimals and their scale survive) and writes it back the way Jackson does.

#include "formats/json_schema/json_tree.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <unordered_map>

#include "json/json.h"

namespace tessera::formats::json_schema {

namespace {

/// RapidJSON input stream over a string_view (the input need not be NUL-terminated).
class view_stream {
 public:
  using Ch = char;
  explicit view_stream(std::string_view s) : cur_(s.data()), end_(s.data() + s.size()) {}
  Ch Peek() const { return cur_ == end_ ? '\0' : *cur_; }
  Ch Take() { return cur_ == end_ ? '\0' : *cur_++; }
  std::size_t Tell() const { return 0; }
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  std::size_t PutEnd(Ch*) { return 0; }

 private:
  const char* cur_;
  const char* end_;
};

class tree_builder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, tree_builder> {
 public:
  bool Null() { return add(json_value{}); }
  bool Bool(bool b) {
    json_value v;
    v.kind = json_kind::boolean;
    v.boolean = b;
    return add(std::move(v));
  }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    std::string_view literal(s, n);
    json_value v;
    if (literal.find_first_of(".eE") != std::string_view::npos) {
      // BigDecimal rejects exponents beyond 32 bits; so does Jackson's reader then.
      auto e = literal.find_first_of("eE");
      if (e != std::string_view::npos && literal.size() - e > 11) return false;
      v.kind = json_kind::decimal;
      v.text = big_decimal_text(literal);
    } else {
      v.kind = json_kind::integer;
      std::string_view digits = literal;
      bool negative = !digits.empty() && digits.front() == '-';
      if (negative) digits.remove_prefix(1);
      v.text = (negative && digits != "0") ? std::string(literal) : std::string(digits);
    }
    return add(std::move(v));
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    json_value v;
    v.kind = json_kind::string;
    v.text.assign(s, n);
    return add(std::move(v));
  }
  bool StartObject() { return open(json_kind::object); }
  bool StartArray() { return open(json_kind::array); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    frame& f = stack_.back();
    std::string key(s, n);
    auto it = f.index.find(key);
    if (it != f.index.end()) {
      f.pending = it->second;
    } else {
      f.pending = npos;
      f.index.emplace(key, f.value.keys.size());
      f.value.keys.push_back(std::move(key));
    }
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  json_value take_root() { return std::move(root_); }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  struct frame {
    json_value value;
    std::size_t pending = npos;  ///< member slot a repeated key overwrites
    std::unordered_map<std::string, std::size_t> index;
  };

  bool open(json_kind kind) {
    if (static_cast<int>(stack_.size()) >= json::max_depth) return false;
    stack_.emplace_back();
    stack_.back().value.kind = kind;
    return true;
  }

  bool close() {
    json_value v = std::move(stack_.back().value);
    stack_.pop_back();
    return add(std::move(v));
  }

  bool add(json_value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return true;
    }
    frame& f = stack_.back();
    if (f.value.kind == json_kind::object && f.pending != npos) {
      // Jackson's ObjectNode.set: the later value replaces the earlier one in place.
      f.value.items[f.pending] = std::move(v);
      f.pending = npos;
    } else {
      f.value.items.push_back(std::move(v));
    }
    return true;
  }

  std::vector<frame> stack_;
  json_value root_;
};

/// Next UTF-16 code unit sequence of `s` from `i` (one unit, or a surrogate pair).
std::size_t utf16_units(std::string_view s, std::size_t& i, char16_t (&units)[2]) {
  auto c = static_cast<unsigned char>(s[i]);
  std::uint32_t cp = c;
  std::size_t len = 1;
  if (c >= 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else if (c >= 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xC0) {
    len = 2;
    cp = c & 0x1F;
  }
  for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  if (cp >= 0x10000) {
    cp -= 0x10000;
    units[0] = static_cast<char16_t>(0xD800 + (cp >> 10));
    units[1] = static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    return 2;
  }
  units[0] = static_cast<char16_t>(cp);
  return 1;
}

}  // namespace

const json_value* json_value::find(std::string_view key) const {
  if (kind != json_kind::object) return nullptr;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return &items[i];
  }
  return nullptr;
}

std::optional<std::int32_t> json_value::as_int32() const {
  if (kind != json_kind::integer) return std::nullopt;
  std::int32_t v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

double json_value::as_double() const { return std::strtod(text.c_str(), nullptr); }

std::optional<json_value> parse_json(std::string_view text) {
  tree_builder builder;
  view_stream stream(text);
  rapidjson::Reader reader;
  constexpr unsigned flags = rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseStopWhenDoneFlag |
                             rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;
  if (reader.Parse<flags>(stream, builder).IsError()) return std::nullopt;
  return builder.take_root();
}

void write_json(std::string& out, const json_value& v, bool sorted) {
  switch (v.kind) {
    case json_kind::null: out += "null"; break;
    case json_kind::boolean: out += v.boolean ? "true" : "false"; break;
    case json_kind::integer:
    case json_kind::decimal: out += v.text; break;
    case json_kind::string: json::append_quoted(out, v.text); break;
    case json_kind::array:
      out += '[';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) out += ',';
        write_json(out, v.items[i], sorted);
      }
      out += ']';
      break;
    case json_kind::object: {
      std::vector<std::size_t> order(v.keys.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      if (sorted) {
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return compare_java_strings(v.keys[a], v.keys[b]) < 0; });
      }
      out += '{';
      for (std::size_t i = 0; i < order.size(); ++i) {
        if (i > 0) out += ',';
        json::append_quoted(out, v.keys[order[i]]);
        out += ':';
        write_json(out, v.items[order[i]], sorted);
      }
      out += '}';
      break;
    }
  }
}

std::string to_json(const json_value& v, bool sorted) {
  std::string out;
  write_json(out, v, sorted);
  return out;
}

json_value sorted_copy(const json_value& v) {
  json_value out;
  out.kind = v.kind;
  out.boolean = v.boolean;
  out.text = v.text;
  if (v.kind == json_kind::array) {
    for (const auto& item : v.items) out.items.push_back(sorted_copy(item));
  } else if (v.kind == json_kind::object) {
    std::vector<std::size_t> order(v.keys.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return compare_java_strings(v.keys[a], v.keys[b]) < 0; });
    for (std::size_t i : order) {
      out.keys.push_back(v.keys[i]);
      out.items.push_back(sorted_copy(v.items[i]));
    }
  }
  return out;
}

int compare_java_strings(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  char16_t ua[2];
  char16_t ub[2];
  std::size_t na = 0;
  std::size_t nb = 0;
  std::size_t ka = 0;
  std::size_t kb = 0;
  while (true) {
    if (ka == na) {
      if (i >= a.size()) break;
      na = utf16_units(a, i, ua);
      ka = 0;
    }
    if (kb == nb) {
      if (j >= b.size()) return 1;
      nb = utf16_units(b, j, ub);
      kb = 0;
    }
    if (ua[ka] != ub[kb]) return ua[ka] < ub[kb] ? -1 : 1;
    ++ka;
    ++kb;
  }
  return (kb == nb && j >= b.size()) ? 0 : -1;
}

std::string big_decimal_text(std::string_view literal) {
  bool negative = false;
  std::size_t p = 0;
  if (p < literal.size() && (literal[p] == '-' || literal[p] == '+')) negative = literal[p++] == '-';
  std::string digits;
  long long fraction = 0;
  bool in_fraction = false;
  for (; p < literal.size() && literal[p] != 'e' && literal[p] != 'E'; ++p) {
    if (literal[p] == '.') {
      in_fraction = true;
      continue;
    }
    digits += literal[p];
    if (in_fraction) ++fraction;
  }
  long long exponent = 0;
  if (p < literal.size()) {
    std::string_view e = literal.substr(p + 1);
    if (!e.empty() && e.front() == '+') e.remove_prefix(1);
    std::from_chars(e.data(), e.data() + e.size(), exponent);
  }
  std::size_t first = digits.find_first_not_of('0');
  digits = first == std::string::npos ? "0" : digits.substr(first);
  if (digits == "0") negative = false;
  long long scale = fraction - exponent;
  std::string sign = negative ? "-" : "";
  if (scale == 0) return sign + digits;
  auto ndigits = static_cast<long long>(digits.size());
  long long adjusted = -scale + (ndigits - 1);
  if (scale > 0 && adjusted >= -6) {
    if (ndigits > scale) return sign + digits.substr(0, ndigits - scale) + "." + digits.substr(ndigits - scale);
    return sign + "0." + std::string(static_cast<std::size_t>(scale - ndigits), '0') + digits;
  }
  std::string out = sign + digits.substr(0, 1);
  if (ndigits > 1) out += "." + digits.substr(1);
  if (adjusted != 0) {
    out += 'E';
    if (adjusted > 0) out += '+';
    out += std::to_string(adjusted);
  }
  return out;
}

}  // namespace tessera::formats::json_schema
