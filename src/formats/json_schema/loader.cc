// Entry point and the keyword readers both loader families share. Checks follow everit's
// JsonValue.requireX calls: `minLength` must be a Java Integer (so 1.5, 1.0 and 2^31 fail),
// `title` a string, `required` an array of strings, and so on.

#include <set>

#include "formats/json_schema/java_order.h"
#include "formats/json_schema/java_regex.h"
#include "formats/json_schema/loader_internal.h"

namespace tessera::formats::json_schema {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

/// everit's SpecificationVersion.getByMetaSchemaUrl: a prefix match, http or https.
std::optional<dialect> everit_dialect(std::string_view url) {
  struct entry {
    std::string_view path;
    dialect draft;
  };
  static constexpr entry known[] = {{"json-schema.org/draft-04/schema", dialect::draft4},
                                    {"json-schema.org/draft-06/schema", dialect::draft6},
                                    {"json-schema.org/draft-07/schema", dialect::draft7}};
  for (const auto& k : known) {
    for (std::string_view scheme : {"http://", "https://"}) {
      if (starts_with(url, std::string(scheme) + std::string(k.path))) return k.draft;
    }
  }
  return std::nullopt;
}

/// Confluent's SpecificationVersion for the two dialects it hands to json-sKema.
std::optional<dialect> modern_dialect(std::string_view url) {
  if (!url.empty() && url.back() == '#') url.remove_suffix(1);
  for (std::string_view scheme : {"http://", "https://"}) {
    if (url == std::string(scheme) + "json-schema.org/draft/2020-12/schema") return dialect::draft2020_12;
    if (url == std::string(scheme) + "json-schema.org/draft/2019-09/schema") return dialect::draft2019_09;
  }
  return std::nullopt;
}

const char* id_keyword(dialect d) { return d == dialect::draft4 ? "id" : "$id"; }

/// The dialect a referenced document is read with: its own `$schema` within the family of the
/// root, else the root's.
dialect document_dialect(const json_value& doc, dialect inherited) {
  const json_value* s = doc.find("$schema");
  if (s == nullptr || !s->is_string()) return inherited;
  if (is_modern(inherited)) return modern_dialect(s->text).value_or(inherited);
  return everit_dialect(s->text).value_or(inherited);
}

}  // namespace

dialect root_dialect(const json_value& document) {
  const json_value* s = document.find("$schema");
  if (s == nullptr || !s->is_string()) return dialect::draft7;
  if (auto m = modern_dialect(s->text)) return *m;
  return everit_dialect(s->text).value_or(dialect::draft7);
}

std::optional<std::string> load_schema(schema_graph& graph, const json_value& document,
                                       std::span<const resolved_reference> references) {
  schema_loader loader(graph, references);
  node_ref root = loader.load_root(document);
  if (root == nullptr) return loader.error().empty() ? std::string("invalid schema") : loader.error();
  graph.set_root(root);
  return std::nullopt;
}

schema_loader::schema_loader(schema_graph& graph, std::span<const resolved_reference> references)
    : graph_(graph), references_(references) {}

node_ref schema_loader::load_root(const json_value& document) {
  if (document.kind == json_kind::null) return fail("the schema is null");
  dialect draft = root_dialect(document);
  if (const json_value* s = document.find("$schema"); s != nullptr && s->kind != json_kind::null && !s->is_string()) {
    return fail("$schema is not a string");  // everit casts it to String
  }
  schema_document& root = documents_.emplace_back();
  root.draft = draft;
  if (document.is_object() || document.is_boolean()) {
    root.json = document;
  } else {
    // Jackson reads any other JSON into an empty org.json JSONObject: an empty schema.
    root.json.kind = json_kind::object;
  }
  if (const json_value* id = root.json.find(id_keyword(draft)); id != nullptr && id->is_string()) {
    root.uri = split_fragment(resolve_uri("", id->text)).first;
  }
  for (const resolved_reference& ref : references_) {
    auto parsed = parse_json(ref.text);
    if (!parsed || !(parsed->is_object() || (is_modern(draft) && parsed->is_boolean()))) {
      return fail("referenced schema '" + ref.name + "' is not a JSON object");
    }
    schema_document& doc = documents_.emplace_back();
    doc.uri = split_fragment(resolve_uri(root.uri, ref.name)).first;
    doc.draft = document_dialect(*parsed, draft);
    doc.json = std::move(*parsed);
  }
  load_context ctx{&documents_.front(), documents_.front().uri, draft};
  schema_node* node = load_child(documents_.front().json, ctx);
  if (node == nullptr) return nullptr;
  if (is_modern(draft) && !drain_modern_refs()) return nullptr;
  return node;
}

