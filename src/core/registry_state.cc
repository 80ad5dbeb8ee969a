#include "tessera/core/registry_state.h"

#include <algorithm>

#include "tessera/core/qualified_subject.h"

namespace tessera {

namespace {

template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace

std::optional<schema_version> subject_entry::latest_live() const {
  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    if (!it->second.deleted) return it->first;
  }
  return std::nullopt;
}

std::string settings_key(const std::optional<std::string>& subject) {
  if (!subject) return {};
  std::string s = normalize_subject(*subject);
  // `:.:` names the default context itself, which Confluent keeps apart from the top level.
  if (s.empty()) return ":.:";
  if (is_context_key(s)) return ":" + context_of(s) + ":";
  return s;
}

std::optional<std::string> registry_state::apply(storage::record r, std::int64_t timestamp_ms) {
  using storage::key_type;
  std::optional<std::string> problem;
  const auto& key = r.key;
  if (!r.value) {
    switch (key.type) {
      case key_type::schema:
        if (key.subject && key.version) remove_version(normalize_subject(*key.subject), *key.version);
        break;
      case key_type::config:
        configs_.erase(settings_key(key.subject));
        break;
      case key_type::mode:
        modes_.erase(settings_key(key.subject));
        break;
      case key_type::context:
        if (key.context != default_context) contexts_.erase(key.context);
        break;
      default:
        break;  // NOOP, DELETE_SUBJECT and CLEAR_SUBJECT tombstones change nothing in memory
    }
    return problem;
  }
  std::visit(overloaded{
                 [&](subject_version_entry& v) { apply_schema(std::move(v), timestamp_ms, problem); },
                 [&](const storage::config_value& v) {
                   configs_[settings_key(key.subject ? key.subject : v.subject)] = v;
                 },
                 [&](const storage::mode_value& v) {
                   modes_[settings_key(key.subject ? key.subject : v.subject)] = v.mode;
                 },
                 [&](const storage::delete_subject_value& v) {
                   auto it = subjects_.find(normalize_subject(v.subject));
                   if (it == subjects_.end()) return;
                   for (auto& [version, slot] : it->second.versions) {
                     if (version <= v.version) slot.deleted = true;
                   }
                 },
                 [&](const storage::clear_subject_value& v) { clear_deleted(v.subject); },
                 [&](const storage::context_value& v) { contexts_.insert(v.context); },
             },
             *r.value);
  return problem;
}

void registry_state::apply_schema(subject_version_entry&& v, std::int64_t timestamp_ms,
                                  std::optional<std::string>& problem) {
  std::string subject = normalize_subject(v.subject);
  std::string context = context_of(subject);
  schema_hash h = hash_schema(v.content);
  auto& by_id = schemas_[context];
  auto existing = by_id.find(v.id);
  if (existing != by_id.end() && existing->second.hash != h) {
    problem = "schema id " + std::to_string(v.id) + " in context " + context +
              " is already bound to different content; record for " + subject + " version " +
              std::to_string(v.version) + " ignored";
    return;
  }
  auto& subj = subjects_[subject];
  auto old = subj.versions.find(v.version);
  if (old != subj.versions.end() && old->second.id != v.id) {
    release_holder(context, old->second.id, subject, v.version);
  }
  std::int64_t created = old != subj.versions.end() && old->second.timestamp_ms ? old->second.timestamp_ms
                                                                                 : timestamp_ms;
  subj.versions[v.version] = version_slot{v.id, v.deleted, created};
  if (existing == by_id.end()) {
    existing = by_id.try_emplace(v.id).first;
    existing->second.id = v.id;
    existing->second.context = context;
    existing->second.content = std::move(v.content);
    existing->second.hash = h;
  }
  // Content → id follows the last record written for the content, as Confluent's lookup cache
  // does. Only IMPORT can give one content two ids; then a registration or lookup finds the
  // content under a subject only where it holds the content's latest id.
  ids_by_hash_[context].insert_or_assign(h, v.id);
  auto& order = existing->second.subject_order;
  if (std::find(order.begin(), order.end(), subject) == order.end()) {
    order.push_back(subject);
    existing->second.subject_peak = std::max(existing->second.subject_peak, order.size());
  }
  existing->second.holders.emplace(subject, v.version);
  auto& max = max_ids_[context];
  if (v.id > max) max = v.id;
  contexts_.insert(context);
}

void registry_state::remove_version(const std::string& subject, schema_version version) {
  auto it = subjects_.find(subject);
  if (it == subjects_.end()) return;
  auto v = it->second.versions.find(version);
  if (v == it->second.versions.end()) return;
  release_holder(context_of(subject), v->second.id, subject, version);
  it->second.versions.erase(v);
  if (it->second.versions.empty()) subjects_.erase(it);
}

void registry_state::release_holder(const std::string& context, schema_id id,
                                    const std::string& subject, schema_version version) {
  auto ctx = schemas_.find(context);
  if (ctx == schemas_.end()) return;
  auto e = ctx->second.find(id);
  if (e == ctx->second.end()) return;
  e->second.holders.erase({subject, version});
  auto still = e->second.holders.lower_bound({subject, 0});
  if (still == e->second.holders.end() || still->first != subject) std::erase(e->second.subject_order, subject);
  if (e->second.holders.empty()) {
    auto& hashes = ids_by_hash_[context];
    auto h = hashes.find(e->second.hash);
    if (h != hashes.end() && h->second == id) hashes.erase(h);
    ctx->second.erase(e);
  }
}

void registry_state::clear_deleted(const std::optional<std::string>& scope) {
  // CLEAR_SUBJECT drops soft-deleted versions in its scope (a subject, a context, or everything).
  std::string key = settings_key(scope);
  for (auto it = subjects_.begin(); it != subjects_.end();) {
    const std::string& subject = it->first;
    bool in_scope = key.empty() || subject == key ||
                    (is_context_key(key) && context_of(subject) == context_of(key));
    if (in_scope) {
      for (auto v = it->second.versions.begin(); v != it->second.versions.end();) {
        if (v->second.deleted) {
          release_holder(context_of(subject), v->second.id, subject, v->first);
          v = it->second.versions.erase(v);
        } else {
          ++v;
        }
      }
    }
    it = it->second.versions.empty() ? subjects_.erase(it) : std::next(it);
  }
}

const subject_entry* registry_state::find_subject(const std::string& subject) const {
  auto it = subjects_.find(subject);
  return it == subjects_.end() ? nullptr : &it->second;
}

const schema_entry* registry_state::find_schema(const std::string& context, schema_id id) const {
  auto ctx = schemas_.find(context);
  if (ctx == schemas_.end()) return nullptr;
  auto it = ctx->second.find(id);
  return it == ctx->second.end() ? nullptr : &it->second;
}

std::optional<schema_id> registry_state::id_for_hash(const std::string& context,
                                                     const schema_hash& h) const {
  auto ctx = ids_by_hash_.find(context);
  if (ctx == ids_by_hash_.end()) return std::nullopt;
  auto it = ctx->second.find(h);
  if (it == ctx->second.end()) return std::nullopt;
  return it->second;
}

void registry_state::raise_max_id(const std::string& context, schema_id id) {
  auto& max = max_ids_[context];
  if (id > max) max = id;
}

schema_id registry_state::max_id(const std::string& context) const {
  auto it = max_ids_.find(context);
  return it == max_ids_.end() ? 0 : it->second;
}

std::vector<const schema_entry*> registry_state::referrers(const std::string& subject,
                                                          schema_version version) const {
  std::vector<const schema_entry*> out;
  for (const auto& [context, by_id] : schemas_) {
    for (const auto& [id, e] : by_id) {
      for (const auto& r : e.content.references) {
        if (r.version == version && reference_target(context, r.subject) == subject) {
          out.push_back(&e);
          break;
        }
      }
    }
  }
  return out;
}

const storage::config_value* registry_state::find_config(const std::string& key) const {
  auto it = configs_.find(key);
  return it == configs_.end() ? nullptr : &it->second;
}

std::optional<mode> registry_state::find_mode(const std::string& key) const {
  auto it = modes_.find(key);
  if (it == modes_.end()) return std::nullopt;
  return it->second;
}

}  // namespace tessera
