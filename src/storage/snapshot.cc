#include "storage/snapshot.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "storage/file_log_format.h"
#include "tessera/core/result.h"

namespace tessera::storage {

namespace {

// ---- encoding: little-endian integers, strings as u32 length + bytes ----

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
void put_str(std::string& out, std::string_view s) {
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}
void put_record(std::string& out, const raw_record& r) {
  put_str(out, r.key);
  out.push_back(r.value ? 1 : 0);
  if (r.value) put_str(out, *r.value);
}

/// Bounds-checked reader over the body; every short read marks the input truncated.
class cursor {
 public:
  explicit cursor(std::string_view bytes) : bytes_(bytes) {}

  std::uint64_t uint(int width) {
    if (!take(static_cast<std::size_t>(width))) return 0;
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) v |= std::uint64_t(static_cast<unsigned char>(bytes_[pos_ - width + i])) << (8 * i);
    return v;
  }
  std::uint32_t u32() { return static_cast<std::uint32_t>(uint(4)); }
  std::int64_t i64() { return static_cast<std::int64_t>(uint(8)); }
  std::string str() {
    auto n = u32();
    if (!take(n)) return {};
    return std::string(bytes_.substr(pos_ - n, n));
  }
  bool flag() {
    if (!take(1)) return false;
    return bytes_[pos_ - 1] != 0;
  }
  raw_record record() {
    raw_record r;
    r.key = str();
    if (flag()) r.value = str();
    return r;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == bytes_.size(); }
  /// Bytes left; bounds element counts before reserving memory for them.
  std::size_t left() const { return bytes_.size() - pos_; }

 private:
  bool take(std::size_t n) {
    if (!ok_ || bytes_.size() - pos_ < n) {
      ok_ = false;
      return false;
    }
    pos_ += n;
    return true;
  }

