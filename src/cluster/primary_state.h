#pragma once
/// Who the primary is, as this node last learned it from the election: the one place the HTTP
/// layer (forward or not), the write path (may I append?) and operators (logs, metrics,
/// /master_available) read it. Thread-safe; waiters are woken on every change.
///
/// A node that left the election (it is shutting down) hears of no later primary: leave() makes
/// that a state of its own, so nobody waits for news that cannot come.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace tessera::cluster {

struct primary_info {
  std::string url;    ///< scheme://host:port, the forwarding target
  bool self = false;  ///< this node is the primary
  bool operator==(const primary_info&) const = default;
};

class primary_state {
 public:
  /// Records the election's answer (nullopt: no primary known) and logs real changes; ignored
  /// once this node has left.
  void set(std::optional<primary_info> primary);
  /// This node left the election for good (shutting down): it stops being primary at once, a
  /// follower keeps the primary it last knew, and every waiter returns now.
  void leave();
  /// Whether leave() was called: the view no longer changes.
  bool has_left() const;
  /// The primary as last known.
  std::optional<primary_info> current() const;
  /// Waits up to `timeout` for a primary to be known (not at all once this node has left).
  std::optional<primary_info> wait_known(std::chrono::milliseconds timeout) const {
    return wait_change(std::nullopt, timeout);
  }
  /// Waits up to `timeout` for the known primary to differ from `from` (not at all once this
  /// node has left); returns the current one.
  std::optional<primary_info> wait_change(const std::optional<primary_info>& from,
                                          std::chrono::milliseconds timeout) const;
  /// Counts the times this node became primary; a writer fences once per term.
  std::uint64_t term() const;
  /// How many times the known primary changed since start (a flapping indicator for metrics).
  std::uint64_t changes() const;

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  std::optional<primary_info> primary_;
  std::uint64_t term_ = 0;
  std::uint64_t changes_ = 0;
  bool left_ = false;
};

}  // namespace tessera::cluster
