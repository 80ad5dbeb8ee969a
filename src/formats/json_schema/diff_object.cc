// ObjectSchemaDiff (7.9 kinds: a property added to an open content model is
// PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL). Content models: open = no patternProperties, no
// additionalProperties schema, additional properties allowed (and no restrictive
// unevaluatedProperties); partially open = a patternProperties match, else the
// additionalProperties schema (else a non-trivial unevaluatedProperties schema); otherwise
// closed. Property names are visited in Java HashSet order, which fixes the message order.

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>

#include "formats/json_schema/diff_internal.h"
#include "formats/json_schema/java_order.h"

namespace tessera::formats::json_schema::diff {

namespace {

using T = difference_type;

/// `Pattern.compile(p).matcher(name).find()`, approximated with ECMAScript regexes (the same
/// for the usual prefix/suffix/class patterns); a pattern std::regex cannot read never matches.
bool pattern_finds(const std::string& pattern, const std::string& name) {
  // std::regex recurses per character: keep it to the short inputs patterns usually are.
  if (pattern.size() > 1000 || name.size() > 1000) return false;
  thread_local std::map<std::string, std::shared_ptr<const std::regex>> cache;
  auto it = cache.find(pattern);
  if (it == cache.end()) {
    std::shared_ptr<const std::regex> compiled;
    try {
      compiled = std::make_shared<const std::regex>(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      compiled = nullptr;
    }
    if (cache.size() > 256) cache.clear();
    it = cache.emplace(pattern, std::move(compiled)).first;
  }
  if (it->second == nullptr) return false;
  try {
    return std::regex_search(name, *it->second);
  } catch (const std::regex_error&) {
    return false;  // complexity limits: treat as no match
  }
}

bool unevaluated_is_open(node_ref u) { return u == nullptr || is_empty_schema(u); }

bool is_open(const schema_node& s) {
  return s.pattern_properties.empty() && s.additional_properties_schema == nullptr && s.additional_properties &&
         unevaluated_is_open(s.unevaluated_properties);
}

node_ref partial_schema(const schema_node& s, const std::string& name) {
  for (const auto& [pattern, schema] : s.pattern_properties) {
    if (pattern_finds(pattern, name)) return schema;
  }
  if (s.additional_properties_schema != nullptr) return s.additional_properties_schema;
  node_ref u = s.unevaluated_properties;
  if (s.additional_properties && u != nullptr && !is_empty_schema(u) && u->kind != schema_kind::false_schema) return u;
  return nullptr;
}

std::vector<std::string> keys_of(const std::vector<std::pair<std::string, node_ref>>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.first);
  return out;
}

node_ref find(const std::vector<std::pair<std::string, node_ref>>& entries, const std::string& key) {
  for (const auto& e : entries) {
    if (e.first == key) return e.second;
  }
  return nullptr;
}

void compare_required(context& ctx, const schema_node& original, const schema_node& update) {
  context::path_scope scope(ctx, "required");
  for (const auto& [key, schema] : original.properties) {
    node_ref updated = update.property(key);
    if (updated == nullptr) continue;
    bool was = original.is_required(key);
    bool is = update.is_required(key);
    if (was && !is) {
      ctx.add(key, T::REQUIRED_ATTRIBUTE_REMOVED);
    } else if (!was && is) {
      ctx.add(key, updated->has_default() ? T::REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED : T::REQUIRED_ATTRIBUTE_ADDED);
    }
  }
}

void compare_properties(context& ctx, const schema_node& original, const schema_node& update) {
  context::path_scope scope(ctx, "properties");
  for (const std::string& key : java_hash_set_union(keys_of(original.properties), keys_of(update.properties))) {
    context::path_scope key_scope(ctx, key);
    node_ref o = original.property(key);
    node_ref u = update.property(key);
    if (u == nullptr) {
      // Removing a property is only safe when the update still accepts it.
      if (is_open(update)) {
        ctx.add(T::PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL);
      } else if (node_ref partial = partial_schema(update, key)) {
        context sub = ctx.subcontext();
        compare(sub, o, partial);
        ctx.add_all(sub.differences());
        ctx.add(sub.compatible() ? T::PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                                 : T::PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
      } else {
        ctx.add(o->kind == schema_kind::false_schema ? T::PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL
                                                     : T::PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL);
      }
    } else if (o == nullptr) {
      // Adding a property is only safe when the original could not have carried it.
      if (is_open(original)) {
        ctx.add(is_empty_schema(u) ? T::PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL
                                   : T::PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL);
      } else {
        if (node_ref partial = partial_schema(original, key)) {
          context sub = ctx.subcontext();
          compare(sub, partial, u);
          ctx.add_all(sub.differences());
          ctx.add(sub.compatible() ? T::PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                                   : T::PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
        }
        if (update.is_required(key)) {
          ctx.add(u->has_default() ? T::REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL
                                   : T::REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL);
        } else {
          ctx.add(T::OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL);
        }
      }
    } else {
      compare(ctx, o, u);
    }
  }
}

void compare_dependencies(context& ctx, const schema_node& original, const schema_node& update) {
  context::path_scope scope(ctx, "dependencies");
  auto names = [](const schema_node& s, const std::string& key) -> const std::vector<std::string>* {
    for (const auto& [k, v] : s.property_dependencies) {
      if (k == key) return &v;
    }
    return nullptr;
  };
  std::vector<std::string> original_keys;
  std::vector<std::string> update_keys;
  for (const auto& e : original.property_dependencies) original_keys.push_back(e.first);
  for (const auto& e : update.property_dependencies) update_keys.push_back(e.first);
  for (const std::string& key : java_hash_set_union(original_keys, update_keys)) {
    context::path_scope key_scope(ctx, key);
    const auto* o = names(original, key);
    const auto* u = names(update, key);
    if (u == nullptr) {
      ctx.add(T::DEPENDENCY_ARRAY_REMOVED);
    } else if (o == nullptr) {
      ctx.add(T::DEPENDENCY_ARRAY_ADDED);
    } else {
      std::set<std::string> os(o->begin(), o->end());
      std::set<std::string> us(u->begin(), u->end());
      if (os == us) continue;
      bool u_has_all = std::includes(us.begin(), us.end(), os.begin(), os.end());
      bool o_has_all = std::includes(os.begin(), os.end(), us.begin(), us.end());
      ctx.add(u_has_all   ? T::DEPENDENCY_ARRAY_EXTENDED
              : o_has_all ? T::DEPENDENCY_ARRAY_NARROWED
                          : T::DEPENDENCY_ARRAY_CHANGED);
    }
  }
  for (const std::string& key :
       java_hash_set_union(keys_of(original.schema_dependencies), keys_of(update.schema_dependencies))) {
    context::path_scope key_scope(ctx, key);
    node_ref o = find(original.schema_dependencies, key);
    node_ref u = find(update.schema_dependencies, key);
    if (u == nullptr) {
      ctx.add(T::DEPENDENCY_SCHEMA_REMOVED);
    } else if (o == nullptr) {
      ctx.add(T::DEPENDENCY_SCHEMA_ADDED);
    } else {
      compare(ctx, o, u);
    }
  }
}

void compare_additional(context& ctx, const schema_node& original, const schema_node& update) {
  context::path_scope scope(ctx, "additionalProperties");
  if (original.additional_properties != update.additional_properties) {
    ctx.add(update.additional_properties ? T::ADDITIONAL_PROPERTIES_ADDED : T::ADDITIONAL_PROPERTIES_REMOVED);
  } else if (original.additional_properties_schema == nullptr && update.additional_properties_schema != nullptr) {
    ctx.add(T::ADDITIONAL_PROPERTIES_NARROWED);
  } else if (update.additional_properties_schema == nullptr && original.additional_properties_schema != nullptr) {
    ctx.add(T::ADDITIONAL_PROPERTIES_EXTENDED);
  } else {
    compare(ctx, original.additional_properties_schema, update.additional_properties_schema);
  }
}



}  // namespace

void compare_object(context& ctx, const schema_node& original, const schema_node& update) {
  compare_required(ctx, original, update);
  compare_properties(ctx, original, update);
  compare_dependencies(ctx, original, update);
  compare_additional(ctx, original, update);
  compare_unevaluated(ctx, "unevaluatedProperties", original.unevaluated_properties, update.unevaluated_properties,
                      {T::UNEVALUATED_PROPERTIES_ADDED, T::UNEVALUATED_PROPERTIES_REMOVED, T::UNEVALUATED_PROPERTIES_NARROWED,
                       T::UNEVALUATED_PROPERTIES_EXTENDED});
  compare_counts(ctx, "maxProperties", original.max_properties, update.max_properties, T::MAX_PROPERTIES_ADDED,
                 T::MAX_PROPERTIES_REMOVED, T::MAX_PROPERTIES_INCREASED, T::MAX_PROPERTIES_DECREASED);
  compare_counts(ctx, "minProperties", original.min_properties, update.min_properties, T::MIN_PROPERTIES_ADDED,
                 T::MIN_PROPERTIES_REMOVED, T::MIN_PROPERTIES_INCREASED, T::MIN_PROPERTIES_DECREASED);
}

}  // namespace tessera::formats::json_schema::diff
