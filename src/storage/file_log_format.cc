#include "storage/file_log_format.h"

#include <boost/crc.hpp>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>
#define TESSERA_CRC32C_SSE42 1
#endif

#include <fmt/format.h>

namespace tessera::storage::file_log {

namespace {

// Every integer is little-endian, written byte by byte so the format does not depend on the
// host's byte order or on alignment.
void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::uint32_t get_u32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
std::uint64_t get_u64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

struct frame_header {
  std::uint32_t crc = 0;
  std::uint32_t payload_size = 0;
  std::uint32_t count = 0;
};

frame_header parse_header(const char* p) { return {get_u32(p), get_u32(p + 4), get_u32(p + 8)}; }

/// Why the frame at the start of `bytes` cannot be used (too short, implausible header, CRC
/// mismatch), or nothing when its header and checksum are sound.
std::optional<std::string> check_frame(std::string_view bytes, frame_header& h) {
  if (bytes.size() < frame_header_size) {
    return fmt::format("partial frame header ({} of {} bytes)", bytes.size(), frame_header_size);
  }
  h = parse_header(bytes.data());
  if (h.count == 0) return std::string("frame header with zero records");
  if (h.payload_size < std::uint64_t{h.count} * min_record_size) {
    return fmt::format("frame length {} too small for {} records", h.payload_size, h.count);
  }
  if (bytes.size() - frame_header_size < h.payload_size) {
    return fmt::format("frame of {} bytes extends past the end of the file ({} bytes left)",
                       frame_header_size + h.payload_size, bytes.size());
  }
  // The CRC covers the length and count fields too, so a flipped length is caught.
  if (crc32c(bytes.substr(4, 8 + h.payload_size)) != h.crc) {
    return std::string("CRC mismatch");
  }
  return std::nullopt;
}

/// Walks the records of a CRC-checked payload: fn(offset, timestamp, key, value) per record.
/// Returns why the payload is malformed (bad lengths, offsets not dense, trailing bytes).
template <class Fn>
std::optional<std::string> walk_payload(std::string_view p, std::uint32_t count, Fn&& fn) {
  std::size_t pos = 0;
  offset_t first = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (p.size() - pos < min_record_size) return fmt::format("record {} is truncated", i);
    auto offset = static_cast<offset_t>(get_u64(p.data() + pos));
    auto ts = static_cast<std::int64_t>(get_u64(p.data() + pos + 8));
    std::uint64_t key_size = get_u32(p.data() + pos + 16);
    pos += 20;
    if (i == 0) first = offset;
    if (offset != first + static_cast<offset_t>(i)) {
      return fmt::format("record {} has offset {}, expected {}", i, offset, first + i);
    }
    if (p.size() - pos < key_size + 1) return fmt::format("record {} key overruns the frame", i);
    std::string_view key = p.substr(pos, key_size);
    pos += key_size;
    auto flag = static_cast<unsigned char>(p[pos++]);
    std::optional<std::string_view> value;
    if (flag == 1) {
      if (p.size() - pos < 4) return fmt::format("record {} value length is truncated", i);
      std::uint64_t value_size = get_u32(p.data() + pos);
      pos += 4;
      if (p.size() - pos < value_size) return fmt::format("record {} value overruns the frame", i);
      value = p.substr(pos, value_size);
      pos += value_size;
    } else if (flag != 0) {
      return fmt::format("record {} has value flag {}", i, flag);
    }
    fn(offset, ts, key, value);
  }
  if (pos != p.size()) return fmt::format("{} bytes after the last record", p.size() - pos);
  return std::nullopt;
}

/// Position of the first frame after `start` whose header is plausible, whose first offset is
/// at least `min_offset` and whose CRC holds; 0 if none. Cheap filters run before the CRC so a
/// scan over a large damaged region stays linear in practice.
std::uint64_t find_valid_frame(std::string_view file, std::uint64_t start, offset_t min_offset) {
  const std::uint64_t size = file.size();
  for (std::uint64_t q = start; q + frame_header_size + min_record_size <= size; ++q) {
    auto h = parse_header(file.data() + q);
    if (h.count == 0 || h.payload_size < std::uint64_t{h.count} * min_record_size) continue;
    if (size - q - frame_header_size < h.payload_size) continue;
    auto first = static_cast<offset_t>(get_u64(file.data() + q + frame_header_size));
    if (first < min_offset) continue;
    if (crc32c(file.substr(q + 4, 8 + h.payload_size)) == h.crc) return q;
  }
  return 0;
}

}  // namespace

std::uint32_t crc32c_portable(std::string_view bytes) {
  boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return crc.checksum();
}

#ifdef TESSERA_CRC32C_SSE42
namespace {

/// The CRC32 instruction computes CRC-32C (reflected, without the initial and final inversion),
/// eight bytes per instruction: about 20 times the table-driven rate, which made checksums half
/// of a file-store replay and of a snapshot load.
__attribute__((target("sse4.2"))) std::uint32_t crc32c_sse42(std::string_view bytes) {
  std::uint64_t crc = 0xFFFFFFFFu;
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    crc = _mm_crc32_u64(crc, word);
  }
  auto crc32 = static_cast<std::uint32_t>(crc);
  for (; n > 0; ++p, --n) crc32 = _mm_crc32_u8(crc32, static_cast<unsigned char>(*p));
  return crc32 ^ 0xFFFFFFFFu;
}

}  // namespace
#endif

