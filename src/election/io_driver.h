#pragma once
/// Blocking-with-deadline I/O for the member's own thread: each step starts an Asio async
/// operation and runs the member's io_context until it completes, its deadline passes or
/// stop() is requested from another thread. A single mutex orders "stop requested" against
/// "io_context restarted", so a stop can never be lost between two steps.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace tessera::election {

using clock = std::chrono::steady_clock;

class io_driver {
 public:
  enum class outcome { done, timeout, interrupted };

  /// The context every connection of this member uses.
  boost::asio::io_context& context() { return ioc_; }

  /// Runs handlers until `done()`, the deadline, or a stop request (unless leaving()).
  outcome run(const std::function<bool()>& done, clock::time_point deadline);
  /// After a failed run and a close(): runs handlers until the cancelled operation reports.
  void drain(const std::function<bool()>& done);
  /// Sleeps until `until`; false when woken by a stop request.
  bool sleep_until(clock::time_point until);

  /// From any thread: interrupts the current step and every later one until begin_leave().
  void request_stop();
  /// True once stop was requested.
  bool stopping() const;
  /// Called by the member thread after it saw the stop: the LeaveGroup steps run to their
  /// deadline instead of being interrupted.
  void begin_leave();

 private:
  boost::asio::io_context ioc_{1};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool leaving_ = false;
};

}  // namespace tessera::election
