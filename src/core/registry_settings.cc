// Compatibility config and mode: top level (no subject), context (":.ctx:") and subject scopes.

#include "storage/records_json.h"
#include "tessera/core/errors.h"
#include "tessera/core/qualified_subject.h"
#include "tessera/core/registry.h"
#include "tessera/core/subject_validation.h"

namespace tessera {

namespace {

/// Fields present in `update` replace those of `base` (PUT /config merges, as Confluent does).
storage::config_value merge_config(storage::config_value base, const storage::config_value& update) {
  if (update.compatibility) base.compatibility = update.compatibility;
  if (update.normalize) base.normalize = update.normalize;
  if (update.validate_fields) base.validate_fields = update.validate_fields;
  if (update.alias) base.alias = update.alias;
  if (update.compatibility_group) base.compatibility_group = update.compatibility_group;
  if (update.default_metadata) base.default_metadata = update.default_metadata;
  if (update.override_metadata) base.override_metadata = update.override_metadata;
  if (update.default_rule_set) base.default_rule_set = update.default_rule_set;
  if (update.override_rule_set) base.override_rule_set = update.override_rule_set;
  return base;
}

/// The subject written into CONFIG/MODE keys: none for the top level, else the settings key.
std::optional<std::string> record_subject(const std::optional<std::string>& subject) {
  if (!subject) return std::nullopt;
  return settings_key(subject);
}

}  // namespace

result<storage::config_value> registry::get_config(const std::optional<std::string>& subject,
                                                    bool default_to_global) const {
  read_lock lk(state_mu_);
  std::string key = settings_key(subject);
  if (const auto* c = state_.find_config(key)) {
    storage::config_value v = *c;
    if (!v.compatibility) v.compatibility = options_.default_compatibility;
    v.subject.reset();
    return v;
  }
  if (subject && !default_to_global) return errors::subject_compatibility_not_configured(normalize_subject(*subject));
  storage::config_value v = subject ? effective_config(key) : storage::config_value{};
  if (!v.compatibility) v.compatibility = options_.default_compatibility;
  v.subject.reset();
  return v;
}

result<storage::config_value> registry::update_config(const std::optional<std::string>& subject,
                                                      const storage::config_value& update) {
  if (subject && !is_valid_subject(*subject)) return errors::invalid_subject(*subject);
  std::lock_guard write_lock(write_mu_);
  if (auto c = catch_up(); !c) return c.error();
  storage::record rec;
  {
    read_lock lk(state_mu_);
    std::string key = settings_key(subject);
    if (subject) {
      mode m = effective_mode(key);
      if (m == mode::readonly || m == mode::readonly_override) return errors::read_only(normalize_subject(*subject));
    }
    const auto* existing = state_.find_config(key);
    storage::config_value merged = merge_config(existing ? *existing : storage::config_value{}, update);
    merged.subject = record_subject(subject);
    rec = {storage::config_key(record_subject(subject)), storage::record_value{merged}};
  }
  auto written = write({std::move(rec)});
  if (!written) return written.error();
  return update;
}

result<storage::config_value> registry::delete_config(const std::optional<std::string>& subject) {
  std::lock_guard write_lock(write_mu_);
  if (auto c = catch_up(); !c) return c.error();
  storage::config_value previous;
  {
    read_lock lk(state_mu_);
    std::string key = settings_key(subject);
    const auto* existing = state_.find_config(key);
    if (!existing) {
      if (subject) return errors::subject_not_found(normalize_subject(*subject));
      previous.compatibility = options_.default_compatibility;
      return previous;
    }
    previous = *existing;
    previous.subject.reset();
    if (!subject && !previous.compatibility) previous.compatibility = options_.default_compatibility;
  }
  auto written = write({{storage::config_key(record_subject(subject)), std::nullopt}});
  if (!written) return written.error();
  return previous;
}

result<mode> registry::get_mode(const std::optional<std::string>& subject, bool default_to_global) const {
  read_lock lk(state_mu_);
  auto top = state_.find_mode("");
  if (!subject) return top.value_or(mode::readwrite);
  if (top == mode::readonly_override) return *top;
  std::string key = settings_key(subject);
  if (auto m = state_.find_mode(key)) return *m;
  if (!default_to_global) return errors::subject_mode_not_configured(normalize_subject(*subject));
  return effective_mode(key);
}

result<mode> registry::update_mode(const std::optional<std::string>& subject, mode m, bool force) {
  if (subject && !is_valid_subject(*subject)) return errors::invalid_subject(*subject);
  if (!options_.mode_mutability) return fail(error_code::operation_not_permitted, "Mode changes are not allowed");
  std::lock_guard write_lock(write_mu_);
  if (auto c = catch_up(); !c) return c.error();
  std::vector<storage::record> records;
  {
    read_lock lk(state_mu_);
    std::string key = settings_key(subject);
    if (m == mode::forward && subject) return errors::invalid_mode();
    if (m == mode::import) {
      // Scope of the switch: one subject, one context, or (top level) the default context.
      auto in_scope = [&](const std::string& name) {
        if (!subject) return true;
        if (key.size() >= 2 && key.front() == ':' && key.back() == ':') {
          return ":" + context_of(name) + ":" == key;
        }
        return name == key;
      };
      for (const auto& [name, entry] : state_.subjects()) {
        if (!in_scope(name)) continue;
        if (entry.has_live_versions() && !force) return errors::cannot_import_existing_subjects();
      }
      if (!force) {
        // Entering IMPORT drops soft-deleted versions in scope so imported ids cannot clash.
        for (const auto& [name, entry] : state_.subjects()) {
          if (!in_scope(name)) continue;
          for (const auto& [num, slot] : entry.versions) {
            if (slot.deleted) records.push_back({storage::schema_key(name, num), std::nullopt});
          }
        }
      }
    }
    storage::mode_value value{record_subject(subject), m};
    records.push_back({storage::mode_key(record_subject(subject)), storage::record_value{value}});
  }
  auto written = write(std::move(records));
  if (!written) return written.error();
  return m;
}

result<mode> registry::delete_mode(const std::optional<std::string>& subject) {
  std::lock_guard write_lock(write_mu_);
  if (auto c = catch_up(); !c) return c.error();
  mode previous = mode::readwrite;
  {
    read_lock lk(state_mu_);
    // Confluent answers with the mode in force as it reads it: a global READONLY_OVERRIDE wins
    // over the subject's own mode, and over "the subject has none" (then nothing is deleted).
    auto global = state_.find_mode(settings_key(std::nullopt));
    bool overridden = subject && global && *global == mode::readonly_override;
    auto existing = state_.find_mode(settings_key(subject));
    if (!existing) {
      if (overridden) return mode::readonly_override;
      if (subject) return errors::subject_not_found(normalize_subject(*subject));
      return previous;
    }
    previous = overridden ? mode::readonly_override : *existing;
  }
  auto written = write({{storage::mode_key(record_subject(subject)), std::nullopt}});
  if (!written) return written.error();
  return previous;
}

}  // namespace tessera