schema_node* schema_loader::fail(std::string reason) {
  if (error_.empty()) error_ = std::move(reason);
  return nullptr;
}

bool schema_loader::reject(std::string reason) {
  fail(std::move(reason));
  return false;
}

schema_node* schema_loader::new_node(schema_kind kind) {
  schema_node* n = graph_.add(kind);
  // Unique until load_combined gives a combined member the text duplicates are collapsed by.
  n->source_key = "#" + std::to_string(graph_.size());
  return n;
}

schema_node* schema_loader::load_child(const json_value& v, const load_context& ctx) {
  depth_guard guard(*this);
  if (depth_ > max_load_depth) return fail("schema nesting is too deep");
  if (!v.is_boolean() && !v.is_object()) return fail("a subschema is neither an object nor a boolean");
  return is_modern(ctx.draft) ? load_modern(v, ctx) : load_everit(v, ctx);
}

load_context schema_loader::enter(const json_value& obj, const load_context& ctx) const {
  load_context out = ctx;
  const json_value* id = obj.find(id_keyword(ctx.draft));
  if (id != nullptr && id->is_string()) out.base = resolve_uri(ctx.base, id->text);
  return out;
}

bool schema_loader::read_metadata(schema_node& node, const json_value& obj, const load_context& ctx,
                                  bool is_root_of_doc) {
  const char* id_key = id_keyword(ctx.draft);
  if (const json_value* id = obj.find(id_key)) {
    if (!id->is_string()) return reject(std::string(id_key) + " is not a string");
    // json-sKema consumes a document's root `$id` as its base URI; the translation drops it.
    if (!(is_modern(ctx.draft) && is_root_of_doc)) node.id = id->text;
  }
  for (const char* key : {"title", "description"}) {
    if (const json_value* v = obj.find(key)) {
      if (!v->is_string()) return reject(std::string(key) + " is not a string");
      (key[0] == 't' ? node.title : node.description) = v->text;
    }
  }
  if (ctx.draft == dialect::draft7) {
    for (const char* key : {"readOnly", "writeOnly"}) {
      if (const json_value* v = obj.find(key); v != nullptr && !v->is_boolean()) {
        return reject(std::string(key) + " is not a boolean");
      }
    }
  }
  if (const json_value* d = obj.find("default")) {
    // json-sKema's JSON null default translates to Java null: no default at all.
    if (!(is_modern(ctx.draft) && d->kind == json_kind::null)) {
      node.default_value = to_json(*d, true);
      node.default_is_container = d->is_object() || d->is_array();
    }
  }
  return true;
}

bool schema_loader::read_string_keywords(schema_node& node, const json_value& obj) {
  for (const char* key : {"minLength", "maxLength"}) {
    if (const json_value* v = obj.find(key)) {
      auto n = v->as_int32();
      if (!n) return reject(std::string(key) + " is not an integer");
      (key[1] == 'i' ? node.min_length : node.max_length) = *n;
    }
  }
  if (const json_value* v = obj.find("pattern")) {
    if (!v->is_string()) return reject("pattern is not a string");
    if (!is_valid_java_regex(v->text)) return reject("pattern is not a valid Java regex: " + v->text);
    node.pattern = v->text;
  }
  if (const json_value* v = obj.find("format"); v != nullptr && !v->is_string()) {
    return reject("format is not a string");
  }
  return true;
}

bool schema_loader::read_number_keywords(schema_node& node, const json_value& obj, dialect draft) {
  auto number = [&](const char* key, std::optional<number_value>& slot) {
    const json_value* v = obj.find(key);
    if (v == nullptr) return true;
    if (!v->is_number()) return reject(std::string(key) + " is not a number");
    slot = number_value{v->as_double(), v->text};
    return true;
  };
  if (!number("minimum", node.minimum) || !number("maximum", node.maximum)) return false;
  if (!number("multipleOf", node.multiple_of)) return false;
  if (node.multiple_of && node.multiple_of->value == 0) return reject("multipleOf should not be 0");
  if (draft == dialect::draft4) {
    for (const char* key : {"exclusiveMinimum", "exclusiveMaximum"}) {
      if (const json_value* v = obj.find(key); v != nullptr && !v->is_boolean()) {
        return reject(std::string(key) + " is not a boolean");
      }
    }
    return true;
  }
  return number("exclusiveMinimum", node.exclusive_minimum) && number("exclusiveMaximum", node.exclusive_maximum);
}