std::uint32_t crc32c(std::string_view bytes) {
#ifdef TESSERA_CRC32C_SSE42
  static const bool hardware = __builtin_cpu_supports("sse4.2");
  if (hardware) return crc32c_sse42(bytes);
#endif
  return crc32c_portable(bytes);
}

std::string encode_file_header() {
  std::string out(file_magic);
  put_u32(out, format_version);
  put_u32(out, crc32c(out));
  return out;
}

result<std::string> encode_frame(offset_t first, std::int64_t timestamp_ms,
                                 std::span<const raw_record> records) {
  std::uint64_t payload = 0;
  for (const auto& r : records) {
    payload += min_record_size + r.key.size() + (r.value ? 4 + r.value->size() : 0);
  }
  if (payload > max_payload_size) {
    return fail(error_code::schema_too_large,
                fmt::format("append of {} bytes exceeds the local log's frame limit", payload));
  }
  std::string out;
  out.reserve(frame_header_size + payload);
  put_u32(out, 0);  // CRC, filled in below
  put_u32(out, static_cast<std::uint32_t>(payload));
  put_u32(out, static_cast<std::uint32_t>(records.size()));
  offset_t offset = first;
  for (const auto& r : records) {
    put_u64(out, static_cast<std::uint64_t>(offset++));
    put_u64(out, static_cast<std::uint64_t>(timestamp_ms));
    put_u32(out, static_cast<std::uint32_t>(r.key.size()));
    out += r.key;
    out.push_back(r.value ? '\1' : '\0');
    if (r.value) {
      put_u32(out, static_cast<std::uint32_t>(r.value->size()));
      out += *r.value;
    }
  }
  auto crc = crc32c(std::string_view(out).substr(4));
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((crc >> (8 * i)) & 0xFF);
  return out;
}

std::optional<std::string> read_frame(std::string_view bytes, offset_t from, std::size_t max,
                                      std::vector<log_entry>& out) {
  frame_header h;
  if (auto bad = check_frame(bytes, h)) return bad;
  return walk_payload(bytes.substr(frame_header_size, h.payload_size), h.count,
                      [&](offset_t offset, std::int64_t ts, std::string_view key,
                          std::optional<std::string_view> value) {
                        if (offset < from || out.size() >= max) return;
                        raw_record r{std::string(key), std::nullopt};
                        if (value) r.value = std::string(*value);
                        out.push_back(log_entry{offset, ts, std::move(r)});
                      });
}

result<scan_result> scan(std::string_view file, std::string_view file_name) {
  if (file.size() < file_header_size) {
    return fail(error_code::store_error,
                fmt::format("{}: file header is truncated ({} of {} bytes at byte 0)", file_name,
                            file.size(), file_header_size));
  }
  if (file.substr(0, file_magic.size()) != file_magic) {
    return fail(error_code::store_error,
                fmt::format("{}: not a Tessera log file (bad magic at byte 0)", file_name));
  }
  if (auto version = get_u32(file.data() + 8); version != format_version) {
    return fail(error_code::store_error,
                fmt::format("{}: format version {} at byte 8; this build reads version {}",
                            file_name, version, format_version));
  }
  if (crc32c(file.substr(0, 12)) != get_u32(file.data() + 12)) {
    return fail(error_code::store_error,
                fmt::format("{}: file header CRC mismatch at byte 12", file_name));
  }

  scan_result r;
  std::uint64_t pos = file_header_size;
  while (pos < file.size()) {
    frame_header h;
    if (auto bad = check_frame(file.substr(pos), h)) {
      if (auto q = find_valid_frame(file, pos + 1, r.next_offset); q != 0) {
        return fail(error_code::store_error,
                    fmt::format("{}: corrupt frame at byte {} ({}), but a valid frame follows at "
                                "byte {}; refusing to open because truncating would drop "
                                "acknowledged records",
                                file_name, pos, *bad, q));
      }
      r.torn_tail = fmt::format("{} at byte {}", *bad, pos);
      break;
    }
    offset_t first = 0;
    bool seen_first = false;
    auto malformed = walk_payload(file.substr(pos + frame_header_size, h.payload_size), h.count,
                                  [&](offset_t offset, std::int64_t, std::string_view,
                                      std::optional<std::string_view>) {
                                    if (!seen_first) {
                                      first = offset;
                                      seen_first = true;
                                    }
                                  });
    if (malformed) {
      return fail(error_code::store_error,
                  fmt::format("{}: frame at byte {} has a valid CRC but a malformed payload: {}",
                              file_name, pos, *malformed));
    }
    if (first != r.next_offset) {
      return fail(error_code::store_error,
                  fmt::format("{}: frame at byte {} starts at offset {}, expected {}", file_name,
                              pos, first, r.next_offset));
    }
    r.frames.push_back(frame_ref{pos, first, h.count, h.payload_size});
    r.next_offset += h.count;
    pos += frame_header_size + h.payload_size;
  }
  r.valid_size = pos;
  return r;
}

}  // namespace tessera::storage::file_log
