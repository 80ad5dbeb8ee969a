// Registration and the compatibility test endpoint.

#include <algorithm>

#include "core/pending_writes.h"
#include "storage/records_json.h"
#include "tessera/core/errors.h"
#include "tessera/core/qualified_subject.h"
#include "tessera/core/registry.h"
#include "tessera/core/subject_validation.h"

namespace tessera {

namespace {

/// Later maps win, property by property (Confluent's defaultMetadata < request < overrideMetadata).
std::optional<schema_metadata> merge_metadata(const std::optional<schema_metadata>& base,
                                              const std::optional<schema_metadata>& top) {
  if (!base) return top;
  if (!top) return base;
  schema_metadata out = *base;
  for (const auto& [k, v] : top->tags) out.tags[k] = v;
  for (const auto& [k, v] : top->properties) out.properties[k] = v;
  out.sensitive.insert(top->sensitive.begin(), top->sensitive.end());
  return out;
}

constexpr const char* confluent_version_key = "confluent:version";

std::optional<schema_metadata> without_version_key(std::optional<schema_metadata> m) {
  if (!m) return m;
  m->properties.erase(confluent_version_key);
  if (m->empty()) return std::nullopt;
  return m;
}

std::string join_messages(const std::vector<std::string>& msgs) {
  std::string out = "[";
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    if (i) out += ", ";
    out += msgs[i];
  }
  return out + "]";
}

}  // namespace

