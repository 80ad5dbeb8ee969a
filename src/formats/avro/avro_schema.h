#pragma once
/// The parsed Avro schema: a flat vector of nodes addressed by index. A named type is one node;
/// every later use of its name points at that same node, so recursion is a back edge and the
/// compatibility checker can memoise on (reader node, writer node) the way Java memoises on
/// object identity. Each occurrence of a primitive is its own node, as in Java.

#include <cstdint>
#include <memory>
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

/// True if `s` is the schema spelling of any type, named kinds included ("record", "map", "int").
bool is_type_name(std::string_view s);

using node_id = std::uint32_t;
inline constexpr node_id no_node = static_cast<node_id>(-1);

/// A custom attribute (anything not reserved), kept in input order as Java does.
struct property {
  std::string key;
  json_value value;
};

/// The logical types Avro 1.11's Java library recognises (an invalid one is ignored, as in Java).
enum class logical_kind : std::uint8_t {
  none, decimal, uuid, date, time_millis, time_micros,
  timestamp_millis, timestamp_micros, local_timestamp_millis, local_timestamp_micros
};

/// The logical type's schema spelling, e.g. "timestamp-millis".
std::string_view logical_name(logical_kind k);

enum class field_order : std::uint8_t { ascending, descending, ignore };

struct field {
  std::string name;
  node_id type = no_node;
  field_order order = field_order::ascending;
  std::optional<std::string> doc;
  std::unique_ptr<const json_value> default_value;  ///< rare, so kept out of line
  std::vector<std::string> aliases;
  std::vector<property> props;
};

/// What only record, enum and fixed have.
struct named_type {
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

/// One schema node. Primitives are the most common, so the node itself stays small.
struct node {
  avro_type type = avro_type::null;
  logical_kind logical = logical_kind::none;
  std::int32_t precision = 0;     ///< decimal only
  std::int32_t scale = 0;         ///< decimal only
  node_id child = no_node;        ///< array items, map values
  std::vector<node_id> branches;  ///< union
  std::vector<property> props;
  std::unique_ptr<named_type> named;  ///< set exactly for record, enum and fixed
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
  static std::optional<std::uint32_t> find_field(const named_type& record, std::string_view name);
  static bool has_symbol(const named_type& enumeration, std::string_view symbol);

 private:
  std::vector<node> nodes_;
};

}  // namespace tessera::formats::avro
