#include "formats/protobuf/proto_convert.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "formats/protobuf/proto_options.h"

namespace tessera::formats::protobuf {

namespace gp = google::protobuf;
using FDP = gp::FieldDescriptorProto;

namespace {

constexpr std::int32_t max_tag = 536870911;

class converter {
 public:
  converter(const gp::FileDescriptorProto& file, const source_index* source)
      : file_(file), source_(source), proto3_(file.syntax() == "proto3") {}

  proto_file run() {
    proto_file out;
    if (file_.has_syntax() && (file_.syntax() == "proto2" || file_.syntax() == "proto3")) out.syntax = file_.syntax();
    if (file_.has_package() && !file_.package().empty()) out.package = file_.package();
    std::set<int> public_deps(file_.public_dependency().begin(), file_.public_dependency().end());
    for (int i = 0; i < file_.dependency_size(); ++i) {
      (public_deps.count(i) ? out.public_imports : out.imports).push_back(file_.dependency(i));
    }
    out.options = convert_options(file_.options(), source_, {8});
    for (int i = 0; i < file_.message_type_size(); ++i) out.messages.push_back(message(file_.message_type(i), {4, i}));
    for (int i = 0; i < file_.enum_type_size(); ++i) out.enums.push_back(enumeration(file_.enum_type(i), {5, i}));
    for (int i = 0; i < file_.service_size(); ++i) out.services.push_back(service(file_.service(i), {6, i}));
    out.extends = extends(file_.extension(), {7});
    return out;
  }

 private:
  field_label label_of(const FDP& f, const proto_path& path) const {
    if (source_ != nullptr) {
      // Text: Wire keeps only a label that was written.
      if (!source_->first(extend_path(path, {4}))) return field_label::none;
    } else if (f.proto3_optional()) {
      return field_label::optional;
    } else if (proto3_ && f.label() != FDP::LABEL_REPEATED) {
      return field_label::none;
    }
    switch (f.label()) {
      case FDP::LABEL_REQUIRED: return field_label::required;
      case FDP::LABEL_REPEATED: return field_label::repeated;
      default: return field_label::optional;
    }
  }

  std::string type_of(const FDP& f) const { return f.has_type_name() ? f.type_name() : scalar_name(f.type()); }

  field_element field(const FDP& f, const proto_path& path, const std::map<std::string, const gp::DescriptorProto*>& entries,
                      bool in_oneof) const {
    field_element e;
    e.name = f.name();
    e.tag = f.number();
    e.type = type_of(f);
    e.label = in_oneof ? field_label::none : label_of(f, path);
    auto entry = entries.find(f.type_name());
    if (f.label() == FDP::LABEL_REPEATED && entry != entries.end() && entry->second->field_size() == 2) {
      e.type = "map<" + type_of(entry->second->field(0)) + ", " + type_of(entry->second->field(1)) + ">";
      e.label = field_label::none;
    }
    if (f.has_default_value() && (source_ != nullptr || !proto3_)) {
      std::string value = f.default_value();
      if (f.type() == FDP::TYPE_BYTES) {
        value = unescape_c(value);  // libprotobuf keeps bytes defaults escaped; Wire does not
      } else if (f.type() != FDP::TYPE_STRING && source_ != nullptr) {
        if (auto span = source_->first(extend_path(path, {7}))) {
          std::string written = source_->text(*span);
          if (!written.empty()) value = written;
        }
      }
      e.default_value = value;
    }
    if (f.has_json_name()) e.json_name = f.json_name();
    e.options = convert_options(f.options(), source_, extend_path(path, {8}));
    return e;
  }

