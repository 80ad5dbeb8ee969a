#include "election/io_driver.h"

namespace tessera::election {

io_driver::outcome io_driver::run(const std::function<bool()>& done, clock::time_point deadline) {
  {
    std::lock_guard lock(mutex_);
    if (stop_ && !leaving_) return outcome::interrupted;
    ioc_.restart();
  }
  while (!done()) {
    if (clock::now() >= deadline) return outcome::timeout;
    ioc_.run_one_until(deadline);
    if (ioc_.stopped() && !done()) {
      std::lock_guard lock(mutex_);
      if (stop_ && !leaving_) return outcome::interrupted;
      ioc_.restart();  // stopped by a stop request that predates begin_leave()
    }
  }
  return outcome::done;
}

void io_driver::drain(const std::function<bool()>& done) {
  // The caller closed the socket, so the pending operation completes with operation_aborted;
  // its handler refers to the caller's stack and must run before the caller returns.
  while (!done()) {
    {
      std::lock_guard lock(mutex_);
      ioc_.restart();
    }
    ioc_.run_one_for(std::chrono::milliseconds(100));
  }
}

bool io_driver::sleep_until(clock::time_point until) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_until(lock, until, [this] { return stop_; });
}

void io_driver::request_stop() {
  std::lock_guard lock(mutex_);
  stop_ = true;
  ioc_.stop();
  wake_.notify_all();
}

bool io_driver::stopping() const {
  std::lock_guard lock(mutex_);
  return stop_;
}

void io_driver::begin_leave() {
  std::lock_guard lock(mutex_);
  leaving_ = true;
}

}  // namespace tessera::election
