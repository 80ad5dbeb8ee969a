#include "formats/json_schema/schema_model.h"

#include <algorithm>

namespace tessera::formats::json_schema {

std::string_view to_string_view(criterion c) {
  switch (c) {
    case criterion::all_of: return "allOf";
    case criterion::any_of: return "anyOf";
    case criterion::one_of: return "oneOf";
  }
  return "allOf";
}

node_ref schema_node::property(std::string_view name) const {
  for (const auto& [key, schema] : properties) {
    if (key == name) return schema;
  }
  return nullptr;
}

bool schema_node::is_required(std::string_view name) const {
  return std::find(required.begin(), required.end(), name) != required.end();
}

schema_node* schema_graph::add(schema_kind kind) {
  schema_node& n = nodes_.emplace_back();
  n.kind = kind;
  return &n;
}

}  // namespace tessera::formats::json_schema