  /// Statements of `reserved`/`extensions`: values grouped by the statement spans they fall in.
  std::vector<range_statement> ranges(const proto_path& range_path, int count,
                                      const std::function<std::pair<int, int>(int)>& bounds, bool end_exclusive,
                                      const proto_path* names_path, const std::vector<std::string>& names) const {
    std::vector<std::pair<source_span, range_statement>> statements;
    if (source_ != nullptr) {
      for (const auto& s : source_->spans(range_path)) statements.push_back({s, {}});
      if (names_path != nullptr) {
        for (const auto& s : source_->spans(*names_path)) statements.push_back({s, {}});
      }
      std::sort(statements.begin(), statements.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    auto place = [&](const std::optional<source_span>& at, range_value v) {
      if (at) {
        for (auto& [span, st] : statements) {
          if (span.contains(*at)) {
            st.values.push_back(std::move(v));
            return;
          }
        }
      }
      statements.push_back({source_span{1 << 30, 0, 1 << 30, 0}, range_statement{{std::move(v)}}});
    };
    for (int i = 0; i < count; ++i) {
      auto [start, end] = bounds(i);
      if (end_exclusive) --end;
      range_value v;
      v.start = start;
      v.end = end > max_tag && end_exclusive ? max_tag : end;
      bool single = start == v.end;
      std::optional<source_span> at;
      if (source_ != nullptr) {
        proto_path p = extend_path(range_path, {i});
        at = source_->first(p);
        single = source_->first(extend_path(p, {1})) == source_->first(extend_path(p, {2}));
      }
      v.k = single ? range_value::kind::number : range_value::kind::range;
      place(at, std::move(v));
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
      range_value v;
      v.k = range_value::kind::name;
      v.name = names[i];
      std::optional<source_span> at;
      if (source_ != nullptr && names_path != nullptr) at = source_->first(extend_path(*names_path, {static_cast<int>(i)}));
      place(at, std::move(v));
    }
    std::vector<range_statement> out;
    for (auto& [span, st] : statements) {
      if (!st.values.empty()) out.push_back(std::move(st));
    }
    return out;
  }

  message_element message(const gp::DescriptorProto& d, const proto_path& path) const {
    message_element m;
    m.name = d.name();
    // Map entries the parser generated for `map<K, V>` fields carry a real map_entry option
    // (a written `option map_entry = true;` stays uninterpreted); groups become nested types too.
    std::map<std::string, const gp::DescriptorProto*> entries;
    std::map<std::string, int> group_types;
    for (int j = 0; j < d.nested_type_size(); ++j) {
      if (source_ != nullptr && d.nested_type(j).options().has_map_entry()) entries[d.nested_type(j).name()] = &d.nested_type(j);
    }
    for (const auto& f : d.field()) {
      if (f.type() == FDP::TYPE_GROUP) {
        for (int j = 0; j < d.nested_type_size(); ++j) {
          if (d.nested_type(j).name() == f.type_name()) group_types[f.type_name()] = j;
        }
      }
    }
    std::set<int> synthetic;
    for (const auto& f : d.field()) {
      if (f.proto3_optional() && f.has_oneof_index()) synthetic.insert(f.oneof_index());
    }
    std::map<int, std::size_t> oneof_slot;
    for (int k = 0; k < d.oneof_decl_size(); ++k) {
      if (synthetic.count(k)) continue;
      oneof_slot[k] = m.oneofs.size();
      oneof_element o;
      o.name = d.oneof_decl(k).name();
      o.options = convert_options(d.oneof_decl(k).options(), source_, extend_path(path, {8, k, 2}));
      m.oneofs.push_back(std::move(o));
    }
    for (int i = 0; i < d.field_size(); ++i) {
      const FDP& f = d.field(i);
      proto_path fpath = extend_path(path, {2, i});
      bool in_oneof = f.has_oneof_index() && !f.proto3_optional() && oneof_slot.count(f.oneof_index());
      if (f.type() == FDP::TYPE_GROUP && group_types.count(f.type_name())) {
        int j = group_types[f.type_name()];
        group_element g;
        g.label = in_oneof ? field_label::none : label_of(f, fpath);
        g.name = f.type_name();
        g.tag = f.number();
        const auto& nested = d.nested_type(j);
        for (int k = 0; k < nested.field_size(); ++k) {
          g.fields.push_back(field(nested.field(k), extend_path(path, {3, j, 2, k}), {}, false));
        }
        (in_oneof ? m.oneofs[oneof_slot[f.oneof_index()]].groups : m.groups).push_back(std::move(g));
        continue;
      }
      field_element e = field(f, fpath, entries, in_oneof);
      if (in_oneof) {
        m.oneofs[oneof_slot[f.oneof_index()]].fields.push_back(std::move(e));
      } else {
        m.fields.push_back(std::move(e));
      }
    }
    for (int j = 0; j < d.nested_type_size(); ++j) {
      const auto& n = d.nested_type(j);
      if (entries.count(n.name()) || group_types.count(n.name())) continue;
      m.messages.push_back(message(n, extend_path(path, {3, j})));
    }
    for (int j = 0; j < d.enum_type_size(); ++j) m.enums.push_back(enumeration(d.enum_type(j), extend_path(path, {4, j})));
    m.options = convert_options(d.options(), source_, extend_path(path, {7}));
    std::vector<std::string> names(d.reserved_name().begin(), d.reserved_name().end());
    proto_path names_path = extend_path(path, {10});
    m.reserveds = ranges(
        extend_path(path, {9}), d.reserved_range_size(),
        [&](int i) { return std::pair{d.reserved_range(i).start(), d.reserved_range(i).end()}; }, true, &names_path, names);
    m.extensions = ranges(
        extend_path(path, {5}), d.extension_range_size(),
        [&](int i) { return std::pair{d.extension_range(i).start(), d.extension_range(i).end()}; }, true, nullptr, {});
    m.extends = extends(d.extension(), extend_path(path, {6}));
    return m;
  }

  enum_element enumeration(const gp::EnumDescriptorProto& d, const proto_path& path) const {
    enum_element e;
    e.name = d.name();
    e.options = convert_options(d.options(), source_, extend_path(path, {3}));
    for (int i = 0; i < d.value_size(); ++i) {
      enum_constant c;
      c.name = d.value(i).name();
      c.tag = d.value(i).number();
      c.options = convert_options(d.value(i).options(), source_, extend_path(path, {2, i, 3}));
      e.constants.push_back(std::move(c));
    }
    std::vector<std::string> names(d.reserved_name().begin(), d.reserved_name().end());
    proto_path names_path = extend_path(path, {5});
    e.reserveds = ranges(
        extend_path(path, {4}), d.reserved_range_size(),
        [&](int i) { return std::pair{d.reserved_range(i).start(), d.reserved_range(i).end()}; }, false, &names_path,
        names);
    return e;
  }

  service_element service(const gp::ServiceDescriptorProto& d, const proto_path& path) const {
    service_element s;
    s.name = d.name();
    s.options = convert_options(d.options(), source_, extend_path(path, {3}));
    for (int i = 0; i < d.method_size(); ++i) {
      const auto& m = d.method(i);
      rpc_element r;
      r.name = m.name();
      r.request_type = m.input_type();
      r.response_type = m.output_type();
      r.request_streaming = m.client_streaming();
      r.response_streaming = m.server_streaming();
      r.options = convert_options(m.options(), source_, extend_path(path, {2, i, 4}));
      s.rpcs.push_back(std::move(r));
    }
    return s;
  }

  /// `extend X { ... }` blocks: by statement span for text, by extendee (Confluent) otherwise.
  std::vector<extend_element> extends(const gp::RepeatedPtrField<FDP>& fields, const proto_path& path) const {
    std::vector<extend_element> out;
    std::vector<source_span> blocks;
    if (source_ != nullptr) blocks = source_->spans(path);
    std::vector<int> block_of_out(blocks.size(), -1);
    for (int i = 0; i < fields.size(); ++i) {
      const FDP& f = fields.Get(i);
      field_element e = field(f, extend_path(path, {i}), {}, false);
      int slot = -1;
      if (source_ != nullptr) {
        auto at = source_->first(extend_path(path, {i}));
        for (std::size_t b = 0; at && b < blocks.size(); ++b) {
          if (blocks[b].contains(*at)) {
            if (block_of_out[b] < 0) {
              block_of_out[b] = static_cast<int>(out.size());
              out.push_back({f.extendee(), {}});
            }
            slot = block_of_out[b];
            break;
          }
        }
      }
      if (slot < 0) {
        for (std::size_t k = 0; k < out.size(); ++k) {
          if (out[k].name == f.extendee()) slot = static_cast<int>(k);
        }
        if (slot < 0 || source_ != nullptr) {
          slot = static_cast<int>(out.size());
          out.push_back({f.extendee(), {}});
        }
      }
      out[static_cast<std::size_t>(slot)].fields.push_back(std::move(e));
    }
    return out;
  }

  const gp::FileDescriptorProto& file_;
  const source_index* source_;
  bool proto3_;
};

}  // namespace

std::string scalar_name(FDP::Type type) {
  switch (type) {
    case FDP::TYPE_DOUBLE: return "double";
    case FDP::TYPE_FLOAT: return "float";
    case FDP::TYPE_INT64: return "int64";
    case FDP::TYPE_UINT64: return "uint64";
    case FDP::TYPE_INT32: return "int32";
    case FDP::TYPE_FIXED64: return "fixed64";
    case FDP::TYPE_FIXED32: return "fixed32";
    case FDP::TYPE_BOOL: return "bool";
    case FDP::TYPE_STRING: return "string";
    case FDP::TYPE_BYTES: return "bytes";
    case FDP::TYPE_UINT32: return "uint32";
    case FDP::TYPE_SFIXED32: return "sfixed32";
    case FDP::TYPE_SFIXED64: return "sfixed64";
    case FDP::TYPE_SINT32: return "sint32";
    case FDP::TYPE_SINT64: return "sint64";
    default: return "";
  }
}

proto_file to_proto_file(const gp::FileDescriptorProto& file, const source_index* source) {
  return converter(file, source).run();
}

}  // namespace tessera::formats::protobuf
