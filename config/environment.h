#pragma once
/// Environment variables in the Confluent image convention (confluentinc/common-docker `ub`,
/// ConvertKey): strip `SCHEMA_REGISTRY_`, lower-case, then a single `_` → `.`, `__` → `_`,
/// `___` → `-`. So SCHEMA_REGISTRY_KAFKASTORE_TOPIC → kafkastore.topic and
/// SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS__CONFIG → kafkastore.sasl.jaas_config.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::config {

inline constexpr std::string_view env_prefix = "SCHEMA_REGISTRY_";

/// The property name for an environment variable name, or nullopt when it lacks the prefix.
std::optional<std::string> env_to_property(std::string_view env_name);
/// The environment variable that sets `property` (the inverse of env_to_property).
std::string property_to_env(std::string_view property);

/// One environment variable that maps to a property.
struct env_entry {
  std::string variable;
  std::string property;
  std::string value;
};

/// Environment variables sorted out for the loader.
struct env_scan {
  std::vector<env_entry> entries;              ///< in variable-name order
  std::optional<env_entry> log4j_root_level;   ///< SCHEMA_REGISTRY_LOG4J_ROOT_LOGLEVEL, a tessera.log.level fallback
  std::vector<std::string> warnings;
};

/// Picks the SCHEMA_REGISTRY_* variables. Skips the JVM launcher's own variables (…_OPTS, JMX,
/// LOG4J) and Kubernetes service links, which Kubernetes injects for a Service named
/// "schema-registry" (SCHEMA_REGISTRY_PORT=tcp://10.0.0.1:8081 would otherwise set `port`).
env_scan scan_environment(const std::map<std::string, std::string>& environment);

/// The process environment as a map.
std::map<std::string, std::string> process_environment();

}  // namespace tessera::config
