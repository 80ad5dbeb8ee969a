#pragma once
/// Everything the Kafka store needs from the configuration, as plain values (so tests can build
/// one without a settings file).

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace tessera::config {
struct settings;
}

namespace tessera::kafkastore {

struct kafka_options {
  std::vector<std::string> bootstrap_servers;          ///< host:port entries
  std::string topic = "_schemas";                      ///< kafkastore.topic
  int replication_factor = 3;                          ///< kafkastore.topic.replication.factor
  bool skip_validation = false;                        ///< kafkastore.topic.skip.validation
  std::map<std::string, std::string> topic_config;     ///< kafkastore.topic.config.*, prefix removed
  std::map<std::string, std::string> client_properties;  ///< other kafkastore.* client keys, prefix removed
  std::string group_id = "schema-registry";            ///< kafkastore.group.id (resolved)
  std::chrono::milliseconds timeout{500};              ///< kafkastore.timeout.ms
  std::chrono::milliseconds init_timeout{60000};       ///< kafkastore.init.timeout.ms
  /// Set when nodes elect a primary: data appends then go through a producer with this
  /// transactional.id, fenced at each change of primary. Empty: plain idempotent appends.
  std::string transactional_id;
};

/// The Kafka store options of the effective configuration.
kafka_options options_from(const config::settings& settings);

}  // namespace tessera::kafkastore
