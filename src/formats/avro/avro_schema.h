#pragma once
/// The parsed Avro schema: a flat vector of nodes addressed by index. A named type is one node;
/// every later use of its name points at that same node, so recursion is a back edge and the
/// compatibility checker can memoise on (reader node, writer node) the way Java memoises on
/// object identity. Each occurrence of a primitive is its own node, as in Java.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/avro/avro_json.h"

namespace tessera::formats::avro {

/// Java's Schema.Type, in its declaration order.
enum class avro_type : std::uint8_t {
  record, enumeration, array, map, union_type, fixed,
  string, bytes, int32, int64, float32, float64, boolean, null
};

/// The type's schema spelling: "record", "enum", "int", ...
std::string_view type_name(avro_type t);
/// The Java enum constant: "RECORD", "ENUM", "INT", ...
std::string_view type_constant(avro_type t);
/// The primitive named `s`, if any.
std::optional<avro_type> primitive_named(std::string_view s);

bool is_named(avro_type t);

using node_id = std::uint32_t;
inline constexpr node_id no_node = static_cast<node_id>(-1);

/// A custom attribute (anything not reserved), kept in input order as Java does.
struct property {
  std::string key;
  json_value value;
};

/// A logical type Java recognised and validated (invalid ones are ignored, as Java does).
struct logical_type {
  std::string name;
  int precision = 0;  ///< decimal only
  int scale = 0;      ///< decimal only
};

enum class field_order : std::uint8_t { ascending, descending, ignore };

struct field {
  std::string name;
  node_id type = no_node;
  std::optional<std::string> doc;
  std::optional<json_value> default_value;
  field_order order = field_order::ascending;
  std::vector<std::string> aliases;
  std::vector<property> props;
};

struct node {
  avro_type type = avro_type::null;
  node_id child = no_node;        ///< array items, map values
  std::vector<node_id> branches;  ///< union
  std::vector<property> props;
  std::optional<logical_type> logical;

  // Named types (record, enum, fixed).
  std::string name;   ///< simple name
  std::string space;  ///< namespace, empty for none
  std::string full;   ///< full name
  std::optional<std::string> doc;
  std::vector<std::string> aliases;  ///< full names, first occurrence order
  bool is_error = false;             ///< declared as "error"
  bool fields_set = false;           ///< false while the parser is still inside the record
  std::vector<field> fields;
  std::vector<std::uint32_t> field_lookup;  ///< field positions sorted by name
  std::vector<std::string> symbols;
  std::vector<std::uint32_t> symbol_lookup;  ///< symbol positions sorted by symbol
  std::optional<std::string> enum_default;
  std::int32_t size = 0;
};

/// The nodes of one parse: the referenced schemas first, then the schema itself.
class schema_tree {
 public:
  node_id add(node n);
  node& at(node_id id) { return nodes_[id]; }
  const node& at(node_id id) const { return nodes_[id]; }
  std::size_t size() const { return nodes_.size(); }

  /// Builds the name lookups of a record or enum once its fields or symbols are final.
  void index(node_id id);
  /// Position of the field named `name` in a record, like `Schema.getField(name)`.
  std::optional<std::uint32_t> find_field(const node& record, std::string_view name) const;
  bool has_symbol(const node& enumeration, std::string_view symbol) const;

 private:
  std::vector<node> nodes_;
};

}  // namespace tessera::formats::avro
