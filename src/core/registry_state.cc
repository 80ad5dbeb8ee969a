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

schema_entry::~schema_entry() { delete cache_.load(std::memory_order_acquire); }

schema_entry_cache& schema_entry::cache() const {
  auto* c = cache_.load(std::memory_order_acquire);
  if (c != nullptr) return *c;
  // Readers share a lock, so two may get here at once: one pointer wins, the other is dropped.
  auto made = std::make_unique<schema_entry_cache>();
  if (cache_.compare_exchange_strong(c, made.get(), std::memory_order_acq_rel, std::memory_order_acquire)) {
    return *made.release();
  }
  return *c;
}

std::vector<std::string> schema_entry::holder_subjects() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < holders.size(); ++i) {
    if (i == 0 || holders[i].subject != holders[i - 1].subject) out.push_back(*holders[i].subject);
  }
  return out;
}

const std::string* schema_entry::first_holder_subject() const {
  const std::string* first = nullptr;
  for (const auto& h : holders) {
    if (first == nullptr || *h.subject < *first) first = h.subject;
  }
  return first;
}

namespace {

/// Adds (subject, version) to an entry's holders, keeping them grouped by subject (see
/// schema_entry::holders); returns the number of distinct subjects when it added a subject.
std::size_t add_holder(boost::container::small_vector<schema_holder, 1>& holders, const std::string* subject,
                       schema_version version) {
  std::size_t group_end = 0;  // one past the subject's last holder
  bool found = false;
  for (std::size_t i = holders.size(); i-- > 0;) {
    if (holders[i].subject == subject) {
      group_end = i + 1;
      found = true;
      break;
    }
  }
  if (!found) {
    holders.push_back({subject, version});
    std::size_t subjects = 0;
    for (std::size_t i = 0; i < holders.size(); ++i) {
      if (i == 0 || holders[i].subject != holders[i - 1].subject) ++subjects;
    }
    return subjects;
  }
  std::size_t pos = group_end;
  while (pos > 0 && holders[pos - 1].subject == subject && holders[pos - 1].version >= version) {
    if (holders[pos - 1].version == version) return 0;
    --pos;
  }
  holders.insert(holders.begin() + static_cast<std::ptrdiff_t>(pos), schema_holder{subject, version});
  return 0;
}

}  // namespace

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
  auto ctx = schemas_.find(context);
  if (ctx == schemas_.end()) ctx = schemas_.try_emplace(context).first;
  auto& by_id = ctx->second;
  // Ids mostly arrive in ascending order: a new highest id needs no search.
  bool beyond_last = by_id.empty() || by_id.rbegin()->first < v.id;
  auto existing = beyond_last ? by_id.end() : by_id.find(v.id);
  if (existing != by_id.end() && existing->second.hash != h) {
    problem = "schema id " + std::to_string(v.id) + " in context " + context +
              " is already bound to different content; record for " + subject + " version " +
              std::to_string(v.version) + " ignored";
    return;
  }
  auto subject_node = subjects_.try_emplace(std::move(subject)).first;
  const std::string* subject_key = &subject_node->first;
  auto& versions = subject_node->second.versions;
  auto old = versions.find(v.version);
  if (old != versions.end()) {
    if (old->second.id != v.id) release_holder(context, old->second.id, subject_key, v.version);
    old->second = version_slot{v.id, v.deleted, old->second.timestamp_ms ? old->second.timestamp_ms : timestamp_ms};
  } else {
    versions.emplace_hint(versions.lower_bound(v.version), v.version, version_slot{v.id, v.deleted, timestamp_ms});
  }
  if (existing == by_id.end()) {
    existing = by_id.emplace_hint(beyond_last ? by_id.end() : by_id.lower_bound(v.id), std::piecewise_construct,
                                  std::forward_as_tuple(v.id), std::forward_as_tuple());
    schema_entry& e = existing->second;
    e.id = v.id;
    e.context_ = &ctx->first;
    e.content = std::move(v.content);
    e.hash = h;
  }
  // Content → id follows the last record written for the content, as Confluent's lookup cache
  // does. Only IMPORT can give one content two ids; then a registration or lookup finds the
  // content under a subject only where it holds the content's latest id.
  ids_by_hash_[context].insert_or_assign(h, v.id);
  schema_entry& e = existing->second;
  if (auto subjects = add_holder(e.holders, subject_key, v.version)) {
    e.subject_peak = std::max<std::uint32_t>(e.subject_peak, static_cast<std::uint32_t>(subjects));
  }
  auto& max = max_ids_[context];
  if (v.id > max) max = v.id;
  contexts_.insert(context);
}

void registry_state::remove_version(const std::string& subject, schema_version version) {
  auto it = subjects_.find(subject);
  if (it == subjects_.end()) return;
  auto v = it->second.versions.find(version);
  if (v == it->second.versions.end()) return;
  release_holder(context_of(subject), v->second.id, &it->first, version);
  it->second.versions.erase(v);
  if (it->second.versions.empty()) subjects_.erase(it);
}

void registry_state::release_holder(const std::string& context, schema_id id, const std::string* subject,
                                    schema_version version) {
  auto ctx = schemas_.find(context);
  if (ctx == schemas_.end()) return;
  auto e = ctx->second.find(id);
  if (e == ctx->second.end()) return;
  auto& holders = e->second.holders;
  auto held = std::find_if(holders.begin(), holders.end(),
                           [&](const schema_holder& h) { return h.subject == subject && h.version == version; });
  if (held != holders.end()) holders.erase(held);
  if (holders.empty()) {
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
          release_holder(context_of(subject), v->second.id, &subject, v->first);
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
