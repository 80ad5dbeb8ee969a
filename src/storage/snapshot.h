#pragma once
/// Local snapshot of the registry state: an image of the built state, the log offset it stands
/// at, and the identity of the log it came from, so a restart replays only the tail.
/// Byte format: docs/design/snapshot-format.md. This layer frames and checks the file; the
/// state image inside is the core's (src/core/state_image.h) and opaque here. Pure functions
/// except the two file helpers, so every corruption and validation case can be tested on a
/// string.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tessera/core/result.h"
#include "tessera/storage/backend.h"

namespace tessera::storage {

inline constexpr std::string_view snapshot_magic{"TESSNAP\n", 8};
/// Version 1 held records to re-apply; version 2 holds the state image. Files of any other
/// version are refused (the registry then replays the whole log).
inline constexpr std::uint32_t snapshot_format_version = 2;

struct snapshot {
  log_identity identity;
  offset_t offset = -1;      ///< last log offset the state includes
  raw_record anchor;         ///< the log's record at `offset`, byte for byte
  std::int64_t created_ms = 0;
  std::string state;  ///< the state image, opaque to this layer

  bool operator==(const snapshot&) const = default;
};

/// The snapshot's bytes: magic, format version, header, state image, CRC-32C of everything
/// before it.
std::string encode_snapshot(const snapshot& s);

/// The same for a header whose state image `append_state` appends to the bytes itself (a large
/// registry's image is written once, not built apart and copied); `header.state` is ignored.
std::string encode_snapshot(const snapshot& header, const std::function<void(std::string&)>& append_state);

/// A decoded snapshot: the header fields (`header.state` left empty) and the state image as a
/// view into the bytes that were decoded.
struct snapshot_view {
  snapshot header;
  std::string_view state;
};

/// Parses snapshot bytes. Fails (50001, with the reason) when the bytes are not a snapshot,
/// of another format version, truncated, or fail their checksum.
result<snapshot_view> decode_snapshot(std::string_view bytes);

/// What to do with a snapshot found at startup.
enum class snapshot_verdict {
  use,            ///< load it and replay the log after `offset`
  other_log,      ///< written for another store, cluster or topic
  ahead_of_log,   ///< its offset is not below the log's end: the log was truncated or recreated
  anchor_differs, ///< the log holds another record at its offset: the log was recreated
};

struct snapshot_check {
  snapshot_verdict verdict = snapshot_verdict::use;
  std::string reason;  ///< for the log line; empty when usable
};

/// Decides whether a snapshot matches the log: same identity, offset below `end_offset`, and the
/// log's first record at or after the snapshot offset (`at_offset`, if any was read) is the
/// anchor itself, or lies beyond the offset (compaction removed the anchor; nothing contradicts).
snapshot_check check_snapshot(const snapshot& s, const log_identity& current, offset_t end_offset,
                              const std::optional<log_entry>& at_offset);

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, fsync, rename,
/// fsync of the directory. Creates the directory if needed.
result<void> write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

/// The file's bytes, or nothing when it does not exist.
result<std::optional<std::string>> read_file_if_exists(const std::filesystem::path& path);

/// A file mapped read-only into memory: a snapshot of hundreds of megabytes is checked and
/// loaded from the page cache without being copied (or zero-filled) first.
class mapped_file {
 public:
  /// The file mapped, or nothing when it does not exist.
  static result<std::optional<mapped_file>> open(const std::filesystem::path& path);
  mapped_file(mapped_file&& o) noexcept;
  mapped_file& operator=(mapped_file&& o) noexcept;
  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;
  ~mapped_file();

  /// The file's bytes, valid while this object lives.
  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

 private:
  mapped_file(void* data, std::size_t size) : data_(data), size_(size) {}
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

/// File name of the snapshot for a log, e.g. `kafka-_schemas.snapshot`; characters outside
/// [A-Za-z0-9._-] become '_'.
std::string snapshot_file_name(const log_identity& id);

}  // namespace tessera::storage
