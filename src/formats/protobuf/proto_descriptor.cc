#include "formats/protobuf/proto_descriptor.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>
#include <map>
#include <set>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/unknown_field_set.h>

namespace tessera::formats::protobuf {

namespace gp = google::protobuf;
using FDP = gp::FieldDescriptorProto;

namespace {

constexpr int meta_extension = 1088;

/// ProtobufSchema.mergeOptions: by name (leading '.' dropped), `(a).b = v` as a map, a name
/// written twice merged (maps) or replaced.
std::map<std::string, option_value> merged_options(const std::vector<option_element>& options) {
  std::map<std::string, option_value> out;
  for (const auto& o : options) {
    std::string name = !o.name.empty() && o.name.front() == '.' ? o.name.substr(1) : o.name;
    option_value v = o.value;
    if (v.kind == option_kind::option && !v.entries.empty()) {
      option_value map;
      map.kind = option_kind::map;
      map.entries.push_back(v.entries[0]);
      v = map;
    }
    auto it = out.find(name);
    if (it != out.end() && it->second.kind == option_kind::map && v.kind == option_kind::map) {
      for (auto& e : v.entries) it->second.entries.push_back(e);
    } else {
      out[name] = v;
    }
  }
  return out;
}

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_bytes(std::string& out, int field, const std::string& bytes) {
  put_varint(out, static_cast<std::uint64_t>(field) << 3 | 2);
  put_varint(out, bytes.size());
  out += bytes;
}

/// Confluent's Meta message (doc = 1, params = 2, tags = 3) from a `confluent.*_meta` option.
std::string encode_meta(const option_value& meta) {
  if (meta.kind != option_kind::map) return {};
  std::string doc;
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<std::string> tags;
  auto set_param = [&](const std::string& k, const std::string& v) {
    for (auto& p : params) {
      if (p.first == k) {
        p.second = v;
        return;
      }
    }
    params.emplace_back(k, v);
  };
  for (const auto& [key, value] : meta.entries) {
    if (key == "doc") {
      doc = value.text;
    } else if (key == "params") {
      if (value.kind == option_kind::map) {
        for (const auto& [k, v] : value.entries) set_param(k, v.text);
      } else {
        for (const auto& item : value.items) {
          std::string k;
          std::string v;
          for (const auto& [ik, iv] : item.entries) {
            if (ik == "key") k = iv.text;
            if (ik == "value") v = iv.text;
          }
          set_param(k, v);
        }
      }
    } else if (key == "tags") {
      if (value.kind == option_kind::list) {
        for (const auto& t : value.items) tags.push_back(t.text);
      } else {
        tags.push_back(value.text);
      }
    }
  }
  std::string out;
  if (!doc.empty()) put_bytes(out, 1, doc);
  for (const auto& [k, v] : params) {
    std::string entry;
    put_bytes(entry, 1, k);
    put_bytes(entry, 2, v);
    put_bytes(out, 2, entry);
  }
  for (const auto& t : tags) put_bytes(out, 3, t);
  return out;
}

/// Sets the allowed well-known options on `target` and Confluent's meta option, if written.
void set_options(gp::Message& target, const std::vector<option_element>& written,
                 std::initializer_list<const char*> allowed, const char* meta_name) {
  auto merged = merged_options(written);
  const gp::Descriptor* d = target.GetDescriptor();
  const gp::Reflection* r = target.GetReflection();
  for (const char* name : allowed) {
    auto it = merged.find(name);
    const gp::FieldDescriptor* f = d->FindFieldByName(name);
    if (it == merged.end() || f == nullptr) continue;
    const std::string& text = it->second.text;
    switch (f->cpp_type()) {
      case gp::FieldDescriptor::CPPTYPE_BOOL: {
        std::string lower;
        for (char ch : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        r->SetBool(&target, f, lower == "true");
        break;
      }
      case gp::FieldDescriptor::CPPTYPE_STRING: r->SetString(&target, f, text); break;
      case gp::FieldDescriptor::CPPTYPE_ENUM:
        if (const auto* v = f->enum_type()->FindValueByName(text)) r->SetEnum(&target, f, v);
        break;
      default: break;
    }
  }
  if (meta_name != nullptr) {
    auto it = merged.find(meta_name);
    if (it != merged.end()) {
      std::string meta = encode_meta(it->second);
      if (!meta.empty()) r->MutableUnknownFields(&target)->AddLengthDelimited(meta_extension, meta);
    }
  }
}

/// Guava's LOWER_UNDERSCORE -> UPPER_CAMEL, as ProtobufSchema.toMapEntry uses it.
std::string map_entry_name(const std::string& field) {
  if (field.find('_') == std::string::npos) return field + "Entry";
  std::string out;
  bool start = true;
  for (char ch : field) {
    if (ch == '_') {
      start = true;
    } else {
      out += static_cast<char>(start ? std::toupper(static_cast<unsigned char>(ch)) : std::tolower(static_cast<unsigned char>(ch)));
      start = false;
    }
  }
  return out + "Entry";
}

class builder {
 public:
  builder(const proto_file& file, const type_index& types) : file_(file), types_(types) {}

  void field(FDP& out, const field_element& f, std::optional<FDP::Label> label) {
    if (label) out.set_label(*label);
    set_type(out, f.type);
    out.set_name(f.name);
    out.set_number(f.tag);
    if (f.default_value) out.set_default_value(*f.default_value);
    if (f.json_name) out.set_json_name(*f.json_name);
    if (!f.options.empty()) {
      gp::FieldOptions options;
      set_options(options, f.options, {"ctype", "packed", "jstype", "deprecated"}, "confluent.field_meta");
      if (options.ByteSizeLong() > 0) *out.mutable_options() = options;
    }
  }

  void set_type(FDP& out, const std::string& type) {
    FDP::Type t;
    if (is_scalar_type(type) && FDP::Type_Parse("TYPE_" + upper(type), &t)) {
      out.set_type(t);
      return;
    }
    out.set_type_name(type);
    // Resolved the way Confluent's Context resolves: message or enum, or left open.
    auto full = resolve_type(types_, type, file_.package.value_or(""), scope_);
    const type_info* info = full ? types_.find(*full) : nullptr;
    if (info != nullptr && info->message != nullptr) out.set_type(FDP::TYPE_MESSAGE);
    if (info != nullptr && info->enumeration != nullptr) out.set_type(FDP::TYPE_ENUM);
  }

  static std::optional<FDP::Label> label_of(field_label l) {
    switch (l) {
      case field_label::optional: return FDP::LABEL_OPTIONAL;
      case field_label::required: return FDP::LABEL_REQUIRED;
      case field_label::repeated: return FDP::LABEL_REPEATED;
      default: return std::nullopt;
    }
  }

  void extension(FDP& out, const std::string& extendee, const field_element& f) {
    field(out, f, label_of(f.label));
    out.set_extendee(extendee);
  }

  void message(gp::DescriptorProto& out, const message_element& m) {
    scope_.push_back(m.name);
    out.set_name(m.name);
    for (const auto& n : m.messages) message(*out.add_nested_type(), n);
    for (const auto& e : m.enums) enumeration(*out.add_enum_type(), e);
    std::set<std::string> in_oneof;
    for (const auto& o : m.oneofs) {
      auto* decl = out.add_oneof_decl();
      decl->set_name(o.name);
      decl->mutable_options();
      for (const auto& f : o.fields) {
        FDP& fd = *out.add_field();
        field(fd, f, FDP::LABEL_OPTIONAL);
        fd.set_oneof_index(out.oneof_decl_size() - 1);
        in_oneof.insert(f.name);
      }
    }
    bool proto3 = file_.syntax == "proto3";
    for (const auto& f : m.fields) {
      if (in_oneof.count(f.name)) continue;
      field_element copy = f;
      std::optional<FDP::Label> label = label_of(f.label);
      if (auto kv = map_types(f.type)) {
        // Map fields become a repeated field of a generated entry message, appended last.
        label = FDP::LABEL_REPEATED;
        copy.type = map_entry_name(f.name);
        auto* entry = out.add_nested_type();
        entry->set_name(copy.type);
        field(*entry->add_field(), field_element{field_label::none, kv->first, "key", 1, {}, {}, {}}, std::nullopt);
        field(*entry->add_field(), field_element{field_label::none, kv->second, "value", 2, {}, {}, {}}, std::nullopt);
        entry->mutable_options()->set_map_entry(true);
      }
      FDP& fd = *out.add_field();
      if (f.label == field_label::optional && proto3) {
        // proto3 `optional`: a synthetic oneof after the real ones.
        auto* decl = out.add_oneof_decl();
        decl->set_name("_" + f.name);
        decl->mutable_options();
        field(fd, copy, FDP::LABEL_OPTIONAL);
        fd.set_proto3_optional(true);
        fd.set_oneof_index(out.oneof_decl_size() - 1);
      } else {
        field(fd, copy, label);
      }
    }
    for (const auto& r : m.reserveds) {
      for (const auto& v : r.values) {
        if (v.k == range_value::kind::name) {
          out.add_reserved_name(v.name);
        } else {
          auto* range = out.add_reserved_range();
          range->set_start(v.start);
          range->set_end((v.k == range_value::kind::number ? v.start : v.end) + 1);
        }
      }
    }
    for (const auto& x : m.extensions) {
      for (const auto& v : x.values) {
        auto* range = out.add_extension_range();
        range->set_start(v.start);
        range->set_end((v.k == range_value::kind::number ? v.start : v.end) + 1);
        range->mutable_options();
      }
    }
    for (const auto& x : m.extends) {
      for (const auto& f : x.fields) extension(*out.add_extension(), x.name, f);
    }
    gp::MessageOptions options;
    set_options(options, m.options, {"no_standard_descriptor_accessor", "deprecated", "map_entry"},
                "confluent.message_meta");
    if (options.ByteSizeLong() > 0) *out.mutable_options() = options;
    scope_.pop_back();
  }

  void enumeration(gp::EnumDescriptorProto& out, const enum_element& e) {
    out.set_name(e.name);
    gp::EnumOptions options;
    set_options(options, e.options, {"allow_alias", "deprecated"}, "confluent.enum_meta");
    if (options.ByteSizeLong() > 0) *out.mutable_options() = options;
    for (const auto& r : e.reserveds) {
      for (const auto& v : r.values) {
        if (v.k == range_value::kind::name) {
          out.add_reserved_name(v.name);
        } else {
          auto* range = out.add_reserved_range();
          range->set_start(v.start);
          range->set_end(v.k == range_value::kind::number ? v.start : v.end);
        }
      }
    }
    for (const auto& c : e.constants) {
      auto* value = out.add_value();
      value->set_name(c.name);
      value->set_number(c.tag);
      gp::EnumValueOptions vo;
      set_options(vo, c.options, {"deprecated"}, "confluent.enum_value_meta");
      if (vo.ByteSizeLong() > 0) *value->mutable_options() = vo;
    }
  }

  void service(gp::ServiceDescriptorProto& out, const service_element& s) {
    out.set_name(s.name);
    gp::ServiceOptions options;
    set_options(options, s.options, {"deprecated"}, nullptr);
    if (options.ByteSizeLong() > 0) *out.mutable_options() = options;
    for (const auto& r : s.rpcs) {
      auto* m = out.add_method();
      m->set_name(r.name);
      m->set_input_type(r.request_type);
      m->set_output_type(r.response_type);
      m->set_client_streaming(r.request_streaming);
      m->set_server_streaming(r.response_streaming);
      gp::MethodOptions mo;
      set_options(mo, r.options, {"deprecated", "idempotency_level"}, nullptr);
      if (mo.ByteSizeLong() > 0) *m->mutable_options() = mo;
    }
  }

 private:
  static std::string upper(const std::string& s) {
    std::string out;
    for (char ch : s) out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return out;
  }

  const proto_file& file_;
  const type_index& types_;
  std::vector<std::string> scope_;
};

std::string base64(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
             static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
             static_cast<unsigned char>(bytes[i + 2]);
    for (int k = 3; k >= 0; --k) out += alphabet[(n >> (6 * k)) & 63];
  }
  if (i < bytes.size()) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace

std::string serialized_descriptor(const proto_file& file, const type_index& types,
                                  const std::function<bool(const std::string&)>& has_dependency) {
  gp::FileDescriptorProto out;
  out.set_name("default");
  if (file.package) out.set_package(*file.package);
  if (file.syntax) out.set_syntax(*file.syntax);
  builder b(file, types);
  for (const auto& m : file.messages) b.message(*out.add_message_type(), m);
  for (const auto& e : file.enums) b.enumeration(*out.add_enum_type(), e);
  for (const auto& s : file.services) b.service(*out.add_service(), s);
  for (const auto& x : file.extends) {
    for (const auto& f : x.fields) b.extension(*out.add_extension(), x.name, f);
  }
  for (const auto& i : file.imports) {
    if (has_dependency(i) && std::find(out.dependency().begin(), out.dependency().end(), i) == out.dependency().end()) {
      out.add_dependency(i);
    }
  }
  for (const auto& i : file.public_imports) {
    if (!has_dependency(i)) continue;
    auto it = std::find(out.dependency().begin(), out.dependency().end(), i);
    if (it == out.dependency().end()) {
      out.add_dependency(i);
      out.add_public_dependency(out.dependency_size() - 1);
    } else {
      out.add_public_dependency(static_cast<int>(it - out.dependency().begin()));
    }
  }
  gp::FileOptions options;
  set_options(options, file.options,
              {"java_package", "java_outer_classname", "java_multiple_files", "java_generate_equals_and_hash",
               "java_string_check_utf8", "optimize_for", "go_package", "cc_generic_services",
               "java_generic_services", "py_generic_services", "php_generic_services", "deprecated",
               "cc_enable_arenas", "objc_class_prefix", "csharp_namespace", "swift_prefix", "php_class_prefix",
               "php_namespace", "php_metadata_namespace", "ruby_package"},
              "confluent.file_meta");
  if (options.ByteSizeLong() > 0) *out.mutable_options() = options;
  std::string bytes;
  out.SerializeToString(&bytes);
  return base64(bytes);
}

}  // namespace tessera::formats::protobuf
