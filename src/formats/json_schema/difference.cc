// Message texts are Confluent 7.9's Difference.error(): one sentence per group of types, with
// the JSON path spliced in and two `%s` holes for the reader and writer words. Types outside
// every group (SCHEMA_ADDED among the incompatible ones) render an empty description.

#include "formats/json_schema/difference.h"

#include <array>
#include <initializer_list>

namespace tessera::formats::json_schema {

namespace {

using T = difference_type;

bool in(T t, std::initializer_list<T> set) {
  for (T s : set) {
    if (s == t) return true;
  }
  return false;
}

/// Java's `String.format(template, reader, writer)` where the path was concatenated into the
/// template beforehand: `before` + reader + `middle` + writer + `after`.
std::string fill(std::string_view before, std::string_view first, std::string_view middle, std::string_view second,
                 std::string_view after) {
  std::string out(before);
  out += first;
  out += middle;
  out += second;
  out += after;
  return out;
}

std::string description(const difference& d, std::string_view r, std::string_view w) {
  const std::string p = "'" + d.path + "'";
  T t = d.type;
  if (in(t, {T::MAXIMUM_ADDED, T::MINIMUM_ADDED, T::EXCLUSIVE_MAXIMUM_ADDED, T::EXCLUSIVE_MINIMUM_ADDED,
             T::MULTIPLE_OF_ADDED, T::MAX_LENGTH_ADDED, T::MIN_LENGTH_ADDED, T::PATTERN_ADDED,
             T::REQUIRED_ATTRIBUTE_ADDED, T::MAX_PROPERTIES_ADDED, T::MIN_PROPERTIES_ADDED,
             T::DEPENDENCY_ARRAY_ADDED, T::DEPENDENCY_SCHEMA_ADDED, T::MAX_ITEMS_ADDED, T::MIN_ITEMS_ADDED,
             T::MAX_CONTAINS_ADDED, T::MIN_CONTAINS_ADDED, T::UNIQUE_ITEMS_ADDED, T::ADDITIONAL_ITEMS_REMOVED,
             T::ADDITIONAL_PROPERTIES_REMOVED, T::UNEVALUATED_PROPERTIES_REMOVED, T::UNEVALUATED_ITEMS_REMOVED})) {
    return fill("The keyword at path " + p + " in the ", r, " schema is not present in the ", w, " schema");
  }
  if (in(t, {T::MIN_LENGTH_INCREASED, T::MINIMUM_INCREASED, T::EXCLUSIVE_MINIMUM_INCREASED,
             T::MIN_PROPERTIES_INCREASED, T::MULTIPLE_OF_EXPANDED, T::MIN_ITEMS_INCREASED,
             T::MIN_CONTAINS_INCREASED})) {
    return fill("The value at path " + p + " in the ", r, " schema is more than its value in the ", w, " schema");
  }
  if (in(t, {T::MAX_LENGTH_DECREASED, T::MAXIMUM_DECREASED, T::MAX_ITEMS_DECREASED, T::MAX_CONTAINS_DECREASED,
             T::EXCLUSIVE_MAXIMUM_DECREASED, T::MAX_PROPERTIES_DECREASED})) {
    return fill("The value at path " + p + " in the ", r, " schema is less than its value in the ", w, " schema");
  }
  if (in(t, {T::PATTERN_CHANGED, T::MULTIPLE_OF_CHANGED, T::DEPENDENCY_ARRAY_CHANGED})) {
    return fill("The value at path " + p + " is different between the ", r, " and ", w, " schema");
  }
  if (in(t, {T::ADDITIONAL_ITEMS_NARROWED, T::ENUM_ARRAY_NARROWED, T::SUM_TYPE_NARROWED,
             T::ADDITIONAL_PROPERTIES_NARROWED, T::UNEVALUATED_PROPERTIES_NARROWED, T::UNEVALUATED_ITEMS_NARROWED})) {
    return fill("An array or combined type at path " + p + " has fewer elements in the ", r, " schema than the ", w,
                " schema");
  }
  if (in(t, {T::DEPENDENCY_ARRAY_EXTENDED, T::PRODUCT_TYPE_EXTENDED, T::SUM_TYPE_EXTENDED, T::NOT_TYPE_EXTENDED})) {
    return fill("An array or combined type at path " + p + " has more elements in the ", r, " schema than the ", w,
                " schema");
  }
  if (in(t, {T::TYPE_CHANGED, T::TYPE_NARROWED, T::COMBINED_TYPE_CHANGED, T::COMBINED_TYPE_SUBSCHEMAS_CHANGED,
             T::ENUM_ARRAY_CHANGED})) {
    return fill("A type at path " + p + " is different between the ", r, " schema and the ", w, " schema");
  }
  if (in(t, {T::PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, T::ITEM_ADDED_TO_OPEN_CONTENT_MODEL})) {
    return fill("The ", r, " schema has an open content model and has a property or item at path " + p +
                               " which is missing in the ",
                w, " schema");
  }
  if (t == T::REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL) {
    return fill("The ", r, " schema has an unopen content model and has a required property at path " + p +
                               " which is missing in the ",
                w, " schema");
  }
  if (in(t, {T::PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL, T::ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL})) {
    // 7.9 says "The new has", without "schema".
    return fill("The ", r, " has a closed content model and is missing a property or item present at path " + p +
                               " in the ",
                w, " schema");
  }
  if (in(t, {T::PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
             T::ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL})) {
    return fill("A property or item is missing in the ", r, " schema but present at path " + p + " in the ", w,
                " schema and is not covered by its partially open content model");
  }
  if (in(t, {T::PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
             T::ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL})) {
    return fill("The ", r, " schema has a property or item at path " + p + " which is missing in the ", w,
                " schema and is not covered by its partially open content model");
  }
  return "";
}

}  // namespace

std::string_view to_string_view(difference_type t) {
  static constexpr std::array names = {
#define TESSERA_JSON_DIFFERENCE_NAME(name) std::string_view(#name),
      TESSERA_JSON_DIFFERENCE_TYPES(TESSERA_JSON_DIFFERENCE_NAME)
#undef TESSERA_JSON_DIFFERENCE_NAME
  };
  return names[static_cast<std::size_t>(t)];
}

bool is_compatible_strict(difference_type t) {
  return in(t, {T::ID_CHANGED,
                T::DESCRIPTION_CHANGED,
                T::TITLE_CHANGED,
                T::DEFAULT_CHANGED,
                T::SCHEMA_REMOVED,
                T::TYPE_EXTENDED,
                T::MAX_LENGTH_INCREASED,
                T::MAX_LENGTH_REMOVED,
                T::MIN_LENGTH_DECREASED,
                T::MIN_LENGTH_REMOVED,
                T::PATTERN_REMOVED,
                T::MAXIMUM_INCREASED,
                T::MAXIMUM_REMOVED,
                T::MINIMUM_DECREASED,
                T::MINIMUM_REMOVED,
                T::EXCLUSIVE_MAXIMUM_INCREASED,
                T::EXCLUSIVE_MAXIMUM_REMOVED,
                T::EXCLUSIVE_MINIMUM_DECREASED,
                T::EXCLUSIVE_MINIMUM_REMOVED,
                T::MULTIPLE_OF_REDUCED,
                T::MULTIPLE_OF_REMOVED,
                T::REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED,
                T::REQUIRED_ATTRIBUTE_REMOVED,
                T::DEPENDENCY_ARRAY_NARROWED,
                T::DEPENDENCY_ARRAY_REMOVED,
                T::DEPENDENCY_SCHEMA_REMOVED,
                T::MAX_PROPERTIES_INCREASED,
                T::MAX_PROPERTIES_REMOVED,
                T::MIN_PROPERTIES_DECREASED,
                T::MIN_PROPERTIES_REMOVED,
                T::ADDITIONAL_PROPERTIES_ADDED,
                T::ADDITIONAL_PROPERTIES_EXTENDED,
                T::UNEVALUATED_PROPERTIES_ADDED,
                T::UNEVALUATED_PROPERTIES_EXTENDED,
                T::PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL,
                T::REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL,
                T::OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL,
                T::PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL,
                T::PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL,
                T::PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
                T::PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
                T::MAX_ITEMS_INCREASED,
                T::MAX_ITEMS_REMOVED,
                T::MIN_ITEMS_DECREASED,
                T::MIN_ITEMS_REMOVED,
                T::MAX_CONTAINS_INCREASED,
                T::MAX_CONTAINS_REMOVED,
                T::MIN_CONTAINS_DECREASED,
                T::MIN_CONTAINS_REMOVED,
                T::UNIQUE_ITEMS_REMOVED,
                T::ADDITIONAL_ITEMS_ADDED,
                T::ADDITIONAL_ITEMS_EXTENDED,
                T::UNEVALUATED_ITEMS_ADDED,
                T::UNEVALUATED_ITEMS_EXTENDED,
                T::ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL,
                T::ITEM_ADDED_TO_CLOSED_CONTENT_MODEL,
                T::ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL,
                T::ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL,
                T::ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
                T::ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
                T::ENUM_ARRAY_EXTENDED,
                T::COMBINED_TYPE_EXTENDED,
                T::PRODUCT_TYPE_NARROWED,
                T::SUM_TYPE_EXTENDED,
                T::NOT_TYPE_NARROWED});
}

std::string render(const difference& d, std::string_view reader, std::string_view writer) {
  return "{errorType:\"" + std::string(to_string_view(d.type)) + "\", description:\"" +
         description(d, reader, writer) + "'}";
}

}  // namespace tessera::formats::json_schema
