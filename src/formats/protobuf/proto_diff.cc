#include "formats/protobuf/proto_diff.h"

#include <array>
#include <map>
#include <set>

#include "formats/protobuf/java_hash.h"

namespace tessera::formats::protobuf {

namespace {

enum class kind { scalar, map, message };
enum class scalar_kind { general_number, signed_number, string_or_bytes, fixed32, fixed64, float32, float64, unknown };

/// Context: the two type tables and packages, the path (`#/A/1`) and the name scope (message
/// names only), the messages being compared (to stop on recursive types), and the findings.
struct context {
  const type_index* types[2] = {nullptr, nullptr};  // [0] original, [1] update
  std::string package[2];
  std::vector<std::string> path;
  std::vector<std::string> scope;
  std::set<const message_element*> schemas;
  std::vector<difference> diffs;

  void add(const char* type) {
    std::string p = "#/";
    for (std::size_t i = 0; i < path.size(); ++i) p += (i ? "/" : "") + path[i];
    diffs.push_back({type, p});
  }
  std::optional<std::string> resolve(const std::string& name, int side) const {
    return resolve_type(*types[side], name, package[side], scope);
  }
  const type_info* get_type(const std::string& name, int side) const {
    auto full = resolve(name, side);
    return full ? types[side]->find(*full) : nullptr;
  }
  bool compatible() const {
    for (const auto& d : diffs) {
      if (!is_compatible_change(d.type)) return false;
    }
    return true;
  }
};

/// A path (and optionally name-scope) element for the duration of a block.
class enter {
 public:
  enter(context& c, std::string element, bool named) : c_(c), named_(named) {
    c_.path.push_back(element);
    if (named_) c_.scope.push_back(std::move(element));
  }
  ~enter() {
    c_.path.pop_back();
    if (named_) c_.scope.pop_back();
  }
  enter(const enter&) = delete;
  enter& operator=(const enter&) = delete;

