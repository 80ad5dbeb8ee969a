// SchemaDiff.compare and the combined/not/enum/const comparisons, as in Confluent 7.9:
//  - references are followed one level (ReferenceSchema -> referred schema);
//  - a non-combined original against a combined update matches a singleton, or any branch of an
//    anyOf/oneOf (SUM_TYPE_EXTENDED); a combined original against a non-combined update matches
//    a singleton, or any branch of an allOf (PRODUCT_TYPE_NARROWED: dropping `enum` from
//    {"type":"string","enum":[..]} is compatible);
//  - different classes are a TYPE_CHANGED unless the original is `false` or the update is an
//    empty/true schema;
//  - combined against combined pairs the subschemas with a maximum bipartite matching over the
//    compatible pairs.

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "formats/json_schema/diff_internal.h"
#include "formats/json_schema/schema_diff.h"

namespace tessera::formats::json_schema {

namespace diff {

namespace {

using T = difference_type;

node_ref follow_reference(node_ref s) {
  return s->kind == schema_kind::reference && s->referred != nullptr ? s->referred : s;
}

bool same_default(const schema_node& a, const schema_node& b) {
  if (!a.default_value || !b.default_value) return a.default_value == b.default_value;
  // org.json containers compare by identity: two loaded defaults are never equal.
  if (a.default_is_container || b.default_is_container) return false;
  return *a.default_value == *b.default_value;
}

void compare_enum(context& ctx, const schema_node& original, const schema_node& update) {
  std::set<std::string> o(original.values.begin(), original.values.end());
  std::set<std::string> u(update.values.begin(), update.values.end());
  if (o == u) return;
  auto contains_all = [](const std::set<std::string>& a, const std::set<std::string>& b) {
    for (const auto& v : b) {
      if (!a.count(v)) return false;
    }
    return true;
  };
  if (contains_all(u, o)) {
    ctx.add("enum", T::ENUM_ARRAY_EXTENDED);
  } else if (contains_all(o, u)) {
    ctx.add("enum", T::ENUM_ARRAY_NARROWED);
  } else {
    ctx.add("enum", T::ENUM_ARRAY_CHANGED);
  }
}

void compare_not(context& ctx, const schema_node& original, const schema_node& update) {
  context::path_scope scope(ctx, "not");
  context sub = ctx.subcontext();
  // The wrapped schemas swap roles: what the original excluded must stay excluded.
  compare(sub, update.must_not_match, original.must_not_match);
  ctx.add(sub.compatible() ? T::NOT_TYPE_NARROWED : T::NOT_TYPE_EXTENDED);
}

/// CombinedSchemaDiff.compareCriteria; nullopt when the criteria are equal.
std::optional<T> compare_criteria(context& ctx, const schema_node& original, const schema_node& update) {
  criterion o = original.combine;
  criterion u = update.combine;
  if (o == u) return std::nullopt;
  bool single_o = original.subschemas.size() == 1;
  bool single_u = update.subschemas.size() == 1;
  T type = T::COMBINED_TYPE_CHANGED;
  if (u == criterion::any_of) {
    type = T::COMBINED_TYPE_EXTENDED;  // allOf/oneOf -> anyOf
  } else if (u == criterion::one_of) {
    if (single_o || (o == criterion::all_of && single_u)) type = T::COMBINED_TYPE_EXTENDED;
  } else if (single_o && single_u) {
    type = T::COMBINED_TYPE_EXTENDED;  // singleton oneOf/anyOf -> singleton allOf
  }
  ctx.add(type);
  return type;
}

/// Subschemas without duplicates, first occurrence kept (a LinkedHashSet of JsonSchema).
std::vector<node_ref> distinct(const std::vector<node_ref>& subs) {
  std::vector<node_ref> out;
  std::set<std::string> seen;
  for (node_ref s : subs) {
    if (seen.insert(s->source_key).second) out.push_back(s);
  }
  return out;
}

/// Maximum bipartite matching (augmenting paths); match_right[j] = left index or -1.
std::size_t max_matching(const std::vector<std::vector<std::size_t>>& adjacency, std::size_t right_size,
                         std::vector<int>& match_right) {
  match_right.assign(right_size, -1);
  std::size_t size = 0;
  for (std::size_t left = 0; left < adjacency.size(); ++left) {
    std::vector<bool> seen(right_size, false);
    auto augment = [&](auto& self, std::size_t l) -> bool {
      for (std::size_t r : adjacency[l]) {
        if (seen[r]) continue;
        seen[r] = true;
        if (match_right[r] < 0 || self(self, static_cast<std::size_t>(match_right[r]))) {
          match_right[r] = static_cast<int>(l);
          return true;
        }
      }
      return false;
    };
    if (augment(augment, left)) ++size;
  }
  return size;
}

}  // namespace

void compare_unevaluated(context& ctx, const char* keyword, node_ref o, node_ref u, const unevaluated_kinds& kinds) {
  if (o == nullptr && u == nullptr) return;
  context::path_scope scope(ctx, keyword);
  bool o_false = o != nullptr && o->kind == schema_kind::false_schema;
  bool u_false = u != nullptr && u->kind == schema_kind::false_schema;
  if (o == nullptr) {
    ctx.add(u_false ? kinds.removed : kinds.narrowed);
  } else if (u == nullptr) {
    ctx.add(o_false ? kinds.added : kinds.extended);
  } else if (o_false && !u_false) {
    ctx.add(kinds.added);
  } else if (!o_false && u_false) {
    ctx.add(kinds.removed);
  } else if (is_empty_schema(o) && !is_empty_schema(u)) {
    ctx.add(kinds.narrowed);
  } else if (!is_empty_schema(o) && is_empty_schema(u)) {
    ctx.add(kinds.extended);
  } else {
    compare(ctx, o, u);
  }
}

void compare_counts(context& ctx, const char* keyword, std::optional<std::int32_t> o, std::optional<std::int32_t> u,
                    difference_type added, difference_type removed, difference_type increased,
                    difference_type decreased) {
  if (o == u) return;
  if (!o) return ctx.add(keyword, added);
  if (!u) return ctx.add(keyword, removed);
  ctx.add(keyword, *o < *u ? increased : decreased);
}

void compare_combined(context& ctx, const schema_node& original, const schema_node& update) {
  if (compare_criteria(ctx, original, update) == T::COMBINED_TYPE_CHANGED) return;
  std::vector<node_ref> o = distinct(original.subschemas);
  std::vector<node_ref> u = distinct(update.subschemas);
  if (o.size() < u.size()) {
    ctx.add(update.combine == criterion::all_of ? T::PRODUCT_TYPE_EXTENDED : T::SUM_TYPE_EXTENDED);
  } else if (o.size() > u.size()) {
    ctx.add(original.combine == criterion::all_of ? T::PRODUCT_TYPE_NARROWED : T::SUM_TYPE_NARROWED);
  }
  std::vector<std::vector<std::size_t>> adjacency(o.size());
  std::map<std::pair<std::size_t, std::size_t>, std::vector<difference>> edges;
  for (std::size_t i = 0; i < o.size(); ++i) {
    context::path_scope scope(ctx, std::string(to_string_view(original.combine)) + "/" + std::to_string(i));
    for (std::size_t j = 0; j < u.size(); ++j) {
      context sub = ctx.subcontext();
      compare(sub, o[i], u[j]);
      if (sub.compatible()) {
        adjacency[i].push_back(j);
        edges[{i, j}] = std::move(sub.differences());
      }
    }
  }
  std::vector<int> match_right;
  std::size_t matched = max_matching(adjacency, u.size(), match_right);
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t j = 0; j < u.size(); ++j) {
    if (match_right[j] >= 0) pairs.emplace_back(static_cast<std::size_t>(match_right[j]), j);
  }
  std::sort(pairs.begin(), pairs.end());
  for (const auto& p : pairs) ctx.add_all(edges[p]);
  if (matched < std::min(o.size(), u.size())) ctx.add(T::COMBINED_TYPE_SUBSCHEMAS_CHANGED);
}

void compare(context& ctx, node_ref original, node_ref update) {
  if (!ctx.tick()) return;
  if (original == nullptr && update == nullptr) return;
  if (original == nullptr) return ctx.add(T::SCHEMA_ADDED);
  if (update == nullptr) return ctx.add(T::SCHEMA_REMOVED);
  original = follow_reference(original);
  update = follow_reference(update);

  bool combined_o = original->kind == schema_kind::combined;
  bool combined_u = update->kind == schema_kind::combined;
  if (!combined_o && combined_u) {
    if (update->subschemas.size() == 1) {
      context sub = ctx.subcontext();
      compare(sub, original, update->subschemas.front());
      if (sub.compatible()) return ctx.add_all(sub.differences());
    } else if (update->combine == criterion::any_of || update->combine == criterion::one_of) {
      for (node_ref branch : update->subschemas) {
        context sub = ctx.subcontext();
        compare(sub, original, branch);
        if (sub.compatible()) {
          ctx.add_all(sub.differences());
          return ctx.add(T::SUM_TYPE_EXTENDED);
        }
      }
    }
  } else if (combined_o && !combined_u) {
    if (original->subschemas.size() == 1) {
      context sub = ctx.subcontext();
      compare(sub, original->subschemas.front(), update);
      if (sub.compatible()) return ctx.add_all(sub.differences());
    } else if (original->combine == criterion::all_of) {
      // Data valid against every branch is valid against the one the update keeps.
      for (node_ref branch : original->subschemas) {
        context sub = ctx.subcontext();
        compare(sub, branch, update);
        if (sub.compatible()) {
          ctx.add_all(sub.differences());
          return ctx.add(T::PRODUCT_TYPE_NARROWED);
        }
      }
    }
  }

  if (original->kind != update->kind) {
    if (original->kind != schema_kind::false_schema && !is_empty_schema(update)) ctx.add(T::TYPE_CHANGED);
    return;
  }

  context::schema_scope scope(ctx, original);
  if (!scope.entered()) return;
  if (original->id != update->id) ctx.add(T::ID_CHANGED);
  if (original->title != update->title) ctx.add(T::TITLE_CHANGED);
  if (original->description != update->description) ctx.add(T::DESCRIPTION_CHANGED);
  if (!same_default(*original, *update)) ctx.add(T::DEFAULT_CHANGED);
  switch (original->kind) {
    case schema_kind::string: return compare_string(ctx, *original, *update);
    case schema_kind::number: return compare_number(ctx, *original, *update);
    case schema_kind::enumeration: return compare_enum(ctx, *original, *update);
    case schema_kind::constant:
      if (original->values != update->values) ctx.add("const", T::ENUM_ARRAY_CHANGED);
      return;
    case schema_kind::combined: return compare_combined(ctx, *original, *update);
    case schema_kind::not_schema: return compare_not(ctx, *original, *update);
    case schema_kind::object: return compare_object(ctx, *original, *update);
    case schema_kind::array: return compare_array(ctx, *original, *update);
    default: return;
  }
}

}  // namespace diff

diff_outcome compare_schemas(node_ref original, node_ref update) {
  auto budget = std::make_shared<diff::work_budget>();
  diff::context ctx(budget);
  diff::compare(ctx, original, update);
  return {std::move(ctx.differences()), budget->exhausted};
}

std::vector<difference> incompatible_differences(const diff_outcome& outcome) {
  std::vector<difference> out;
  for (const auto& d : outcome.differences) {
    if (!is_compatible_strict(d.type)) out.push_back(d);
  }
  return out;
}

}  // namespace tessera::formats::json_schema
