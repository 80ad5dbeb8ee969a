// Records and their fields: the part of Java's Schema.parse with the most checks (field names,
// undefined type names, sort orders, float defaults given as strings, default validation,
// duplicate fields).

#include <unordered_map>

#include "formats/avro/avro_parser.h"
#include "formats/avro/avro_writer.h"
#include "formats/avro/java_text.h"

namespace tessera::formats::avro {

namespace {

constexpr std::string_view field_reserved[] = {"default", "doc", "name", "order", "type", "aliases"};

bool is_field_reserved(std::string_view key) {
  for (std::string_view r : field_reserved) {
    if (key == r) return true;
  }
  return false;
}

field_order parse_order(const json_value& order) {
  if (!order.is_textual()) {
    // Java calls textValue().toUpperCase() on a non-string and fails with this NPE text.
    throw schema_failure(
        "Cannot invoke \"String.toUpperCase(java.util.Locale)\" because the return value of "
        "\"com.fasterxml.jackson.databind.JsonNode.textValue()\" is null");
  }
  std::string upper = order.text;
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (upper == "ASCENDING") return field_order::ascending;
  if (upper == "DESCENDING") return field_order::descending;
  if (upper == "IGNORE") return field_order::ignore;
  throw schema_failure("No enum constant org.apache.avro.Schema.Field.Order." + upper);
}

std::string field_name_of(const json_value& f) {
  const std::string* name = f.find_text("name");
  if (name == nullptr) throw schema_failure("No field name: " + to_json(f));
  return *name;
}

std::string describe_field(const field& f, const schema_tree& tree, std::size_t pos) {
  return f.name + " type:" + std::string(type_constant(tree.at(f.type).type)) + " pos:" + std::to_string(pos);
}

}  // namespace

node_id parser::parse_record(const json_value& v, const avro_name& name, std::optional<std::string> doc,
                             bool is_error) {
  if (primitive_named(name.full)) {
    throw schema_failure("Schemas may not be named after primitives: " + name.full);
  }
  node r = named_node(avro_type::record, name, std::move(doc));
  r.named->is_error = is_error;
  node_id id = tree_.add(std::move(r));
  // Registered before the fields are read, so fields may refer to the record itself.
  add_name(id);
  const json_value* fields_node = v.find("fields");
  if (fields_node == nullptr || !fields_node->is_array()) {
    throw schema_failure("Record has no fields: " + to_json(v));
  }
  std::vector<field> fields;
  fields.reserve(fields_node->items.size());
  for (const json_value& f : fields_node->items) fields.push_back(parse_field(f));
  // Java's setFields: the first repeated name fails, naming both fields.
  std::unordered_map<std::string_view, std::size_t> positions;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    auto [it, inserted] = positions.emplace(fields[i].name, i);
    if (!inserted) {
      throw schema_failure("Duplicate field " + fields[i].name + " in record " + name.full + ": " +
                           describe_field(fields[i], tree_, i) + " and " +
                           describe_field(fields[it->second], tree_, it->second) + ".");
    }
  }
  named_type& rec = *tree_.at(id).named;
  rec.fields = std::move(fields);
  rec.fields_set = true;
  tree_.index(id);
  return id;
}

field parser::parse_field(const json_value& f) {
  field out;
  out.name = field_name_of(f);
  if (const std::string* doc = f.find_text("doc")) out.doc = *doc;
  const json_value* type_node = f.find("type");
  if (type_node == nullptr) throw schema_failure("No field type: " + to_json(f));
  if (type_node->is_textual() && !lookup(type_node->text).found()) {
    throw schema_failure(to_json(*type_node) + " is not a defined name. The type of the \"" + out.name +
                         "\" field must be a defined name or a {\"type\": ...} expression.");
  }
  out.type = parse_schema(*type_node);
  if (const json_value* order = f.find("order")) out.order = parse_order(*order);
  if (const json_value* d = f.find("default")) {
    out.default_value = std::make_unique<const json_value>(*d);
    avro_type t = tree_.at(out.type).type;
    if ((t == avro_type::float32 || t == avro_type::float64) && d->is_textual()) {
      // Java turns a string default of a float/double field into a number with Double.valueOf.
      std::string error;
      std::optional<double> value = java_parse_double(d->text, error);
      if (!value) throw schema_failure(error);
      out.default_value = std::make_unique<const json_value>(json_value::make_floating(*value));
    }
  }
  validate_name(out.name);
  if (validate_defaults_ && out.default_value && !is_valid_default(out.type, out.default_value.get())) {
    throw schema_failure("Invalid default for field " + out.name + ": " + to_json(*out.default_value) +
                         " not a " + write_schema(tree_, out.type));
  }
  for (std::size_t i = 0; i < f.keys.size(); ++i) {
    if (!is_field_reserved(f.keys[i])) out.props.push_back({f.keys[i], f.items[i]});
  }
  out.aliases = parse_aliases(f);
  return out;
}

bool parser::is_valid_default(node_id type, const json_value* value) const {
  if (value == nullptr) return false;
  const node& n = tree_.at(type);
  switch (n.type) {
    case avro_type::string:
    case avro_type::bytes:
    case avro_type::enumeration:
    case avro_type::fixed: return value->is_textual();
    case avro_type::int32: return value->is_int();
    case avro_type::int64: return value->kind == json_kind::integer;
    case avro_type::float32:
    case avro_type::float64: return value->is_number();
    case avro_type::boolean: return value->kind == json_kind::boolean;
    case avro_type::null: return value->kind == json_kind::null;
    case avro_type::array:
      if (!value->is_array()) return false;
      for (const json_value& item : value->items) {
        if (!is_valid_default(n.child, &item)) return false;
      }
      return true;
    case avro_type::map:
      if (!value->is_object()) return false;
      for (const json_value& item : value->items) {
        if (!is_valid_default(n.child, &item)) return false;
      }
      return true;
    case avro_type::union_type:
      // A union's default must match its first branch.
      if (n.branches.empty()) throw schema_failure("Index 0 out of bounds for length 0");
      return is_valid_default(n.branches.front(), value);
    case avro_type::record:
      // A record default that mentions a record still being parsed (recursion) fails in Java.
      if (!n.named->fields_set) throw schema_failure("Schema fields not set yet");
      if (!value->is_object()) return false;
      for (const field& f : n.named->fields) {
        const json_value* member = value->find(f.name);
        if (member == nullptr) member = f.default_value.get();
        if (!is_valid_default(f.type, member)) return false;
      }
      return true;
  }
  return false;
}

}  // namespace tessera::formats::avro
