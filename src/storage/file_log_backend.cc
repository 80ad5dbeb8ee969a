#include "storage/file_log_backend.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <system_error>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace tessera::storage {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view log_file_name = "schemas.log";
/// read() fetches contiguous frames in chunks of about this size, so a reader asking for
/// "everything" does not need the whole file in one buffer on top of the decoded entries.
constexpr std::uint64_t read_chunk_bytes = 1 << 20;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string errno_text(int err) { return std::generic_category().message(err); }

tessera::error io_error(std::string_view what, const fs::path& p, int err) {
  return fail(error_code::store_error,
              fmt::format("{} {}: {}", what, p.string(), errno_text(err)));
}

tessera::error closed_error() { return fail(error_code::store_error, "log backend is closed"); }

/// pwrite() until every byte is written; false with errno set on failure.
bool write_all(int fd, std::string_view bytes, std::uint64_t pos) {
  while (!bytes.empty()) {
    auto n = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(pos));
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
    pos += static_cast<std::uint64_t>(n);
  }
  return true;
}

/// pread() exactly `size` bytes; false with errno set (EIO for a short file) on failure.
bool read_all(int fd, char* out, std::size_t size, std::uint64_t pos) {
  while (size > 0) {
    auto n = ::pread(fd, out, size, static_cast<off_t>(pos));
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) {
      errno = EIO;
      return false;
    }
    out += n;
    size -= static_cast<std::size_t>(n);
    pos += static_cast<std::uint64_t>(n);
  }
  return true;
}

}  // namespace

result<fsync_policy> parse_fsync_policy(std::string_view text) {
  if (text == "always") return fsync_policy::always();
  if (text == "never") return fsync_policy::never();
  constexpr std::string_view prefix = "interval:";
  if (text.starts_with(prefix)) {
    auto digits = text.substr(prefix.size());
    std::int64_t ms = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
    if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty() && ms >= 1 &&
        ms <= 3'600'000) {
      return fsync_policy::every(std::chrono::milliseconds(ms));
    }
  }
  return fail(error_code::bad_request,
              fmt::format("invalid fsync policy \"{}\": expected always, never or "
                          "interval:<milliseconds> (1..3600000)",
                          text));
}

std::string to_string(const fsync_policy& p) {
  switch (p.mode) {
    case fsync_policy::kind::always: return "always";
    case fsync_policy::kind::never: return "never";
    case fsync_policy::kind::interval: return fmt::format("interval:{}", p.period.count());
  }
  return "always";
}

file_log_backend::file_log_backend(file_log_options options) : options_(std::move(options)) {}

result<std::unique_ptr<file_log_backend>> file_log_backend::open(file_log_options options) {
  std::unique_ptr<file_log_backend> log(new file_log_backend(std::move(options)));
  if (auto r = log->lock_directory(); !r) return r.error();
  if (auto r = log->open_log_file(); !r) return r.error();
  if (auto r = log->recover(); !r) return r.error();
  if (log->options_.fsync.mode == fsync_policy::kind::interval) {
    log->flusher_ = std::thread([raw = log.get()] { raw->flush_loop(); });
  }
  return log;
}

file_log_backend::~file_log_backend() {
  close();
  if (fd_ >= 0) ::close(fd_);
  if (dir_fd_ >= 0) ::close(dir_fd_);  // releases the flock
}

result<void> file_log_backend::lock_directory() {
  const auto& dir = options_.directory;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return fail(error_code::store_error,
                fmt::format("cannot create log directory {}: {}", dir.string(), ec.message()));
  }
  dir_fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd_ < 0) return io_error("cannot open log directory", dir, errno);
  // flock() locks are per open file description, so this also stops a second backend in the
  // same process from opening the directory.
  if (::flock(dir_fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return fail(error_code::store_error,
                  fmt::format("log directory {} is locked: another Tessera process (or another "
                              "backend in this one) is using it",
                              dir.string()));
    }
    return io_error("cannot lock log directory", dir, errno);
  }
  return {};
}

