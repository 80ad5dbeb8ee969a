#include "http/connection_registry.h"

#include "http/session.h"

namespace tessera::http {

std::optional<connection_registry::handle> connection_registry::add(std::shared_ptr<session> s) {
  std::lock_guard lock(mutex_);
  // Checked under the lock that close_idle() takes, so no connection slips in unnoticed.
  if (closing_.load(std::memory_order_relaxed)) return std::nullopt;
  live_.push_front(std::move(s));
  return live_.begin();
}

void connection_registry::remove(handle h) {
  std::lock_guard lock(mutex_);
  live_.erase(h);
  if (live_.empty()) empty_.notify_all();
}

void connection_registry::close_idle() {
  std::lock_guard lock(mutex_);
  closing_.store(true, std::memory_order_relaxed);
  for (auto& s : live_) s->close_if_idle();
}

bool connection_registry::wait_empty(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return empty_.wait_until(lock, deadline, [this] { return live_.empty(); });
}

void connection_registry::close_all() {
  std::lock_guard lock(mutex_);
  for (auto& s : live_) s->close_now();
}

void connection_registry::clear() {
  std::lock_guard lock(mutex_);
  live_.clear();
}

}  // namespace tessera::http
