// Value halves of the `_schemas` records. Field orders are those SR's Jackson mapper produces
// for C/storage/{SchemaValue,ConfigValue,ModeValue,DeleteSubjectValue,ClearSubjectValue,
// ContextValue}.java: @JsonCreator parameters first, in order; null/empty fields omitted.

#include <type_traits>

#include "storage/records_json.h"
#include "storage/records_json_detail.h"

namespace tessera::storage {

namespace {

/// The `metadata` and `ruleSet` members of a schema, when present. They are beans: Jackson never
/// treats a bean as "empty", so `{}` is written.
void write_data_contract_members(json::writer& w, const schema_content& content) {
  if (content.metadata) {
    w.Key("metadata");
    detail::write_metadata(w, *content.metadata);
  }
  if (content.rule_set) {
    w.Key("ruleSet");
    detail::write_rule_set(w, *content.rule_set);
  }
}

void write_schema_value(json::writer& w, const subject_version_entry& e) {
  w.StartObject();
  detail::write_string_member(w, "subject", e.subject);
  w.Key("version");
  w.Int(e.version);
  w.Key("id");
  w.Int(e.id);
  // SR's getter carries SchemaTypeConverter (AVRO -> null), so under NON_EMPTY an Avro value has
  // no schemaType at all; Redpanda's captured SR records and Karapace agree.
  if (e.content.type != schema_type::avro) {
    w.Key("schemaType");
    json::write_string(w, to_string_view(e.content.type));
  }
  if (!e.content.references.empty()) {
    w.Key("references");
    w.StartArray();
    for (const auto& r : e.content.references) {
      w.StartObject();
      detail::write_string_member(w, "name", r.name);
      detail::write_string_member(w, "subject", r.subject);
      w.Key("version");
      w.Int(r.version);
      w.EndObject();
    }
    w.EndArray();
  }
  write_data_contract_members(w, e.content);
  detail::write_string_member(w, "schema", e.content.text);
  w.Key("deleted");
  w.Bool(e.deleted);
  w.EndObject();
}

void write_config_value(json::writer& w, const config_value& c) {
  w.StartObject();
  if (c.subject) detail::write_string_member(w, "subject", *c.subject);
  if (c.alias) detail::write_string_member(w, "alias", *c.alias);
  if (c.normalize) {
    w.Key("normalize");
    w.Bool(*c.normalize);
  }
  if (c.validate_fields) {
    w.Key("validateFields");
    w.Bool(*c.validate_fields);
  }
  if (c.compatibility) {
    w.Key("compatibilityLevel");
    json::write_string(w, to_string_view(*c.compatibility));
  }
  if (c.compatibility_group) {
    detail::write_string_member(w, "compatibilityGroup", *c.compatibility_group);
  }
  if (c.default_metadata) {
    w.Key("defaultMetadata");
    detail::write_metadata(w, *c.default_metadata);
  }
  if (c.override_metadata) {
    w.Key("overrideMetadata");
    detail::write_metadata(w, *c.override_metadata);
  }
  if (c.default_rule_set) {
    w.Key("defaultRuleSet");
    detail::write_rule_set(w, *c.default_rule_set);
  }
  if (c.override_rule_set) {
    w.Key("overrideRuleSet");
    detail::write_rule_set(w, *c.override_rule_set);
  }
  w.EndObject();
}

void write_value(json::writer& w, const record_value& v) {
  std::visit(
      [&w](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, subject_version_entry>) {
          write_schema_value(w, x);
        } else if constexpr (std::is_same_v<T, config_value>) {
          write_config_value(w, x);
        } else if constexpr (std::is_same_v<T, mode_value>) {
          w.StartObject();
          if (x.subject) detail::write_string_member(w, "subject", *x.subject);
          w.Key("mode");
          json::write_string(w, to_string_view(x.mode));
          w.EndObject();
        } else if constexpr (std::is_same_v<T, delete_subject_value>) {
          w.StartObject();
          detail::write_string_member(w, "subject", x.subject);
          w.Key("version");
          w.Int(x.version);
          w.EndObject();
        } else if constexpr (std::is_same_v<T, clear_subject_value>) {
          w.StartObject();
          if (x.subject) detail::write_string_member(w, "subject", *x.subject);
          w.EndObject();
        } else {
          static_assert(std::is_same_v<T, context_value>);
          w.StartObject();
          detail::write_string_member(w, "tenant", x.tenant);
          detail::write_string_member(w, "context", x.context);
          w.EndObject();
        }
      },
      v);
}

/// Reads an optional Metadata member into `out` (a std::optional or a boxed_optional); false
/// on a malformed one.
template <class Optional>
bool read_metadata_member(detail::field_reader& f, std::string_view name, Optional& out, std::string& error) {
  if (const auto* v = f.object(name)) {
    out = detail::read_metadata(*v, error);
    return out.has_value();
  }
  return f.ok();
}

template <class Optional>
bool read_rule_set_member(detail::field_reader& f, std::string_view name, Optional& out, std::string& error) {
  if (const auto* v = f.object(name)) {
    out = detail::read_rule_set(*v, error);
    return out.has_value();
  }
  return f.ok();
}

/// Reads the members write_data_contract_members() writes; false on a malformed one.
bool read_data_contract_members(detail::field_reader& f, schema_content& content, std::string& error) {
  return read_metadata_member(f, "metadata", content.metadata, error) &&
         read_rule_set_member(f, "ruleSet", content.rule_set, error);
}

/// Jackson maps enum constants by exact name, so "backward" fails where "BACKWARD" works.
template <class E, class Parse>
std::optional<E> exact_enum(detail::field_reader& f, std::string_view name, Parse parse) {
  auto s = f.string(name);
  if (!s) return std::nullopt;
  auto e = parse(*s);
  if (!e || to_string_view(*e) != *s) {
    f.fail("unknown " + std::string(name) + " " + json::quote(*s));
    return std::nullopt;
  }
  return e;
}

}  // namespace

