#include "http/dto/schemas.h"

#include <set>

#include "http/dto/json_body.h"
#include "json/json.h"
#include "storage/records_json_detail.h"

namespace tessera::http::dto {

namespace {

std::string finish(json::string_buffer& buf) { return std::string(buf.GetString(), buf.GetSize()); }

void write_references(json::writer& w, const std::vector<schema_reference>& refs) {
  if (refs.empty()) return;
  w.Key("references");
  w.StartArray();
  for (const auto& r : refs) {
    w.StartObject();
    w.Key("name");
    json::write_string(w, r.name);
    w.Key("subject");
    json::write_string(w, r.subject);
    w.Key("version");
    w.Int(r.version);
    w.EndObject();
  }
  w.EndArray();
}

void write_content(json::writer& w, const schema_content& c) {
  if (c.type != schema_type::avro) {
    w.Key("schemaType");
    json::write_string(w, to_string_view(c.type));
  }
  write_references(w, c.references);
  if (c.metadata) {
    w.Key("metadata");
    storage::detail::write_metadata(w, *c.metadata);
  }
  if (c.rule_set) {
    w.Key("ruleSet");
    storage::detail::write_rule_set(w, *c.rule_set);
  }
}

void write_entry(json::writer& w, const subject_version_entry& e, const std::vector<std::string>* aliases = nullptr) {
  w.StartObject();
  w.Key("subject");
  json::write_string(w, e.subject);
  w.Key("version");
  w.Int(e.version);
  w.Key("id");
  w.Int(e.id);
  write_content(w, e.content);
  if (aliases && !aliases->empty()) {
    w.Key("aliases");
    w.StartArray();
    for (const auto& a : *aliases) json::write_string(w, a);
    w.EndArray();
  }
  w.Key("schema");
  json::write_string(w, e.content.text);
  w.EndObject();
}

result<std::vector<request_reference>> read_references(const json::value& v) {
  std::vector<request_reference> out;
  if (v.IsNull()) return out;
  if (!v.IsArray()) {
    return bad_body(std::string("Cannot deserialize value of type `SchemaReference>` from ") +
                    (v.IsObject() ? "Object value (token `JsonToken.START_OBJECT`)"
                                  : "String value (token `JsonToken.VALUE_STRING`)"));
  }
  for (const auto& item : v.GetArray()) {
    if (!item.IsObject()) return bad_body("Cannot deserialize value of type `SchemaReference` from a non-object");
    request_reference ref;
    for (const auto& m : item.GetObject()) {
      std::string_view key(m.name.GetString(), m.name.GetStringLength());
      if (key == "name" || key == "subject") {
        auto s = as_string(m.value);
        if (!s) return s.error();
        (key == "name" ? ref.name : ref.subject) = *s;
      } else if (key == "version") {
        auto n = as_int(m.value);
        if (!n) return n.error();
        ref.version = *n;
      }
    }
    out.push_back(std::move(ref));
  }
  return out;
}

/// Jackson rejects rule `kind` and `mode` values outside Confluent's enums.
result<void> check_rule_enums(const schema_rule_set& rs) {
  static const std::set<std::string> kinds{"CONDITION", "TRANSFORM"};
  static const std::set<std::string> modes{"UPGRADE", "DOWNGRADE", "UPDOWN", "WRITE", "READ", "WRITEREAD"};
  for (const auto* rules : {&rs.migration_rules, &rs.domain_rules, &rs.encoding_rules}) {
    for (const auto& r : *rules) {
      if (!r.kind.empty() && !kinds.count(r.kind)) {
        return bad_body("Cannot deserialize value of type `RuleKind` from String \"" + r.kind +
                        "\": not one of the values accepted for Enum class: [CONDITION, TRANSFORM]");
      }
      if (!r.mode.empty() && !modes.count(r.mode)) {
        return bad_body("Cannot deserialize value of type `RuleMode` from String \"" + r.mode +
                        "\": not one of the values accepted for Enum class: [UPGRADE, DOWNGRADE, UPDOWN, WRITE, "
                        "READ, WRITEREAD]");
      }
    }
  }
  return {};
}

}  // namespace

result<schema_request> parse_schema_request(const std::optional<std::string>& body, std::string_view argument) {
  json::document doc;
  if (auto r = parse_object_body(body, "RegisterSchemaRequest", argument, doc); !r) return r.error();
  schema_request req;
  for (const auto& m : doc.GetObject()) {
    std::string_view key(m.name.GetString(), m.name.GetStringLength());
    const json::value& v = m.value;
    if (key == "schema") {
      auto s = as_string(v);
      if (!s) return s.error();
      req.schema = *s;
    } else if (key == "schemaType") {
      auto s = as_string(v);
      if (!s) return s.error();
      req.schema_type_text = *s;
    } else if (key == "references") {
      auto refs = read_references(v);
      if (!refs) return refs.error();
      req.references = std::move(*refs);
    } else if (key == "version" || key == "id") {
      auto n = as_int(v);
      if (!n) return n.error();
      (key == "version" ? req.version : req.id) = *n;
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
      if (auto bad = check_rule_enums(*rs); !bad) return bad.error();
      req.rule_set = rs;
    }
  }
  return req;
}

std::string write_schema(const subject_version_entry& e) {
  json::string_buffer buf;
  json::writer w(buf);
  write_entry(w, e);
  return finish(buf);
}

std::string write_schema_string(const schema_by_id& s, const std::string& schema_text, bool with_max_id) {
  json::string_buffer buf;
  json::writer w(buf);
  w.StartObject();
  write_content(w, s.content);
  w.Key("schema");
  json::write_string(w, schema_text);
  if (with_max_id) {
    w.Key("maxId");
    w.Int(s.max_id);
  }
  w.EndObject();
  return finish(buf);
}

std::string write_register_response(const register_outcome& r) {
  json::string_buffer buf;
  json::writer w(buf);
  w.StartObject();
  w.Key("id");
  w.Int(r.id);
  if (r.version) {
    w.Key("version");
    w.Int(*r.version);
  }
  if (r.metadata) {
    w.Key("metadata");
    storage::detail::write_metadata(w, *r.metadata);
  }
  if (r.schema) {
    w.Key("schema");
    json::write_string(w, *r.schema);
    if (r.type != schema_type::avro) {
      w.Key("schemaType");
      json::write_string(w, to_string_view(r.type));
    }
  }
  w.EndObject();
  return finish(buf);
}

std::string write_schema_list(const std::vector<subject_version_entry>& list,
                              const std::map<std::string, std::vector<std::string>>* aliases) {
  json::string_buffer buf;
  json::writer w(buf);
  w.StartArray();
  for (const auto& e : list) {
    const std::vector<std::string>* mine = nullptr;
    if (aliases) {
      auto it = aliases->find(e.subject);
      if (it != aliases->end()) mine = &it->second;
    }
    write_entry(w, e, mine);
  }
  w.EndArray();
  return finish(buf);
}

std::string write_string_list(const std::vector<std::string>& list) {
  json::string_buffer buf;
  json::writer w(buf);
  w.StartArray();
  for (const auto& s : list) json::write_string(w, s);
  w.EndArray();
  return finish(buf);
}

std::string write_int_list(const std::vector<int>& list) {
  json::string_buffer buf;
  json::writer w(buf);
  w.StartArray();
  for (int v : list) w.Int(v);
  w.EndArray();
  return finish(buf);
}

std::string write_subject_versions(const std::vector<subject_version_ref>& list) {
  json::string_buffer buf;
  json::writer w(buf);
  w.StartArray();
  for (const auto& v : list) {
    w.StartObject();
    w.Key("subject");
    json::write_string(w, v.subject);
    w.Key("version");
    w.Int(v.version);
    w.EndObject();
  }
  w.EndArray();
  return finish(buf);
}

std::string write_compat_report(const compat_report& r, bool verbose) {
  json::string_buffer buf;
  json::writer w(buf);
  w.StartObject();
  w.Key("is_compatible");
  w.Bool(r.compatible);
  if (verbose) {
    w.Key("messages");
    w.StartArray();
    for (const auto& m : r.messages) json::write_string(w, m);
    w.EndArray();
  }
  w.EndObject();
  return finish(buf);
}

}  // namespace tessera::http::dto
