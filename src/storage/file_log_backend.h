#pragma once
/// The embedded default backend: an append-only, CRC-framed log file `<directory>/schemas.log`
/// (format: docs/design/local-log-format.md). One append call is one frame, so a crash never
/// leaves half of a multi-record write. Single process: the directory is flock()ed.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "storage/file_log_format.h"
#include "tessera/storage/backend.h"

namespace tessera::storage {

/// When appended bytes are forced to disk.
struct fsync_policy {
  enum class kind { always, interval, never };
  /// fdatasync before append() returns: an acknowledged record survives power loss.
  static fsync_policy always() { return {kind::always, {}}; }
  /// A background thread syncs every `period`; a power loss can lose that much.
  static fsync_policy every(std::chrono::milliseconds period) { return {kind::interval, period}; }
  /// Left to the OS; survives a process crash, not a power loss.
  static fsync_policy never() { return {kind::never, {}}; }

  kind mode = kind::always;
  std::chrono::milliseconds period{0};

  bool operator==(const fsync_policy&) const = default;
};

/// Parses "always", "never" or "interval:<ms>" (1 ms .. 1 hour).
result<fsync_policy> parse_fsync_policy(std::string_view text);
/// The spelling parse_fsync_policy() accepts.
std::string to_string(const fsync_policy& p);

struct file_log_options {
  std::filesystem::path directory;
  fsync_policy fsync = fsync_policy::always();
};

class file_log_backend final : public log_backend {
 public:
  /// Creates the directory and log if needed, locks the directory, scans and verifies the log.
  /// A torn tail is truncated (with a warning); corruption before the tail is an error.
  static result<std::unique_ptr<file_log_backend>> open(file_log_options options);

  ~file_log_backend() override;
  file_log_backend(const file_log_backend&) = delete;
  file_log_backend& operator=(const file_log_backend&) = delete;

  /// Writes the records as one frame, then syncs per the fsync policy before publishing them.
  result<offset_t> append(std::span<const raw_record> records) override;
  /// Reads (and re-verifies) frames from the file; waits up to `wait` for new appends.
  result<std::vector<log_entry>> read(offset_t from, std::size_t max,
                                      std::chrono::milliseconds wait) override;
  /// The offset the next append gets.
  result<offset_t> end_offset() override;
  /// Wakes readers, stops the flusher and syncs what is unsynced; the lock is kept until the
  /// object is destroyed.
  void close() override;
  /// Kind "file" and the log file's path.
  log_identity identity() const override { return {"file", "", path_.string(), ""}; }

  /// The log file's path.
  const std::filesystem::path& path() const { return path_; }

 private:
  explicit file_log_backend(file_log_options options);

  result<void> lock_directory();
  result<void> open_log_file();
  result<void> recover();
  void flush_loop();
  /// Stops serving writes after an I/O failure whose on-disk outcome is unknown.
  tessera::error broken(std::string message);

  file_log_options options_;
  std::filesystem::path path_;
  int dir_fd_ = -1;  ///< holds the flock for the object's lifetime
  int fd_ = -1;

  /// Serialises appends; held across write + fsync so readers are never blocked by a sync.
  std::mutex append_mutex_;

  /// Guards everything below; readers wait on `appended_`.
  mutable std::mutex mutex_;
  std::condition_variable appended_;
  std::vector<file_log::frame_ref> frames_;  ///< positions only; payloads stay on disk
  offset_t next_offset_ = 0;
  std::uint64_t file_size_ = 0;
  bool closed_ = false;
  bool broken_ = false;
  std::string broken_reason_;

  // interval policy: the flusher thread and its wake-up.
  std::atomic<bool> dirty_{false};
  std::mutex flush_mutex_;
  std::condition_variable flush_cv_;
  bool stop_flush_ = false;
  std::thread flusher_;
};

}  // namespace tessera::storage
