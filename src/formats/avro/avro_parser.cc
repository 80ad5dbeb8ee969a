#include "formats/avro/avro_parser.h"

#include <unordered_set>

#include "formats/avro/avro_writer.h"
#include "formats/avro/java_text.h"

namespace tessera::formats::avro {

namespace {

constexpr std::string_view schema_reserved[] = {"doc",     "fields", "items", "name",   "namespace",
                                                "size",    "symbols", "values", "type", "aliases"};

bool is_reserved(std::string_view key, bool is_enum) {
  for (std::string_view r : schema_reserved) {
    if (key == r) return true;
  }
  return is_enum && key == "default";
}

/// Java's `getRequiredText(container, key, error)`.
const std::string& required_text(const json_value& v, std::string_view key, std::string_view error) {
  const std::string* s = v.find_text(key);
  if (s == nullptr) throw schema_failure(std::string(error) + ": " + to_json(v));
  return *s;
}

std::optional<std::string> optional_text(const json_value& v, std::string_view key) {
  const std::string* s = v.find_text(key);
  return s == nullptr ? std::nullopt : std::optional<std::string>(*s);
}

void check_not_primitive(const avro_name& name) {
  if (primitive_named(name.full)) {
    throw schema_failure("Schemas may not be named after primitives: " + name.full);
  }
}

}  // namespace

node named_node(avro_type type, const avro_name& name, std::optional<std::string> doc) {
  node n;
  n.type = type;
  n.named = std::make_unique<named_type>();
  n.named->name = name.simple;
  n.named->space = name.space;
  n.named->full = name.full;
  n.named->doc = std::move(doc);
  return n;
}

result<node_id> parser::parse(std::string_view text) {
  json_document doc = parse_json(text);
  if (doc.status == json_status::empty) {
    return fail(error_code::invalid_schema, "Cannot parse <null> schema");
  }
  if (doc.status == json_status::invalid) return fail(error_code::invalid_schema, doc.error);
  space_.clear();
  node_id root = no_node;
  try {
    root = parse_schema(doc.root);
  } catch (const schema_failure& e) {
    return fail(error_code::invalid_schema, e.what());
  }
  // Java reads one JSON value, builds the schema, and only then rejects trailing text.
  std::string_view rest = java_trim(text.substr(doc.end));
  if (!rest.empty()) {
    return fail(error_code::invalid_schema, "dangling content after end of schema: " + std::string(rest));
  }
  return root;
}

parser::lookup_result parser::lookup(std::string_view name) const {
  lookup_result r;
  if (auto p = primitive_named(name)) {
    r.primitive = p;
    return r;
  }
  // First relative to the default namespace, then in the null namespace.
  avro_name n = make_name(name, space_);
  auto it = names_.find(n.full);
  if (it == names_.end()) it = names_.find(make_name(name, "").full);
  if (it != names_.end()) r.named = it->second;
  return r;
}

node_id parser::make_primitive(avro_type t) {
  node n;
  n.type = t;
  return tree_.add(std::move(n));
}

void parser::add_name(node_id id) {
  const std::string& full = tree_.at(id).named->full;
  if (!names_.emplace(full, id).second) throw schema_failure("Can't redefine: " + full);
}

node_id parser::parse_schema(const json_value& v) {
  switch (v.kind) {
    case json_kind::string: {
      lookup_result r = lookup(v.text);
      if (r.primitive) return make_primitive(*r.primitive);
      if (r.named == no_node) throw schema_failure("Undefined name: " + to_json(v));
      return r.named;
    }
    case json_kind::object: return parse_object(v);
    case json_kind::array: return parse_union(v);
    default: throw schema_failure("Schema not yet supported: " + to_json(v));
  }
}

node_id parser::parse_object(const json_value& v) {
  const std::string type = required_text(v, "type", "No type");
  const std::string saved_space = space_;
  const bool is_record = type == "record" || type == "error";
  const bool named = is_record || type == "enum" || type == "fixed";
  avro_name name;
  std::optional<std::string> doc;
  if (named) {
    std::optional<std::string> space = optional_text(v, "namespace");
    doc = optional_text(v, "doc");
    if (!space) space = space_;
    name = make_name(required_text(v, "name", "No name in schema"), *space);
    space_ = name.space;
  }
  node_id id = no_node;
  if (auto p = primitive_named(type)) {
    id = make_primitive(*p);
  } else if (is_record) {
    id = parse_record(v, name, std::move(doc), type == "error");
  } else if (type == "enum") {
    id = parse_enum(v, name, std::move(doc));
  } else if (type == "array" || type == "map") {
    bool is_array = type == "array";
    const json_value* inner = v.find(is_array ? "items" : "values");
    if (inner == nullptr) {
      throw schema_failure(std::string(is_array ? "Array has no items type: " : "Map has no values type: ") +
                           to_json(v));
    }
    node_id child = parse_schema(*inner);
    node n;
    n.type = is_array ? avro_type::array : avro_type::map;
    n.child = child;
    id = tree_.add(std::move(n));
  } else if (type == "fixed") {
    id = parse_fixed(v, name, std::move(doc));
  } else {
    // `{"type": "SomeName"}` refers to a named type already defined; other attributes are ignored.
    auto it = names_.find(make_name(type, space_).full);
    if (it != names_.end()) return it->second;
    throw schema_failure("Type not supported: " + type);
  }
  const bool is_enum = type == "enum";
  for (std::size_t i = 0; i < v.keys.size(); ++i) {
    if (!is_reserved(v.keys[i], is_enum)) tree_.at(id).props.push_back({v.keys[i], v.items[i]});
  }
  detect_logical_type(tree_.at(id));
  space_ = saved_space;
  if (named) add_aliases(id, v);
  return id;
}

node_id parser::parse_union(const json_value& v) {
  std::vector<node_id> branches;
  branches.reserve(v.items.size());
  for (const json_value& item : v.items) branches.push_back(parse_schema(item));
  node u;
  u.type = avro_type::union_type;
  u.branches = branches;
  node_id id = tree_.add(std::move(u));
  std::unordered_set<std::string_view> seen;
  for (node_id b : branches) {
    const node& n = tree_.at(b);
    if (n.type == avro_type::union_type) throw schema_failure("Nested union: " + write_schema(tree_, id));
    std::string_view name = n.named ? std::string_view(n.named->full) : type_name(n.type);
    if (!seen.insert(name).second) throw schema_failure("Duplicate in union:" + std::string(name));
  }
  return id;
}

node_id parser::parse_enum(const json_value& v, const avro_name& name, std::optional<std::string> doc) {
  const json_value* symbols = v.find("symbols");
  if (symbols == nullptr || !symbols->is_array()) {
    throw schema_failure("Enum has no symbols: " + to_json(v));
  }
  const std::string* default_symbol = v.find_text("default");
  check_not_primitive(name);
  node e = named_node(avro_type::enumeration, name, std::move(doc));
  named_type& t = *e.named;
  std::unordered_set<std::string_view> seen;
  for (const json_value& s : symbols->items) {
    if (!s.is_textual()) throw schema_failure("Null name");
    validate_name(s.text);
    if (!seen.insert(s.text).second) throw schema_failure("Duplicate enum symbol: " + s.text);
    t.symbols.push_back(s.text);
  }
  if (default_symbol != nullptr) {
    if (!seen.contains(*default_symbol)) {
      std::string list;
      for (const std::string& s : t.symbols) list += (list.empty() ? "" : ", ") + s;
      throw schema_failure("The Enum Default: " + *default_symbol + " is not in the enum symbol set: [" +
                           list + "]");
    }
    t.enum_default = *default_symbol;
  }
  node_id id = tree_.add(std::move(e));
  tree_.index(id);
  add_name(id);
  return id;
}

node_id parser::parse_fixed(const json_value& v, const avro_name& name, std::optional<std::string> doc) {
  const json_value* size = v.find("size");
  if (size == nullptr || !size->is_int()) throw schema_failure("Invalid or no size: " + to_json(v));
  check_not_primitive(name);
  // Avro 1.11.4 applies its byte-length limits to fixed sizes.
  if (size->integer < 0) {
    throw schema_failure("Malformed data. Length is negative: " + std::to_string(size->integer));
  }
  constexpr std::int64_t max_array_vm_limit = 2147483647 - 8;
  if (size->integer > max_array_vm_limit) {
    throw schema_failure("Cannot read arrays longer than " + std::to_string(max_array_vm_limit) +
                         " bytes in Java library");
  }
  node f = named_node(avro_type::fixed, name, std::move(doc));
  f.named->size = static_cast<std::int32_t>(size->integer);
  node_id id = tree_.add(std::move(f));
  add_name(id);
  return id;
}

void parser::add_aliases(node_id id, const json_value& v) {
  std::vector<std::string> aliases = parse_aliases(v);
  named_type& n = *tree_.at(id).named;
  std::unordered_set<std::string> seen;
  for (const std::string& alias : aliases) {
    // Java keeps a set of Names: "a" and "ns.a" in namespace ns are the same alias.
    avro_name a = make_name(alias, n.space);
    if (seen.insert(a.full).second) n.aliases.push_back(std::move(a.full));
  }
}

std::vector<std::string> parse_aliases(const json_value& v) {
  std::vector<std::string> out;
  const json_value* aliases = v.find("aliases");
  if (aliases == nullptr) return out;
  if (!aliases->is_array()) throw schema_failure("aliases not an array: " + to_json(v));
  std::unordered_set<std::string_view> seen;
  for (const json_value& a : aliases->items) {
    if (!a.is_textual()) throw schema_failure("alias not a string: " + to_json(a));
    if (seen.insert(a.text).second) out.push_back(a.text);
  }
  return out;
}

}  // namespace tessera::formats::avro
