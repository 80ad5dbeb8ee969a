// Helpers shared by the registry's use cases: request parsing, reference resolution, effective
// settings and the compatibility walk over a subject's history.

#include <algorithm>
#include <set>

#include "compat/checker.h"
#include "tessera/core/errors.h"
#include "tessera/core/qualified_subject.h"
#include "tessera/core/registry.h"

namespace tessera {

namespace {

std::string java_string(const std::optional<std::string>& s) { return s ? *s : "null"; }

std::string render_reference(const request_reference& r) {
  return "{name='" + java_string(r.name) + "', subject='" + java_string(r.subject) +
         "', version=" + (r.version ? std::to_string(*r.version) : std::string("null")) + "}";
}

std::string render_references(const std::vector<request_reference>& refs) {
  std::string out = "[";
  for (std::size_t i = 0; i < refs.size(); ++i) {
    if (i) out += ", ";
    out += render_reference(refs[i]);
  }
  return out + "]";
}

bool is_blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

}  // namespace

/// Confluent's 42201 text: the request rendered as Java's toString, then the parser's detail.
/// Validation-stage failures (`validation`) leave out the "with refs [...] of type T" part.
error invalid_schema_error(const std::string& subject, const schema_request& req, std::string_view type,
                           std::string_view detail, bool validation = false) {
  std::string refs = render_references(req.references);
  std::string msg = "Invalid schema {subject=" + subject + ",version=" +
                    std::to_string(req.version.value_or(0)) + ",id=" + std::to_string(req.id.value_or(-1)) +
                    ",schemaType=" + std::string(type) + ",references=" + refs +
                    ",metadata=" + (req.metadata ? std::string("Metadata{...}") : std::string("null")) +
                    ",ruleSet=" + (req.rule_set ? std::string("RuleSet{...}") : std::string("null")) +
                    ",schema=" + req.schema.value_or("null") + ",schemaTags=null}" +
                    (validation ? std::string() : " with refs " + refs + " of type " + std::string(type)) +
                    ", details: " + std::string(detail);
  return {error_code::invalid_schema, std::move(msg)};
}

result<std::vector<schema_reference>> registry::pin_references(const std::string& subject,
                                                                const schema_request& req) const {
  std::vector<schema_reference> out;
  std::string context = context_of(subject);
  std::string type(req.schema_type_text.value_or("AVRO"));
  for (const auto& r : req.references) {
    if (!r.name || !r.subject || !r.version) {
      return invalid_schema_error(subject, req, type, "Invalid reference: " + render_reference(r));
    }
    if (*r.version == 0 || *r.version < -1) {
      return invalid_schema_error(
          subject, req, type,
          "io.confluent.kafka.schemaregistry.exceptions.InvalidVersionException: " + std::to_string(*r.version));
    }
    std::string target = reference_target(context, *r.subject);
    const subject_entry* s = state_.find_subject(target);
    std::optional<schema_version> v;
    if (s) {
      if (*r.version == -1) {
        v = s->latest_live();
      } else if (s->versions.count(*r.version)) {
        v = *r.version;
      }
    }
    if (!v) {
      return invalid_schema_error(subject, req, type,
                                  "No schema reference found for subject \"" + *r.subject + "\" and version " +
                                      std::to_string(*r.version));
    }
    out.push_back(schema_reference{*r.name, *r.subject, *v});
  }
  return out;
}

result<std::vector<formats::resolved_reference>> registry::resolve_references(
    const std::string& subject, const std::vector<schema_reference>& refs) const {
  std::vector<formats::resolved_reference> out;
  std::set<std::string> seen_names;
  std::set<std::pair<std::string, schema_version>> visiting;
  std::string context = context_of(subject);

  // Depth-first, dependencies before dependents; the first binding of a name wins.
  auto visit = [&](auto& self, const std::vector<schema_reference>& list, int depth) -> result<void> {
    if (depth > 64) return fail(error_code::invalid_schema, "References nest deeper than 64 levels");
    for (const auto& ref : list) {
      std::string target = reference_target(context, ref.subject);
      const subject_entry* s = state_.find_subject(target);
      auto slot = s ? s->versions.find(ref.version) : decltype(s->versions.find(0)){};
      if (!s || slot == s->versions.end()) {
        return fail(error_code::invalid_schema, "No schema reference found for subject \"" + ref.subject +
                                                    "\" and version " + std::to_string(ref.version));
      }
      const schema_entry* e = state_.find_schema(context_of(target), slot->second.id);
      if (!e) return errors::schema_not_found();
      if (!visiting.insert({target, ref.version}).second) continue;  // cycle or diamond: already handled
      if (auto r = self(self, e->content.references, depth + 1); !r) return r.error();
      if (seen_names.insert(ref.name).second) {
        out.push_back({ref.name, ref.subject, ref.version, e->content.type, e->content.text});
      }
    }
    return {};
  };
  if (auto r = visit(visit, refs, 0); !r) return r.error();
  return out;
}

result<std::shared_ptr<const formats::parsed_schema>> registry::parse_request(
    const std::string& subject, const schema_request& req, bool normalize, bool new_schema,
    schema_content& content_out) const {
  if (!req.schema || is_blank(*req.schema)) return errors::empty_schema();
  std::string type_text = req.schema_type_text.value_or("AVRO");
  auto type = schema_type_from_string_view(type_text);
  const formats::schema_format* format = type ? formats::find_format(*type) : nullptr;
  if (!format) return errors::invalid_schema_type(type_text);

  auto refs = pin_references(subject, req);
  if (!refs) return refs.error();
  auto resolved = resolve_references(subject, *refs);
  if (!resolved) return invalid_schema_error(subject, req, type_text, resolved.error().message);

  // Confluent 7.9 validates new schemas, except that Avro field defaults are checked against
  // their types only when normalizing (the recorded avro-defaults scenario).
  bool validate = new_schema && (normalize || *type != schema_type::avro);
  auto parsed = format->parse(*req.schema, *resolved, formats::parse_options{normalize, validate});
  if (!parsed) {
    return invalid_schema_error(subject, req, type_text, parsed.error().message,
                                parsed.error().code == error_code::unprocessable);
  }

  content_out.type = *type;
  content_out.text = (*parsed)->canonical_text();
  content_out.references = std::move(*refs);
  if (normalize) {
    std::sort(content_out.references.begin(), content_out.references.end());
    content_out.references.erase(std::unique(content_out.references.begin(), content_out.references.end()),
                                 content_out.references.end());
  }
  content_out.metadata = req.metadata;
  content_out.rule_set = req.rule_set;
  return *parsed;
}

result<std::shared_ptr<const formats::parsed_schema>> registry::parsed_of(const schema_entry& e) const {
  auto& cache = e.cache();
  if (auto cached = cache.parsed.load()) return cached;
  const formats::schema_format* format = formats::find_format(e.content.type);
  if (!format) return errors::invalid_schema_type(to_string_view(e.content.type));
  const std::string* first = e.first_holder_subject();
  std::string subject = first ? *first : qualify(e.context(), "");
  auto resolved = resolve_references(subject, e.content.references);
  if (!resolved) return resolved.error();
  // Stored schemas were validated when registered; parse leniently as Confluent does on read.
  auto parsed = format->parse(e.content.text, *resolved, formats::parse_options{false, false});
  if (!parsed) return parsed.error();
  cache.parsed.store(*parsed);
  return *parsed;
}

storage::config_value registry::effective_config(const std::string& subject) const {
  // Subject, then its context, then the top level (default context only), then the server default.
  std::string context = context_of(subject);
  std::vector<std::string> keys{subject, ":" + context + ":"};
  if (context == default_context) keys.push_back("");
  for (const auto& k : keys) {
    if (const auto* c = state_.find_config(k)) {
      storage::config_value v = *c;
      if (!v.compatibility) v.compatibility = options_.default_compatibility;
      return v;
    }
  }
  storage::config_value v;
  v.compatibility = options_.default_compatibility;
  return v;
}

mode registry::effective_mode(const std::string& subject) const {
  auto top = state_.find_mode("");
  if (top == mode::readonly_override) return *top;
  if (auto m = state_.find_mode(subject)) return *m;
  std::string context = context_of(subject);
  if (auto m = state_.find_mode(":" + context + ":")) return *m;
  if (context != default_context) return mode::readwrite;
  return top.value_or(mode::readwrite);
}

std::string registry::fallback_subject(const std::string& subject,
                                       const std::function<bool(const std::string&)>& usable) const {
  if (context_of(subject) != default_context || usable(subject)) return subject;
  for (const auto& [name, entry] : state_.subjects()) {
    if (context_of(name) != default_context && unqualified_name(name) == subject && usable(name)) return name;
  }
  return subject;
}

std::optional<schema_version> registry::find_in_subject(const std::string& subject, const schema_content& content,
                                                        bool include_deleted) const {
  const subject_entry* s = state_.find_subject(subject);
  if (!s) return std::nullopt;
  auto id = state_.id_for_hash(context_of(subject), hash_schema(content));
  for (auto it = s->versions.rbegin(); it != s->versions.rend(); ++it) {
    if (it->second.deleted && !include_deleted) continue;
    if (id && it->second.id == *id) return it->first;
  }
  return std::nullopt;
}

result<compat_report> registry::check_against(const std::string& subject, const formats::parsed_schema& candidate,
                                              const std::vector<schema_version>& previous,
                                              compatibility_level level,
                                              const std::optional<schema_metadata>& metadata,
                                              const std::string& group) const {
  const subject_entry* s = state_.find_subject(subject);
  std::vector<compat::previous_schema> history;  // newest first
  std::optional<std::string> group_value;
  if (!group.empty() && metadata) {
    auto it = metadata->properties.find(group);
    if (it != metadata->properties.end()) group_value = it->second;
  }
  for (auto it = previous.rbegin(); s && it != previous.rend(); ++it) {
    const auto& slot = s->versions.at(*it);
    const schema_entry* e = state_.find_schema(context_of(subject), slot.id);
    if (!e) continue;
    if (!group.empty()) {
      std::optional<std::string> other;
      if (e->content.metadata) {
        auto p = e->content.metadata->properties.find(group);
        if (p != e->content.metadata->properties.end()) other = p->second;
      }
      if (other != group_value) continue;
    }
    auto parsed = parsed_of(*e);
    if (!parsed) return parsed.error();
    history.push_back({*it, *parsed});
  }
  return compat::check(level, candidate, history);
}

}  // namespace tessera
