#pragma once
/// Tessera's primary election: a member of Kafka classic group `schema.registry.group.id` with
/// protocol type "sr", speaking Confluent's metadata and assignment JSON, so Tessera and
/// Confluent Schema Registry nodes can share one group. Runs on its own thread, retries every
/// failure forever with backoff, and reports the primary to a listener.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <mutex>
#include <thread>

#include "election/group_options.h"
#include "election/member_identity.h"

namespace tessera::election {

class group_runner;

/// Debug/metrics view of a member.
struct group_status {
  std::string state = "new";       ///< new, discovering, joining, syncing, stable, leaving, stopped
  std::string member_id;           ///< Kafka member id ("sr-1-<uuid>"), empty before the first join
  std::int32_t generation = -1;
  std::string coordinator;         ///< host:port of the group coordinator, empty when unknown
  bool group_leader = false;       ///< this member computed the last assignment
  std::optional<member_identity> primary;  ///< as last reported to the listener
  std::string last_error;          ///< most recent failure, empty after a success
};

class group_member {
 public:
  /// Called on the member's thread; must not call stop() or block for long.
  using listener = std::function<void(const primary_change&)>;

  /// Throws std::invalid_argument when validate(options) fails (group_options_from() has
  /// already checked options built from the configuration).
  group_member(group_options options, listener on_change);
  /// stop().
  ~group_member();
  group_member(const group_member&) = delete;
  group_member& operator=(const group_member&) = delete;

  /// Starts the member's thread; joins the group in the background.
  void start();
  /// Sends LeaveGroup (bounded by leave_timeout) so the others rebalance at once, reports
  /// "no primary" to the listener, then joins the thread. Idempotent.
  void stop();
  /// Member id, generation, coordinator and state name.
  group_status current_status() const;

 private:
  std::unique_ptr<group_runner> runner_;
  std::thread thread_;
  std::mutex lifecycle_;  ///< orders start() against stop()
  bool stopped_ = false;
};

}  // namespace tessera::election
