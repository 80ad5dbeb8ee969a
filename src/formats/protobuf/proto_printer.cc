#include "formats/protobuf/proto_printer.h"

#include <algorithm>
#include <map>
#include <optional>

#include "formats/protobuf/proto_option_printer.h"

namespace tessera::formats::protobuf {

namespace {

constexpr std::int32_t max_tag = 536870911;

std::string label_text(field_label l) {
  switch (l) {
    case field_label::optional: return "optional ";
    case field_label::required: return "required ";
    case field_label::repeated: return "repeated ";
    default: return "";
  }
}

class printer {
 public:
  printer(const type_index& types, const print_options& options, std::string package)
      : types_(types), normalize_(options.normalize), ignore_extensions_(options.ignore_extensions),
        package_(std::move(package)), opts_(types, normalize_, ignore_extensions_, package_, scope_) {}

  std::optional<std::string> error;

  std::string file(const proto_file& f) {
    std::string sb;
    if (f.syntax && (!normalize_ || *f.syntax == "proto3")) sb += "syntax = \"" + *f.syntax + "\";\n";
    if (f.package) sb += "package " + *f.package + ";\n";
    if (!f.imports.empty() || !f.public_imports.empty()) {
      sb += '\n';
      for (const auto& i : sorted_if(f.imports)) sb += "import \"" + i + "\";\n";
      for (const auto& i : sorted_if(f.public_imports)) sb += "import public \"" + i + "\";\n";
    }
    auto options = opts_.filter(f.options);
    if (!options.empty()) {
      sb += '\n';
      for (const auto& o : options) sb += "option " + opts_.option(o) + ";\n";
    }
    auto messages = filter_messages(f.messages);
    if (!messages.empty() || !f.enums.empty()) {
      sb += '\n';
      for (const auto* m : messages) sb += scoped(m->name, [&] { return message(*m); });
      for (const auto& e : f.enums) sb += scoped(e.name, [&] { return enumeration(e); });
    }
    if (!ignore_extensions_ && !f.extends.empty()) {
      sb += '\n';
      for (const auto& x : group_extends(f.extends)) sb += extend(x);
    }
    if (!f.services.empty()) {
      sb += '\n';
      for (const auto& s : f.services) sb += service(s);
    }
    return sb;
  }

 private:
  template <class F>
  std::string scoped(const std::string& name, F&& body) {
    scope_.push_back(name);
    std::string s = body();
    scope_.pop_back();
    return s;
  }

  std::vector<std::string> sorted_if(std::vector<std::string> v) const {
    if (normalize_) {
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
    }
    return v;
  }

  std::string resolve(const std::string& type) {
    auto r = resolve_type(types_, type, package_, scope_);
    if (!r) {
      if (!error) error = "Could not resolve type: " + type;
      return type;
    }
    return "." + *r;
  }

  std::vector<const message_element*> filter_messages(const std::vector<message_element>& messages) const {
    std::vector<const message_element*> out;
    for (const auto& m : messages) {
      if (normalize_) {
        auto full = resolve_type(types_, m.name, package_, scope_);
        const type_info* info = full ? types_.find(*full) : nullptr;
        if (info != nullptr && info->is_map) continue;  // synthetic map entry message
      }
      out.push_back(&m);
    }
    return out;
  }

  std::vector<extend_element> group_extends(const std::vector<extend_element>& extends) {
    if (!normalize_) return extends;
    std::vector<extend_element> out;
    for (const auto& x : extends) {
      std::string name = resolve(x.name);
      auto it = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.name == name; });
      if (it == out.end()) {
        out.push_back({name, {}});
        it = out.end() - 1;
      }
      it->fields.insert(it->fields.end(), x.fields.begin(), x.fields.end());
    }
    return out;
  }

  // ---- elements ------------------------------------------------------------------------

