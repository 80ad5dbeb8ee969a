#pragma once
/// The membership state machine behind group_member (private to the election module):
/// discover the coordinator → JoinGroup → SyncGroup → Heartbeat, rejoining and rediscovering
/// as the broker asks, with every failure logged (throttled), backed off and retried.

#include <boost/asio/ssl/context.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "election/broker_connection.h"
#include "election/group_member.h"
#include "election/io_driver.h"
#include "election/security.h"

namespace tessera::election {

/// Everything validate() derives from group_options.
struct validated_options {
  std::vector<std::pair<std::string, std::uint16_t>> servers;
  security_settings security;
  std::shared_ptr<boost::asio::ssl::context> tls;
};
/// validate() with its by-products.
result<validated_options> validate_options(const group_options& options);

/// Logs a failure at most once per interval per kind, counting what it held back.
class log_throttle {
 public:
  /// True when `key` may be logged now; `suppressed` receives how many were held back.
  bool allow(const std::string& key, int& suppressed);

 private:
  struct entry {
    clock::time_point last;
    int suppressed = 0;
  };
  std::map<std::string, entry> entries_;
};

class group_runner {
 public:
  group_runner(group_options options, validated_options valid, group_member::listener on_change);

  /// The thread body: runs until request_stop(), then leaves the group.
  void run();
  /// From any thread.
  void request_stop() { io_.request_stop(); }
  group_status status() const;

 private:
  void loop_once();
  bool find_coordinator();
  void join_and_sync();
  void sync(const join_group_response& joined);
  void apply_assignment(const std::string& payload);
  void heartbeat_once();
  void leave();

  clock::time_point deadline(std::chrono::milliseconds timeout) const;
  void check_session();
  void report(primary_change change);
  void revoke(const std::string& why);
  void drop_coordinator();
  void reset_member();
  void on_call_failure(const call_error& e, const char* step);
  void on_kafka_error(std::int16_t code, const char* step);
  void backoff(const std::string& key, const std::string& message, bool error_level = false);
  void set_state(const char* state);
  void publish();

  group_options options_;
  validated_options valid_;
  group_member::listener on_change_;
  io_driver io_;
  std::unique_ptr<broker_connection> coordinator_;
  std::string coordinator_host_;
  std::uint16_t coordinator_port_ = 0;
  std::size_t next_server_ = 0;

  member_identity identity_;
  std::string member_id_;
  std::int32_t generation_ = -1;
  bool need_join_ = true;
  bool group_leader_ = false;
  std::string state_ = "new";
  std::string last_error_;

  clock::time_point last_contact_{};    ///< when we sent the last SyncGroup/Heartbeat the broker accepted
  clock::time_point next_heartbeat_{};
  std::optional<primary_change> last_report_;
  int failures_ = 0;                    ///< consecutive, for exponential backoff
  log_throttle throttle_;

  mutable std::mutex status_mutex_;
  group_status status_;
};

}  // namespace tessera::election