result<std::optional<register_outcome>> registry::plan_registration(const std::string& subject,
                                                                    const schema_request& request,
                                                                    const register_options& opts,
                                                                    pending_writes* pending) const {
  std::vector<storage::record> records;
  register_outcome outcome;
  {
    read_lock lk(state_mu_);
    const subject_entry* existing_subject = state_.find_subject(subject);
    const std::string context = context_of(subject);
    const storage::config_value config = effective_config(subject);
    const bool normalize = opts.normalize || config.normalize.value_or(false);
    const bool explicit_id = request.id && *request.id >= 0;
    const bool explicit_version = request.version && *request.version > 0;

    // A request without a schema re-registers the latest text with new metadata (Confluent 7.4+).
    schema_request req = request;
    std::optional<schema_version> latest = existing_subject ? existing_subject->latest_live() : std::nullopt;
    const schema_entry* latest_entry =
        latest ? state_.find_schema(context, existing_subject->versions.at(*latest).id) : nullptr;
    if ((!req.schema || req.schema->empty()) && req.metadata && latest_entry) {
      req.schema = latest_entry->content.text;
      req.schema_type_text = std::string(to_string_view(latest_entry->content.type));
    }

    schema_content content;
    auto parsed = parse_request(subject, req, normalize, true, content);
    if (!parsed) return parsed.error();
    content.rule_set.reset();  // community Confluent drops rule sets on register
    // Metadata: the request's, else inherited from the latest version; config defaults below it
    // and overrides above it. `confluent:version` tracks the version number once it is in use.
    std::optional<schema_metadata> requested = req.metadata;
    if (!requested && latest_entry) requested = latest_entry->content.metadata;
    content.metadata = merge_metadata(merge_metadata(config.default_metadata, requested), config.override_metadata);
    const bool track_version = (req.version && *req.version == -1) || (explicit_version && !explicit_id) ||
                               (content.metadata && content.metadata->properties.count(confluent_version_key));

    // An identical live version answers without any check (Confluent's first step): first the
    // schema as sent, then with the inherited metadata (a client resending a schema does not
    // repeat the metadata the server added).
    // Versions start at 1: 0 = not found (a plain number keeps GCC 12's flow analysis quiet).
    schema_version found_version = 0;
    if (!(req.version && *req.version == -1)) {
      schema_content as_sent = content;
      as_sent.metadata = req.metadata;
      found_version = find_in_subject(subject, as_sent, false).value_or(0);
    }
    if (found_version == 0) found_version = find_in_subject(subject, content, false).value_or(0);
    // An explicit version outside IMPORT must be the next one, even for a known schema; IMPORT
    // without an id is refused before any lookup (both as Confluent 7.9 answers).
    if (explicit_version && !explicit_id) found_version = 0;
    if (!explicit_id && effective_mode(subject) == mode::import) return errors::not_read_write(subject);
    if (found_version > 0 && existing_subject) {
      const auto& slot = existing_subject->versions.at(found_version);
      if ((!explicit_id || *req.id == slot.id) && (!explicit_version || *req.version == found_version)) {
        const schema_entry* e = state_.find_schema(context, slot.id);
        outcome.id = slot.id;
        bool changed = e && without_version_key(e->content.metadata) != without_version_key(request.metadata);
        if (changed || explicit_version) {
          outcome.version = found_version;
          outcome.schema = content.text;
          outcome.type = content.type;
          outcome.metadata = e ? e->content.metadata : std::nullopt;
        }
        return outcome;
      }
    }
    if (!pending) return std::nullopt;  // only asked whether it is registered already

    mode m = effective_mode(subject);
    if (m == mode::readonly || m == mode::readonly_override) return errors::read_only(subject);
    if (explicit_id && m != mode::import && m != mode::forward) return errors::not_import(subject);
    if (!explicit_id && m != mode::readwrite) return errors::not_read_write(subject);

    schema_version max_version = 0;
    if (existing_subject && !existing_subject->versions.empty()) max_version = existing_subject->versions.rbegin()->first;
    schema_version version = max_version + 1;
    if (explicit_version) {
      if (!explicit_id && *req.version != max_version + 1) return errors::version_not_next();
      version = *req.version;
    }

    if (track_version) {
      if (!content.metadata) content.metadata.emplace();
      content.metadata->properties[confluent_version_key] = std::to_string(version);
    }
    if (content.metadata && content.metadata->empty() && !req.metadata) content.metadata.reset();
    schema_hash hash = hash_schema(content);
    schema_id id = 0;
    // Ids taken by registrations planned earlier in this group count as taken (pending_writes.h).
    if (explicit_id) {
      const schema_entry* bound = state_.find_schema(context, *req.id);
      if (bound && bound->hash != hash) return errors::overwrite_id_not_permitted(*req.id);
      if (auto pending_hash = pending->hash_of(context, *req.id); pending_hash && *pending_hash != hash) {
        return errors::overwrite_id_not_permitted(*req.id);
      }
      id = *req.id;
    } else if (auto pending_reuse = pending->id_for_hash(context, hash)) {
      id = *pending_reuse;
    } else if (auto reuse = state_.id_for_hash(context, hash)) {
      id = *reuse;
    } else {
      id = std::max(state_.max_id(context), pending->max_id(context)) + 1;
      while (state_.find_schema(context, id) || pending->hash_of(context, id)) ++id;
    }

    if (!explicit_id) {
      std::vector<schema_version> previous;
      if (existing_subject) {
        for (const auto& [v, slot] : existing_subject->versions) {
          if (!slot.deleted) previous.push_back(v);
        }
      }
      auto report = check_against(subject, **parsed, previous, *config.compatibility, content.metadata,
                                  config.compatibility_group.value_or(""));
      if (!report) return report.error();
      if (!report->compatible) {
        return errors::incompatible(options_.incompatible_code, subject, join_messages(report->messages));
      }
      // A soft-deleted older version holding the same id is replaced by the new version.
      if (existing_subject) {
        for (const auto& [v, slot] : existing_subject->versions) {
          if (slot.deleted && slot.id == id) records.push_back({storage::schema_key(subject, v), std::nullopt});
        }
      }
    }

    outcome.id = id;
    if (content.metadata && !explicit_id) {
      outcome.version = version;
      outcome.schema = content.text;
      outcome.type = content.type;
      outcome.metadata = content.metadata;
    }
    records.push_back({storage::schema_key(subject, version),
                       storage::record_value{subject_version_entry{subject, version, id, std::move(content), false, 0}}});
    pending->add(subject, context, id, hash, std::move(records));
  }
  return outcome;
}

result<compat_report> registry::test_compatibility(const std::string& subject, const std::optional<version_spec>& v,
                                                   const schema_request& req, const compat_options& opts) const {
  read_lock lk(state_mu_);
  const subject_entry* s = state_.find_subject(subject);
  std::vector<schema_version> previous;
  if (v) {
    if (!v->is_latest()) {
      if (!s) return errors::version_not_found(v->value);
      auto it = s->versions.find(v->value);
      if (it == s->versions.end() || it->second.deleted) return errors::version_not_found(v->value);
      previous.push_back(v->value);
    } else if (s && s->latest_live()) {
      previous.push_back(*s->latest_live());
    }
  } else if (s) {
    for (const auto& [num, slot] : s->versions) {
      if (!slot.deleted) previous.push_back(num);
    }
  }
  const storage::config_value config = effective_config(subject);
  schema_content content;
  const bool normalize = opts.normalize || config.normalize.value_or(false);
  auto parsed = parse_request(subject, req, normalize, true, content);
  if (!parsed) {
    if (!opts.verbose || parsed.error().code != error_code::invalid_schema) return parsed.error();
    return compat_report{false, {parsed.error().message}};
  }
  // With an explicit version that version is the whole history; the direction follows the level.
  return check_against(subject, **parsed, previous, *config.compatibility, req.metadata,
                       config.compatibility_group.value_or(""));
}

}  // namespace tessera
