#include "storage/memory_backend.h"

#include <algorithm>

namespace tessera::storage {

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

tessera::error closed_error() { return fail(error_code::store_error, "log backend is closed"); }

}  // namespace

memory_backend::memory_backend(std::vector<raw_record> initial) {
  auto ts = now_ms();
  entries_.reserve(initial.size());
  for (auto& r : initial) {
    entries_.push_back(log_entry{static_cast<offset_t>(entries_.size()), ts, std::move(r)});
  }
}

result<offset_t> memory_backend::append(std::span<const raw_record> records) {
  if (records.empty()) return fail(error_code::internal, "append called with no records");
  std::lock_guard lock(mutex_);
  if (closed_) return closed_error();
  if (next_append_error_) {
    auto e = std::move(*next_append_error_);
    next_append_error_.reset();
    return e;
  }
  auto ts = now_ms();
  for (const auto& r : records) {
    entries_.push_back(log_entry{static_cast<offset_t>(entries_.size()), ts, r});
  }
  appended_.notify_all();
  return static_cast<offset_t>(entries_.size()) - 1;
}

result<std::vector<log_entry>> memory_backend::read(offset_t from, std::size_t max,
                                                    std::chrono::milliseconds wait) {
  from = std::max<offset_t>(from, 0);
  std::unique_lock lock(mutex_);
  appended_.wait_for(lock, wait, [&] {
    return closed_ || static_cast<offset_t>(entries_.size()) > from;
  });
  if (closed_) return closed_error();
  std::vector<log_entry> out;
  auto end = static_cast<offset_t>(entries_.size());
  for (offset_t o = from; o < end && out.size() < max; ++o) {
    out.push_back(entries_[static_cast<std::size_t>(o)]);
  }
  return out;
}

result<offset_t> memory_backend::end_offset() {
  std::lock_guard lock(mutex_);
  if (closed_) return closed_error();
  return static_cast<offset_t>(entries_.size());
}

void memory_backend::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  appended_.notify_all();
}

void memory_backend::fail_next_append(tessera::error e) {
  std::lock_guard lock(mutex_);
  next_append_error_ = std::move(e);
}

std::vector<log_entry> memory_backend::entries() const {
  std::lock_guard lock(mutex_);
  return entries_;
}

}  // namespace tessera::storage
