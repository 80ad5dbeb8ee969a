#include "http/dto/settings.h"

#include "http/dto/json_body.h"
#include "json/json.h"
#include "storage/records_json_detail.h"
#include "tessera/core/errors.h"

namespace tessera::http::dto {

namespace {

std::string finish(json::string_buffer& buf) { return std::string(buf.GetString(), buf.GetSize()); }

/// Fields shared by Config (GET) and ConfigUpdateRequest (PUT echo), after the level.
void write_optional_fields(json::writer& w, const storage::config_value& c) {
  if (c.normalize) {
    w.Key("normalize");
    w.Bool(*c.normalize);
  }
  if (c.validate_fields) {
    w.Key("validateFields");
    w.Bool(*c.validate_fields);
  }
  if (c.alias) {
    w.Key("alias");
    json::write_string(w, *c.alias);
  }
  if (c.compatibility_group) {
    w.Key("compatibilityGroup");
    json::write_string(w, *c.compatibility_group);
  }
  if (c.default_metadata) {
    w.Key("defaultMetadata");
    storage::detail::write_metadata(w, *c.default_metadata);
  }
  if (c.override_metadata) {
    w.Key("overrideMetadata");
    storage::detail::write_metadata(w, *c.override_metadata);
  }
  if (c.default_rule_set) {
    w.Key("defaultRuleSet");
    storage::detail::write_rule_set(w, *c.default_rule_set);
  }
  if (c.override_rule_set) {
    w.Key("overrideRuleSet");
    storage::detail::write_rule_set(w, *c.override_rule_set);
  }
}

result<std::optional<schema_metadata>> read_metadata_member(const json::value& v) {
  if (v.IsNull()) return std::optional<schema_metadata>{};
  if (!v.IsObject()) return bad_body("Cannot construct instance of `Metadata` from a non-object value");
  std::string err;
  auto md = storage::detail::read_metadata(v, err);
  if (!err.empty()) return bad_body(err);
  return md;
}

result<std::optional<schema_rule_set>> read_rule_set_member(const json::value& v) {
  if (v.IsNull()) return std::optional<schema_rule_set>{};
  if (!v.IsObject()) return bad_body("Cannot construct instance of `RuleSet` from a non-object value");
  std::string err;
  auto rs = storage::detail::read_rule_set(v, err);
  if (!err.empty()) return bad_body(err);
  return rs;
}

}  // namespace

result<config_update> parse_config_update(const std::optional<std::string>& body, std::string_view argument) {
  json::document doc;
  if (auto r = parse_object_body(body, "ConfigUpdateRequest", argument, doc); !r) return r.error();
  config_update u;
  for (const auto& m : doc.GetObject()) {
    std::string_view key(m.name.GetString(), m.name.GetStringLength());
    const json::value& v = m.value;
    if (key == "compatibility") {
      auto s = as_string(v);
      if (!s) return s.error();
      if (!*s) continue;
      auto level = compatibility_level_from_string_view(**s);
      if (!level) return errors::invalid_compatibility_level();
      u.value.compatibility = level;
      u.compatibility_text = *s;
    } else if (key == "normalize" || key == "validateFields") {
      auto b = as_bool(v);
      if (!b) return b.error();
      (key == "normalize" ? u.value.normalize : u.value.validate_fields) = *b;
    } else if (key == "alias" || key == "compatibilityGroup") {
      auto s = as_string(v);
      if (!s) return s.error();
      (key == "alias" ? u.value.alias : u.value.compatibility_group) = *s;
    } else if (key == "defaultMetadata" || key == "overrideMetadata") {
      auto md = read_metadata_member(v);
      if (!md) return md.error();
      (key == "defaultMetadata" ? u.value.default_metadata : u.value.override_metadata) = *md;
    } else if (key == "defaultRuleSet" || key == "overrideRuleSet") {
      auto rs = read_rule_set_member(v);
      if (!rs) return rs.error();
      (key == "defaultRuleSet" ? u.value.default_rule_set : u.value.override_rule_set) = *rs;
    }
  }
  return u;
}

std::string write_config_update(const config_update& u) {
  json::string_buffer buf;
  json::writer w(buf);
  w.StartObject();
  if (u.compatibility_text) {
    w.Key("compatibility");
    json::write_string(w, *u.compatibility_text);
  }
  write_optional_fields(w, u.value);
  w.EndObject();
  return finish(buf);
}

std::string write_config(const storage::config_value& c) {
  json::string_buffer buf;
  json::writer w(buf);
  w.StartObject();
  if (c.compatibility) {
    w.Key("compatibilityLevel");
    json::write_string(w, to_string_view(*c.compatibility));
  }
  write_optional_fields(w, c);
  w.EndObject();
  return finish(buf);
}

result<mode> parse_mode_update(const std::optional<std::string>& body, std::string_view argument,
                               std::string& mode_text) {
  json::document doc;
  if (auto r = parse_object_body(body, "ModeUpdateRequest", argument, doc); !r) return r.error();
  auto it = doc.FindMember("mode");
  if (it == doc.MemberEnd()) return errors::invalid_mode();
  auto s = as_string(it->value);
  if (!s) return s.error();
  if (!*s) return errors::invalid_mode();
  auto m = mode_from_string_view(**s);
  if (!m) return errors::invalid_mode();
  mode_text = **s;
  return *m;
}

std::string write_mode(std::string_view mode_text) {
  json::string_buffer buf;
  json::writer w(buf);
  w.StartObject();
  w.Key("mode");
  json::write_string(w, mode_text);
  w.EndObject();
  return finish(buf);
}

}  // namespace tessera::http::dto
