#include "http/dto/tags.h"

#include "http/dto/json_body.h"
#include "json/json.h"
#include "storage/records_json_detail.h"

namespace tessera::http::dto {

namespace {

result<formats::tag_entity_type> read_entity_type(const json::value& v) {
  auto s = as_string(v);
  if (!s) return s.error();
  if (*s == "sr_record") return formats::tag_entity_type::record;
  if (*s == "sr_field") return formats::tag_entity_type::field;
  return bad_body("Cannot deserialize value of type `SchemaEntity$EntityType` from String \"" + s->value_or("") +
                  "\": not one of the values accepted for Enum class: [sr_record, sr_field]");
}

/// SchemaTags: `{"schemaEntity": {"entityPath": ..., "entityType": ...}, "tags": [...]}`.
result<schema_tags> read_schema_tags(const json::value& v) {
  if (!v.IsObject()) return bad_body("Cannot deserialize value of type `SchemaTags` from a non-object value");
  schema_tags out;
  bool has_entity = false;
  for (const auto& m : v.GetObject()) {
    std::string_view key(m.name.GetString(), m.name.GetStringLength());
    if (key == "schemaEntity" && !m.value.IsNull()) {
      if (!m.value.IsObject()) return bad_body("Cannot deserialize value of type `SchemaEntity` from a non-object value");
      bool has_path = false;
      bool has_type = false;
      for (const auto& e : m.value.GetObject()) {
        std::string_view ekey(e.name.GetString(), e.name.GetStringLength());
        if (ekey == "entityPath") {
          auto s = as_string(e.value);
          if (!s) return s.error();
          has_path = s->has_value();
          out.path = s->value_or("");
        } else if (ekey == "entityType" && !e.value.IsNull()) {
          auto t = read_entity_type(e.value);
          if (!t) return t.error();
          out.type = *t;
          has_type = true;
        }
      }
      // Confluent dereferences both without a check (a NullPointerException, 500); a request
      // without them is refused as unprocessable instead.
      if (!has_path || !has_type) return error{error_code::invalid_schema, "schemaEntity needs entityPath and entityType"};
      has_entity = true;
    } else if (key == "tags" && !m.value.IsNull()) {
      if (!m.value.IsArray()) return bad_body("Cannot deserialize value of type `List<String>` from a non-array value");
      for (const auto& t : m.value.GetArray()) {
        auto s = as_string(t);
        if (!s) return s.error();
        if (*s) out.tags.push_back(**s);
      }
    }
  }
  if (!has_entity) return error{error_code::invalid_schema, "schemaTags needs a schemaEntity"};
  return out;
}

result<std::vector<schema_tags>> read_tag_list(const json::value& v) {
  std::vector<schema_tags> out;
  if (v.IsNull()) return out;
  if (!v.IsArray()) return bad_body("Cannot deserialize value of type `List<SchemaTags>` from a non-array value");
  for (const auto& item : v.GetArray()) {
    auto tags = read_schema_tags(item);
    if (!tags) return tags.error();
    out.push_back(std::move(*tags));
  }
  return out;
}

}  // namespace

result<tag_schema_request> parse_tag_request(const std::optional<std::string>& body, std::string_view argument) {
  json::document doc;
  if (auto r = parse_object_body(body, "TagSchemaRequest", argument, doc); !r) return r.error();
  tag_schema_request req;
  for (const auto& m : doc.GetObject()) {
    std::string_view key(m.name.GetString(), m.name.GetStringLength());
    const json::value& v = m.value;
    if (key == "newVersion") {
      auto n = as_int(v);
      if (!n) return n.error();
      req.new_version = *n;
    } else if (key == "tagsToAdd" || key == "tagsToRemove") {
      auto list = read_tag_list(v);
      if (!list) return list.error();
      (key == "tagsToAdd" ? req.tags_to_add : req.tags_to_remove) = std::move(*list);
    } else if (key == "metadata" && !v.IsNull()) {
      if (!v.IsObject()) return bad_body("Cannot construct instance of `Metadata` from a non-object value");
      std::string err;
      auto md = storage::detail::read_metadata(v, err);
      if (!err.empty()) return bad_body(err);
      req.metadata = md;
    } else if (key == "ruleSet" && !v.IsNull()) {
      if (!v.IsObject()) return bad_body("Cannot construct instance of `RuleSet` from a non-object value");
      std::string err;
      auto rs = storage::detail::read_rule_set(v, err);
      if (!err.empty()) return bad_body(err);
      req.rule_set = rs;
    }
  }
  return req;
}

}  // namespace tessera::http::dto
