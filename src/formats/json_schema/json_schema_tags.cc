// Inline tag editing for JSON Schema (`confluent:tags` on objects and properties), as Confluent's
// JsonSchema.copy(tagsToAdd, tagsToRemove): the document tree is edited in place and its compact
// text becomes the new schema. Paths follow JsonSchemaUtils.findMatchingEntity: a keyword word
// (`object`, `array`, `anyof`, `allof`, `oneof`, `not`) steps into the schema, property names
// may contain dots (the longest run of words that names a property wins, left to right).

#include <deque>
#include <string>

#include "formats/json_schema/json_schema_format.h"
#include "formats/json_schema/json_tree.h"
#include "formats/tag_support.h"

namespace tessera::formats::json_schema {

namespace {

constexpr std::string_view tags_key = "confluent:tags";

json_value* member(json_value* obj, std::string_view key) {
  if (obj == nullptr || obj->kind != json_kind::object) return nullptr;
  for (std::size_t i = 0; i < obj->keys.size(); ++i) {
    if (obj->keys[i] == key) return &obj->items[i];
  }
  return nullptr;
}

/// Jackson's `asText()` of a tag array element.
std::string as_text(const json_value& v) {
  switch (v.kind) {
    case json_kind::string:
    case json_kind::integer:
    case json_kind::decimal: return v.text;
    case json_kind::boolean: return v.boolean ? "true" : "false";
    case json_kind::null: return "null";
    case json_kind::array:
    case json_kind::object: break;
  }
  return "";
}

using words = std::deque<std::string>;

/// findNodeFromNameBuilder: joins words with '.' until `node` has a member of that name.
json_value* find_by_name(json_value* node, words& ids) {
  if (ids.empty() || node == nullptr) return nullptr;
  std::string name = ids.front();
  ids.pop_front();
  while (member(node, name) == nullptr && !ids.empty()) {
    name += "." + ids.front();
    ids.pop_front();
  }
  return member(node, name);
}

result<json_value*> find_node(json_value* node, tag_entity_type type, words& ids);

/// findSubSchemasFromIndex. Confluent sorts the subschemas with its JsonSchemaComparator before
/// indexing; with a single subschema the order is trivially the same, with several it is not
/// reproduced here, so such paths are refused rather than tagging a possibly different branch.
result<json_value*> find_by_index(json_value* node, tag_entity_type type, std::string_view keyword, words& ids) {
  if (ids.empty()) return nullptr;
  std::string index = ids.front();
  ids.pop_front();
  json_value* list = member(node, keyword);
  std::size_t pos = 0;
  bool numeric = !index.empty() && index.size() < 10;
  for (char c : index) numeric = numeric && c >= '0' && c <= '9';
  if (!numeric) return illegal_argument("For input string: \"" + index + "\"");
  pos = std::stoul(index);
  if (list == nullptr || list->kind != json_kind::array || pos >= list->items.size()) return nullptr;
  if (list->items.size() > 1) {
    return error{error_code::invalid_schema, "Tagging inside " + std::string(keyword) +
                                                 " with more than one subschema is not supported"};
  }
  return find_node(&list->items[pos], type, ids);
}

/// findNodeHelper: the first word says which keyword to step into.
result<json_value*> find_node(json_value* node, tag_entity_type type, words& ids) {
  if (ids.empty() || node == nullptr) return nullptr;
  const std::string word = ids.front();
  ids.pop_front();
  if (word == "object") {
    if (type == tag_entity_type::record && ids.empty()) return node;
    if (ids.empty()) return nullptr;
    json_value* found = nullptr;
    if (ids.front() == "definitions" || ids.front() == "$defs") {
      const std::string container = ids.front();
      ids.pop_front();
      found = find_by_name(member(node, container), ids);
    } else {
      found = find_by_name(member(node, "properties"), ids);
    }
    if (found == nullptr || ids.empty()) return found;
    return find_node(found, type, ids);
  }
  if (word == "array") return find_node(member(node, "items"), type, ids);
  if (word == "anyof" || word == "allof") {
    const std::string_view keyword = word == "anyof" ? "anyOf" : "allOf";
    if (member(node, keyword) != nullptr) return find_by_index(node, type, keyword, ids);
    if (!ids.empty()) ids.pop_front();  // `"type": [...]` unions and if/then/else carry an index word
    if (word == "allof" && !ids.empty() && ids.front() == "conditional") {
      ids.pop_front();
      if (ids.empty()) return nullptr;
      const std::string branch = ids.front();
      ids.pop_front();
      return find_node(member(node, branch), type, ids);
    }
    return find_node(node, type, ids);
  }
  if (word == "oneof") return find_by_index(node, type, "oneOf", ids);
  if (word == "not") return find_node(member(node, "not"), type, ids);
  return nullptr;
}

std::vector<std::string> inline_tags(const json_value& node) {
  std::vector<std::string> out;
  if (const json_value* tags = node.find(tags_key)) {
    for (const auto& t : tags->items) out.push_back(as_text(t));
  }
  return out;
}

json_value tag_array(const std::vector<std::string>& tags) {
  json_value arr;
  arr.kind = json_kind::array;
  for (const auto& t : tags) {
    json_value s;
    s.kind = json_kind::string;
    s.text = t;
    arr.items.push_back(std::move(s));
  }
  return arr;
}

/// ObjectNode.remove / replace: a replaced member keeps its place, a new one goes last.
void set_tags(json_value& node, const std::vector<std::string>& tags) {
  for (std::size_t i = 0; i < node.keys.size(); ++i) {
    if (node.keys[i] != tags_key) continue;
    if (tags.empty()) {
      node.keys.erase(node.keys.begin() + static_cast<std::ptrdiff_t>(i));
      node.items.erase(node.items.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      node.items[i] = tag_array(tags);
    }
    return;
  }
  if (tags.empty()) return;
  node.keys.emplace_back(tags_key);
  node.items.push_back(tag_array(tags));
}

}  // namespace

result<std::string> json_parsed_schema::with_tags(std::span<const tag_edit> edits) const {
  auto doc = parse_json(canonical_);
  if (!doc) return error{error_code::invalid_schema, "Invalid JSON " + canonical_};
  for (const tag_edit& edit : edits) {
    std::vector<std::string> split = java_split_dots(edit.path);
    words ids(split.begin(), split.end());
    auto node = find_node(&*doc, edit.type, ids);
    if (!node) return node.error();
    if (*node == nullptr || (*node)->kind != json_kind::object) return no_matching_path(edit.path);
    set_tags(**node, edited_tags(inline_tags(**node), edit));
  }
  return to_json(*doc);
}

}  // namespace tessera::formats::json_schema
