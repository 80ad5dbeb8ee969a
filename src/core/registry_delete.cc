// Soft and permanent deletes of versions and subjects, with Confluent's preconditions.

#include <algorithm>

#include "storage/records_json.h"
#include "tessera/core/errors.h"
#include "tessera/core/qualified_subject.h"
#include "tessera/core/registry.h"

namespace tessera {

namespace {

bool is_read_only(mode m) { return m == mode::readonly || m == mode::readonly_override; }

}  // namespace

/// True when a live version of another subject references subject-version. Soft-deleted
/// referrers do not block, for soft or permanent deletes alike (observed on Confluent 7.9).
static bool is_referenced(const registry_state& state, const std::string& subject, schema_version version) {
  for (const schema_entry* e : state.referrers(subject, version)) {
    for (const auto& h : e->holders) {
      if (*h.subject == subject) continue;  // self-references do not block
      const subject_entry* s = state.find_subject(*h.subject);
      if (s && !s->versions.at(h.version).deleted) return true;
    }
  }
  return false;
}

result<schema_version> registry::delete_version(const std::string& subject, const version_spec& v, bool permanent) {
  std::lock_guard write_lock(write_mu_);
  if (auto c = catch_up(); !c) return c.error();
  std::vector<storage::record> records;
  schema_version number = v.value;
  {
    read_lock lk(state_mu_);
    const subject_entry* s = state_.find_subject(subject);
    if (!s) return errors::subject_not_found(subject);
    if (is_read_only(effective_mode(subject))) return errors::read_only(subject);
    if (v.is_latest()) {
      auto latest = s->latest_live();
      if (!latest) return errors::version_not_found(v.value);
      number = *latest;
    }
    auto it = s->versions.find(number);
    if (it == s->versions.end()) return errors::version_not_found(number);
    const version_slot& slot = it->second;
    if (permanent && !slot.deleted) return errors::version_not_soft_deleted(subject, number);
    if (!permanent && slot.deleted) return errors::version_soft_deleted(subject, number);
    if (is_referenced(state_, subject, number)) return errors::reference_exists(subject, number);
    if (permanent) {
      records.push_back({storage::schema_key(subject, number), std::nullopt});
      if (s->versions.size() == 1) {
        // The subject disappears: its settings go with it, as Confluent tombstones them.
        if (state_.find_mode(subject)) records.push_back({storage::mode_key(subject), std::nullopt});
        if (state_.find_config(subject)) records.push_back({storage::config_key(subject), std::nullopt});
      }
    } else {
      const schema_entry* e = state_.find_schema(context_of(subject), slot.id);
      if (!e) return errors::version_not_found(number);
      subject_version_entry entry{subject, number, slot.id, e->content, true, slot.timestamp_ms};
      records.push_back({storage::schema_key(subject, number), storage::record_value{entry}});
    }
  }
  auto written = write(std::move(records));
  if (!written) return written.error();
  return number;
}

result<std::vector<schema_version>> registry::delete_subject(const std::string& subject, bool permanent) {
  std::lock_guard write_lock(write_mu_);
  if (auto c = catch_up(); !c) return c.error();
  std::vector<storage::record> records;
  std::vector<schema_version> versions;
  {
    read_lock lk(state_mu_);
    const subject_entry* s = state_.find_subject(subject);
    if (!s) return errors::subject_not_found(subject);
    if (is_read_only(effective_mode(subject))) return errors::read_only(subject);
    // References are checked before the soft/permanent preconditions, as Confluent does.
    for (const auto& [num, slot] : s->versions) {
      if (is_referenced(state_, subject, num)) return errors::reference_exists(subject, num);
    }
    auto latest = s->latest_live();
    if (!permanent && !latest) return errors::subject_soft_deleted(subject);
    if (permanent && latest) return errors::subject_not_soft_deleted(subject);
    for (const auto& [num, slot] : s->versions) {
      if (permanent || !slot.deleted) versions.push_back(num);
    }
    if (permanent) {
      for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
        records.push_back({storage::schema_key(subject, *it), std::nullopt});
      }
      if (state_.find_mode(subject)) records.push_back({storage::mode_key(subject), std::nullopt});
      if (state_.find_config(subject)) records.push_back({storage::config_key(subject), std::nullopt});
    } else {
      storage::delete_subject_value value{subject, s->versions.rbegin()->first};
      records.push_back({storage::delete_subject_key(subject), storage::record_value{value}});
    }
  }
  auto written = write(std::move(records));
  if (!written) return written.error();
  return versions;
}

}  // namespace tessera

namespace tessera {

result<void> registry::delete_context(const std::string& requested) {
  std::string context = requested.empty() || requested[0] != '.' ? "." + requested : requested;
  std::lock_guard write_lock(write_mu_);
  if (auto c = catch_up(); !c) return c.error();
  {
    read_lock lk(state_mu_);
    for (const auto& [name, entry] : state_.subjects()) {
      if (context_of(name) == context) {
        return fail(error_code::context_not_empty, "Context " + context + " is not empty");
      }
    }
  }
  auto written = write({{storage::context_key("default", context), std::nullopt}});
  if (!written) return written.error();
  return {};
}

}  // namespace tessera
