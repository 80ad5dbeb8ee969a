#include "formats/protobuf/proto_options.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/reflection.h>
#include <google/protobuf/unknown_field_set.h>

namespace tessera::formats::protobuf {

namespace gp = google::protobuf;

namespace {

bool is_punct(char c) { return c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',' || c == ';' || c == '<' || c == '>'; }

}  // namespace

std::vector<std::string> aggregate_tokens(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (is_punct(c)) {
      out.emplace_back(1, c);
      ++i;
    } else if (c == '"' || c == '\'') {
      std::size_t j = i + 1;
      while (j < text.size() && text[j] != c) j += text[j] == '\\' ? 2 : 1;
      out.emplace_back(text.substr(i, std::min(j + 1, text.size()) - i));
      i = j + 1;
    } else {
      std::size_t j = i;
      while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])) && !is_punct(text[j]) &&
             text[j] != '"' && text[j] != '\'') {
        ++j;
      }
      out.emplace_back(text.substr(i, j - i));
      i = j;
    }
  }
  return out;
}

namespace {

class aggregate_reader {
 public:
  explicit aggregate_reader(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {}

  option_value read_map(const std::string& close) {
    option_value out;
    out.kind = option_kind::map;
    while (pos_ < tokens_.size() && tokens_[pos_] != close) {
      std::string key = read_key();
      option_value value;
      if (peek() == "{" || peek() == "<") {
        value = read_value();
      } else {
        if (peek() == ":") ++pos_;
        value = read_value();
      }
      add_entry(out, key, std::move(value));
      if (peek() == "," || peek() == ";") ++pos_;
    }
    if (pos_ < tokens_.size()) ++pos_;  // the closing brace
    return out;
  }

 private:
  const std::string& peek() const {
    static const std::string end;
    return pos_ < tokens_.size() ? tokens_[pos_] : end;
  }

  std::string read_key() {
    if (peek() != "[") return tokens_[pos_++];
    std::string key = "[";
    ++pos_;
    while (pos_ < tokens_.size() && tokens_[pos_] != "]") key += tokens_[pos_++];
    if (pos_ < tokens_.size()) ++pos_;
    return key + "]";
  }

  option_value read_value() {
    option_value v;
    const std::string& t = peek();
    if (t == "{" || t == "<") {
      ++pos_;
      return read_map(t == "{" ? "}" : ">");
    }
    if (t == "[") {
      ++pos_;
      v.kind = option_kind::list;
      while (pos_ < tokens_.size() && peek() != "]") {
        v.items.push_back(read_value());
        if (peek() == ",") ++pos_;
      }
      if (pos_ < tokens_.size()) ++pos_;
      return v;
    }
    if (!t.empty() && (t[0] == '"' || t[0] == '\'')) {
      v.kind = option_kind::string;
      // Adjacent literals concatenate, as in the .proto grammar.
      while (!peek().empty() && (peek()[0] == '"' || peek()[0] == '\'')) {
        const std::string& s = tokens_[pos_++];
        v.text += unescape_c(std::string_view(s).substr(1, s.size() >= 2 ? s.size() - 2 : 0));
      }
      return v;
    }
    std::string word = pos_ < tokens_.size() ? tokens_[pos_++] : std::string();
    if (word == "-" && pos_ < tokens_.size()) word += tokens_[pos_++];
    v.text = word;
    if (!word.empty() && (std::isdigit(static_cast<unsigned char>(word[0])) || word[0] == '-' || word[0] == '.')) {
      v.kind = option_kind::number;
    } else if (word == "true" || word == "false") {
      v.kind = option_kind::boolean;
    } else {
      v.kind = option_kind::enumeration;
    }
    return v;
  }

  /// Wire's readMap: a repeated key gathers its values into one list.
  static void add_entry(option_value& map, const std::string& key, option_value value) {
    for (auto& [k, previous] : map.entries) {
      if (k != key) continue;
      if (previous.kind != option_kind::list) {
        option_value list;
        list.kind = option_kind::list;
        list.items.push_back(std::move(previous));
        previous = std::move(list);
      }
      if (value.kind == option_kind::list) {
        for (auto& item : value.items) previous.items.push_back(std::move(item));
      } else {
        previous.items.push_back(std::move(value));
      }
      return;
    }
    map.entries.emplace_back(key, std::move(value));
  }

  std::vector<std::string> tokens_;
  std::size_t pos_ = 0;
};

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == ';')) s.remove_suffix(1);
  return std::string(s);
}

std::string format_double(double d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  for (int precision = 1; precision <= 17; ++precision) {
    char shorter[64];
    std::snprintf(shorter, sizeof shorter, "%.*g", precision, d);
    if (std::strtod(shorter, nullptr) == d) return shorter;
  }
  return buf;
}

