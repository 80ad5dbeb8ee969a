#include "formats/avro/avro_normalize.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "formats/avro/avro_datum.h"
#include "formats/avro/avro_names.h"
#include "formats/avro/java_text.h"

namespace tessera::formats::avro {

namespace {

/// Writes the text the way Confluent's `build` appends it. Names, symbols and property keys are
/// appended without JSON escaping, exactly as Confluent does.
class normalizer {
 public:
  explicit normalizer(const schema_tree& tree) : tree_(tree) {}

  void add_reference(node_id id) {
    const node& n = tree_.at(id);
    std::string full = n.named ? n.named->full : std::string(type_name(n.type));
    env_.emplace(full, "\"" + full + "\"");
  }

  void build(node_id id, std::string& o) {
    const node& s = tree_.at(id);
    switch (s.type) {
      case avro_type::union_type:
        o += '[';
        for (std::size_t i = 0; i < s.branches.size(); ++i) {
          if (i > 0) o += ',';
          build(s.branches[i], o);
        }
        o += ']';
        return;
      case avro_type::array:
      case avro_type::map:
        o += R"({"type":")";
        o += type_name(s.type);
        o += s.type == avro_type::array ? R"(","items":)" : R"(","values":)";
        build(s.child, o);
        simple_props(s.props, o);
        o += '}';
        return;
      case avro_type::enumeration:
      case avro_type::fixed:
      case avro_type::record: build_named(s, o); return;
      default:
        if (s.logical != logical_kind::none) {
          o += R"({"type":")";
          o += type_name(s.type);
          o += '"';
          logical_props(s, o);
          simple_props(s.props, o);
          o += '}';
        } else if (!s.props.empty()) {
          o += R"({"type":")";
          o += type_name(s.type);
          o += '"';
          simple_props(s.props, o);
          o += '}';
        } else {
          o += '"';
          o += type_name(s.type);
          o += '"';
        }
    }
  }

 private:
  void build_named(const node& s, std::string& o) {
    const named_type& t = *s.named;
    auto known = env_.find(t.full);
    if (known != env_.end()) {
      o += known->second;
      return;
    }
    std::string qname = "\"" + t.full + "\"";
    env_.emplace(t.full, qname);
    o += R"({"name":)";
    o += qname;
    o += R"(,"type":")";
    o += type_name(s.type);  // an "error" record becomes "record" here
    o += '"';
    if (s.type == avro_type::enumeration) {
      o += R"(,"symbols":[)";
      for (std::size_t i = 0; i < t.symbols.size(); ++i) {
        if (i > 0) o += ',';
        o += '"';
        o += t.symbols[i];
        o += '"';
      }
      o += ']';
    } else if (s.type == avro_type::fixed) {
      o += R"(,"size":)";
      o += std::to_string(t.size);
      if (s.logical != logical_kind::none) logical_props(s, o);
    } else {
      o += R"(,"fields":[)";
      for (std::size_t i = 0; i < t.fields.size(); ++i) {
        const field& f = t.fields[i];
        if (i > 0) o += ',';
        o += R"({"name":")";
        o += f.name;
        o += R"(","type":)";
        build(f.type, o);
        field_props(f, o);
        o += '}';
      }
      o += ']';
    }
    if (t.doc && !t.doc->empty()) {
      o += R"(,"doc":)";
      write_json_string(o, *t.doc);
    }
    if (!t.aliases.empty()) {
      o += R"(,"aliases":)";
      sorted_strings(t.aliases, o);
    }
    if (s.type == avro_type::enumeration && t.enum_default) {
      o += R"(,"default":)";
      write_json_string(o, *t.enum_default);
    }
    simple_props(s.props, o);
    o += '}';
  }

  void field_props(const field& f, std::string& o) {
    static constexpr std::string_view orders[] = {"ASCENDING", "DESCENDING", "IGNORE"};
    o += R"(,"order":")";
    o += orders[static_cast<std::size_t>(f.order)];
    o += '"';
    if (f.doc) {
      o += R"(,"doc":)";
      write_json_string(o, *f.doc);
    }
    if (!f.aliases.empty()) {
      o += R"(,"aliases":)";
      sorted_strings(f.aliases, o);
    }
    if (f.default_value) {
      datum d = to_datum(tree_, *f.default_value, f.type);
      if (d.type != datum::kind::java_null) {  // a default that does not fit its type is dropped
        o += R"(,"default":)";
        write_datum(o, d);
      }
    }
    simple_props(f.props, o);
  }

  static void logical_props(const node& n, std::string& o) {
    o += R"(,"logicalType":")";
    o += logical_name(n.logical);
    o += '"';
    if (n.logical == logical_kind::decimal) {
      o += R"(,"precision":)";
      o += std::to_string(n.precision);
      if (n.scale != 0) {
        o += R"(,"scale":)";
        o += std::to_string(n.scale);
      }
    }
  }

  void simple_props(const std::vector<property>& props, std::string& o) {
    std::vector<std::size_t> order(props.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return java_string_less(props[a].key, props[b].key); });
    for (std::size_t i : order) {
      datum d = to_datum(tree_, props[i].value, no_node);
      if (d.type == datum::kind::java_null) {
        throw schema_failure(
            "Cannot invoke \"com.fasterxml.jackson.databind.JsonNode.toString()\" because the return "
            "value of \"io.confluent.kafka.schemaregistry.avro.AvroSchemaUtils.toJsonNode(Object)\" is null");
      }
      o += ",\"";
      o += props[i].key;
      o += "\":";
      write_datum(o, d);
    }
  }

  static void sorted_strings(std::vector<std::string> values, std::string& o) {
    std::sort(values.begin(), values.end(), java_string_less);
    values.erase(std::unique(values.begin(), values.end()), values.end());
    o += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) o += ',';
      write_json_string(o, values[i]);
    }
    o += ']';
  }

  const schema_tree& tree_;
  std::unordered_map<std::string, std::string> env_;
};

}  // namespace

result<std::string> normalized_text(const schema_tree& tree, node_id root, std::span<const node_id> references) {
  normalizer n(tree);
  for (node_id r : references) n.add_reference(r);
  std::string out;
  try {
    n.build(root, out);
  } catch (const schema_failure& e) {
    return fail(error_code::invalid_schema, e.what());
  }
  return out;
}

}  // namespace tessera::formats::avro