 private:
  context& c_;
  bool named_;
};

void compare_types(context& c, const std::vector<message_element>& om, const std::vector<enum_element>& oe,
                   const std::vector<message_element>& um, const std::vector<enum_element>& ue);
void compare_message(context& c, const message_element& original, const message_element& update);

kind kind_of(const context& c, const std::string& type, int side) {
  if (is_scalar_type(type)) return kind::scalar;
  if (map_types(type)) return kind::map;
  const type_info* info = c.get_type(type, side);
  return info != nullptr && info->enumeration != nullptr ? kind::scalar : kind::message;
}

scalar_kind scalar_kind_of(const context& c, const std::string& type, int side) {
  const type_info* info = c.get_type(type, side);
  if (info != nullptr && info->enumeration != nullptr) return scalar_kind::general_number;
  if (type == "int32" || type == "int64" || type == "uint32" || type == "uint64" || type == "bool") {
    return scalar_kind::general_number;
  }
  if (type == "sint32" || type == "sint64") return scalar_kind::signed_number;
  if (type == "string" || type == "bytes") return scalar_kind::string_or_bytes;
  if (type == "fixed32" || type == "sfixed32") return scalar_kind::fixed32;
  if (type == "fixed64" || type == "sfixed64") return scalar_kind::fixed64;
  if (type == "float") return scalar_kind::float32;
  if (type == "double") return scalar_kind::float64;
  return scalar_kind::unknown;
}

std::string local_name(const std::string& full, const std::string& package) {
  return full.rfind(package + ".", 0) == 0 ? full.substr(package.size() + 1) : full;
}

void compare_message_types(context& c, const std::string& original, const std::string& update) {
  auto ofull = c.resolve(original, 0);
  auto ufull = c.resolve(update, 1);
  if (!ofull || !ufull) {
    if (original != update) c.add("FIELD_NAMED_TYPE_CHANGED");
    return;
  }
  const type_info* oinfo = c.get_type(*ofull, 0);
  const type_info* uinfo = c.get_type(*ufull, 1);
  if (oinfo == nullptr || uinfo == nullptr) return;
  std::string olocal = local_name(*ofull, oinfo->package);
  std::string ulocal = local_name(*ufull, uinfo->package);
  if (olocal != ulocal) {
    c.add("FIELD_NAMED_TYPE_CHANGED");
    return;
  }
  // Types of the schema itself, or of the same referenced subject-version, are compared
  // elsewhere or are identical.
  if (oinfo->origin && uinfo->origin && *oinfo->origin == *uinfo->origin) return;
  if (oinfo->message == nullptr || uinfo->message == nullptr) return;
  context sub = c;
  sub.diffs.clear();
  sub.package[0] = oinfo->package;
  sub.package[1] = uinfo->package;
  sub.path.clear();
  sub.scope.clear();
  std::size_t start = 0;
  while (true) {
    auto dot = olocal.find('.', start);
    sub.path.push_back(olocal.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  sub.scope = sub.path;
  compare_message(sub, *oinfo->message, *uinfo->message);
  c.diffs.insert(c.diffs.end(), sub.diffs.begin(), sub.diffs.end());
  if (!sub.compatible()) c.add("FIELD_NAMED_TYPE_CHANGED");
}

void compare_labels_and_types(context& c, field_label olabel, field_label ulabel, std::string otype,
                              std::string utype) {
  if (const type_info* info = c.get_type(otype, 0); info != nullptr && info->is_map) otype = info->map_type();
  if (const type_info* info = c.get_type(utype, 1); info != nullptr && info->is_map) utype = info->map_type();
  kind ok = kind_of(c, otype, 0);
  kind uk = kind_of(c, utype, 1);
  if (ok != uk) {
    c.add("FIELD_KIND_CHANGED");
    return;
  }
  switch (ok) {
    case kind::scalar: {
      scalar_kind os = scalar_kind_of(c, otype, 0);
      if (os != scalar_kind_of(c, utype, 1)) {
        c.add("FIELD_SCALAR_KIND_CHANGED");
      } else if (olabel != field_label::none && ulabel != field_label::none && olabel != ulabel) {
        if (os == scalar_kind::string_or_bytes) {
          c.add("FIELD_STRING_OR_BYTES_LABEL_CHANGED");
        } else if (os != scalar_kind::unknown) {
          c.add("FIELD_NUMERIC_LABEL_CHANGED");
        }
      }
      break;
    }
    case kind::message: compare_message_types(c, otype, utype); break;
    case kind::map: {
      auto om = map_types(otype);
      auto um = map_types(utype);
      compare_labels_and_types(c, field_label::none, field_label::none, om->first, um->first);
      compare_labels_and_types(c, field_label::none, field_label::none, om->second, um->second);
      break;
    }
  }
}

void compare_field(context& c, const field_element& original, const field_element& update) {
  if (original.name != update.name) c.add("FIELD_NAME_CHANGED");
  compare_labels_and_types(c, original.label, update.label, original.type, update.type);
}

template <class T>
std::vector<std::int32_t> tags_in_hash_order(const std::vector<T>& items) {
  std::vector<std::int32_t> tags;
  for (const auto& i : items) tags.push_back(i.tag);
  return java_hash_map_order(tags);
}

/// HashMap<Integer, T>.put over `items`: the last one with a tag wins.
template <class T>
std::map<std::int32_t, const T*> by_tag(const std::vector<T>& items) {
  std::map<std::int32_t, const T*> out;
  for (const auto& i : items) out[i.tag] = &i;
  return out;
}

void compare_oneof(context& c, const oneof_element& original, const oneof_element& update) {
  auto obt = by_tag(original.fields);
  auto ubt = by_tag(update.fields);
  for (std::int32_t tag : java_hash_set_union(tags_in_hash_order(original.fields), tags_in_hash_order(update.fields))) {
    enter at(c, std::to_string(tag), false);
    auto o = obt.find(tag);
    auto u = ubt.find(tag);
    if (u == ubt.end()) {
      c.add("ONEOF_FIELD_REMOVED");
    } else if (o == obt.end()) {
      c.add("ONEOF_FIELD_ADDED");
    } else {
      compare_field(c, *o->second, *u->second);
    }
  }
}

std::vector<std::string> names_in_hash_order(const std::vector<std::string>& names) { return java_hash_map_order(names); }

void compare_message(context& c, const message_element& original, const message_element& update) {
  // Context.enterSchema: a message already being compared further up (a recursive type) is not
  // compared again, which ends the recursion.
  bool entered = c.schemas.insert(&original).second;
  if (entered) {
    auto obt = by_tag(original.fields);
    auto ubt = by_tag(update.fields);
    std::vector<std::int32_t> original_tags = tags_in_hash_order(original.fields);
    std::map<std::string, const oneof_element*> ooneofs;
    std::map<std::int32_t, const field_element*> ooneof_fields;
    std::vector<std::string> onames;
    for (const auto& o : original.oneofs) {
      ooneofs[o.name] = &o;
      onames.push_back(o.name);
      for (const auto& f : o.fields) ooneof_fields[f.tag] = &f;
    }
    std::map<std::string, const oneof_element*> uoneofs;
    std::vector<std::string> unames;
    for (const auto& o : update.oneofs) {
      uoneofs[o.name] = &o;
      unames.push_back(o.name);
      enter at(c, o.name, false);
      int moved = 0;
      int existing = 0;
      for (const auto& f : o.fields) {
        // A top-level field that moved into this oneof is not reported as removed.
        if (obt.erase(f.tag) != 0) {
          ++moved;
        } else if (ooneof_fields.count(f.tag)) {
          ++existing;
        }
      }
      if (moved > 1) {
        c.add("MULTIPLE_FIELDS_MOVED_TO_ONEOF");
      } else if (moved == 1 && existing > 0) {
        c.add("FIELD_MOVED_TO_EXISTING_ONEOF");
      }
    }
    for (const auto& name : java_hash_set_union(names_in_hash_order(onames), names_in_hash_order(unames))) {
      enter at(c, name, false);
      auto o = ooneofs.find(name);
      auto u = uoneofs.find(name);
      if (u == uoneofs.end()) {
        c.add("ONEOF_REMOVED");
      } else if (o == ooneofs.end()) {
        c.add("ONEOF_ADDED");
      } else {
        compare_oneof(c, *o->second, *u->second);
      }
    }
    std::vector<std::int32_t> remaining;
    for (std::int32_t t : original_tags) {
      if (obt.count(t)) remaining.push_back(t);
    }
    for (std::int32_t tag : java_hash_set_union(remaining, tags_in_hash_order(update.fields))) {
      enter at(c, std::to_string(tag), false);
      auto o = obt.find(tag);
      auto u = ubt.find(tag);
      if (u == ubt.end()) {
        c.add(o->second->label == field_label::required ? "REQUIRED_FIELD_REMOVED" : "FIELD_REMOVED");
      } else if (o == obt.end()) {
        c.add(u->second->label == field_label::required ? "REQUIRED_FIELD_ADDED" : "FIELD_ADDED");
      } else {
        compare_field(c, *o->second, *u->second);
      }
    }
  }
  compare_types(c, original.messages, original.enums, update.messages, update.enums);
  if (entered) c.schemas.erase(&original);
}

void compare_enum(context& c, const enum_element& original, const enum_element& update) {
  auto obt = by_tag(original.constants);
  auto ubt = by_tag(update.constants);
  for (std::int32_t tag :
       java_hash_set_union(tags_in_hash_order(original.constants), tags_in_hash_order(update.constants))) {
    enter at(c, std::to_string(tag), false);
    auto o = obt.find(tag);
    auto u = ubt.find(tag);
    if (u == ubt.end()) {
      c.add("ENUM_CONST_REMOVED");
    } else if (o == obt.end()) {
      c.add("ENUM_CONST_ADDED");
    } else if (o->second->name != u->second->name) {
      c.add("ENUM_CONST_CHANGED");
    }
  }
}

template <class T>
std::pair<std::map<std::string, const T*>, std::vector<std::string>> by_name(const std::vector<T>& items) {
  std::map<std::string, const T*> map;
  std::vector<std::string> names;
  for (const auto& i : items) {
    map[i.name] = &i;
    names.push_back(i.name);
  }
  return {map, java_hash_map_order(names)};
}

void compare_types(context& c, const std::vector<message_element>& om, const std::vector<enum_element>& oe,
                   const std::vector<message_element>& um, const std::vector<enum_element>& ue) {
  auto [omap, onames] = by_name(om);
  auto [umap, unames] = by_name(um);
  std::map<std::string, int> oindex;
  std::map<std::string, int> uindex;
  for (std::size_t i = 0; i < om.size(); ++i) oindex[om[i].name] = static_cast<int>(i);
  for (std::size_t i = 0; i < um.size(); ++i) uindex[um[i].name] = static_cast<int>(i);
  for (const auto& name : java_hash_set_union(onames, unames)) {
    enter at(c, name, true);
    auto o = omap.find(name);
    auto u = umap.find(name);
    if (u == umap.end()) {
      const type_info* info = c.get_type(name, 0);
      if (info != nullptr && !info->is_map) c.add("MESSAGE_REMOVED");
    } else if (o == omap.end()) {
      const type_info* info = c.get_type(name, 1);
      if (info != nullptr && !info->is_map) c.add("MESSAGE_ADDED");
    } else {
      compare_message(c, *o->second, *u->second);
      // Message indexes on the wire refer to the writer's schema, so a move is compatible.
      if (oindex[name] != uindex[name]) c.add("MESSAGE_MOVED");
    }
  }
  auto [oenums, oenames] = by_name(oe);
  auto [uenums, uenames] = by_name(ue);
  for (const auto& name : java_hash_set_union(oenames, uenames)) {
    enter at(c, name, true);
    auto o = oenums.find(name);
    auto u = uenums.find(name);
    if (u == uenums.end()) {
      c.add("ENUM_REMOVED");
    } else if (o == oenums.end()) {
      c.add("ENUM_ADDED");
    } else {
      compare_enum(c, *o->second, *u->second);
    }
  }
}

}  // namespace

std::vector<difference> compare_schemas(const diff_side& original, const diff_side& update) {
  context c;
  c.types[0] = original.types;
  c.types[1] = update.types;
  c.package[0] = original.file->package.value_or("");
  c.package[1] = update.file->package.value_or("");
  if (original.file->package != update.file->package) c.add("PACKAGE_CHANGED");
  compare_types(c, original.file->messages, original.file->enums, update.file->messages, update.file->enums);
  return c.diffs;
}

bool is_compatible_change(std::string_view type) {
  static constexpr std::array<std::string_view, 14> compatible{
      "MESSAGE_ADDED",   "MESSAGE_MOVED",      "ENUM_ADDED",         "ENUM_REMOVED",
      "ENUM_CONST_ADDED", "ENUM_CONST_CHANGED", "ENUM_CONST_REMOVED", "FIELD_ADDED",
      "FIELD_REMOVED",   "FIELD_NAME_CHANGED", "FIELD_STRING_OR_BYTES_LABEL_CHANGED",
      "ONEOF_ADDED",     "ONEOF_REMOVED",      "ONEOF_FIELD_ADDED"};
  for (auto t : compatible) {
    if (t == type) return true;
  }
  return false;
}

std::string render_difference(const difference& d, std::string_view reader, std::string_view writer) {
  const std::string& p = d.path;
  std::string r(reader);
  std::string w(writer);
  std::string text;
  const std::string& t = d.type;
  if (t == "PACKAGE_CHANGED") {
    text = "The package at '" + p + "' in the " + r + " schema does not match the package in the " + w + " schema";
  } else if (t == "MESSAGE_REMOVED") {
    text = "The " + r + " schema is missing a MESSAGE type at path '" + p + "' in the " + w + " schema";
  } else if (t == "FIELD_KIND_CHANGED") {
    text = "The type of a field at path '" + p + "' in the " + r + " schema does not match the " + w + " schema";
  } else if (t == "FIELD_SCALAR_KIND_CHANGED") {
    text = "The kind of a SCALAR field at path '" + p + "' in the " + r + " schema does not match its kind in the " + w +
           " schema";
  } else if (t == "FIELD_NAMED_TYPE_CHANGED") {
    text = "The type of a MESSAGE field at path '" + p + "' in the " + r + " schema does not match its type in the " + w +
           " schema";
  } else if (t == "FIELD_NUMERIC_LABEL_CHANGED") {
    text = "The label for a NUMERIC field at path '" + p + "' in the " + r + " schema does not match its label in the " +
           w + " schema";
  } else if (t == "REQUIRED_FIELD_ADDED") {
    text = "A required field  at path '" + p + "' in the " + r + " schema is missing in the " + w + " schema";
  } else if (t == "REQUIRED_FIELD_REMOVED") {
    text = "The " + r + " schema is missing a required field at path: '" + p + "' in the " + w + " schema";
  } else if (t == "ONEOF_FIELD_REMOVED") {
    text = "The " + r + " schema is missing a oneof field at path '" + p + "' in the " + w + " schema";
  } else if (t == "MULTIPLE_FIELDS_MOVED_TO_ONEOF") {
    text = "Multiple fields in the oneof at path '" + p + "' in the " + r + " schema are outside a oneof in the " + w +
           " schema";
  } else if (t == "FIELD_MOVED_TO_EXISTING_ONEOF") {
    text = "A field in the oneof at path '" + p + "' in the " + r + " schema is outside an existing oneof in the " + w +
           " schema";
  }
  return "{errorType:\"" + t + "\", description:\"" + text + "\"}";
}

}  // namespace tessera::formats::protobuf