option_value uninterpreted_value(const gp::UninterpretedOption& o, const source_index* source,
                                 const proto_path& path) {
  option_value v;
  if (o.has_identifier_value()) {
    v.text = o.identifier_value();
    v.kind = v.text == "true" || v.text == "false" ? option_kind::boolean : option_kind::enumeration;
  } else if (o.has_string_value()) {
    v.kind = option_kind::string;
    v.text = o.string_value();
  } else if (o.has_aggregate_value()) {
    v = read_aggregate(o.aggregate_value());
  } else {
    v.kind = option_kind::number;
    if (o.has_positive_int_value()) {
      v.text = std::to_string(o.positive_int_value());
    } else if (o.has_negative_int_value()) {
      v.text = std::to_string(o.negative_int_value());
    } else {
      v.text = format_double(o.double_value());
    }
    // Wire keeps the literal (`0x10`, `1.50`); take it from the source when we have one.
    if (source != nullptr) {
      if (auto span = source->first(path)) {
        std::string all = source->text(*span);
        auto eq = all.find('=');
        if (eq != std::string::npos) {
          std::string literal = trim(std::string_view(all).substr(eq + 1));
          if (!literal.empty()) v.text = literal;
        }
      }
    }
  }
  return v;
}

option_element from_uninterpreted(const gp::UninterpretedOption& o, const source_index* source,
                                  const proto_path& path) {
  option_element e;
  option_value value = uninterpreted_value(o, source, path);
  int n = o.name_size();
  if (n == 0) return e;
  auto part = [&](int i) {
    const auto& p = o.name(i);
    return p.is_extension() ? "(" + p.name_part() + ")" : p.name_part();
  };
  if (!o.name(0).is_extension()) {
    // Without parentheses Wire reads the whole dotted name as one word.
    for (int i = 0; i < n; ++i) e.name += (i ? "." : "") + part(i);
    e.value = std::move(value);
    return e;
  }
  e.name = o.name(0).name_part();
  e.parenthesized = true;
  // `(a).b.c = v` nests one OptionElement per sub-name, innermost first.
  for (int i = n - 1; i >= 1; --i) {
    option_value wrapped;
    wrapped.kind = option_kind::option;
    wrapped.entries.emplace_back(part(i), std::move(value));
    value = std::move(wrapped);
  }
  e.value = std::move(value);
  return e;
}

/// A set field of an options message (descriptor input), as Confluent's toProtoFile renders it.
option_element from_field(const gp::Message& m, const gp::FieldDescriptor* f) {
  const gp::Reflection* r = m.GetReflection();
  option_element e;
  e.name = f->is_extension() ? f->full_name() : f->name();
  e.parenthesized = f->is_extension();
  switch (f->cpp_type()) {
    case gp::FieldDescriptor::CPPTYPE_BOOL:
      e.value = {option_kind::boolean, r->GetBool(m, f) ? "true" : "false", {}, {}};
      break;
    case gp::FieldDescriptor::CPPTYPE_ENUM:
      e.value = {option_kind::enumeration, r->GetEnum(m, f)->name(), {}, {}};
      break;
    case gp::FieldDescriptor::CPPTYPE_STRING:
      e.value = {option_kind::string, r->GetString(m, f), {}, {}};
      break;
    case gp::FieldDescriptor::CPPTYPE_INT32:
      e.value = {option_kind::number, std::to_string(r->GetInt32(m, f)), {}, {}};
      break;
    case gp::FieldDescriptor::CPPTYPE_INT64:
      e.value = {option_kind::number, std::to_string(r->GetInt64(m, f)), {}, {}};
      break;
    case gp::FieldDescriptor::CPPTYPE_UINT32:
      e.value = {option_kind::number, std::to_string(r->GetUInt32(m, f)), {}, {}};
      break;
    case gp::FieldDescriptor::CPPTYPE_UINT64:
      e.value = {option_kind::number, std::to_string(r->GetUInt64(m, f)), {}, {}};
      break;
    case gp::FieldDescriptor::CPPTYPE_DOUBLE:
      e.value = {option_kind::number, format_double(r->GetDouble(m, f)), {}, {}};
      break;
    case gp::FieldDescriptor::CPPTYPE_FLOAT:
      e.value = {option_kind::number, format_double(r->GetFloat(m, f)), {}, {}};
      break;
    default:
      e.name.clear();
      break;
  }
  return e;
}

/// The name Confluent gives the Meta extension (field 1088) of each options message.
const char* meta_option_name(const gp::Message& options) {
  const std::string& type = options.GetDescriptor()->name();
  if (type == "FileOptions") return "confluent.file_meta";
  if (type == "MessageOptions") return "confluent.message_meta";
  if (type == "FieldOptions") return "confluent.field_meta";
  if (type == "EnumOptions") return "confluent.enum_meta";
  if (type == "EnumValueOptions") return "confluent.enum_value_meta";
  return nullptr;
}

option_value string_value(std::string s) { return {option_kind::string, std::move(s), {}, {}}; }

