// 2019-09 / 2020-12: json-sKema loads one schema per keyword and Confluent's SchemaTranslator
// folds them into everit objects. Keywords of one class (string, number, object, array) merge
// into a single schema, which joins the schema `type` names when that class is among them
// (`"type": ["string","null"], "maxLength": 3` is anyOf[string(maxLength 3), null]); whatever is
// left over forms a generated allOf. Empty `properties` / `patternProperties` produce nothing,
// so `{"properties": {}}` is an EmptySchema here. `$ref`s are wired after the whole document is
// loaded, to the one schema json-sKema keeps per location.

#include "formats/json_schema/loader_internal.h"

namespace tessera::formats::json_schema {

namespace {

constexpr std::string_view string_keywords[] = {"minLength", "maxLength", "pattern"};
constexpr std::string_view number_keywords[] = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                                                "multipleOf"};
constexpr std::string_view object_keywords[] = {"required",          "minProperties",       "maxProperties",
                                                "additionalProperties", "dependentRequired", "dependentSchemas",
                                                "propertyNames",     "unevaluatedProperties"};
constexpr std::string_view array_keywords[] = {"items",    "prefixItems", "minItems",         "maxItems",
                                               "uniqueItems", "contains", "unevaluatedItems", "additionalItems"};

template <class Range>
bool has_any(const json_value& obj, const Range& keys) {
  for (std::string_view k : keys) {
    if (obj.find(k) != nullptr) return true;
  }
  return false;
}

bool non_empty_object(const json_value* v) { return v != nullptr && (!v->is_object() || !v->keys.empty()); }

}  // namespace

