#pragma once
/// The validator object model Confluent's differ compares: one node per everit schema object
/// (EmptySchema, StringSchema, ObjectSchema, CombinedSchema, ReferenceSchema, ...), with the
/// fields SchemaDiff reads. Maps that Java iterates as HashMaps are stored in that iteration
/// order. Node identity matters: cycle detection compares originals by address, as Java does.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tessera::formats::json_schema {

/// The everit class of a node. SchemaDiff treats two nodes of different kinds as a type change
/// (with the TrueSchema-is-an-EmptySchema and FalseSchema exceptions).
enum class schema_kind : std::uint8_t {
  empty,
  true_schema,
  false_schema,
  boolean,
  null,
  string,
  number,
  object,
  array,
  combined,
  not_schema,
  enumeration,
  constant,
  reference,
  conditional,
};

enum class criterion : std::uint8_t { all_of, any_of, one_of };

/// The keyword spelling of a criterion (`allOf`, ...), used in difference paths.
std::string_view to_string_view(criterion c);

/// A numeric keyword value: a Java Number compared by doubleValue(); `text` is its JSON text,
/// so Objects.equals (type and scale sensitive) is text equality.
struct number_value {
  double value = 0;
  std::string text;
};

struct schema_node;
using node_ref = const schema_node*;

struct schema_node {
  schema_kind kind = schema_kind::empty;

  // Every schema.
  std::optional<std::string> id;
  std::optional<std::string> title;
  std::optional<std::string> description;
  /// Canonical text of `default`. Object and array defaults are org.json containers that never
  /// equal another instance, so they compare unequal even to themselves.
  std::optional<std::string> default_value;
  bool default_is_container = false;
  /// For a member of allOf/anyOf/oneOf, its JSON with sorted members: what
  /// `new JsonSchema(subschema)` equality sees when CombinedSchemaDiff collapses duplicates.
  /// Other nodes get a key unique to them.
  std::string source_key;

  // StringSchema.
  std::optional<std::int32_t> min_length;
  std::optional<std::int32_t> max_length;
  std::optional<std::string> pattern;

  // NumberSchema.
  bool requires_integer = false;
  std::optional<number_value> minimum;
  std::optional<number_value> maximum;
  std::optional<number_value> exclusive_minimum;
  std::optional<number_value> exclusive_maximum;
  std::optional<number_value> multiple_of;

  // ObjectSchema.
  std::vector<std::pair<std::string, node_ref>> properties;  ///< HashMap iteration order
  std::vector<std::string> required;
  std::vector<std::pair<std::string, node_ref>> pattern_properties;
  bool additional_properties = true;
  node_ref additional_properties_schema = nullptr;
  std::optional<std::int32_t> min_properties;
  std::optional<std::int32_t> max_properties;
  std::vector<std::pair<std::string, std::vector<std::string>>> property_dependencies;  ///< HashMap order
  std::vector<std::pair<std::string, node_ref>> schema_dependencies;                    ///< HashMap order
  node_ref unevaluated_properties = nullptr;

  // ArraySchema.
  node_ref all_items = nullptr;
  std::vector<node_ref> item_schemas;  ///< tuple form (`items` array / `prefixItems`)
  bool additional_items = true;
  node_ref additional_items_schema = nullptr;
  std::optional<std::int32_t> min_items;
  std::optional<std::int32_t> max_items;
  bool unique_items = false;
  std::optional<number_value> min_contains;
  std::optional<number_value> max_contains;
  node_ref unevaluated_items = nullptr;

  // CombinedSchema.
  criterion combine = criterion::all_of;
  std::vector<node_ref> subschemas;

  // NotSchema.
  node_ref must_not_match = nullptr;

  // EnumSchema (possible values) and ConstSchema (one value): canonical texts with sorted
  // members, since Java compares the values as Maps/Lists.
  std::vector<std::string> values;

  // ReferenceSchema.
  std::string ref;
  node_ref referred = nullptr;

  /// The named property's schema, nullptr when absent.
  node_ref property(std::string_view name) const;
  bool is_required(std::string_view name) const;
  bool has_default() const { return default_value.has_value(); }
};

/// Owns the nodes of one parsed schema (and of the schemas it references). Addresses are stable.
class schema_graph {
 public:
  /// A new node of `kind`, owned by the graph.
  schema_node* add(schema_kind kind);
  node_ref root() const { return root_; }
  void set_root(node_ref root) { root_ = root; }
  std::size_t size() const { return nodes_.size(); }

 private:
  std::deque<schema_node> nodes_;
  node_ref root_ = nullptr;
};

}  // namespace tessera::formats::json_schema