/// ProtobufSchema.toOption(name, Meta): doc, params as a list of {key, value} maps (value first
/// for precision and scale), tags; nothing when the Meta is empty.
std::optional<option_element> meta_option(const char* name, const std::string& bytes) {
  gp::io::CodedInputStream in(reinterpret_cast<const std::uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
  std::string doc;
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<std::string> tags;
  while (std::uint32_t tag = in.ReadTag()) {
    std::uint32_t length = 0;
    std::string value;
    if ((tag & 7) != 2 || !in.ReadVarint32(&length) || !in.ReadString(&value, static_cast<int>(length))) {
      return std::nullopt;
    }
    switch (tag >> 3) {
      case 1: doc = value; break;
      case 2: {
        gp::io::CodedInputStream entry(reinterpret_cast<const std::uint8_t*>(value.data()), static_cast<int>(value.size()));
        std::string k;
        std::string v;
        while (std::uint32_t t = entry.ReadTag()) {
          std::uint32_t n = 0;
          std::string part;
          if ((t & 7) != 2 || !entry.ReadVarint32(&n) || !entry.ReadString(&part, static_cast<int>(n))) break;
          ((t >> 3) == 1 ? k : v) = part;
        }
        params.emplace_back(k, v);
        break;
      }
      case 3: tags.push_back(value); break;
      default: break;
    }
  }
  option_value map;
  map.kind = option_kind::map;
  if (!doc.empty()) map.entries.emplace_back("doc", string_value(doc));
  if (!params.empty()) {
    option_value list;
    list.kind = option_kind::list;
    for (const auto& [k, v] : params) {
      option_value kv;
      kv.kind = option_kind::map;
      if (k == "precision" || k == "scale") {
        kv.entries = {{"value", string_value(v)}, {"key", string_value(k)}};
      } else {
        kv.entries = {{"key", string_value(k)}, {"value", string_value(v)}};
      }
      list.items.push_back(std::move(kv));
    }
    map.entries.emplace_back("params", std::move(list));
  }
  if (!tags.empty()) {
    option_value list;
    list.kind = option_kind::list;
    for (const auto& t : tags) list.items.push_back(string_value(t));
    map.entries.emplace_back("tags", std::move(list));
  }
  if (map.entries.empty()) return std::nullopt;
  return option_element{name, true, std::move(map)};
}

}  // namespace

std::vector<option_element> convert_options(const gp::Message& options, const source_index* source,
                                            const proto_path& options_path) {
  std::vector<option_element> out;
  const gp::Reflection* r = options.GetReflection();
  std::vector<const gp::FieldDescriptor*> fields;
  r->ListFields(options, &fields);
  const gp::FieldDescriptor* uninterpreted = nullptr;
  for (const gp::FieldDescriptor* f : fields) {
    if (f->name() == "uninterpreted_option") {
      uninterpreted = f;
      continue;
    }
    // A map_entry set by the parser marks a generated map entry; the converter handles it.
    if (f->is_repeated() || f->cpp_type() == gp::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    option_element e = from_field(options, f);
    if (!e.name.empty()) out.push_back(std::move(e));
  }
  // Binary descriptors carry Confluent's Meta as an unknown extension field.
  if (const char* name = meta_option_name(options)) {
    const gp::UnknownFieldSet& unknown = r->GetUnknownFields(options);
    for (int i = 0; i < unknown.field_count(); ++i) {
      const gp::UnknownField& u = unknown.field(i);
      if (u.number() != 1088 || u.type() != gp::UnknownField::TYPE_LENGTH_DELIMITED) continue;
      if (auto meta = meta_option(name, u.length_delimited())) out.push_back(std::move(*meta));
    }
  }
  if (uninterpreted != nullptr) {
    int n = r->FieldSize(options, uninterpreted);
    for (int i = 0; i < n; ++i) {
      const auto& o = static_cast<const gp::UninterpretedOption&>(r->GetRepeatedMessage(options, uninterpreted, i));
      option_element e = from_uninterpreted(o, source, extend_path(options_path, {999, i}));
      if (!e.name.empty()) out.push_back(std::move(e));
    }
  }
  return out;
}

option_value read_aggregate(std::string_view text) {
  aggregate_reader reader(aggregate_tokens(text));
  return reader.read_map("}");
}

std::string unescape_c(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      out += c;
      continue;
    }
    char n = s[++i];
    auto hex = [](char h) { return std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10); };
    switch (n) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'x':
      case 'X': {
        int v = 0;
        int digits = 0;
        while (digits < 2 && i + 1 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1]))) {
          v = v * 16 + hex(s[++i]);
          ++digits;
        }
        out += static_cast<char>(v);
        break;
      }
      default:
        if (n >= '0' && n <= '7') {
          int v = n - '0';
          for (int k = 0; k < 2 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7'; ++k) v = v * 8 + (s[++i] - '0');
          out += static_cast<char>(v);
        } else {
          out += n;
        }
    }
  }
  return out;
}

}  // namespace tessera::formats::protobuf