  std::string_view bytes_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

tessera::error corrupt(const std::string& why) { return fail(error_code::store_error, "snapshot " + why); }

std::string errno_text() { return std::strerror(errno); }

constexpr std::size_t crc_size = 4;

void put_header(std::string& out, const snapshot& s) {
  out.append(snapshot_magic);
  put_u32(out, snapshot_format_version);
  put_str(out, s.identity.kind);
  put_str(out, s.identity.cluster_id);
  put_str(out, s.identity.topic);
  put_str(out, s.identity.topic_id);
  put_u64(out, static_cast<std::uint64_t>(s.offset));
  put_record(out, s.anchor);
  put_u64(out, static_cast<std::uint64_t>(s.created_ms));
}

void put_u64_at(std::string& out, std::size_t at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out[at + i] = static_cast<char>(v >> (8 * i));
}

}  // namespace

std::string encode_snapshot(const snapshot& header, const std::function<void(std::string&)>& append_state) {
  std::string out;
  put_header(out, header);
  // The image's length goes before it; it is known once the image is written.
  auto length_at = out.size();
  put_u64(out, 0);
  append_state(out);
  put_u64_at(out, length_at, out.size() - length_at - 8);
  put_u32(out, file_log::crc32c(out));
  return out;
}

std::string encode_snapshot(const snapshot& s) {
  return encode_snapshot(s, [&s](std::string& out) { out.append(s.state); });
}

result<snapshot_view> decode_snapshot(std::string_view bytes) {
  if (bytes.size() < snapshot_magic.size() || bytes.substr(0, snapshot_magic.size()) != snapshot_magic) {
    return corrupt("is not a Tessera snapshot (bad magic)");
  }
  cursor head(bytes.substr(snapshot_magic.size()));
  auto version = head.u32();
  if (!head.ok()) return corrupt("is truncated (no format version)");
  if (version != snapshot_format_version) {
    return corrupt("has format version " + std::to_string(version) + "; this build reads version " +
                   std::to_string(snapshot_format_version));
  }
  if (bytes.size() < snapshot_magic.size() + 4 + crc_size) return corrupt("is truncated");
  auto body_end = bytes.size() - crc_size;
  cursor crc_cursor(bytes.substr(body_end));
  if (file_log::crc32c(bytes.substr(0, body_end)) != crc_cursor.u32()) {
    return corrupt("fails its checksum (truncated or damaged)");
  }
  auto body = bytes.substr(snapshot_magic.size() + 4, body_end - snapshot_magic.size() - 4);
  cursor c(body);
  snapshot_view v;
  snapshot& s = v.header;
  s.identity.kind = c.str();
  s.identity.cluster_id = c.str();
  s.identity.topic = c.str();
  s.identity.topic_id = c.str();
  s.offset = c.i64();
  s.anchor = c.record();
  s.created_ms = c.i64();
  auto length = static_cast<std::uint64_t>(c.i64());
  if (!c.ok() || length != c.left()) return corrupt("has an inconsistent header");
  v.state = body.substr(body.size() - c.left());
  return v;
}

snapshot_check check_snapshot(const snapshot& s, const log_identity& current, offset_t end_offset,
                              const std::optional<log_entry>& at_offset) {
  auto describe = [](const log_identity& id) {
    std::string out = id.kind;
    if (!id.cluster_id.empty()) out += " cluster " + id.cluster_id;
    if (!id.topic.empty()) out += " " + id.topic;
    if (!id.topic_id.empty()) out += " (topic id " + id.topic_id + ")";
    return out;
  };
  // An empty topic id on either side means "unknown" (older clients), not "different".
  bool same_topic_id = s.identity.topic_id.empty() || current.topic_id.empty() ||
                       s.identity.topic_id == current.topic_id;
  if (s.identity.kind != current.kind || s.identity.cluster_id != current.cluster_id ||
      s.identity.topic != current.topic || !same_topic_id) {
    return {snapshot_verdict::other_log,
            "it was written for " + describe(s.identity) + ", not " + describe(current)};
  }
  if (s.offset >= end_offset) {
    return {snapshot_verdict::ahead_of_log, "it stands at offset " + std::to_string(s.offset) +
                                                " but the log ends at " + std::to_string(end_offset) +
                                                " (log truncated or recreated)"};
  }
  if (at_offset && at_offset->offset == s.offset && at_offset->record != s.anchor) {
    return {snapshot_verdict::anchor_differs, "the log holds another record at offset " + std::to_string(s.offset) +
                                                  " (log recreated)"};
  }
  if (at_offset && at_offset->offset < s.offset) {
    return {snapshot_verdict::anchor_differs, "the log returned offset " + std::to_string(at_offset->offset) +
                                                  " when asked for " + std::to_string(s.offset)};
  }
  return {};
}

result<void> write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  std::error_code ec;
  auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(error_code::store_error, "cannot create " + dir.string() + ": " + ec.message());
  auto tmp = path;
  tmp += ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail(error_code::store_error, "cannot create " + tmp.string() + ": " + errno_text());
  std::size_t done = 0;
  while (done < bytes.size()) {
    auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto why = errno_text();
      ::close(fd);
      ::unlink(tmp.c_str());
      return fail(error_code::store_error, "cannot write " + tmp.string() + ": " + why);
    }
    done += static_cast<std::size_t>(n);
  }
  // Data before the rename, the rename before the directory entry: a crash leaves either the
  // old snapshot or the new one, never a partial file under the final name.
  if (::fsync(fd) != 0) {
    auto why = errno_text();
    ::close(fd);
    ::unlink(tmp.c_str());
    return fail(error_code::store_error, "cannot sync " + tmp.string() + ": " + why);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    auto why = errno_text();
    ::unlink(tmp.c_str());
    return fail(error_code::store_error, "cannot rename " + tmp.string() + ": " + why);
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

result<std::optional<std::string>> read_file_if_exists(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>{};
    return fail(error_code::store_error, "cannot open " + path.string() + ": " + errno_text());
  }
  // Read straight into one string of the file's size: a snapshot can be hundreds of megabytes.
  std::string out;
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  out.resize(ec ? 0 : static_cast<std::size_t>(size));
  std::size_t done = 0;
  char more[1 << 16];  // past the expected size: the end of the file, or a file that grew
  for (;;) {
    bool full = done == out.size();
    auto n = full ? ::read(fd, more, sizeof more) : ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto why = errno_text();
      ::close(fd);
      return fail(error_code::store_error, "cannot read " + path.string() + ": " + why);
    }
    if (n == 0) break;
    if (full) out.append(more, static_cast<std::size_t>(n));
    done += static_cast<std::size_t>(n);
  }
  out.resize(done);
  ::close(fd);
  return std::optional<std::string>{std::move(out)};
}

result<std::optional<mapped_file>> mapped_file::open(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<mapped_file>{};
    return fail(error_code::store_error, "cannot open " + path.string() + ": " + errno_text());
  }
  struct stat st{};
  if (::fstat(fd, &st) != 0) {
    auto why = errno_text();
    ::close(fd);
    return fail(error_code::store_error, "cannot stat " + path.string() + ": " + why);
  }
  auto size = static_cast<std::size_t>(st.st_size);
  void* data = nullptr;
  if (size > 0) {
    // MAP_POPULATE maps every page in one go instead of one fault per page as the load reads on.
    data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (data == MAP_FAILED) {
      auto why = errno_text();
      ::close(fd);
      return fail(error_code::store_error, "cannot map " + path.string() + ": " + why);
    }
  }
  ::close(fd);  // the mapping keeps the file
  return std::optional<mapped_file>{mapped_file(data, size)};
}

mapped_file::mapped_file(mapped_file&& o) noexcept : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}

mapped_file& mapped_file::operator=(mapped_file&& o) noexcept {
  if (this != &o) {
    if (data_ != nullptr) ::munmap(data_, size_);
    data_ = std::exchange(o.data_, nullptr);
    size_ = std::exchange(o.size_, 0);
  }
  return *this;
}

mapped_file::~mapped_file() {
  if (data_ != nullptr) ::munmap(data_, size_);
}

std::string snapshot_file_name(const log_identity& id) {
  std::string base = id.kind;
  if (id.kind == "kafka") base += "-" + id.topic;
  for (auto& ch : base) {
    bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                ch == '_' || ch == '-';
    if (!keep) ch = '_';
  }
  return base + ".snapshot";
}

}  // namespace tessera::storage
