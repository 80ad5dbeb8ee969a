#pragma once
/// Everything a group_member needs, as plain values (tests build one directly; the registry
/// builds it from its configuration with group_options_from()).

#include <chrono>
#include <map>
#include <string>

#include "election/member_identity.h"
#include "tessera/core/result.h"

namespace tessera::config {
struct settings;
}

namespace tessera::election {

struct group_options {
  std::string bootstrap_servers;                          ///< "host:port,host:port"
  std::map<std::string, std::string> client_properties;   ///< librdkafka-style: security.protocol, ssl.*, sasl.*
  std::string group_id = "schema-registry";               ///< schema.registry.group.id
  member_identity identity;                               ///< what this node advertises
  bool sticky = false;                                    ///< leader.election.sticky
  std::chrono::milliseconds session_timeout{10000};       ///< kafkagroup.session.timeout.ms
  std::chrono::milliseconds rebalance_timeout{300000};    ///< kafkagroup.rebalance.timeout.ms
  std::chrono::milliseconds heartbeat_interval{3000};     ///< kafkagroup.heartbeat.interval.ms
  std::chrono::milliseconds request_timeout{30000};       ///< per request (JoinGroup: rebalance timeout + 5 s)
  std::chrono::milliseconds retry_backoff{100};           ///< first retry delay
  std::chrono::milliseconds retry_backoff_max{1000};      ///< retry delay cap (exponential in between)
  std::chrono::milliseconds leave_timeout{2000};          ///< bound on stop()'s LeaveGroup
  std::string client_id = "sr-1";                         ///< Kafka client id; member ids are <client id>-<uuid>
};

/// Checks bootstrap servers, timeouts, identity and security properties; the message names
/// the offending setting.
result<void> validate(const group_options& options);

/// The election options of the effective configuration: schema.registry.group.id,
/// leader.eligibility, leader.election.sticky, host.name and the inter-instance listener
/// (already chosen by config as Confluent does), kafkagroup.*, kafkastore.bootstrap.servers and
/// the kafkastore.* client properties (translated once, by the Kafka store's translator).
result<group_options> group_options_from(const config::settings& settings);

}  // namespace tessera::election
