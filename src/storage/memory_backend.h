#pragma once
/// An in-memory log: the backend for tests and throwaway single-node runs, and the test double
/// for everything above the storage interface (like LevelDB's memenv). Offsets are dense from 0.

#include <condition_variable>
#include <mutex>
#include <optional>
#include <vector>

#include "tessera/storage/backend.h"

namespace tessera::storage {

class memory_backend final : public log_backend {
 public:
  /// An empty log.
  memory_backend() = default;
  /// A log that already holds `initial` at offsets 0..n-1, as if replayed from a topic.
  explicit memory_backend(std::vector<raw_record> initial);

  /// Appends under the lock and wakes readers; durable only for the object's lifetime.
  result<offset_t> append(std::span<const raw_record> records) override;
  /// Copies up to `max` entries from `from`, waiting up to `wait` for the first one.
  result<std::vector<log_entry>> read(offset_t from, std::size_t max,
                                      std::chrono::milliseconds wait) override;
  /// Number of entries appended so far.
  result<offset_t> end_offset() override;
  /// Wakes blocked readers; later calls fail with 50001.
  void close() override;
  /// Kind "memory"; nothing else identifies it.
  log_identity identity() const override { return {"memory", "", "", ""}; }

  /// Test hook: the next append fails with `e` and writes nothing (e.g. a 50002 timeout).
  void fail_next_append(tessera::error e);

  /// Every entry so far, for assertions.
  std::vector<log_entry> entries() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable appended_;
  std::vector<log_entry> entries_;
  std::optional<tessera::error> next_append_error_;
  bool closed_ = false;
};

}  // namespace tessera::storage
