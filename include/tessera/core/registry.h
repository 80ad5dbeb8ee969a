#pragma once
/// The registry's use cases. Reads come from the in-memory state under a shared lock; writes
/// validate against the state, append records to the log, then wait until the log reader has
/// applied them (read-your-writes). No HTTP and no JSON here.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "tessera/core/registry_requests.h"
#include "tessera/core/registry_state.h"
#include "tessera/core/result.h"
#include "tessera/storage/backend.h"

namespace tessera {

namespace storage {
struct snapshot;
}
class pending_writes;

struct registry_options {
  compatibility_level default_compatibility = compatibility_level::backward;
  bool mode_mutability = true;
  /// error_code for an incompatible registration: 409 (Confluent 7.9) or 40901 (8.2+).
  error_code incompatible_code = error_code::conflict;
  /// How long a write waits for its records to be applied (kafkastore.timeout.ms semantics).
  std::chrono::milliseconds write_timeout{10000};
  /// How long start() waits for the initial replay.
  std::chrono::milliseconds init_timeout{60000};
  /// Called under the write lock before every write, ahead of the catch-up: fails the write when
  /// this node may not write (it is not the primary) and fences older writers when it just
  /// became the primary. Unset: every write is allowed (a single node).
  std::function<result<void>()> before_write;
  /// Directory of the state snapshot (file named after the log, see storage/snapshot.h);
  /// empty = no snapshot: every start replays the whole log.
  std::filesystem::path snapshot_dir;
  /// How often a snapshot is written while the log moves; one is also written by stop().
  std::chrono::milliseconds snapshot_interval{60000};
  /// How often start() logs replay progress.
  std::chrono::milliseconds progress_interval{1500};
};

class registry {
 public:
  registry(std::shared_ptr<storage::log_backend> log, registry_options options);
  ~registry();
  registry(const registry&) = delete;
  registry& operator=(const registry&) = delete;

  /// Starts the log reader and waits until it has applied everything the log held at start.
  result<void> start();
  /// Stops the reader; further writes fail with 50001.
  void stop();
  /// True once the initial replay is complete.
  bool ready() const;
  /// Offset of the last record applied, -1 before any.
  storage::offset_t applied_offset() const;
  /// Waits until everything the log holds now is applied: a follower calls it after a write it
  /// forwarded, so its own reads show that write (read-your-writes across nodes).
  result<void> sync_with_log();
  /// Returns once no write is in progress (a primary stepping down lets its writes finish).
  void wait_writes_idle();
  /// Which log the registry replays (its Kafka cluster id feeds GET /v1/metadata/id).
  storage::log_identity log_identity() const;

  // ---- snapshot (registry_snapshot.cc) ----
  /// The current state as a snapshot: records that rebuild it, in a deterministic order.
  storage::snapshot take_snapshot() const;
  /// Writes the snapshot file now if snapshots are on and the state moved since the last one.
  result<void> save_snapshot();

  // ---- subjects and versions (registry_reads.cc) ----
  /// Subject names matching the query, sorted.
  std::vector<std::string> list_subjects(const subject_list_query& q) const;
  /// Version numbers of a subject, ascending.
  result<std::vector<schema_version>> list_versions(const std::string& subject, const version_list_query& q) const;
  /// One subject-version ("latest" = -1).
  result<subject_version_entry> get_version(const std::string& subject, const version_spec& v,
                                            bool include_deleted) const;
  /// The answer for GET /subjects/{s}/versions/{v} with no options: `render` (the transport's
  /// serializer) runs once per subject-version and schema, later reads share its bytes.
  result<std::shared_ptr<const std::string>> version_reply(
      const std::string& subject, const version_spec& v, bool include_deleted,
      const std::function<std::string(const subject_version_entry&)>& render) const;
  /// Ids of schemas that reference the subject-version.
  result<std::vector<schema_id>> referenced_by(const std::string& subject, const version_spec& v,
                                               bool include_deleted) const;
  /// The version of `subject` that holds this schema (POST /subjects/{subject}).
  result<subject_version_entry> lookup(const std::string& subject, const schema_request& req,
                                       const lookup_options& opts) const;
  /// Latest version whose metadata properties contain all `pairs`.
  result<subject_version_entry> latest_with_metadata(
      const std::string& subject, const std::vector<std::pair<std::string, std::string>>& pairs,
      bool include_deleted) const;

