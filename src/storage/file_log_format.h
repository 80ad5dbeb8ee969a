#pragma once
/// The byte format of the local log file (docs/design/local-log-format.md) as pure functions:
/// building frames, parsing them and scanning a whole file for recovery. No I/O here, so every
/// corruption case can be tested on a string.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tessera/core/result.h"
#include "tessera/storage/backend.h"

namespace tessera::storage::file_log {

inline constexpr std::string_view file_magic{"TESSERA\n", 8};
inline constexpr std::uint32_t format_version = 1;
/// magic, version, CRC of both.
inline constexpr std::size_t file_header_size = 16;
/// crc32c, payload length, record count.
inline constexpr std::size_t frame_header_size = 12;
/// offset, timestamp, key length, value flag: the bytes every record has even when empty.
inline constexpr std::size_t min_record_size = 8 + 8 + 4 + 1;
/// Largest payload one frame may carry (the length field is 32 bits).
inline constexpr std::uint64_t max_payload_size = 0xFFFFFFFFu;

/// CRC-32C (Castagnoli), the checksum of Kafka record batches, LevelDB and ext4 metadata.
/// Uses the CPU's CRC32 instruction where there is one (SSE 4.2), else crc32c_portable().
std::uint32_t crc32c(std::string_view bytes);
/// The same checksum computed a byte at a time (Boost.CRC); the reference for crc32c().
std::uint32_t crc32c_portable(std::string_view bytes);

/// The 16-byte file header.
std::string encode_file_header();

/// One frame (one append call) holding `records` at offsets first, first+1, ... all stamped
/// with `timestamp_ms`. Fails only when the payload would not fit the 32-bit length field.
result<std::string> encode_frame(offset_t first, std::int64_t timestamp_ms,
                                 std::span<const raw_record> records);

/// Where one valid frame lives in the file.
struct frame_ref {
  std::uint64_t position = 0;  ///< byte offset of the frame header
  offset_t first_offset = 0;
  std::uint32_t count = 0;
  std::uint32_t payload_size = 0;

  std::uint64_t size() const { return frame_header_size + payload_size; }
  std::uint64_t end() const { return position + size(); }
};

/// Verifies the CRC of the frame at the start of `bytes` and appends its records to `out`
/// (skipping offsets below `from`, stopping once `out` holds `max`). Returns why the frame is
/// bad, or nothing when it was read.
std::optional<std::string> read_frame(std::string_view bytes, offset_t from, std::size_t max,
                                      std::vector<log_entry>& out);

/// What a scan of a whole file found.
struct scan_result {
  std::vector<frame_ref> frames;
  offset_t next_offset = 0;
  std::uint64_t valid_size = 0;  ///< bytes to keep; anything after is a torn tail
  std::optional<std::string> torn_tail;  ///< why the bytes after valid_size are dropped
};

/// Scans a complete file image. A bad frame with no valid frame after it is a torn tail (a
/// crash during the last append) and is reported in `torn_tail`. A bad frame followed by a
/// valid one, a bad header, or a frame whose CRC holds but whose content is wrong is corruption:
/// an error naming `file_name` and the byte offset, because dropping it would lose records
/// that were acknowledged.
result<scan_result> scan(std::string_view file, std::string_view file_name);

}  // namespace tessera::storage::file_log
