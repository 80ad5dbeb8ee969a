#pragma once
/// Confluent's json/diff/Difference: the change kinds SchemaDiff reports, which of them the
/// STRICT policy accepts, and the message text Confluent 7.9 renders for each.

#include <cstdint>
#include <string>
#include <string_view>

namespace tessera::formats::json_schema {

#define TESSERA_JSON_DIFFERENCE_TYPES(X)                                                                   \
  X(ID_CHANGED) X(DESCRIPTION_CHANGED) X(TITLE_CHANGED) X(DEFAULT_CHANGED) X(SCHEMA_ADDED) X(SCHEMA_REMOVED)   \
  X(TYPE_EXTENDED) X(TYPE_NARROWED) X(TYPE_CHANGED)                                                        \
  X(MAX_LENGTH_ADDED) X(MAX_LENGTH_REMOVED) X(MAX_LENGTH_INCREASED) X(MAX_LENGTH_DECREASED)                \
  X(MIN_LENGTH_ADDED) X(MIN_LENGTH_REMOVED) X(MIN_LENGTH_INCREASED) X(MIN_LENGTH_DECREASED)                \
  X(PATTERN_ADDED) X(PATTERN_REMOVED) X(PATTERN_CHANGED)                                                   \
  X(MAXIMUM_ADDED) X(MAXIMUM_REMOVED) X(MAXIMUM_INCREASED) X(MAXIMUM_DECREASED)                            \
  X(MINIMUM_ADDED) X(MINIMUM_REMOVED) X(MINIMUM_INCREASED) X(MINIMUM_DECREASED)                            \
  X(EXCLUSIVE_MAXIMUM_ADDED) X(EXCLUSIVE_MAXIMUM_REMOVED) X(EXCLUSIVE_MAXIMUM_INCREASED)                   \
  X(EXCLUSIVE_MAXIMUM_DECREASED) X(EXCLUSIVE_MINIMUM_ADDED) X(EXCLUSIVE_MINIMUM_REMOVED)                   \
  X(EXCLUSIVE_MINIMUM_INCREASED) X(EXCLUSIVE_MINIMUM_DECREASED)                                            \
  X(MULTIPLE_OF_ADDED) X(MULTIPLE_OF_REMOVED) X(MULTIPLE_OF_EXPANDED) X(MULTIPLE_OF_REDUCED)               \
  X(MULTIPLE_OF_CHANGED)                                                                                   \
  X(REQUIRED_ATTRIBUTE_ADDED) X(REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED) X(REQUIRED_ATTRIBUTE_REMOVED)       \
  X(MAX_PROPERTIES_ADDED) X(MAX_PROPERTIES_REMOVED) X(MAX_PROPERTIES_INCREASED) X(MAX_PROPERTIES_DECREASED) \
  X(MIN_PROPERTIES_ADDED) X(MIN_PROPERTIES_REMOVED) X(MIN_PROPERTIES_INCREASED) X(MIN_PROPERTIES_DECREASED) \
  X(ADDITIONAL_PROPERTIES_ADDED) X(ADDITIONAL_PROPERTIES_REMOVED) X(ADDITIONAL_PROPERTIES_EXTENDED)        \
  X(ADDITIONAL_PROPERTIES_NARROWED)                                                                        \
  X(DEPENDENCY_ARRAY_ADDED) X(DEPENDENCY_ARRAY_REMOVED) X(DEPENDENCY_ARRAY_EXTENDED)                       \
  X(DEPENDENCY_ARRAY_NARROWED) X(DEPENDENCY_ARRAY_CHANGED) X(DEPENDENCY_SCHEMA_ADDED)                      \
  X(DEPENDENCY_SCHEMA_REMOVED)                                                                             \
  X(PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL) X(PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL)        \
  X(REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL)                                                       \
  X(REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL)                                          \
  X(OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL) X(PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL)           \
  X(PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL) X(PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL)   \
  X(PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL)                                           \
  X(PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL)                                          \
  X(PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL)                                             \
  X(PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL)                                            \
  X(UNEVALUATED_PROPERTIES_ADDED) X(UNEVALUATED_PROPERTIES_REMOVED) X(UNEVALUATED_PROPERTIES_EXTENDED)     \
  X(UNEVALUATED_PROPERTIES_NARROWED)                                                                       \
  X(MAX_ITEMS_ADDED) X(MAX_ITEMS_REMOVED) X(MAX_ITEMS_INCREASED) X(MAX_ITEMS_DECREASED)                    \
  X(MIN_ITEMS_ADDED) X(MIN_ITEMS_REMOVED) X(MIN_ITEMS_INCREASED) X(MIN_ITEMS_DECREASED)                    \
  X(MAX_CONTAINS_ADDED) X(MAX_CONTAINS_REMOVED) X(MAX_CONTAINS_INCREASED) X(MAX_CONTAINS_DECREASED)        \
  X(MIN_CONTAINS_ADDED) X(MIN_CONTAINS_REMOVED) X(MIN_CONTAINS_INCREASED) X(MIN_CONTAINS_DECREASED)        \
  X(UNIQUE_ITEMS_ADDED) X(UNIQUE_ITEMS_REMOVED)                                                            \
  X(ADDITIONAL_ITEMS_ADDED) X(ADDITIONAL_ITEMS_REMOVED) X(ADDITIONAL_ITEMS_EXTENDED)                       \
  X(ADDITIONAL_ITEMS_NARROWED)                                                                             \
  X(UNEVALUATED_ITEMS_ADDED) X(UNEVALUATED_ITEMS_REMOVED) X(UNEVALUATED_ITEMS_EXTENDED)                    \
  X(UNEVALUATED_ITEMS_NARROWED)                                                                            \
  X(ITEM_ADDED_TO_OPEN_CONTENT_MODEL) X(ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL)                \
  X(ITEM_ADDED_TO_CLOSED_CONTENT_MODEL) X(ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL)                            \
  X(ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL) X(ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL)           \
  X(ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL)                                               \
  X(ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL)                                              \
  X(ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL)                                                 \
  X(ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL)                                                \
  X(ENUM_ARRAY_EXTENDED) X(ENUM_ARRAY_NARROWED) X(ENUM_ARRAY_CHANGED)                                      \
  X(COMBINED_TYPE_EXTENDED) X(COMBINED_TYPE_CHANGED) X(PRODUCT_TYPE_EXTENDED) X(PRODUCT_TYPE_NARROWED)     \
  X(SUM_TYPE_EXTENDED) X(SUM_TYPE_NARROWED) X(COMBINED_TYPE_SUBSCHEMAS_CHANGED)                           \
  X(NOT_TYPE_EXTENDED) X(NOT_TYPE_NARROWED)

enum class difference_type : std::uint8_t {
#define TESSERA_JSON_DIFFERENCE_ENUM(name) name,
  TESSERA_JSON_DIFFERENCE_TYPES(TESSERA_JSON_DIFFERENCE_ENUM)
#undef TESSERA_JSON_DIFFERENCE_ENUM
};

/// The Java enum constant's name, e.g. "TYPE_CHANGED".
std::string_view to_string_view(difference_type t);

/// SchemaDiff.COMPATIBLE_CHANGES (the STRICT policy): a difference a reader tolerates.
bool is_compatible_strict(difference_type t);

/// One difference at a JSON path such as `#/properties/a`.
struct difference {
  difference_type type;
  std::string path;

  bool operator==(const difference&) const = default;
};

/// Difference.toString() as Confluent 7.9 prints it, holes filled with `reader` then `writer`:
/// `{errorType:"TYPE_CHANGED", description:"A type at path '#/' is different ...'}` (the
/// closing `'}` is Confluent's own mismatched quote).
std::string render(const difference& d, std::string_view reader, std::string_view writer);

}  // namespace tessera::formats::json_schema