  // ---- schemas by id (registry_schemas.cc) ----
  result<schema_by_id> get_schema(schema_id id, const std::optional<std::string>& subject) const;
  /// The answer for GET /schemas/ids/{id} with no options: `render` (the transport's serializer)
  /// runs once per id, later reads share its bytes.
  result<std::shared_ptr<const std::string>> schema_reply(
      schema_id id, const std::optional<std::string>& subject,
      const std::function<std::string(const schema_by_id&)>& render) const;
  result<std::vector<std::string>> subjects_for_id(schema_id id, const std::optional<std::string>& subject,
                                                   bool include_deleted) const;
  result<std::vector<subject_version_ref>> versions_for_id(schema_id id, const std::optional<std::string>& subject,
                                                           bool include_deleted) const;
  std::vector<subject_version_entry> list_schemas(const schema_list_query& q) const;
  std::vector<std::string> list_contexts() const;
  /// For `GET /schemas?aliases=true`: target subject -> the subjects whose config names it as
  /// their `alias`, sorted.
  std::map<std::string, std::vector<std::string>> aliases_by_target() const;
  /// The alias a subject's own config names (Confluent's `alias`), if any.
  std::optional<std::string> alias_of(const std::string& subject) const;
  /// Text for GET with `?format=` (e.g. Avro `resolved`).
  std::string formatted_schema(const std::string& context, const schema_content& content,
                               std::string_view format) const;

  // ---- writes (registry_register.cc, registry_delete.cc) ----
  result<register_outcome> register_schema(const std::string& subject, const schema_request& req,
                                           const register_options& opts);
  /// The answer to a registration that the subject already holds, from the state without any
  /// wait; nullopt when it needs a write or would be refused. Confluent looks this up before it
  /// forwards, so a follower answers it itself (also while no primary is elected).
  std::optional<register_outcome> registered_answer(const std::string& subject, const schema_request& req,
                                                    const register_options& opts) const;
  /// Edits the inline tags of a subject-version's schema and registers the result as the next
  /// version (POST .../versions/{v}/tags; registry_tags.cc).
  result<register_outcome> tag_schema(const std::string& subject, const version_spec& v,
                                      const tag_schema_request& request);
  result<compat_report> test_compatibility(const std::string& subject, const std::optional<version_spec>& v,
                                           const schema_request& req, const compat_options& opts) const;
  result<std::vector<schema_version>> delete_subject(const std::string& subject, bool permanent);
  /// Forgets an empty context (42211 while any subject, soft-deleted ones included, is in it).
  result<void> delete_context(const std::string& context);
  result<schema_version> delete_version(const std::string& subject, const version_spec& v, bool permanent);

  // ---- settings (registry_settings.cc) ----
  result<storage::config_value> get_config(const std::optional<std::string>& subject, bool default_to_global) const;
  result<storage::config_value> update_config(const std::optional<std::string>& subject,
                                              const storage::config_value& update);
  result<storage::config_value> delete_config(const std::optional<std::string>& subject);
  result<mode> get_mode(const std::optional<std::string>& subject, bool default_to_global) const;
  result<mode> update_mode(const std::optional<std::string>& subject, mode m, bool force);
  result<mode> delete_mode(const std::optional<std::string>& subject);

 private:
  using read_lock = std::shared_lock<std::shared_mutex>;

  /// Where a subject-version lives in the state; valid while the caller holds state_mu_.
  struct version_hit {
    std::string subject;
    schema_version version;
    const version_slot* slot;
    const schema_entry* entry;
  };
  /// get_version's resolution (context fallback, "latest"), under the caller's lock.
  result<version_hit> find_version(const std::string& subject, const version_spec& v, bool include_deleted) const;

