#pragma once
/// Creating and checking the log topic the way Confluent does (KafkaStore#createOrVerifySchemaTopic):
/// one partition, cleanup.policy exactly "compact", replication capped at the live brokers,
/// `kafkastore.topic.config.*` passed through. librdkafka's C++ API has no admin client, so this
/// uses the C admin API on the C++ handle's rd_kafka_t.

#include <chrono>
#include <map>
#include <string>

#include "kafkastore/rdkafka_handles.h"
#include "tessera/core/result.h"

namespace tessera::kafkastore {

/// What to create (or expect).
struct topic_spec {
  std::string name;
  int replication_factor = 3;                  ///< desired; creation caps it at the live brokers
  std::map<std::string, std::string> configs;  ///< extra topic configs; cleanup.policy=compact is forced
};

/// What was found or made.
struct topic_state {
  int brokers = 0;     ///< live brokers in the cluster metadata
  int partitions = 0;
  int replicas = 0;    ///< replicas of partition 0
  bool created = false;
};

/// Cluster metadata (all topics), retrying transient failures until `deadline`.
result<metadata_ptr> fetch_metadata(RdKafka::Handle& handle, std::chrono::steady_clock::time_point deadline);

/// Creates the topic if it is missing, else verifies it; fails when the topic has more than
/// one partition or a cleanup.policy other than exactly "compact". Warns (only) about fewer
/// replicas than asked for. Every call is bounded by `deadline`.
result<topic_state> create_or_verify_topic(RdKafka::Handle& handle, const topic_spec& spec,
                                           std::chrono::steady_clock::time_point deadline);

/// True for the errors of create_or_verify_topic that say the existing topic breaks Confluent's
/// rules (partitions, cleanup.policy): waiting and retrying cannot fix those.
bool is_rule_violation(const tessera::error& e);

/// The topic's effective configuration as the brokers report it (DescribeConfigs).
result<std::map<std::string, std::string>> describe_topic_configs(RdKafka::Handle& handle, const std::string& topic,
                                                                  std::chrono::steady_clock::time_point deadline);

}  // namespace tessera::kafkastore
