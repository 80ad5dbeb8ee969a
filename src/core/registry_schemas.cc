// Read use cases over schema ids, the schema listing and contexts.

#include <algorithm>

#include "tessera/core/errors.h"
#include "tessera/core/qualified_subject.h"
#include "formats/json_schema/java_order.h"
#include "tessera/core/registry.h"

namespace tessera {

namespace {

/// The context a `?subject=` parameter selects. An unqualified subject that exists only in
/// another context resolves to that context, as Confluent's lookups fall back across contexts.
std::string context_for(const registry_state& state, const std::optional<std::string>& subject) {
  if (!subject) return std::string(default_context);
  std::string s = normalize_subject(*subject);
  std::string context = context_of(s);
  if (context != default_context || state.find_subject(s)) return context;
  for (const auto& [name, entry] : state.subjects()) {
    if (unqualified_name(name) == s && context_of(name) != default_context) return context_of(name);
  }
  return context;
}

}  // namespace

result<schema_by_id> registry::get_schema(schema_id id, const std::optional<std::string>& subject) const {
  read_lock lk(state_mu_);
  std::string context = context_for(state_, subject);
  const schema_entry* e = state_.find_schema(context, id);
  if (!e) return errors::schema_id_not_found(id);
  return schema_by_id{id, context, e->content, state_.max_id(context)};
}

result<std::shared_ptr<const std::string>> registry::schema_reply(
    schema_id id, const std::optional<std::string>& subject,
    const std::function<std::string(const schema_by_id&)>& render) const {
  read_lock lk(state_mu_);
  std::string context = context_for(state_, subject);
  const schema_entry* e = state_.find_schema(context, id);
  if (!e) return errors::schema_id_not_found(id);
  auto& cache = e->cache();
  if (auto cached = cache.reply.load(std::memory_order_acquire)) return cached;
  // Two first readers may both render; they store identical bytes, so either result is right.
  auto made = std::make_shared<const std::string>(render(schema_by_id{id, context, e->content, state_.max_id(context)}));
  cache.reply.store(made, std::memory_order_release);
  return made;
}

result<std::vector<std::string>> registry::subjects_for_id(schema_id id, const std::optional<std::string>& subject,
                                                           bool include_deleted) const {
  auto versions = versions_for_id(id, subject, include_deleted);
  if (!versions) return versions.error();
  std::vector<std::string> out;
  for (const auto& v : *versions) {
    if (out.empty() || out.back() != v.subject) out.push_back(v.subject);
  }
  return out;
}

result<std::vector<subject_version_ref>> registry::versions_for_id(schema_id id,
                                                                   const std::optional<std::string>& subject,
                                                                   bool include_deleted) const {
  read_lock lk(state_mu_);
  std::string context = context_for(state_, subject);
  const schema_entry* e = state_.find_schema(context, id);
  if (!e) return errors::schema_not_found();
  // Confluent lists the holders from a HashMap keyed by subject: bucket order of a table sized by
  // the most keys it ever held, insertion order within a bucket.
  std::vector<subject_version_ref> out;
  const auto capacity = formats::json_schema::java_default_capacity(e->subject_peak);
  for (const auto& name : formats::json_schema::java_bucket_order(e->holder_subjects(), capacity)) {
    const subject_entry* s = state_.find_subject(name);
    if (!s) continue;
    for (const auto& h : e->holders) {  // a subject's holders are in ascending version order
      if (*h.subject != name || (s->versions.at(h.version).deleted && !include_deleted)) continue;
      out.push_back({name, h.version});
    }
  }
  return out;
}

std::vector<subject_version_entry> registry::list_schemas(const schema_list_query& q) const {
  read_lock lk(state_mu_);
  std::vector<subject_version_entry> out;
  for (const auto& [name, entry] : state_.subjects()) {
    if (q.prefix != any_context_prefix && name.compare(0, q.prefix.size(), q.prefix) != 0) continue;
    std::optional<schema_version> latest;
    for (auto it = entry.versions.rbegin(); it != entry.versions.rend(); ++it) {
      if (!it->second.deleted || q.deleted) {
        latest = it->first;
        break;
      }
    }
    for (const auto& [num, slot] : entry.versions) {
      if (slot.deleted && !q.deleted) continue;
      if (q.latest_only && num != latest) continue;
      const schema_entry* e = state_.find_schema(context_of(name), slot.id);
      if (!e) continue;
      out.push_back(subject_version_entry{name, num, slot.id, e->content, slot.deleted, slot.timestamp_ms});
    }
  }
  return out;
}

std::optional<std::string> registry::alias_of(const std::string& subject) const {
  read_lock lk(state_mu_);
  const auto* c = state_.find_config(subject);
  if (!c || !c->alias || c->alias->empty()) return std::nullopt;
  return *c->alias;
}

std::map<std::string, std::vector<std::string>> registry::aliases_by_target() const {
  read_lock lk(state_mu_);
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [key, config] : state_.configs()) {
    // Only subject configs carry aliases; "" is the top level and ":.ctx:" a context.
    if (key.empty() || (key.size() > 1 && key.front() == ':' && key.back() == ':')) continue;
    if (config.alias && !config.alias->empty()) out[*config.alias].push_back(key);
  }
  return out;
}

std::vector<std::string> registry::list_contexts() const {
  read_lock lk(state_mu_);
  return {state_.contexts().begin(), state_.contexts().end()};
}

std::string registry::formatted_schema(const std::string& context, const schema_content& content,
                                       std::string_view format) const {
  if (format.empty()) return content.text;
  read_lock lk(state_mu_);
  auto id = state_.id_for_hash(context, hash_schema(content));
  const schema_entry* e = id ? state_.find_schema(context, *id) : nullptr;
  if (!e) return content.text;
  auto parsed = parsed_of(*e);
  return parsed ? (*parsed)->formatted(format) : content.text;
}

}  // namespace tessera