  void reader_loop();
  /// Loads a valid snapshot into the state; returns the offset the reader starts at (0 without).
  storage::offset_t load_snapshot(storage::offset_t end_offset);
  /// Writes a snapshot every snapshot_interval while the state moves.
  void snapshot_loop();
  std::filesystem::path snapshot_path() const;
  // ---- group commit (registry_group_commit.cc) ----
  struct registration;
  /// Plans and writes a group of queued registrations in arrival order. Caller holds write_mu_.
  void register_group(const std::vector<registration*>& group);
  /// Validates one registration against the state and the registrations planned before it in
  /// its group (`pending`), and adds the records it needs there; none if it is already registered.
  /// Without `pending` it only answers a registration that needs no write (nullopt otherwise).
  result<std::optional<register_outcome>> plan_registration(const std::string& subject, const schema_request& request,
                                                            const register_options& opts,
                                                            pending_writes* pending) const;

  /// Appends records and waits until they are applied. Caller holds write_mu_.
  result<storage::offset_t> write(std::vector<storage::record> records);
  /// Waits until the reader applied everything currently in the log (before validating a write).
  result<void> catch_up();
  result<void> wait_applied(storage::offset_t offset, std::chrono::milliseconds timeout);

  // helpers shared by the use-case files (registry_support.cc)
  /// Parses a request's schema with its references. `new_schema` (register, compatibility test)
  /// turns on the checks Confluent applies to new schemas only (see parse_request).
  result<std::shared_ptr<const formats::parsed_schema>> parse_request(
      const std::string& subject, const schema_request& req, bool normalize, bool new_schema,
      schema_content& content_out) const;
  result<std::shared_ptr<const formats::parsed_schema>> parsed_of(const schema_entry& e) const;
  result<std::vector<formats::resolved_reference>> resolve_references(
      const std::string& subject, const std::vector<schema_reference>& refs) const;
  /// Checks and pins the references of a request (-1 = latest) relative to `subject`'s context.
  result<std::vector<schema_reference>> pin_references(const std::string& subject,
                                                       const schema_request& req) const;
  storage::config_value effective_config(const std::string& subject) const;
  mode effective_mode(const std::string& subject) const;
  result<compat_report> check_against(const std::string& subject, const formats::parsed_schema& candidate,
                                      const std::vector<schema_version>& previous, compatibility_level level,
                                      const std::optional<schema_metadata>& metadata,
                                      const std::string& group) const;
  /// For an unqualified subject that `usable` rejects, the same name in another context that it
  /// accepts (Confluent's reads fall back across contexts); else `subject` itself.
  std::string fallback_subject(const std::string& subject,
                               const std::function<bool(const std::string&)>& usable) const;
  std::optional<schema_version> find_in_subject(const std::string& subject, const schema_content& content,
                                                bool include_deleted) const;

  std::shared_ptr<storage::log_backend> log_;
  registry_options options_;

  mutable std::shared_mutex state_mu_;
  registry_state state_;

  std::mutex write_mu_;  // one write at a time: validate → append → wait

  std::mutex queue_mu_;                 ///< guards the three below and every registration's answer
  std::condition_variable queue_cv_;
  std::vector<registration*> queue_;    ///< registrations waiting for the next group
  bool group_running_ = false;          ///< a leader is running a group

  mutable std::mutex applied_mu_;
  std::condition_variable applied_cv_;
  storage::offset_t applied_ = -1;
  bool ready_ = false;
  bool stopping_ = false;
  std::optional<error> reader_failure_;
  std::thread reader_;

  storage::offset_t start_offset_ = 0;       ///< where the reader begins (after a snapshot)
  storage::offset_t state_offset_ = -1;      ///< last offset in state_; guarded by state_mu_
  storage::raw_record state_anchor_;         ///< the record at state_offset_; guarded by state_mu_
  std::atomic<std::uint64_t> records_read_{0};  ///< log entries the reader has processed

  std::mutex snapshot_mu_;                   ///< one snapshot write at a time
  storage::offset_t snapshot_offset_ = -1;   ///< offset of the last snapshot written or loaded
  std::thread snapshotter_;
};

}  // namespace tessera
