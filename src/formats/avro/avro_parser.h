#pragma once
/// Java Avro 1.11's `Schema.Parser` (the version Confluent 7.9 bundles): JSON text to a
/// schema_tree with the same checks, in the same order, failing with the same messages, so a
/// rejected schema gets Confluent's exact "details". Named types accumulate across documents,
/// which is how Confluent makes referenced schemas visible to the schema that uses them.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "formats/avro/avro_names.h"
#include "formats/avro/avro_schema.h"
#include "tessera/core/result.h"

namespace tessera::formats::avro {

class parser {
 public:
  /// `validate_defaults`: Java's `setValidateDefaults`, checking field defaults against types.
  parser(schema_tree& tree, bool validate_defaults) : tree_(tree), validate_defaults_(validate_defaults) {}

  /// Parses one document into the tree; fails with error_code::invalid_schema and Java's message.
  result<node_id> parse(std::string_view text);

 private:
  struct lookup_result {
    std::optional<avro_type> primitive;
    node_id named = no_node;
    bool found() const { return primitive.has_value() || named != no_node; }
  };

  // avro_parser.cc
  node_id parse_schema(const json_value& v);
  node_id parse_object(const json_value& v);
  node_id parse_union(const json_value& v);
  node_id parse_enum(const json_value& v, const avro_name& name, std::optional<std::string> doc);
  node_id parse_fixed(const json_value& v, const avro_name& name, std::optional<std::string> doc);
  /// `Names.get(name)` without creating anything.
  lookup_result lookup(std::string_view name) const;
  node_id make_primitive(avro_type t);
  void add_name(node_id id);
  void add_aliases(node_id id, const json_value& v);

  // avro_parser_record.cc
  node_id parse_record(const json_value& v, const avro_name& name, std::optional<std::string> doc,
                       bool is_error);
  field parse_field(const json_value& f);
  /// `Schema.isValidDefault`.
  bool is_valid_default(node_id type, const json_value* value) const;

  schema_tree& tree_;
  bool validate_defaults_;
  std::unordered_map<std::string, node_id> names_;
  std::string space_;  ///< the default namespace while parsing
};

/// `Schema.parseAliases`: the "aliases" strings of `v` in order, duplicates dropped.
std::vector<std::string> parse_aliases(const json_value& v);

/// Java's `LogicalTypes.fromSchemaIgnoreInvalid`: records the valid logical type of `n`, if any.
void detect_logical_type(node& n);

/// A record, enum or fixed node with its names and doc.
node named_node(avro_type type, const avro_name& name, std::optional<std::string> doc);

}  // namespace tessera::formats::avro