  std::vector<range_statement> flatten(const std::vector<range_statement>& statements, bool by_text) const {
    if (!normalize_) return statements;
    std::vector<range_statement> out;
    for (const auto& s : statements) {
      for (const auto& v : s.values) out.push_back({{v}});
    }
    auto key = [](const range_value& v) {
      return v.k == range_value::kind::name ? std::int64_t{2147483647} : std::int64_t{v.start};
    };
    auto text = [](const range_value& v) {
      if (v.k == range_value::kind::name) return v.name;
      if (v.k == range_value::kind::range) return std::to_string(v.start) + ".." + std::to_string(v.end);
      return std::to_string(v.start);
    };
    std::stable_sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
      const auto& x = a.values[0];
      const auto& y = b.values[0];
      if (key(x) != key(y)) return key(x) < key(y);
      return by_text && text(x) < text(y);
    });
    return out;
  }

  std::string ranges(const char* keyword, const range_statement& s) const {
    std::string sb = keyword;
    for (std::size_t i = 0; i < s.values.size(); ++i) {
      const auto& v = s.values[i];
      if (i) sb += ", ";
      if (v.k == range_value::kind::name) {
        sb += "\"" + v.name + "\"";
      } else if (v.k == range_value::kind::number || (normalize_ && v.start == v.end)) {
        sb += std::to_string(v.start);
      } else {
        sb += std::to_string(v.start) + " to " + (v.end < max_tag ? std::to_string(v.end) : std::string("max"));
      }
    }
    return sb + ";\n";
  }

  template <class T>
  static std::vector<T> by_tag(std::vector<T> v, bool sort) {
    if (sort) std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.tag < b.tag; });
    return v;
  }

  std::string message(const message_element& m) {
    std::string sb = "message " + m.name + " {";
    if (!m.reserveds.empty()) {
      sb += '\n';
      for (const auto& r : flatten(m.reserveds, true)) append_indented(sb, ranges("reserved ", r));
    }
    auto options = opts_.filter(m.options);
    if (!options.empty()) {
      sb += '\n';
      for (const auto& o : options) append_indented(sb, "option " + opts_.option(o) + ";\n");
    }
    if (!m.fields.empty()) {
      sb += '\n';
      for (const auto& f : by_tag(m.fields, normalize_)) append_indented(sb, field(f));
    }
    if (!m.oneofs.empty()) {
      sb += '\n';
      std::vector<oneof_element> oneofs = m.oneofs;
      if (normalize_) {
        std::erase_if(oneofs, [](const auto& o) { return o.fields.empty(); });
        for (auto& o : oneofs) o.fields = by_tag(o.fields, true);
        std::stable_sort(oneofs.begin(), oneofs.end(), [](const auto& a, const auto& b) { return a.fields[0].tag < b.fields[0].tag; });
      }
      for (const auto& o : oneofs) append_indented(sb, oneof(o));
    }
    if (!m.groups.empty()) {
      sb += '\n';
      for (const auto& g : by_tag(m.groups, normalize_)) append_indented(sb, group(g));
    }
    if (!ignore_extensions_ && !m.extensions.empty()) {
      sb += '\n';
      for (const auto& r : flatten(m.extensions, false)) append_indented(sb, ranges("extensions ", r));
    }
    if (!ignore_extensions_ && !m.extends.empty()) {
      sb += '\n';
      for (const auto& x : group_extends(m.extends)) append_indented(sb, extend(x));
    }
    auto messages = filter_messages(m.messages);
    if (!messages.empty() || !m.enums.empty()) {
      sb += '\n';
      for (const auto* n : messages) append_indented(sb, scoped(n->name, [&] { return message(*n); }));
      for (const auto& e : m.enums) append_indented(sb, scoped(e.name, [&] { return enumeration(e); }));
    }
    return sb + "}\n";
  }

  std::string enumeration(const enum_element& e) {
    std::string sb = "enum " + e.name + " {";
    if (!e.reserveds.empty()) {
      sb += '\n';
      for (const auto& r : flatten(e.reserveds, true)) append_indented(sb, ranges("reserved ", r));
    }
    if (e.reserveds.empty() && (!e.options.empty() || !e.constants.empty())) sb += '\n';
    for (const auto& o : opts_.filter(e.options)) append_indented(sb, "option " + opts_.option(o) + ";\n");
    std::vector<enum_constant> constants = e.constants;
    if (normalize_) {
      std::stable_sort(constants.begin(), constants.end(), [](const auto& a, const auto& b) {
        return a.tag != b.tag ? a.tag < b.tag : a.name < b.name;
      });
    }
    for (const auto& c : constants) {
      std::string line = c.name + " = " + std::to_string(c.tag);
      auto options = opts_.filter(c.options);
      if (!options.empty()) line += " " + opts_.bracketed(options);
      append_indented(sb, line + ";\n");
    }
    return sb + "}\n";
  }

  std::string field(const field_element& f) {
    field_label label = f.label;
    std::string type = f.type;
    if (normalize_) {
      if (!is_scalar_type(type) && !map_types(type)) {
        type = resolve(type);
        const type_info* info = types_.find(type);
        if (info != nullptr && info->is_map) type = info->map_type();
      }
      if (auto kv = map_types(type)) {
        auto v = resolve_type(types_, kv->second, package_, scope_);
        type = "map<" + kv->first + ", " + (v ? "." + *v : kv->second) + ">";
        label = field_label::none;
      }
    }
    std::string sb = label_text(label) + type + " " + f.name + " = " + std::to_string(f.tag);
    std::vector<option_element> options = f.options;
    if (f.default_value) {
      // ProtobufSchemaUtils.toKind: the field's simple type name picks how the value prints.
      std::string simple = type.substr(type.rfind('.') == std::string::npos ? 0 : type.rfind('.') + 1);
      option_kind kind = simple == "bool"     ? option_kind::boolean
                         : simple == "string" ? option_kind::string
                         : is_scalar_type(simple) ? option_kind::number
                                                  : option_kind::enumeration;
      options.push_back({"default", false, {kind, *f.default_value, {}, {}}});
    }
    if (f.json_name) options.push_back({"json_name", false, {option_kind::string, *f.json_name, {}, {}}});
    options = opts_.filter(std::move(options));
    if (!options.empty()) sb += " " + opts_.bracketed(options);
    return sb + ";\n";
  }

  std::string oneof(const oneof_element& o) {
    std::string sb = "oneof " + o.name + " {";
    auto options = opts_.filter(o.options);
    if (!options.empty()) {
      sb += '\n';
      for (const auto& opt : options) append_indented(sb, "option " + opts_.option(opt) + ";\n");
    }
    if (!o.fields.empty()) {
      sb += '\n';
      for (const auto& f : o.fields) append_indented(sb, field(f));
    }
    if (!o.groups.empty()) {
      sb += '\n';
      for (const auto& g : by_tag(o.groups, normalize_)) append_indented(sb, group(g));
    }
    return sb + "}\n";
  }

  std::string group(const group_element& g) {
    std::string sb = label_text(g.label) + "group " + g.name + " = " + std::to_string(g.tag) + " {";
    if (!g.fields.empty()) {
      sb += '\n';
      for (const auto& f : by_tag(g.fields, normalize_)) append_indented(sb, field(f));
    }
    return sb + "}\n";
  }

  std::string extend(const extend_element& x) {
    std::string sb = "extend " + x.name + " {";
    if (!x.fields.empty()) {
      sb += '\n';
      for (const auto& f : by_tag(x.fields, normalize_)) append_indented(sb, field(f));
    }
    return sb + "}\n";
  }

  std::string service(const service_element& s) {
    std::string sb = "service " + s.name + " {";
    auto options = opts_.filter(s.options);
    if (!options.empty()) {
      sb += '\n';
      for (const auto& o : options) append_indented(sb, "option " + opts_.option(o) + ";\n");
    }
    if (!s.rpcs.empty()) {
      sb += '\n';
      for (const auto& r : s.rpcs) append_indented(sb, rpc(r));
    }
    return sb + "}\n";
  }

  std::string rpc(const rpc_element& r) {
    std::string sb = "rpc " + r.name + " (";
    if (r.request_streaming) sb += "stream ";
    sb += normalize_ ? resolve(r.request_type) : r.request_type;
    sb += ") returns (";
    if (r.response_streaming) sb += "stream ";
    sb += normalize_ ? resolve(r.response_type) : r.response_type;
    sb += ")";
    auto options = opts_.filter(r.options);
    if (!options.empty()) {
      sb += " {\n";
      for (const auto& o : options) append_indented(sb, "option " + opts_.option(o) + ";\n");
      sb += '}';
    }
    return sb + ";\n";
  }

  const type_index& types_;
  bool normalize_;
  bool ignore_extensions_;
  std::string package_;
  std::vector<std::string> scope_;
  option_printer opts_;
};

}  // namespace

result<std::string> print_proto(const proto_file& file, const type_index& types, const print_options& options) {
  printer p(types, options, file.package.value_or(""));
  std::string text = p.file(file);
  if (p.error) return fail(error_code::invalid_schema, *p.error);
  return text;
}

std::string escape_chars(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '"': out += "\\\""; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace tessera::formats::protobuf