result<void> file_log_backend::open_log_file() {
  path_ = options_.directory / log_file_name;
  std::error_code ec;
  if (!fs::exists(path_, ec)) {
    if (ec) {
      return fail(error_code::store_error,
                  fmt::format("cannot stat {}: {}", path_.string(), ec.message()));
    }
    // Create under a temporary name and rename, so a crash never leaves a log with a partial
    // header; the directory fsync makes the new name itself durable.
    auto tmp = options_.directory / (std::string(log_file_name) + ".tmp");
    int t = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (t < 0) return io_error("cannot create", tmp, errno);
    bool ok = write_all(t, file_log::encode_file_header(), 0) && ::fdatasync(t) == 0;
    int err = errno;
    ::close(t);
    if (!ok) return io_error("cannot write", tmp, err);
    if (::rename(tmp.c_str(), path_.c_str()) != 0) return io_error("cannot create", path_, errno);
    if (::fsync(dir_fd_) != 0) return io_error("cannot sync directory", options_.directory, errno);
    spdlog::info("created local log {}", path_.string());
  }
  fd_ = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0) return io_error("cannot open", path_, errno);
  return {};
}

result<void> file_log_backend::recover() {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return io_error("cannot stat", path_, errno);
  auto size = static_cast<std::uint64_t>(st.st_size);
  if (size == 0) {
    // An empty file holds no records; give it the header instead of refusing to start.
    auto header = file_log::encode_file_header();
    if (!write_all(fd_, header, 0) || ::fdatasync(fd_) != 0) {
      return io_error("cannot write", path_, errno);
    }
    size = header.size();
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd_, 0);
  if (map == MAP_FAILED) return io_error("cannot map", path_, errno);
  auto scanned = file_log::scan(std::string_view(static_cast<const char*>(map), size),
                                path_.string());
  ::munmap(map, size);
  if (!scanned) return scanned.error();

  if (scanned->torn_tail) {
    spdlog::warn("{}: dropping {} bytes of torn tail ({}): an append interrupted by a crash",
                 path_.string(), size - scanned->valid_size, *scanned->torn_tail);
    if (::ftruncate(fd_, static_cast<off_t>(scanned->valid_size)) != 0 || ::fdatasync(fd_) != 0) {
      return io_error("cannot truncate torn tail of", path_, errno);
    }
  }
  frames_ = std::move(scanned->frames);
  next_offset_ = scanned->next_offset;
  file_size_ = scanned->valid_size;
  spdlog::info("opened local log {}: {} records in {} frames, {} bytes, fsync {}",
               path_.string(), next_offset_, frames_.size(), file_size_,
               to_string(options_.fsync));
  return {};
}

tessera::error file_log_backend::broken(std::string message) {
  spdlog::error("{}; refusing further appends until restart", message);
  std::lock_guard lock(mutex_);
  broken_ = true;
  broken_reason_ = message;
  return fail(error_code::store_error, std::move(message));
}

result<offset_t> file_log_backend::append(std::span<const raw_record> records) {
  if (records.empty()) return fail(error_code::internal, "append called with no records");
  std::lock_guard append_lock(append_mutex_);
  offset_t first = 0;
  std::uint64_t pos = 0;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return closed_error();
    if (broken_) return fail(error_code::store_error, broken_reason_);
    first = next_offset_;
    pos = file_size_;
  }
  auto frame = file_log::encode_frame(first, now_ms(), records);
  if (!frame) return frame.error();

  if (!write_all(fd_, *frame, pos)) {
    int err = errno;
    // Cut off the partial frame now: left in place, the next append would land after it and
    // the next open would see a bad frame followed by a good one, i.e. corruption.
    if (::ftruncate(fd_, static_cast<off_t>(pos)) != 0) {
      return broken(fmt::format("write to {} failed ({}) and the partial frame could not be "
                                "removed ({})",
                                path_.string(), errno_text(err), errno_text(errno)));
    }
    return io_error("cannot append to", path_, err);
  }
  if (options_.fsync.mode == fsync_policy::kind::always) {
    if (::fdatasync(fd_) != 0) {
      int err = errno;
      // After a failed fdatasync the kernel may have dropped the dirty pages, so nothing about
      // the file can be trusted until it is re-read from disk on the next open.
      static_cast<void>(::ftruncate(fd_, static_cast<off_t>(pos)));
      return broken(fmt::format("fdatasync of {} failed: {}; the last append's outcome is unknown",
                                path_.string(), errno_text(err)));
    }
  } else {
    dirty_ = true;
  }

  auto count = static_cast<std::uint32_t>(records.size());
  {
    std::lock_guard lock(mutex_);
    frames_.push_back(file_log::frame_ref{
        pos, first, count,
        static_cast<std::uint32_t>(frame->size() - file_log::frame_header_size)});
    next_offset_ = first + count;
    file_size_ = pos + frame->size();
  }
  appended_.notify_all();
  return first + count - 1;
}