bool schema_loader::read_object_keywords(schema_node& node, const json_value& obj, const load_context& ctx) {
  bool modern = is_modern(ctx.draft);
  for (const char* key : {"minProperties", "maxProperties"}) {
    if (const json_value* v = obj.find(key)) {
      auto n = v->as_int32();
      if (!n) return reject(std::string(key) + " is not an integer");
      (key[1] == 'i' ? node.min_properties : node.max_properties) = *n;
    }
  }
  if (const json_value* props = obj.find("properties")) {
    if (!props->is_object()) return reject("properties is not an object");
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < props->keys.size(); ++i) {
      // everit skips an `$id`-named member whose value is not an object.
      if (!modern && props->keys[i] == id_keyword(ctx.draft) && !props->items[i].is_object()) continue;
      keys.push_back(props->keys[i]);
    }
    for (const std::string& key : java_hash_map_order(keys)) {
      schema_node* child = load_child(*props->find(key), ctx);
      if (child == nullptr) return false;
      node.properties.emplace_back(key, child);
    }
  }
  if (const json_value* add = obj.find("additionalProperties")) {
    if (add->is_boolean() && !modern) {
      node.additional_properties = add->boolean;
    } else {
      schema_node* child = load_child(*add, ctx);
      if (child == nullptr) return false;
      if (child->kind == schema_kind::false_schema && add->is_boolean()) {
        node.additional_properties = false;
      } else if (child->kind != schema_kind::true_schema || !add->is_boolean()) {
        node.additional_properties_schema = child;
      }
    }
  }
  if (const json_value* req = obj.find("required")) {
    if (!req->is_array()) return reject("required is not an array");
    for (const json_value& r : req->items) {
      if (!r.is_string()) return reject("required entry is not a string");
      node.required.push_back(r.text);
    }
  }
  if (const json_value* pats = obj.find("patternProperties")) {
    if (!pats->is_object()) return reject("patternProperties is not an object");
    for (std::size_t i = 0; i < pats->keys.size(); ++i) {
      if (!is_valid_java_regex(pats->keys[i])) return reject("invalid pattern: " + pats->keys[i]);
      schema_node* child = load_child(pats->items[i], ctx);
      if (child == nullptr) return false;
      node.pattern_properties.emplace_back(pats->keys[i], child);
    }
  }
  if (!modern) {
    if (const json_value* deps = obj.find("dependencies")) {
      if (!deps->is_object()) return reject("dependencies is not an object");
      std::vector<std::string> property_keys;
      std::vector<std::string> schema_keys;
      std::map<std::string, std::vector<std::string>> property_deps;
      std::map<std::string, node_ref> schema_deps;
      for (const std::string& key : java_hash_map_order(deps->keys)) {
        const json_value& dep = *deps->find(key);
        if (dep.is_object() || (dep.is_boolean() && ctx.draft != dialect::draft4)) {
          schema_node* child = load_child(dep, ctx);
          if (child == nullptr) return false;
          schema_keys.push_back(key);
          schema_deps[key] = child;
        } else if (dep.is_array()) {
          auto& names = property_deps[key];
          if (names.empty()) property_keys.push_back(key);
          for (const json_value& n : dep.items) {
            if (!n.is_string()) return reject("dependency entry is not a string");
            names.push_back(n.text);
          }
        } else {
          return reject("dependency is neither a schema nor an array");
        }
      }
      for (const std::string& key : java_hash_map_order(property_keys)) {
        node.property_dependencies.emplace_back(key, property_deps[key]);
      }
      for (const std::string& key : java_hash_map_order(schema_keys)) {
        node.schema_dependencies.emplace_back(key, schema_deps[key]);
      }
    }
  } else {
    if (const json_value* deps = obj.find("dependentRequired")) {
      if (!deps->is_object()) return reject("dependentRequired is not an object");
      std::vector<std::string> keys;
      for (std::size_t i = 0; i < deps->keys.size(); ++i) {
        if (!deps->items[i].is_array()) return reject("dependentRequired entry is not an array");
        std::vector<std::string> names;
        for (const json_value& n : deps->items[i].items) {
          if (!n.is_string()) return reject("dependentRequired entry is not a string");
          names.push_back(n.text);
        }
        // Builder.propertyDependency adds one name at a time: an empty list adds no key.
        if (!names.empty()) {
          keys.push_back(deps->keys[i]);
          node.property_dependencies.emplace_back(deps->keys[i], std::move(names));
        }
      }
      std::vector<std::pair<std::string, std::vector<std::string>>> ordered;
      for (const std::string& key : java_hash_map_order(keys)) {
        for (auto& entry : node.property_dependencies) {
          if (entry.first == key) ordered.push_back(entry);
        }
      }
      node.property_dependencies = std::move(ordered);
    }
    if (const json_value* deps = obj.find("dependentSchemas")) {
      if (!deps->is_object()) return reject("dependentSchemas is not an object");
      for (const std::string& key : java_hash_map_order(deps->keys)) {
        schema_node* child = load_child(*deps->find(key), ctx);
        if (child == nullptr) return false;
        node.schema_dependencies.emplace_back(key, child);
      }
    }
    if (const json_value* uneval = obj.find("unevaluatedProperties")) {
      schema_node* child = load_child(*uneval, ctx);
      if (child == nullptr) return false;
      node.unevaluated_properties = child;
    }
  }
  if (ctx.draft != dialect::draft4) {
    if (const json_value* names = obj.find("propertyNames"); names != nullptr && load_child(*names, ctx) == nullptr) {
      return false;
    }
  }
  return true;
}

