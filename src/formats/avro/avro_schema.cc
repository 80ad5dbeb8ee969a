#include "formats/avro/avro_schema.h"

#include <algorithm>
#include <array>
#include <utility>

namespace tessera::formats::avro {

namespace {

struct type_spelling {
  avro_type type;
  std::string_view name;
  std::string_view constant;
};

constexpr std::array<type_spelling, 14> spellings{{
    {avro_type::record, "record", "RECORD"},
    {avro_type::enumeration, "enum", "ENUM"},
    {avro_type::array, "array", "ARRAY"},
    {avro_type::map, "map", "MAP"},
    {avro_type::union_type, "union", "UNION"},
    {avro_type::fixed, "fixed", "FIXED"},
    {avro_type::string, "string", "STRING"},
    {avro_type::bytes, "bytes", "BYTES"},
    {avro_type::int32, "int", "INT"},
    {avro_type::int64, "long", "LONG"},
    {avro_type::float32, "float", "FLOAT"},
    {avro_type::float64, "double", "DOUBLE"},
    {avro_type::boolean, "boolean", "BOOLEAN"},
    {avro_type::null, "null", "NULL"},
}};

}  // namespace

std::string_view type_name(avro_type t) { return spellings[static_cast<std::size_t>(t)].name; }

std::string_view type_constant(avro_type t) {
  return spellings[static_cast<std::size_t>(t)].constant;
}

std::optional<avro_type> primitive_named(std::string_view s) {
  for (std::size_t i = static_cast<std::size_t>(avro_type::string); i < spellings.size(); ++i) {
    if (spellings[i].name == s) return spellings[i].type;
  }
  return std::nullopt;
}

bool is_type_name(std::string_view s) {
  for (const type_spelling& t : spellings) {
    if (t.name == s) return true;
  }
  return false;
}

node_id schema_tree::add(node n) {
  nodes_.push_back(std::move(n));
  return static_cast<node_id>(nodes_.size() - 1);
}

void schema_tree::index(node_id id) {
  named_type& n = *nodes_[id].named;
  n.field_lookup.resize(n.fields.size());
  for (std::uint32_t i = 0; i < n.field_lookup.size(); ++i) n.field_lookup[i] = i;
  std::sort(n.field_lookup.begin(), n.field_lookup.end(),
            [&](std::uint32_t a, std::uint32_t b) { return n.fields[a].name < n.fields[b].name; });
  n.symbol_lookup.resize(n.symbols.size());
  for (std::uint32_t i = 0; i < n.symbol_lookup.size(); ++i) n.symbol_lookup[i] = i;
  std::sort(n.symbol_lookup.begin(), n.symbol_lookup.end(),
            [&](std::uint32_t a, std::uint32_t b) { return n.symbols[a] < n.symbols[b]; });
}

std::optional<std::uint32_t> schema_tree::find_field(const named_type& record, std::string_view name) {
  auto it = std::lower_bound(
      record.field_lookup.begin(), record.field_lookup.end(), name,
      [&](std::uint32_t i, std::string_view v) { return record.fields[i].name < v; });
  if (it == record.field_lookup.end() || record.fields[*it].name != name) return std::nullopt;
  return *it;
}

bool schema_tree::has_symbol(const named_type& enumeration, std::string_view symbol) {
  auto it = std::lower_bound(
      enumeration.symbol_lookup.begin(), enumeration.symbol_lookup.end(), symbol,
      [&](std::uint32_t i, std::string_view v) { return enumeration.symbols[i] < v; });
  return it != enumeration.symbol_lookup.end() && enumeration.symbols[*it] == symbol;
}

std::string_view logical_name(logical_kind k) {
  static constexpr std::string_view names[] = {"",
                                               "decimal",
                                               "uuid",
                                               "date",
                                               "time-millis",
                                               "time-micros",
                                               "timestamp-millis",
                                               "timestamp-micros",
                                               "local-timestamp-millis",
                                               "local-timestamp-micros"};
  return names[static_cast<std::size_t>(k)];
}

}  // namespace tessera::formats::avro