schema_node* schema_loader::load_modern(const json_value& v, const load_context& outer) {
  if (auto it = modern_loaded_.find(&v); it != modern_loaded_.end()) return it->second;
  if (v.is_boolean()) {
    schema_node* node = new_node(v.boolean ? schema_kind::true_schema : schema_kind::false_schema);
    modern_loaded_[&v] = node;
    return node;
  }
  load_context ctx = enter(v, outer);
  bool doc_root = &v == &ctx.doc->json;
  std::vector<schema_node*> parts;
  std::vector<schema_node*> typed;  // the `type` schemas keyword schemas may merge into

  for (std::size_t i = 0; i < v.keys.size(); ++i) {
    const std::string& key = v.keys[i];
    const json_value& value = v.items[i];
    schema_node* part = nullptr;
    if (key == "$ref" || key == "$dynamicRef" || key == "$recursiveRef") {
      if (!value.is_string()) return fail(key + " is not a string");
      part = load_modern_ref(value.text, ctx);
    } else if (key == "type") {
      if (value.is_string()) {
        part = load_typed(v, value.text, ctx);
        if (part != nullptr) typed.push_back(part);
      } else if (value.is_array()) {
        part = new_node(schema_kind::combined);  // generated anyOf
        part->combine = criterion::any_of;
        for (const json_value& t : value.items) {
          if (!t.is_string()) return fail("type entry is not a string");
          schema_node* sub = load_typed(v, t.text, ctx);
          if (sub == nullptr) return nullptr;
          sub->source_key = "type:" + t.text;
          part->subschemas.push_back(sub);
          typed.push_back(sub);
        }
      } else {
        return fail("type is neither a string nor an array");
      }
    } else if (key == "enum") {
      part = load_enum(value);
    } else if (key == "const") {
      part = load_const(value);
    } else if (key == "not") {
      schema_node* child = load_child(value, ctx);
      if (child == nullptr) return nullptr;
      part = new_node(schema_kind::not_schema);
      part->must_not_match = child;
    } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
      criterion c = key == "allOf" ? criterion::all_of : key == "anyOf" ? criterion::any_of : criterion::one_of;
      part = load_combined(c, value, ctx);
    } else if (key == "if") {
      for (const char* branch : {"if", "then", "else"}) {
        if (const json_value* b = v.find(branch); b != nullptr && load_child(*b, ctx) == nullptr) return nullptr;
      }
      part = new_node(schema_kind::conditional);
    } else {
      continue;
    }
    if (part == nullptr) return nullptr;
    parts.push_back(part);
  }

  // Keyword schemas, merged per class into a `type` schema of that class when there is one.
  auto target_for = [&](schema_kind kind) -> schema_node* {
    for (schema_node* t : typed) {
      if (t->kind == kind) return t;
    }
    schema_node* node = new_node(kind);
    parts.push_back(node);
    return node;
  };
  if (has_any(v, string_keywords)) {
    if (!read_string_keywords(*target_for(schema_kind::string), v)) return nullptr;
  } else if (const json_value* f = v.find("format"); f != nullptr && !f->is_string()) {
    return fail("format is not a string");
  }
  if (has_any(v, number_keywords) && !read_number_keywords(*target_for(schema_kind::number), v, ctx.draft)) {
    return nullptr;
  }
  if (has_any(v, object_keywords) || non_empty_object(v.find("properties")) ||
      non_empty_object(v.find("patternProperties"))) {
    if (!read_object_keywords(*target_for(schema_kind::object), v, ctx)) return nullptr;
  } else {
    // Still validated: `"properties": 5` fails even though `{}` produces nothing.
    for (const char* key : {"properties", "patternProperties"}) {
      if (const json_value* p = v.find(key); p != nullptr && !p->is_object()) return fail(std::string(key) + " is not an object");
    }
  }
  if (has_any(v, array_keywords)) {
    schema_node& node = *target_for(schema_kind::array);
    for (const char* key : {"minItems", "maxItems"}) {
      if (const json_value* n = v.find(key)) {
        auto value = n->as_int32();
        if (!value) return fail(std::string(key) + " is not an integer");
        (key[1] == 'i' ? node.min_items : node.max_items) = *value;
      }
    }
    if (const json_value* u = v.find("uniqueItems")) {
      if (!u->is_boolean()) return fail("uniqueItems is not a boolean");
      node.unique_items = u->boolean;
    }
    const json_value* prefix = v.find("prefixItems");
    if (prefix != nullptr) {
      if (!prefix->is_array()) return fail("prefixItems is not an array");
      for (const json_value& item : prefix->items) {
        schema_node* child = load_child(item, ctx);
        if (child == nullptr) return nullptr;
        node.item_schemas.push_back(child);
      }
    }
    if (const json_value* items = v.find("items")) {
      if (items->is_array() && ctx.draft == dialect::draft2019_09) {
        for (const json_value& item : items->items) {
          schema_node* child = load_child(item, ctx);
          if (child == nullptr) return nullptr;
          node.item_schemas.push_back(child);
        }
      } else {
        schema_node* child = load_child(*items, ctx);
        if (child == nullptr) return nullptr;
        if (items->is_boolean() && !items->boolean) {
          node.additional_items = false;
        } else if (!items->is_boolean()) {
          (prefix != nullptr ? node.additional_items_schema : node.all_items) = child;
        }
      }
    }
    if (const json_value* add = v.find("additionalItems"); add != nullptr && ctx.draft == dialect::draft2019_09) {
      schema_node* child = load_child(*add, ctx);
      if (child == nullptr) return nullptr;
      if (add->is_boolean()) {
        node.additional_items = add->boolean;
      } else {
        node.additional_items_schema = child;
      }
    }
    if (const json_value* contains = v.find("contains")) {
      if (load_child(*contains, ctx) == nullptr) return nullptr;
      node.min_contains = number_value{1, "1"};
      for (const char* key : {"minContains", "maxContains"}) {
        if (const json_value* n = v.find(key)) {
          if (!n->as_int32()) return fail(std::string(key) + " is not an integer");
          (key[1] == 'i' ? node.min_contains : node.max_contains) = number_value{n->as_double(), n->text};
        }
      }
    }
    if (const json_value* uneval = v.find("unevaluatedItems")) {
      schema_node* child = load_child(*uneval, ctx);
      if (child == nullptr) return nullptr;
      node.unevaluated_items = child;
    }
  }

  schema_node* node = nullptr;
  if (parts.empty()) {
    node = new_node(schema_kind::empty);
  } else if (parts.size() == 1) {
    node = parts.front();
  } else {
    node = new_node(schema_kind::combined);  // generated allOf
    node->combine = criterion::all_of;
    node->subschemas.assign(parts.begin(), parts.end());
  }
  if (!read_metadata(*node, v, ctx, doc_root)) return nullptr;
  modern_loaded_[&v] = node;
  return node;
}

}  // namespace tessera::formats::json_schema
