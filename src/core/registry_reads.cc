// Read use cases over subjects and versions. All run under the shared state lock.

#include <algorithm>

#include "tessera/core/errors.h"
#include "tessera/core/qualified_subject.h"
#include "tessera/core/registry.h"

namespace tessera {

namespace {

/// Confluent's subjectPrefix match: ":*:" matches every context, otherwise a plain prefix.
bool matches_prefix(const std::string& subject, const std::string& prefix) {
  if (prefix == any_context_prefix) return true;
  return subject.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

std::vector<std::string> registry::list_subjects(const subject_list_query& q) const {
  read_lock lk(state_mu_);
  std::vector<std::string> out;
  for (const auto& [name, entry] : state_.subjects()) {
    if (!matches_prefix(name, q.prefix)) continue;
    bool live = entry.has_live_versions();
    bool any_deleted = std::any_of(entry.versions.begin(), entry.versions.end(),
                                   [](const auto& v) { return v.second.deleted; });
    bool include = q.deleted_only ? any_deleted : (live || q.deleted);
    if (include) out.push_back(name);
  }
  return out;
}

result<std::vector<schema_version>> registry::list_versions(const std::string& subject,
                                                            const version_list_query& q) const {
  read_lock lk(state_mu_);
  const subject_entry* s = state_.find_subject(subject);
  if (!s && is_context_key(subject)) return std::vector<schema_version>{};  // a context has no versions
  if (!s || (!s->has_live_versions() && !q.deleted && !q.deleted_only)) return errors::subject_not_found(subject);
  std::vector<schema_version> out;
  for (const auto& [v, slot] : s->versions) {
    if (q.deleted_only) {
      if (slot.deleted) out.push_back(v);
    } else if (!slot.deleted) {
      out.push_back(v);
    } else if (q.deleted) {
      out.push_back(q.deleted_as_negative ? -v : v);
    } else if (q.deleted_as_negative) {
      out.push_back(-v);
    }
  }
  return out;
}

result<registry::version_hit> registry::find_version(const std::string& requested, const version_spec& v,
                                                    bool include_deleted) const {
  const std::string subject = fallback_subject(requested, [&](const std::string& name) {
    const subject_entry* e = state_.find_subject(name);
    if (!e) return false;
    if (v.is_latest()) return e->has_live_versions();
    auto it = e->versions.find(v.value);
    return it != e->versions.end() && (include_deleted || !it->second.deleted);
  });
  const subject_entry* s = state_.find_subject(subject);
  if (!s || (!include_deleted && !s->has_live_versions())) return errors::subject_not_found(requested);
  schema_version number = v.value;
  if (v.is_latest()) {
    auto latest = s->latest_live();
    if (!latest) return errors::version_not_found(v.value);
    number = *latest;
  }
  auto it = s->versions.find(number);
  if (it == s->versions.end() || (it->second.deleted && !include_deleted)) return errors::version_not_found(v.value);
  const schema_entry* e = state_.find_schema(context_of(subject), it->second.id);
  if (!e) return errors::version_not_found(v.value);
  return version_hit{subject, number, &it->second, e};
}

result<subject_version_entry> registry::get_version(const std::string& requested, const version_spec& v,
                                                    bool include_deleted) const {
  read_lock lk(state_mu_);
  auto hit = find_version(requested, v, include_deleted);
  if (!hit) return hit.error();
  const version_slot& slot = *hit->slot;
  return subject_version_entry{std::move(hit->subject), hit->version, slot.id, hit->entry->content, slot.deleted,
                               slot.timestamp_ms};
}

result<std::shared_ptr<const std::string>> registry::version_reply(
    const std::string& subject, const version_spec& v, bool include_deleted,
    const std::function<std::string(const subject_version_entry&)>& render) const {
  read_lock lk(state_mu_);
  auto hit = find_version(subject, v, include_deleted);
  if (!hit) return hit.error();
  const schema_entry& e = *hit->entry;
  auto& cache = e.cache();
  if (auto cached = cache.version_reply.load(std::memory_order_acquire);
      cached && cached->version == hit->version && cached->subject == hit->subject) {
    return std::shared_ptr<const std::string>(cached, &cached->bytes);
  }
  const version_slot& slot = *hit->slot;
  auto made = std::make_shared<rendered_version>();
  made->bytes = render(subject_version_entry{hit->subject, hit->version, slot.id, e.content, slot.deleted,
                                             slot.timestamp_ms});
  made->subject = std::move(hit->subject);
  made->version = hit->version;
  cache.version_reply.store(made, std::memory_order_release);
  return std::shared_ptr<const std::string>(made, &made->bytes);
}

result<std::vector<schema_id>> registry::referenced_by(const std::string& subject, const version_spec& v,
                                                       bool include_deleted) const {
  auto target = get_version(subject, v, true);
  if (!target) return target.error();
  read_lock lk(state_mu_);
  std::vector<schema_id> out;
  for (const schema_entry* e : state_.referrers(target->subject, target->version)) {
    bool live = std::any_of(e->holders.begin(), e->holders.end(), [&](const auto& h) {
      const subject_entry* s = state_.find_subject(*h.subject);
      return s && !s->versions.at(h.version).deleted;
    });
    if (live || include_deleted) out.push_back(e->id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

/// Confluent's lookup matches a version whose only extra is the `confluent:version` property the
/// server added itself (registration with `"version": N`), when the request carries no metadata.
std::optional<schema_version> find_ignoring_confluent_version(const subject_entry& s, const std::string& context,
                                                              const schema_content& requested,
                                                              bool include_deleted, const registry_state& state) {
  if (requested.metadata) return std::nullopt;
  for (auto it = s.versions.rbegin(); it != s.versions.rend(); ++it) {
    if (it->second.deleted && !include_deleted) continue;
    const schema_entry* e = state.find_schema(context, it->second.id);
    if (!e || !e->content.metadata || !e->content.metadata->properties.count("confluent:version")) continue;
    schema_content stored = e->content;
    stored.metadata->properties.erase("confluent:version");
    if (stored.metadata->empty()) stored.metadata.reset();
    if (stored == requested) return it->first;
  }
  return std::nullopt;
}

}  // namespace

result<subject_version_entry> registry::lookup(const std::string& requested, const schema_request& req,
                                               const lookup_options& opts) const {
  read_lock lk(state_mu_);
  const subject_entry* requested_entry = state_.find_subject(requested);
  bool requested_usable = requested_entry && (opts.include_deleted || requested_entry->has_live_versions());
  bool normalize = opts.normalize || effective_config(requested).normalize.value_or(false);
  schema_content content;
  auto parsed = parse_request(requested, req, normalize, false, content);
  if (!parsed) {
    if (!requested_usable && parsed.error().code == error_code::invalid_schema) {
      return errors::subject_not_found(requested);
    }
    return parsed.error();
  }
  auto match = [&](const std::string& name) -> std::optional<schema_version> {
    const subject_entry* e = state_.find_subject(name);
    if (!e || (!opts.include_deleted && !e->has_live_versions())) return std::nullopt;
    if (auto v = find_in_subject(name, content, opts.include_deleted)) return v;
    if (auto v = find_ignoring_confluent_version(*e, context_of(name), content, opts.include_deleted, state_)) return v;
    if (normalize) return std::nullopt;
    // Confluent falls back to comparing normalized forms so formatting differences still match.
    schema_content normalized;
    if (!parse_request(name, req, true, false, normalized)) return std::nullopt;
    return find_in_subject(name, normalized, opts.include_deleted);
  };
  const std::string subject = fallback_subject(requested, [&](const std::string& n) { return match(n).has_value(); });
  const subject_entry* s = state_.find_subject(subject);
  if (!s || (!opts.include_deleted && !s->has_live_versions())) return errors::subject_not_found(requested);
  auto found = match(subject);
  if (!found) return errors::schema_not_found();
  const auto& slot = s->versions.at(*found);
  const schema_entry* e = state_.find_schema(context_of(subject), slot.id);
  return subject_version_entry{subject, *found, slot.id, e->content, slot.deleted, slot.timestamp_ms};
}

result<subject_version_entry> registry::latest_with_metadata(
    const std::string& subject, const std::vector<std::pair<std::string, std::string>>& pairs,
    bool include_deleted) const {
  read_lock lk(state_mu_);
  const subject_entry* s = state_.find_subject(subject);
  if (!s || (!include_deleted && !s->has_live_versions())) return errors::subject_not_found(subject);
  for (auto it = s->versions.rbegin(); it != s->versions.rend(); ++it) {
    if (it->second.deleted && !include_deleted) continue;
    const schema_entry* e = state_.find_schema(context_of(subject), it->second.id);
    if (!e) continue;
    bool all = std::all_of(pairs.begin(), pairs.end(), [&](const auto& kv) {
      if (!e->content.metadata) return false;
      auto p = e->content.metadata->properties.find(kv.first);
      return p != e->content.metadata->properties.end() && p->second == kv.second;
    });
    if (all) return subject_version_entry{subject, it->first, it->second.id, e->content, it->second.deleted,
                                          it->second.timestamp_ms};
  }
  return errors::schema_not_found();
}

}  // namespace tessera
