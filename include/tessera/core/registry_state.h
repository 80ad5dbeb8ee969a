#pragma once
/// The in-memory registry model. It is built only by applying `_schemas` records in log order
/// (apply()), so every node that replays the same log holds the same state. Not synchronised:
/// the registry wraps it in a reader/writer lock.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/container/flat_map.hpp>
#include <boost/container/small_vector.hpp>
#include <boost/unordered/unordered_flat_map.hpp>

#include "tessera/core/schema.h"
#include "tessera/core/schema_hash.h"
#include "tessera/formats/schema_format.h"
#include "tessera/storage/record.h"

namespace tessera {

struct state_image;

/// One version of a subject: which schema id it holds and whether it is soft-deleted.
struct version_slot {
  schema_id id = 0;
  bool deleted = false;
  std::int64_t timestamp_ms = 0;
};

/// A subject's versions by number. A sorted vector with room for one version inline: most
/// subjects have one version, and versions arrive in ascending order. Inserting may move the
/// slots (pointers to them last only until the next change, which needs the write lock).
using version_map = boost::container::flat_map<schema_version, version_slot, std::less<schema_version>,
                                               boost::container::small_vector<std::pair<schema_version, version_slot>, 1>>;

/// A serialized subject-version answer and the (subject, version) it was made for.
struct rendered_version {
  std::string subject;
  schema_version version = 0;
  std::string bytes;
};

/// What the read paths compute from an entry once and reuse; made on first use, since most
/// entries of a large registry are never read.
struct schema_entry_cache {
  /// Parsed form (parsing on replay would slow startup).
  std::atomic<std::shared_ptr<const formats::parsed_schema>> parsed;
  /// The transport's serialized answer for GET /schemas/ids/{id}: an id's content never
  /// changes, and the entry (with this) goes away when the id is deleted.
  std::atomic<std::shared_ptr<const std::string>> reply;
  /// The same for GET /subjects/{s}/versions/{v} of the holder read last (usually the only
  /// one); that answer holds nothing but the subject, version, id and content.
  std::atomic<std::shared_ptr<const rendered_version>> version_reply;
};

/// A (subject, version) that holds a schema id. `subject` points at the subject's name in the
/// state's subject map, which outlives every holder of it.
struct schema_holder {
  const std::string* subject = nullptr;
  schema_version version = 0;
};

/// One schema id within a context: its content and who holds it.
struct schema_entry {
  schema_entry() = default;
  schema_entry(const schema_entry&) = delete;
  schema_entry& operator=(const schema_entry&) = delete;
  ~schema_entry();

  schema_id id = 0;
  /// The most holder subjects there ever were at once (sizes Confluent's HashMap, see below).
  std::uint32_t subject_peak = 0;
  schema_hash hash{};
  schema_content content;
  /// (subject, version) pairs that hold this id, soft-deleted ones included. Grouped by subject,
  /// ascending versions within a group, groups in the order their subjects started holding the
  /// id: Confluent keeps the subjects as keys of a java.util.HashMap and lists them in its
  /// iteration order, which depends on that order.
  boost::container::small_vector<schema_holder, 1> holders;

  /// The context the id belongs to.
  const std::string& context() const { return *context_; }
  /// Holder subjects in the order they started holding this id, each once.
  std::vector<std::string> holder_subjects() const;
  /// The holder subject that sorts first (empty when nothing holds the id).
  const std::string* first_holder_subject() const;
  /// The read caches, made on first use (safe under the shared lock).
  schema_entry_cache& cache() const;

 private:
  friend class registry_state;
  friend struct state_image;
  const std::string* context_ = nullptr;
  mutable std::atomic<schema_entry_cache*> cache_{nullptr};
};

struct subject_entry {
  version_map versions;

  /// Highest version that is not soft-deleted, if any.
  std::optional<schema_version> latest_live() const;
  bool has_live_versions() const { return latest_live().has_value(); }
};

/// The MD5 identity hash is uniformly distributed already: its first bytes are the hash.
struct schema_hash_hasher {
  std::size_t operator()(const schema_hash& h) const noexcept {
    std::size_t v = 0;
    for (std::size_t i = 0; i < sizeof v; ++i) v = (v << 8) | h[i];
    return v;
  }
};

class registry_state {
 public:
  /// Applies one record read from the log. Records that contradict the state (an id already
  /// bound to other content) are ignored, as Confluent's followers do; the return value says why.
  /// Taken by value: the replay moves decoded records in, so schema texts are not copied.
  std::optional<std::string> apply(storage::record r, std::int64_t timestamp_ms);

  registry_state() = default;
  /// Holders point into the subject map: a copy would point into the original.
  registry_state(const registry_state&) = delete;
  registry_state& operator=(const registry_state&) = delete;
  registry_state(registry_state&&) = default;
  registry_state& operator=(registry_state&&) = default;

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
  friend struct state_image;  // builds a state from a snapshot image (src/core/state_image.h)

  void apply_schema(subject_version_entry&& v, std::int64_t timestamp_ms,
                    std::optional<std::string>& problem);
  void remove_version(const std::string& subject, schema_version version);
  /// `subject` is the key in subjects_ (holders are compared by address).
  void release_holder(const std::string& context, schema_id id, const std::string* subject,
                      schema_version version);
  void clear_deleted(const std::optional<std::string>& scope);

  std::map<std::string, subject_entry> subjects_;
  std::map<std::string, std::map<schema_id, schema_entry>> schemas_;  // context → id → entry
  std::map<std::string, boost::unordered_flat_map<schema_hash, schema_id, schema_hash_hasher>> ids_by_hash_;
  std::map<std::string, schema_id> max_ids_;
  std::map<std::string, storage::config_value> configs_;
  std::map<std::string, mode> modes_;
  std::set<std::string> contexts_{std::string(".")};
};

/// Settings key for a subject path: "" for the top level (no subject), ":.ctx:" for a context
/// (":.:" for the default context), else the normalized subject.
std::string settings_key(const std::optional<std::string>& subject);

}  // namespace tessera
