// everit's SchemaLoader.loadSchemaObject for drafts 4, 6 and 7: `$ref` alone wins; otherwise
// the extractors run in order (enum, allOf/anyOf/oneOf, not, const, type, property sniffing),
// each seeing only the keys the earlier ones left unconsumed. No schema gives an EmptySchema,
// one gives itself, several give a synthetic allOf. Common keywords (id, title, description,
// default) then apply to the result. `definitions` is never loaded unless referenced.

#include <set>

#include "formats/json_schema/loader_internal.h"

namespace tessera::formats::json_schema {

namespace {

constexpr std::string_view number_keywords[] = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                                                "multipleOf"};
constexpr std::string_view string_keywords[] = {"minLength", "maxLength", "pattern", "format"};
constexpr std::string_view conditional_keywords[] = {"if", "then", "else"};

std::vector<std::string_view> object_keywords(dialect d) {
  std::vector<std::string_view> k{"properties",        "required",         "minProperties",       "maxProperties",
                                  "dependencies",      "patternProperties", "additionalProperties"};
  if (d != dialect::draft4) k.emplace_back("propertyNames");
  return k;
}

std::vector<std::string_view> array_keywords(dialect d) {
  std::vector<std::string_view> k{"items", "additionalItems", "minItems", "maxItems", "uniqueItems"};
  if (d != dialect::draft4) k.emplace_back("contains");
  return k;
}

/// The keys of `obj` the extractors have not consumed yet.
class projection {
 public:
  explicit projection(const json_value& obj) : obj_(obj) {}
  bool has(std::string_view key) const { return obj_.find(key) != nullptr && !consumed_.count(std::string(key)); }
  template <class Range>
  bool has_any(const Range& keys) const {
    for (std::string_view k : keys) {
      if (has(k)) return true;
    }
    return false;
  }
  void consume(std::string_view key) { consumed_.insert(std::string(key)); }
  template <class Range>
  void consume_all(const Range& keys) {
    for (std::string_view k : keys) consume(k);
  }

 private:
  const json_value& obj_;
  std::set<std::string> consumed_;
};

/// The keywords a typed schema of `type` consumes.
void consume_for_type(projection& p, std::string_view type, dialect d) {
  if (type == "string") p.consume_all(string_keywords);
  if (type == "integer" || type == "number") p.consume_all(number_keywords);
  if (type == "array") p.consume_all(array_keywords(d));
  if (type == "object") p.consume_all(object_keywords(d));
}

}  // namespace

schema_node* schema_loader::load_everit(const json_value& v, const load_context& outer) {
  if (v.is_boolean()) return new_node(v.boolean ? schema_kind::true_schema : schema_kind::false_schema);
  load_context ctx = enter(v, outer);
  bool doc_root = &v == &ctx.doc->json;
  std::vector<schema_node*> parts;
  if (const json_value* ref = v.find("$ref")) {
    if (!ref->is_string()) return fail("$ref is not a string");
    schema_node* node = load_everit_ref(v, ref->text, ctx);
    if (node == nullptr) return nullptr;
    parts.push_back(node);
  } else {
    projection p(v);
    if (const json_value* values = v.find("enum")) {
      p.consume("enum");
      schema_node* node = load_enum(*values);
      if (node == nullptr) return nullptr;
      parts.push_back(node);
    }
    static constexpr std::pair<const char*, criterion> combiners[] = {
        {"allOf", criterion::all_of}, {"anyOf", criterion::any_of}, {"oneOf", criterion::one_of}};
    for (const auto& [key, c] : combiners) {
      if (const json_value* list = v.find(key)) {
        p.consume(key);
        schema_node* node = load_combined(c, *list, ctx);
        if (node == nullptr) return nullptr;
        parts.push_back(node);
      }
    }
    if (const json_value* inner = v.find("not")) {
      p.consume("not");
      schema_node* child = load_child(*inner, ctx);
      if (child == nullptr) return nullptr;
      schema_node* node = new_node(schema_kind::not_schema);
      node->must_not_match = child;
      parts.push_back(node);
    }
    if (const json_value* value = v.find("const"); value != nullptr && ctx.draft != dialect::draft4) {
      p.consume("const");
      parts.push_back(load_const(*value));
    }
    if (const json_value* type = v.find("type")) {
      p.consume("type");
      if (type->is_string()) {
        schema_node* node = load_typed(v, type->text, ctx);
        if (node == nullptr) return nullptr;
        consume_for_type(p, type->text, ctx.draft);
        parts.push_back(node);
      } else if (type->is_array()) {
        std::vector<node_ref> subs;
        for (const json_value& t : type->items) {
          if (!t.is_string()) return fail("type entry is not a string");
          schema_node* node = load_typed(v, t.text, ctx);
          if (node == nullptr) return nullptr;
          node->source_key = "type:" + t.text;  // a repeated type name collapses
          consume_for_type(p, t.text, ctx.draft);
          subs.push_back(node);
        }
        schema_node* node = new_node(schema_kind::combined);
        node->combine = criterion::any_of;
        node->subschemas = std::move(subs);
        parts.push_back(node);
      } else {
        return fail("type is neither a string nor an array");
      }
    }
    // PropertySnifferSchemaExtractor: keyword groups nobody consumed yet.
    if (p.has_any(array_keywords(ctx.draft))) {
      schema_node* node = new_node(schema_kind::array);
      if (!read_array_keywords(*node, v, ctx)) return nullptr;
      parts.push_back(node);
    }
    if (p.has_any(object_keywords(ctx.draft))) {
      schema_node* node = new_node(schema_kind::object);
      if (!read_object_keywords(*node, v, ctx)) return nullptr;
      parts.push_back(node);
    }
    if (p.has_any(number_keywords)) {
      schema_node* node = new_node(schema_kind::number);
      if (!read_number_keywords(*node, v, ctx.draft)) return nullptr;
      parts.push_back(node);
    }
    if (p.has_any(string_keywords)) {
      schema_node* node = new_node(schema_kind::string);
      if (!read_string_keywords(*node, v)) return nullptr;
      parts.push_back(node);
    }
    if (ctx.draft == dialect::draft7 && p.has_any(conditional_keywords)) {
      for (std::string_view key : conditional_keywords) {
        if (const json_value* branch = v.find(key); branch != nullptr && load_child(*branch, ctx) == nullptr) {
          return nullptr;
        }
      }
      parts.push_back(new_node(schema_kind::conditional));
    }
  }
  schema_node* node = nullptr;
  if (parts.empty()) {
    node = new_node(schema_kind::empty);
  } else if (parts.size() == 1) {
    node = parts.front();
  } else {
    node = new_node(schema_kind::combined);  // synthetic allOf
    node->combine = criterion::all_of;
    node->subschemas.assign(parts.begin(), parts.end());
  }
  if (!read_metadata(*node, v, ctx, doc_root)) return nullptr;
  if (node->kind == schema_kind::array) {
    // Unknown to drafts 4-7, so left among the unprocessed properties, where the differ looks.
    for (const char* key : {"minContains", "maxContains"}) {
      if (const json_value* n = v.find(key); n != nullptr && n->is_number()) {
        (key[1] == 'i' ? node->min_contains : node->max_contains) = number_value{n->as_double(), n->text};
      }
    }
  }
  return node;
}

}  // namespace tessera::formats::json_schema
