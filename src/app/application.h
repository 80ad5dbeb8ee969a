#pragma once
/// The composition root: builds the storage backend, the registry and the HTTP server from the
/// settings, and owns their start/stop order.

#include <chrono>
#include <memory>

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

  /// Opens the store, replays it, and starts serving. Errors name what failed.
  result<void> start();
  /// Blocks until SIGTERM/SIGINT, then drains and stops.
  void run_until_signal();
  /// Drains in-flight requests (up to `drain`) and stops everything.
  void stop(std::chrono::milliseconds drain);

 private:
  result<std::shared_ptr<storage::log_backend>> open_store();

  config::settings settings_;
  std::shared_ptr<storage::log_backend> store_;
  std::unique_ptr<cluster_node> cluster_;  ///< Kafka store only: election, forwarding, fencing
  std::unique_ptr<registry> registry_;
  std::unique_ptr<http::router> router_;
  std::unique_ptr<http::server> server_;
};

}  // namespace tessera::app
