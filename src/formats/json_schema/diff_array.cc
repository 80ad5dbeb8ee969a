// ArraySchemaDiff: the all-items schema, the tuple (`items` array / `prefixItems`) position by
// position with the same open / partially open / closed content-model rules as objects,
// additionalItems, unevaluatedItems, then the counts.

#include <algorithm>
#include <optional>
#include <string>

#include "formats/json_schema/diff_internal.h"

namespace tessera::formats::json_schema::diff {

namespace {

using T = difference_type;

bool is_open(const schema_node& s) {
  if (!s.additional_items || s.additional_items_schema != nullptr) return false;
  return s.unevaluated_items == nullptr || is_empty_schema(s.unevaluated_items);
}

node_ref partial_schema(const schema_node& s) {
  if (s.additional_items_schema != nullptr) return s.additional_items_schema;
  node_ref u = s.unevaluated_items;
  if (s.additional_items && u != nullptr && !is_empty_schema(u) && u->kind != schema_kind::false_schema) return u;
  return nullptr;
}

void compare_tuples(context& ctx, const schema_node& original, const schema_node& update) {
  const auto& o = original.item_schemas;
  const auto& u = update.item_schemas;
  std::size_t common = std::min(o.size(), u.size());
  for (std::size_t i = 0; i < common; ++i) {
    context::path_scope scope(ctx, "items/" + std::to_string(i));
    compare(ctx, o[i], u[i]);
  }
  for (std::size_t i = common; i < o.size(); ++i) {
    context::path_scope scope(ctx, "items/" + std::to_string(i));
    if (is_open(update)) {
      ctx.add(T::ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL);
    } else if (node_ref partial = partial_schema(update)) {
      context sub = ctx.subcontext();
      compare(sub, o[i], partial);
      ctx.add_all(sub.differences());
      ctx.add(sub.compatible() ? T::ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                               : T::ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
    } else {
      ctx.add(o[i]->kind == schema_kind::false_schema ? T::ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL
                                                      : T::ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL);
    }
  }
  for (std::size_t i = common; i < u.size(); ++i) {
    context::path_scope scope(ctx, "items/" + std::to_string(i));
    if (is_open(original)) {
      ctx.add(is_empty_schema(u[i]) ? T::ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL
                                    : T::ITEM_ADDED_TO_OPEN_CONTENT_MODEL);
    } else if (node_ref partial = partial_schema(original)) {
      context sub = ctx.subcontext();
      compare(sub, partial, u[i]);
      ctx.add_all(sub.differences());
      ctx.add(sub.compatible() ? T::ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                               : T::ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
    } else {
      ctx.add(T::ITEM_ADDED_TO_CLOSED_CONTENT_MODEL);
    }
  }
}

void compare_additional(context& ctx, const schema_node& original, const schema_node& update) {
  context::path_scope scope(ctx, "additionalItems");
  if (original.additional_items != update.additional_items) {
    ctx.add(original.additional_items ? T::ADDITIONAL_ITEMS_REMOVED : T::ADDITIONAL_ITEMS_ADDED);
  } else if (original.additional_items_schema == nullptr && update.additional_items_schema != nullptr) {
    ctx.add(T::ADDITIONAL_ITEMS_NARROWED);
  } else if (update.additional_items_schema == nullptr && original.additional_items_schema != nullptr) {
    ctx.add(T::ADDITIONAL_ITEMS_EXTENDED);
  } else {
    compare(ctx, original.additional_items_schema, update.additional_items_schema);
  }
}



/// maxContains / minContains: Numbers compared by intValue().
void compare_contains(context& ctx, const char* keyword, const std::optional<number_value>& o,
                      const std::optional<number_value>& u, T added, T removed, T increased, T decreased) {
  if (!o && !u) return;
  if (o && u && o->text == u->text) return;
  if (!o) return ctx.add(keyword, added);
  if (!u) return ctx.add(keyword, removed);
  auto oi = static_cast<long long>(o->value);
  auto ui = static_cast<long long>(u->value);
  if (oi < ui) {
    ctx.add(keyword, increased);
  } else if (oi > ui) {
    ctx.add(keyword, decreased);
  }
}

}  // namespace

void compare_array(context& ctx, const schema_node& original, const schema_node& update) {
  {
    context::path_scope scope(ctx, "items");
    compare(ctx, original.all_items, update.all_items);
  }
  compare_tuples(ctx, original, update);
  compare_additional(ctx, original, update);
  compare_unevaluated(ctx, "unevaluatedItems", original.unevaluated_items, update.unevaluated_items,
                      {T::UNEVALUATED_ITEMS_ADDED, T::UNEVALUATED_ITEMS_REMOVED, T::UNEVALUATED_ITEMS_NARROWED,
                       T::UNEVALUATED_ITEMS_EXTENDED});
  compare_counts(ctx, "maxItems", original.max_items, update.max_items, T::MAX_ITEMS_ADDED, T::MAX_ITEMS_REMOVED,
                 T::MAX_ITEMS_INCREASED, T::MAX_ITEMS_DECREASED);
  compare_counts(ctx, "minItems", original.min_items, update.min_items, T::MIN_ITEMS_ADDED, T::MIN_ITEMS_REMOVED,
                 T::MIN_ITEMS_INCREASED, T::MIN_ITEMS_DECREASED);
  if (original.unique_items != update.unique_items) {
    ctx.add("uniqueItems", original.unique_items ? T::UNIQUE_ITEMS_REMOVED : T::UNIQUE_ITEMS_ADDED);
  }
  compare_contains(ctx, "maxContains", original.max_contains, update.max_contains, T::MAX_CONTAINS_ADDED,
                   T::MAX_CONTAINS_REMOVED, T::MAX_CONTAINS_INCREASED, T::MAX_CONTAINS_DECREASED);
  compare_contains(ctx, "minContains", original.min_contains, update.min_contains, T::MIN_CONTAINS_ADDED,
                   T::MIN_CONTAINS_REMOVED, T::MIN_CONTAINS_INCREASED, T::MIN_CONTAINS_DECREASED);
}

}  // namespace tessera::formats::json_schema::diff