std::optional<std::string> encode_value(const std::optional<record_value>& value) {
  if (!value) return std::nullopt;
  json::string_buffer buf;
  json::writer w(buf);
  write_value(w, *value);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string encode_data_contract(const schema_content& content) {
  json::string_buffer buf;
  json::writer w(buf);
  w.StartObject();
  write_data_contract_members(w, content);
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

bool decode_data_contract(std::string_view bytes, schema_content& content) {
  json::document doc;
  if (json::parse(bytes, doc)) return false;
  std::string error;
  if (!detail::expect_object(doc, "data contract", error)) return false;
  detail::field_reader f(doc, error);
  return read_data_contract_members(f, content, error) && f.ok();
}

namespace detail {

std::optional<subject_version_entry> read_schema_value(const json::value& v, std::string& error) {
  if (!expect_object(v, "value", error)) return std::nullopt;
  field_reader f(v, error);
  subject_version_entry e;
  auto subject = f.string("subject");
  auto version = f.int32("version");
  auto id = f.int32("id");
  auto text = f.string("schema");
  // SR's SchemaValue defaults a missing schemaType to AVRO (Karapace and SR itself omit it).
  auto type = f.string("schemaType");
  if (type) {
    auto t = schema_type_from_string_view(*type);
    if (!t) {
      f.fail("unknown schemaType " + json::quote(*type));
    } else {
      e.content.type = *t;
    }
  }
  if (const auto* refs = f.array("references")) {
    for (const auto& r : refs->GetArray()) {
      if (!expect_object(r, "reference", error)) return std::nullopt;
      field_reader rf(r, error);
      schema_reference ref;
      ref.name = rf.string("name").value_or("");
      ref.subject = rf.string("subject").value_or("");
      auto rv = rf.int32("version");
      if (!rf.ok()) return std::nullopt;
      if (!rv) {
        rf.fail("reference without version");
        return std::nullopt;
      }
      ref.version = *rv;
      e.content.references.push_back(std::move(ref));
    }
  }
  if (!read_data_contract_members(f, e.content, error)) return std::nullopt;
  e.deleted = f.boolean("deleted").value_or(false);
  if (!f.ok()) return std::nullopt;
  // An empty schema counts as missing: the writer omits empty strings (NON_EMPTY), so a record
  // accepted with one would be written back as one we could not read.
  if (!subject || subject->empty() || !version || !id || !text || text->empty()) {
    f.fail("subject, version, id and schema are required");
    return std::nullopt;
  }
  e.subject = std::move(*subject);
  e.version = *version;
  e.id = *id;
  e.content.text = std::move(*text);
  return e;
}

std::optional<config_value> read_config_value(const json::value& v, std::string& error) {
  if (!expect_object(v, "value", error)) return std::nullopt;
  field_reader f(v, error);
  config_value c;
  c.subject = f.string("subject");
  if (c.subject && c.subject->empty()) c.subject.reset();
  c.alias = f.string("alias");
  c.normalize = f.boolean("normalize");
  c.validate_fields = f.boolean("validateFields");
  c.compatibility = exact_enum<compatibility_level>(f, "compatibilityLevel",
                                                    compatibility_level_from_string_view);
  c.compatibility_group = f.string("compatibilityGroup");
  if (!read_metadata_member(f, "defaultMetadata", c.default_metadata, error) ||
      !read_metadata_member(f, "overrideMetadata", c.override_metadata, error) ||
      !read_rule_set_member(f, "defaultRuleSet", c.default_rule_set, error) ||
      !read_rule_set_member(f, "overrideRuleSet", c.override_rule_set, error) || !f.ok()) {
    return std::nullopt;
  }
  return c;
}

std::optional<mode_value> read_mode_value(const json::value& v, std::string& error) {
  if (!expect_object(v, "value", error)) return std::nullopt;
  field_reader f(v, error);
  mode_value m;
  m.subject = f.string("subject");
  if (m.subject && m.subject->empty()) m.subject.reset();
  auto mode = exact_enum<tessera::mode>(f, "mode", mode_from_string_view);
  if (!f.ok()) return std::nullopt;
  if (!mode) {
    f.fail("MODE value without mode");
    return std::nullopt;
  }
  m.mode = *mode;
  return m;
}

std::optional<delete_subject_value> read_delete_subject_value(const json::value& v,
                                                              std::string& error) {
  if (!expect_object(v, "value", error)) return std::nullopt;
  field_reader f(v, error);
  delete_subject_value d;
  d.subject = f.string("subject").value_or("");
  auto version = f.int32("version");
  if (!f.ok()) return std::nullopt;
  if (!version) {
    f.fail("DELETE_SUBJECT value without version");
    return std::nullopt;
  }
  d.version = *version;
  return d;
}

std::optional<clear_subject_value> read_clear_subject_value(const json::value& v,
                                                            std::string& error) {
  if (!expect_object(v, "value", error)) return std::nullopt;
  field_reader f(v, error);
  auto subject = f.string("subject");
  if (!f.ok()) return std::nullopt;
  clear_subject_value c;
  if (subject && !subject->empty()) c.subject = std::move(*subject);
  return c;
}

std::optional<context_value> read_context_value(const json::value& v, std::string& error) {
  if (!expect_object(v, "value", error)) return std::nullopt;
  field_reader f(v, error);
  context_value c;
  c.tenant = f.string("tenant").value_or("");
  c.context = f.string("context").value_or("");
  if (!f.ok()) return std::nullopt;
  return c;
}

}  // namespace detail

}  // namespace tessera::storage
