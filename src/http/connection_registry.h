#pragma once
/// The set of live connections, so that stop() can close idle ones, wait for busy ones, and
/// force-close whatever outlasts the drain.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <optional>

namespace tessera::http {

class session;

class connection_registry {
 public:
  using handle = std::list<std::shared_ptr<session>>::iterator;

  /// Registers a new connection; nullopt once closing, and the caller must drop the connection.
  std::optional<handle> add(std::shared_ptr<session> s);
  /// Unregisters a connection whose coroutine has finished.
  void remove(handle h);

  /// True once close_idle() was called; connections then answer with `Connection: close`.
  bool closing() const noexcept { return closing_.load(std::memory_order_relaxed); }

  /// Refuses new connections and asks every live one to close as soon as it is idle.
  void close_idle();
  /// Waits until no connection is live or `deadline` passes; true if none is live.
  bool wait_empty(std::chrono::steady_clock::time_point deadline);
  /// Closes every live connection's socket, whatever it is doing.
  void close_all();
  /// Drops the remaining references; only once no io thread runs any more.
  void clear();

 private:
  std::mutex mutex_;
  std::condition_variable empty_;
  std::list<std::shared_ptr<session>> live_;
  std::atomic<bool> closing_{false};
};

}  // namespace tessera::http
