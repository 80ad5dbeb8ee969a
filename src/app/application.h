#pragma once
/// The composition root: builds the storage backend, the registry and the HTTP server from the
/// settings, and owns their start/stop order.
///
/// Startup order: the HTTP listener comes up first and answers "not ready" (503) while a
/// startup thread opens the store (retrying with backoff while a Kafka cluster is unreachable)
/// and replays the log; the registry serves once it has caught up. Errors that retrying cannot
/// fix (configuration, a topic that breaks Confluent's rules, a corrupt local log) end the
/// process with status 1.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "config/settings.h"
#include "tessera/core/result.h"

namespace tessera {
class registry;
namespace storage {
class log_backend;
}
namespace http {
class server;
class router;
}  // namespace http
}  // namespace tessera

namespace tessera::app {

class cluster_node;

class application {
 public:
  explicit application(config::settings settings);
  ~application();

  /// Starts the HTTP listeners and the background startup (store, replay). Errors: a listener
  /// that cannot bind. Blocks SIGINT/SIGTERM in the calling thread first, so every thread
  /// started later inherits the mask and run_until_signal() receives them.
  result<void> start();
  /// Blocks until SIGTERM/SIGINT or a startup failure, then drains and stops. Returns the
  /// process exit status: 0 after a signal, 1 after a startup failure.
  int run_until_signal();
  /// Drains in-flight requests (up to `drain`) and stops everything.
  void stop(std::chrono::milliseconds drain);
  /// True once the registry has caught up with the log and serves.
  bool ready() const;

 private:
  /// Opens the configured store; `retriable` says whether trying again later may succeed.
  result<std::shared_ptr<storage::log_backend>> open_store(bool& retriable);
  /// The startup thread: store (with retries), registry, replay.
  void startup();
  /// Sleeps up to `d`, returning early (false) when stopping.
  bool pause(std::chrono::milliseconds d);

  config::settings settings_;
  std::unique_ptr<http::router> router_;
  std::unique_ptr<http::server> server_;

  mutable std::mutex mu_;  ///< guards the members below against the startup thread
  std::condition_variable wake_;
  bool stopping_ = false;
  std::optional<error> startup_failure_;
  std::shared_ptr<storage::log_backend> store_;
  std::unique_ptr<registry> registry_;
  std::unique_ptr<cluster_node> cluster_;  ///< Kafka store only: election, forwarding, fencing
  std::thread startup_;
};

}  // namespace tessera::app
