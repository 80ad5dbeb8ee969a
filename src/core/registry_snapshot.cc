// The state snapshot: taking it (an image of the state), writing it atomically
// every snapshot_interval and at stop(), and loading it at start() when it matches the log.
// Format and validation rules: storage/snapshot.h, docs/design/snapshot-format.md.

#include <spdlog/spdlog.h>

#include "core/state_image.h"
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
  // The state, not the log, is what gets saved (hard-deleted schemas leave nothing behind), as
  // an image that loads without re-applying anything (core/state_image.h).
  storage::snapshot s;
  s.identity = log_->identity();
  read_lock lk(state_mu_);
  s.offset = state_offset_;
  s.anchor = state_anchor_;
  state_image::write(state_, s.state);
  return s;
}

result<void> registry::save_snapshot() {
  if (options_.snapshot_dir.empty()) return {};
  std::lock_guard guard(snapshot_mu_);
  auto started = clock::now();
  storage::snapshot header;
  header.identity = log_->identity();
  header.created_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  std::string bytes;
  std::size_t subjects = 0;
  {
    // The reader waits while the image is written (about 0.3 s per million schemas); the file
    // is written after the lock is released.
    read_lock lk(state_mu_);
    if (state_offset_ < 0 || state_offset_ == snapshot_offset_) return {};
    header.offset = state_offset_;
    header.anchor = state_anchor_;
    subjects = state_.subjects().size();
    bytes = storage::encode_snapshot(header, [this](std::string& out) { state_image::write(state_, out); });
  }
  auto path = snapshot_path();
  if (auto r = storage::write_file_atomically(path, bytes); !r) return r;
  snapshot_offset_ = header.offset;
  spdlog::info("snapshot written to {}: {} subjects up to offset {}, {} bytes, in {:.3f} s", path.string(), subjects,
               header.offset, bytes.size(), seconds_since(started));
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
  auto bytes = storage::mapped_file::open(path);
  if (!bytes) {
    spdlog::warn("ignoring the snapshot: {}; replaying the whole log", bytes.error().message);
    return 0;
  }
  if (!*bytes) {
    spdlog::info("no snapshot at {}: replaying the whole log", path.string());
    return 0;
  }
  // Checksum and header first: nothing is used from a snapshot that fails them.
  auto snap = storage::decode_snapshot((*bytes)->bytes());
  if (!snap) {
    spdlog::warn("ignoring {}: {}; replaying the whole log", path.string(), snap.error().message);
    return 0;
  }
  const storage::snapshot& header = snap->header;
  std::optional<storage::log_entry> at_offset;
  if (header.offset >= 0 && header.offset < end_offset) {
    auto read = log_->read(header.offset, 1, anchor_read_wait);
    if (!read || read->empty()) {
      spdlog::warn("ignoring {}: the log's record at offset {} could not be read{}; replaying the whole log",
                   path.string(), header.offset, read ? "" : ": " + read.error().message);
      return 0;
    }
    at_offset = read->front();
  }
  auto check = storage::check_snapshot(header, log_->identity(), end_offset, at_offset);
  if (check.verdict != storage::snapshot_verdict::use) {
    spdlog::warn("ignoring {}: {}; replaying the whole log", path.string(), check.reason);
    return 0;
  }
  // Built apart and swapped in whole: an image that does not hold together is not half used.
  auto built = state_image::read(snap->state);
  if (!built) {
    spdlog::warn("ignoring {}: {}; replaying the whole log", path.string(), built.error().message);
    return 0;
  }
  std::size_t subjects = built->subjects().size();
  {
    std::unique_lock lk(state_mu_);
    state_ = std::move(*built);
    state_offset_ = header.offset;
    state_anchor_ = header.anchor;
  }
  auto offset = header.offset;
  bytes->reset();
  {
    std::lock_guard lk(applied_mu_);
    applied_ = offset;
  }
  snapshot_offset_ = offset;
  spdlog::info("loaded snapshot {}: {} subjects up to offset {} in {:.3f} s", path.string(), subjects, offset,
               seconds_since(started));
  return offset + 1;
}

}  // namespace tessera