result<std::vector<log_entry>> file_log_backend::read(offset_t from, std::size_t max,
                                                      std::chrono::milliseconds wait) {
  from = std::max<offset_t>(from, 0);
  std::vector<file_log::frame_ref> todo;
  {
    std::unique_lock lock(mutex_);
    appended_.wait_for(lock, wait, [&] { return closed_ || next_offset_ > from; });
    if (closed_) return closed_error();
    if (next_offset_ <= from || max == 0) return std::vector<log_entry>{};
    auto it = std::upper_bound(frames_.begin(), frames_.end(), from,
                               [](offset_t o, const auto& f) { return o < f.first_offset; });
    std::size_t available = 0;
    for (--it; it != frames_.end() && available < max; ++it) {
      todo.push_back(*it);
      available += static_cast<std::size_t>(it->first_offset + it->count -
                                            std::max(from, it->first_offset));
    }
  }

  // Published frames are immutable and the descriptor lives as long as the object, so the
  // file is read without holding the lock.
  std::vector<log_entry> out;
  std::string buf;
  for (std::size_t i = 0; i < todo.size() && out.size() < max;) {
    std::size_t j = i;
    while (j + 1 < todo.size() && todo[j].end() - todo[i].position < read_chunk_bytes) ++j;
    const auto start = todo[i].position;
    buf.resize(todo[j].end() - start);
    if (!read_all(fd_, buf.data(), buf.size(), start)) return io_error("cannot read", path_, errno);
    for (std::size_t k = i; k <= j; ++k) {
      auto bytes = std::string_view(buf).substr(todo[k].position - start, todo[k].size());
      if (auto bad = file_log::read_frame(bytes, from, max, out)) {
        return fail(error_code::store_error,
                    fmt::format("{}: frame at byte {} failed verification on read: {}",
                                path_.string(), todo[k].position, *bad));
      }
    }
    i = j + 1;
  }
  return out;
}

result<offset_t> file_log_backend::end_offset() {
  std::lock_guard lock(mutex_);
  if (closed_) return closed_error();
  return next_offset_;
}

void file_log_backend::close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
  }
  appended_.notify_all();
  {
    std::lock_guard lock(flush_mutex_);
    stop_flush_ = true;
  }
  flush_cv_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  // Waits for an append in flight, then makes whatever the policy left unsynced durable.
  std::lock_guard append_lock(append_mutex_);
  if (fd_ >= 0 && dirty_.exchange(false) && ::fdatasync(fd_) != 0) {
    spdlog::error("final fdatasync of {} failed: {}", path_.string(), errno_text(errno));
  }
}

void file_log_backend::flush_loop() {
  std::unique_lock lock(flush_mutex_);
  while (!stop_flush_) {
    flush_cv_.wait_for(lock, options_.fsync.period, [this] { return stop_flush_; });
    if (stop_flush_) break;
    lock.unlock();
    if (dirty_.exchange(false) && ::fdatasync(fd_) != 0) {
      broken(fmt::format("periodic fdatasync of {} failed: {}", path_.string(),
                         errno_text(errno)));
    }
    lock.lock();
  }
}

}  // namespace tessera::storage
