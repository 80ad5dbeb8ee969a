// The state snapshot: taking it (the state as records that rebuild it), writing it atomically
// every snapshot_interval and at stop(), and loading it at start() when it matches the log.
// Format and validation rules: storage/snapshot.h, docs/design/snapshot-format.md.

#include <spdlog/spdlog.h>

#include "storage/records_json.h"
#include "storage/snapshot.h"
#include "tessera/core/errors.h"
#include "tessera/core/qualified_subject.h"
#include "tessera/core/registry.h"

namespace tessera {

namespace {

using clock = std::chrono::steady_clock;

/// How long start() waits for the log's record at the snapshot offset.
constexpr std::chrono::milliseconds anchor_read_wait{5000};

double seconds_since(clock::time_point t) { return std::chrono::duration<double>(clock::now() - t).count(); }

}  // namespace

std::filesystem::path registry::snapshot_path() const {
  return options_.snapshot_dir / storage::snapshot_file_name(log_->identity());
}

storage::snapshot registry::take_snapshot() const {
  // The state, not the log, is what gets saved: a hard-deleted schema leaves nothing behind, and
  // the replay of these records through apply() rebuilds exactly the maps it came from. Highest
  // ids travel separately because the records that carried them may be gone.
  storage::snapshot s;
  s.identity = log_->identity();
  read_lock lk(state_mu_);
  s.offset = state_offset_;
  s.anchor = state_anchor_;
  s.max_ids = state_.max_ids();
  auto add = [&s](storage::record r, std::int64_t timestamp_ms) {
    s.records.push_back({storage::encode(r), timestamp_ms});
  };
  for (const auto& context : state_.contexts()) {
    if (context == default_context) continue;
    add({storage::context_key("default", context), storage::context_value{"default", context}}, 0);
  }
  for (const auto& [key, value] : state_.configs()) {
    add({storage::config_key(key.empty() ? std::nullopt : std::optional(key)), value}, 0);
  }
  for (const auto& [key, m] : state_.modes()) {
    auto subject = key.empty() ? std::nullopt : std::optional(key);
    add({storage::mode_key(subject), storage::mode_value{subject, m}}, 0);
  }
  // By context and ascending id, so an id keeps the content hash it was first bound to.
  for (const auto& [context, by_id] : state_.schemas()) {
    for (const auto& [id, entry] : by_id) {
      // In holding order, so the replay gives the holders the same order again.
      for (const auto& [subject_key, version] : entry.holders) {
        const std::string& subject = *subject_key;
        const auto* subj = state_.find_subject(subject);
        if (subj == nullptr) continue;
        auto slot = subj->versions.find(version);
        if (slot == subj->versions.end()) continue;
        subject_version_entry v{subject, version, id, entry.content, slot->second.deleted, slot->second.timestamp_ms};
        add({storage::schema_key(subject, version), std::move(v)}, slot->second.timestamp_ms);
      }
    }
  }
  return s;
}

result<void> registry::save_snapshot() {
  if (options_.snapshot_dir.empty()) return {};
  std::lock_guard guard(snapshot_mu_);
  auto started = clock::now();
  auto s = take_snapshot();
  if (s.offset < 0 || s.offset == snapshot_offset_) return {};
  s.created_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch()).count();
  auto bytes = storage::encode_snapshot(s);
  auto path = snapshot_path();
  if (auto r = storage::write_file_atomically(path, bytes); !r) return r;
  snapshot_offset_ = s.offset;
  spdlog::info("snapshot written to {}: {} records up to offset {}, {} bytes, in {:.3f} s", path.string(),
               s.records.size(), s.offset, bytes.size(), seconds_since(started));
  return {};
}

void registry::snapshot_loop() {
  std::unique_lock lk(applied_mu_);
  while (!stopping_) {
    auto deadline = clock::now() + options_.snapshot_interval;
    applied_cv_.wait_until(lk, deadline, [&] { return stopping_ || clock::now() >= deadline; });
    if (stopping_) return;
    lk.unlock();
    if (auto r = save_snapshot(); !r) spdlog::warn("snapshot not written: {}", r.error().message);
    lk.lock();
  }
}

storage::offset_t registry::load_snapshot(storage::offset_t end_offset) {
  if (options_.snapshot_dir.empty()) return 0;
  auto started = clock::now();
  auto path = snapshot_path();
  auto bytes = storage::read_file_if_exists(path);
  if (!bytes) {
    spdlog::warn("ignoring the snapshot: {}; replaying the whole log", bytes.error().message);
    return 0;
  }
  if (!*bytes) {
    spdlog::info("no snapshot at {}: replaying the whole log", path.string());
    return 0;
  }
  // First pass: checksum and header only, so nothing is applied from a snapshot that fails.
  auto snap = storage::decode_snapshot(**bytes, [](storage::snapshot_record&&) {});
  if (!snap) {
    spdlog::warn("ignoring {}: {}; replaying the whole log", path.string(), snap.error().message);
    return 0;
  }
  std::optional<storage::log_entry> at_offset;
  if (snap->offset >= 0 && snap->offset < end_offset) {
    auto read = log_->read(snap->offset, 1, anchor_read_wait);
    if (!read || read->empty()) {
      spdlog::warn("ignoring {}: the log's record at offset {} could not be read{}; replaying the whole log",
                   path.string(), snap->offset, read ? "" : ": " + read.error().message);
      return 0;
    }
    at_offset = read->front();
  }
  auto check = storage::check_snapshot(*snap, log_->identity(), end_offset, at_offset);
  if (check.verdict != storage::snapshot_verdict::use) {
    spdlog::warn("ignoring {}: {}; replaying the whole log", path.string(), check.reason);
    return 0;
  }
  // Second pass: each record is decoded and applied as it is read, never all held at once.
  std::size_t problems = 0;
  std::size_t count = 0;
  {
    std::unique_lock lk(state_mu_);
    auto applied = storage::decode_snapshot(**bytes, [&](storage::snapshot_record&& r) {
      ++count;
      auto decoded = storage::decode(r.record);
      auto* rec = std::get_if<storage::record>(&decoded);
      if (rec == nullptr || state_.apply(std::move(*rec), r.timestamp_ms)) ++problems;
    });
    if (!applied) ++problems;
    for (const auto& [context, id] : snap->max_ids) state_.raise_max_id(context, id);
    state_offset_ = snap->offset;
    state_anchor_ = snap->anchor;
  }
  bytes->reset();
  if (problems > 0) {
    // A snapshot that does not apply cleanly cannot be trusted: start again from the log.
    spdlog::warn("ignoring {}: {} of its records did not apply; replaying the whole log", path.string(), problems);
    std::unique_lock lk(state_mu_);
    state_ = registry_state{};
    state_offset_ = -1;
    state_anchor_ = {};
    return 0;
  }
  {
    std::lock_guard lk(applied_mu_);
    applied_ = snap->offset;
  }
  snapshot_offset_ = snap->offset;
  spdlog::info("loaded snapshot {}: {} records up to offset {} in {:.3f} s", path.string(), count,
               snap->offset, seconds_since(started));
  return snap->offset + 1;
}

}  // namespace tessera