bool schema_loader::read_array_keywords(schema_node& node, const json_value& obj, const load_context& ctx) {
  for (const char* key : {"minItems", "maxItems"}) {
    if (const json_value* v = obj.find(key)) {
      auto n = v->as_int32();
      if (!n) return reject(std::string(key) + " is not an integer");
      (key[1] == 'i' ? node.min_items : node.max_items) = *n;
    }
  }
  if (const json_value* v = obj.find("uniqueItems")) {
    if (!v->is_boolean()) return reject("uniqueItems is not a boolean");
    node.unique_items = v->boolean;
  }
  if (const json_value* add = obj.find("additionalItems")) {
    if (add->is_boolean()) {
      node.additional_items = add->boolean;
    } else {
      schema_node* child = load_child(*add, ctx);
      if (child == nullptr) return false;
      node.additional_items_schema = child;
    }
  }
  if (const json_value* items = obj.find("items")) {
    if (items->is_array()) {
      for (const json_value& item : items->items) {
        schema_node* child = load_child(item, ctx);
        if (child == nullptr) return false;
        node.item_schemas.push_back(child);
      }
    } else if (items->is_object() || (items->is_boolean() && ctx.draft != dialect::draft4)) {
      schema_node* child = load_child(*items, ctx);
      if (child == nullptr) return false;
      node.all_items = child;
    } else {
      return reject("items is neither a schema nor an array");
    }
  }
  if (ctx.draft != dialect::draft4) {
    if (const json_value* contains = obj.find("contains"); contains != nullptr && load_child(*contains, ctx) == nullptr) {
      return false;
    }
  }
  return true;
}

schema_node* schema_loader::load_enum(const json_value& values) {
  if (!values.is_array()) return fail("enum is not an array");
  schema_node* node = new_node(schema_kind::enumeration);
  std::set<std::string> seen;
  for (const json_value& v : values.items) {
    std::string text = to_json(v, true);
    if (seen.insert(text).second) node->values.push_back(std::move(text));
  }
  return node;
}

schema_node* schema_loader::load_const(const json_value& value) {
  schema_node* node = new_node(schema_kind::constant);
  node->values.push_back(to_json(value, true));
  return node;
}

schema_node* schema_loader::load_typed(const json_value& obj, std::string_view type, const load_context& ctx) {
  bool keywords = !is_modern(ctx.draft);  // json-sKema reads keywords into their own schemas
  schema_node* node = nullptr;
  if (type == "string") {
    node = new_node(schema_kind::string);
    if (keywords && !read_string_keywords(*node, obj)) return nullptr;
  } else if (type == "integer" || type == "number") {
    node = new_node(schema_kind::number);
    node->requires_integer = type == "integer";
    if (keywords && !read_number_keywords(*node, obj, ctx.draft)) return nullptr;
  } else if (type == "boolean") {
    node = new_node(schema_kind::boolean);
  } else if (type == "null") {
    node = new_node(schema_kind::null);
  } else if (type == "array") {
    node = new_node(schema_kind::array);
    if (keywords && !read_array_keywords(*node, obj, ctx)) return nullptr;
  } else if (type == "object") {
    node = new_node(schema_kind::object);
    if (keywords && !read_object_keywords(*node, obj, ctx)) return nullptr;
  } else {
    return fail("unknown type: [" + std::string(type) + "]");
  }
  return node;
}

schema_node* schema_loader::load_combined(criterion c, const json_value& list,
                                          const load_context& ctx) {
  if (!list.is_array()) return fail(std::string(to_string_view(c)) + " is not an array");
  std::vector<node_ref> subs;
  for (const json_value& item : list.items) {
    schema_node* child = load_child(item, ctx);
    if (child == nullptr) return nullptr;
    // What `new JsonSchema(subschema)` equality sees when duplicates are collapsed.
    child->source_key = to_json(item, true);
    subs.push_back(child);
  }
  schema_node* node = new_node(schema_kind::combined);
  node->combine = c;
  node->subschemas = std::move(subs);
  return node;
}

}  // namespace tessera::formats::json_schema
