#pragma once
/// The in-memory registry model. It is built only by applying `_schemas` records in log order
/// (apply()), so every node that replays the same log holds the same state. Not synchronised:
/// the registry wraps it in a reader/writer lock.

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "tessera/core/schema.h"
#include "tessera/core/schema_hash.h"
#include "tessera/formats/schema_format.h"
#include "tessera/storage/record.h"

namespace tessera {

/// One version of a subject: which schema id it holds and whether it is soft-deleted.
struct version_slot {
  schema_id id = 0;
  bool deleted = false;
  std::int64_t timestamp_ms = 0;
};

/// One schema id within a context: its content and who holds it.
struct schema_entry {
  schema_id id = 0;
  std::string context;
  schema_content content;
  schema_hash hash{};
  /// (subject, version) pairs that hold this id, soft-deleted ones included.
  std::set<std::pair<std::string, schema_version>> holders;
  /// Holder subjects in the order they started holding this id, and the most there ever were:
  /// Confluent keeps them as keys of a java.util.HashMap and lists them in its iteration order.
  std::vector<std::string> subject_order;
  std::size_t subject_peak = 0;
  /// Parsed form, filled on first use (parsing on replay would slow startup).
  mutable std::atomic<std::shared_ptr<const formats::parsed_schema>> parsed;
};

struct subject_entry {
  std::map<schema_version, version_slot> versions;

  /// Highest version that is not soft-deleted, if any.
  std::optional<schema_version> latest_live() const;
  bool has_live_versions() const { return latest_live().has_value(); }
};

class registry_state {
 public:
  /// Applies one record read from the log. Records that contradict the state (an id already
  /// bound to other content) are ignored, as Confluent's followers do; the return value says why.
  /// Taken by value: the replay moves decoded records in, so schema texts are not copied.
  std::optional<std::string> apply(storage::record r, std::int64_t timestamp_ms);

  const subject_entry* find_subject(const std::string& subject) const;
  const schema_entry* find_schema(const std::string& context, schema_id id) const;
  /// The id already bound to this content hash in the context, if any.
  std::optional<schema_id> id_for_hash(const std::string& context, const schema_hash& h) const;
  /// Highest id ever applied in the context (ids are never reused while the process runs).
  schema_id max_id(const std::string& context) const;

  /// Schemas whose references name `subject` version `version` (any holder state).
  std::vector<const schema_entry*> referrers(const std::string& subject, schema_version version) const;

  /// Settings by key: "" = top level, ":.ctx:" = a context, else a subject.
  const storage::config_value* find_config(const std::string& key) const;
  std::optional<mode> find_mode(const std::string& key) const;

  const std::map<std::string, subject_entry>& subjects() const { return subjects_; }
  const std::map<std::string, std::map<schema_id, schema_entry>>& schemas() const { return schemas_; }
  const std::set<std::string>& contexts() const { return contexts_; }
  const std::map<std::string, storage::config_value>& configs() const { return configs_; }
  const std::map<std::string, mode>& modes() const { return modes_; }
  /// Context → highest id ever applied there.
  const std::map<std::string, schema_id>& max_ids() const { return max_ids_; }
  /// Raises the highest id of a context to at least `id` (a snapshot carries ids whose records
  /// are gone, so a restart never hands them out again).
  void raise_max_id(const std::string& context, schema_id id);

 private:
  void apply_schema(subject_version_entry&& v, std::int64_t timestamp_ms,
                    std::optional<std::string>& problem);
  void remove_version(const std::string& subject, schema_version version);
  void release_holder(const std::string& context, schema_id id, const std::string& subject,
                      schema_version version);
  void clear_deleted(const std::optional<std::string>& scope);

  std::map<std::string, subject_entry> subjects_;
  std::map<std::string, std::map<schema_id, schema_entry>> schemas_;  // context → id → entry
  std::map<std::string, std::map<schema_hash, schema_id>> ids_by_hash_;
  std::map<std::string, schema_id> max_ids_;
  std::map<std::string, storage::config_value> configs_;
  std::map<std::string, mode> modes_;
  std::set<std::string> contexts_{std::string(".")};
};

/// Settings key for a subject path: "" for the top level (no subject), ":.ctx:" for a context
/// (":.:" for the default context), else the normalized subject.
std::string settings_key(const std::optional<std::string>& subject);

}  // namespace tessera
