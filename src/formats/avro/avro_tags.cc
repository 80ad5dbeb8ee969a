// Inline tag editing for Avro (`confluent:tags` on records and fields), as Confluent's
// AvroSchema.copy(tagsToAdd, tagsToRemove): the canonical text is read as a JSON tree, each
// entity is found by AvroSchemaUtils.findMatchingEntity's breadth-first walk, its tag array is
// rewritten, and the tree's compact text becomes the new schema (re-parsed by the registry).

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "formats/avro/avro_format.h"
#include "formats/avro/avro_json.h"
#include "formats/tag_support.h"

namespace tessera::formats::avro {

namespace {

constexpr std::string_view tags_key = "confluent:tags";

/// Jackson's `JsonNode.asText()`.
std::string as_text(const json_value& v) {
  switch (v.kind) {
    case json_kind::string:
    case json_kind::big_integer: return v.text;
    case json_kind::integer: return std::to_string(v.integer);
    case json_kind::boolean: return v.boolean ? "true" : "false";
    case json_kind::null: return "null";
    case json_kind::floating: return to_json(v);
    case json_kind::array:
    case json_kind::object: break;
  }
  return "";
}

json_value* member(json_value& obj, std::string_view key) {
  if (obj.kind != json_kind::object) return nullptr;
  for (std::size_t i = 0; i < obj.keys.size(); ++i) {
    if (obj.keys[i] == key) return &obj.items[i];
  }
  return nullptr;
}

struct visit {
  json_value* node;
  std::optional<std::string> ns;  ///< Java null when no enclosing namespace was written
};

visit make_visit(json_value* node, const std::optional<std::string>& parent_ns) {
  const json_value* ns = node->find("namespace");
  return {node, ns != nullptr ? std::optional<std::string>(as_text(*ns)) : parent_ns};
}

/// AvroSchemaUtils.findMatchingEntity: namespace and record name from the path, then a
/// breadth-first search through unions, record fields, array items, map values and nested types.
result<json_value*> find_entity(json_value& root, const tag_edit& edit) {
  const std::vector<std::string> ids = java_split_dots(edit.path);
  const bool is_record = edit.type == tag_entity_type::record;
  const std::size_t name_count = is_record ? 1 : 2;
  if (ids.size() < name_count) {
    // Arrays.copyOfRange(ids, 0, length - n) throws before anything is looked up.
    return illegal_argument("0 > " + std::to_string(static_cast<long>(ids.size()) - static_cast<long>(name_count)));
  }
  std::string ns;
  for (std::size_t i = 0; i + name_count < ids.size(); ++i) ns += (i ? "." : "") + ids[i];
  const std::string& record_name = ids[ids.size() - name_count];
  const std::string* field_name = is_record ? nullptr : &ids.back();

  std::deque<visit> to_visit;
  to_visit.push_back(make_visit(&root, std::nullopt));
  while (!to_visit.empty()) {
    visit curr = to_visit.front();
    to_visit.pop_front();
    json_value& node = *curr.node;
    json_value* type = member(node, "type");
    if (type == nullptr) {
      // A union (array) or anything else without "type": its elements are searched.
      if (node.kind == json_kind::array || node.kind == json_kind::object) {
        for (auto& e : node.items) to_visit.push_back(make_visit(&e, curr.ns));
      }
      continue;
    }
    const std::string type_name = as_text(*type);
    if (type_name == "record") {
      const json_value* name = node.find("name");
      json_value* fields = member(node, "fields");
      if ((ns.empty() || (curr.ns && ns == *curr.ns)) && name != nullptr && record_name == as_text(*name)) {
        if (is_record) return &node;
        if (fields != nullptr) {
          for (auto& f : fields->items) {
            const json_value* fname = f.find("name");
            if (fname != nullptr && *field_name == as_text(*fname)) return &f;
          }
        }
      } else if (fields != nullptr) {
        for (auto& f : fields->items) to_visit.push_back(make_visit(&f, curr.ns));
      }
    } else if (type_name == "array" || type_name == "map") {
      if (json_value* next = member(node, type_name == "array" ? "items" : "values")) {
        to_visit.push_back(make_visit(next, curr.ns));
      }
    } else {
      to_visit.push_back(make_visit(type, curr.ns));  // a field's or a named type's nested type
    }
  }
  return no_matching_path(edit.path);
}

std::vector<std::string> inline_tags(const json_value& node) {
  std::vector<std::string> out;
  if (const json_value* tags = node.find(tags_key)) {
    for (const auto& t : tags->items) out.push_back(as_text(t));
  }
  return out;
}

/// ObjectNode.remove / replace: a replaced member keeps its place, a new one goes last.
void set_tags(json_value& node, const std::vector<std::string>& tags) {
  for (std::size_t i = 0; i < node.keys.size(); ++i) {
    if (node.keys[i] != tags_key) continue;
    if (tags.empty()) {
      node.keys.erase(node.keys.begin() + static_cast<std::ptrdiff_t>(i));
      node.items.erase(node.items.begin() + static_cast<std::ptrdiff_t>(i));
      return;
    }
    node.items[i] = json_value{};
    node.items[i].kind = json_kind::array;
    for (const auto& t : tags) node.items[i].items.push_back(json_value::make_string(t));
    return;
  }
  if (tags.empty()) return;
  json_value arr;
  arr.kind = json_kind::array;
  for (const auto& t : tags) arr.items.push_back(json_value::make_string(t));
  node.keys.emplace_back(tags_key);
  node.items.push_back(std::move(arr));
}

}  // namespace

result<std::string> avro_parsed_schema::with_tags(std::span<const tag_edit> edits) const {
  json_document doc = parse_json(canonical_);
  if (doc.status != json_status::ok) return error{error_code::invalid_schema, "Invalid schema " + canonical_};
  for (const tag_edit& edit : edits) {
    auto node = find_entity(doc.root, edit);
    if (!node) return node.error();
    if ((*node)->kind != json_kind::object) return no_matching_path(edit.path);
    set_tags(**node, edited_tags(inline_tags(**node), edit));
  }
  return to_json(doc.root);
}

}  // namespace tessera::formats::avro
