#pragma once
/// The effective configuration as typed values, plus every key/value that produced it.
/// Built only by config::load(); the rest of the program reads it and never parses strings.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tessera/core/enums.h"
#include "tessera/core/error.h"

namespace tessera::config {

/// One HTTP listener from `listeners`, e.g. `http://0.0.0.0:8081` or `INTERNAL://host:9000`.
struct listener {
  std::string name;    ///< listener name for named listeners (listener.protocol.map), else empty
  std::string scheme;  ///< "http" or "https" (named listeners resolved through the protocol map)
  std::string host;    ///< host name or address as written; IPv6 without brackets; "0.0.0.0" when empty
  std::uint16_t port = 0;

  /// `scheme://host:port`, with IPv6 hosts in brackets.
  std::string url() const;
  bool operator==(const listener&) const = default;
};

/// Which storage backend holds the log (`tessera.store`).
enum class store_kind { file, memory, kafka };
/// Lower-case name as written in the configuration.
std::string_view to_string_view(store_kind k);

/// How the local log file is flushed to disk (`tessera.file.fsync`).
struct fsync_policy {
  enum class kind { always, interval, never };
  kind mode = kind::always;
  std::chrono::milliseconds interval{0};  ///< only for kind::interval

  /// The configuration spelling: "always", "never" or "interval:<ms>".
  std::string to_string() const;
  bool operator==(const fsync_policy&) const = default;
};

/// Log verbosity; the enumerators are in spdlog's order so `static_cast<spdlog::level::level_enum>` works.
enum class log_level { trace, debug, info, warn, error, critical, off };
/// spdlog's spelling: "trace", "debug", "info", "warning", "error", "critical", "off".
std::string_view to_string_view(log_level l);

/// Where an effective value came from, for messages ("set by environment variable X").
struct value_origin {
  enum class layer { file, environment, override_arg };
  layer source = layer::file;
  std::string where;  ///< e.g. "file /etc/sr.yaml line 3", "environment variable SCHEMA_REGISTRY_X"
};

class settings_builder;

/// Typed configuration. Field comments name the property each field comes from.
struct settings {
  // HTTP server.
  std::vector<listener> listeners;            ///< listeners (or the deprecated port)
  std::size_t http_max_body_bytes = 0;        ///< tessera.http.max.body.bytes
  unsigned http_threads = 1;                  ///< tessera.http.threads (resolved)
  unsigned http_blocking_threads = 64;        ///< tessera.http.blocking.threads
  std::chrono::milliseconds http_request_timeout{0};    ///< tessera.http.request.timeout.ms
  std::chrono::milliseconds http_keepalive_timeout{0};  ///< tessera.http.keepalive.timeout.ms

  // Identity advertised to other nodes (election metadata and forwarding URL).
  std::string host_name;                      ///< host.name (resolved to the canonical host name)
  std::string advertised_scheme;              ///< scheme of the inter-instance listener
  std::uint16_t advertised_port = 0;          ///< host.port if set, else the inter-instance listener's port

  // Registry behaviour.
  compatibility_level compatibility = compatibility_level::backward;  ///< schema.compatibility.level
  bool mode_mutability = true;                 ///< mode.mutability
  error_code incompatible_error_code = error_code::conflict;  ///< tessera.incompatible.error.code
  int schemas_list_max_limit = 1000;           ///< tessera.schemas.list.max.limit

  // Storage.
  store_kind store = store_kind::file;         ///< tessera.store (resolved)
  std::filesystem::path data_dir;              ///< tessera.data.dir
  fsync_policy file_fsync;                     ///< tessera.file.fsync
  std::filesystem::path snapshot_dir;          ///< tessera.snapshot.dir (empty = off)
  std::chrono::milliseconds snapshot_interval{60000};  ///< tessera.snapshot.interval.ms

  // Kafka store.
  std::vector<std::string> kafkastore_bootstrap_servers;  ///< host:port entries, protocol prefix removed
  std::string kafkastore_security_protocol;    ///< upper case: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL
  std::string kafkastore_topic;
  int kafkastore_topic_replication_factor = 3;
  bool kafkastore_topic_skip_validation = false;
  std::chrono::milliseconds kafkastore_timeout{0};
  std::chrono::milliseconds kafkastore_init_timeout{0};
  int kafkastore_write_max_retries = 0;
  std::string kafkastore_group_id;             ///< resolved: schema-registry-<host>-<port> by default

  // Election and forwarding.
  std::string group_id;                        ///< schema.registry.group.id
  bool leader_eligibility = true;              ///< leader.eligibility (master.eligibility if that wins)
  bool leader_election_sticky = false;
  std::chrono::milliseconds leader_wait{0};    ///< tessera.leader.wait.ms
  bool kafkastore_fencing = true;              ///< tessera.kafkastore.fencing
  std::chrono::milliseconds kafkagroup_session_timeout{0};
  std::chrono::milliseconds kafkagroup_rebalance_timeout{0};
  std::chrono::milliseconds kafkagroup_heartbeat_interval{0};
  std::chrono::milliseconds leader_connect_timeout{0};
  std::chrono::milliseconds leader_read_timeout{0};
  std::string inter_instance_protocol;         ///< "http" or "https" (deprecated name wins if set)
  std::string inter_instance_listener_name;
  std::vector<std::string> inter_instance_headers_whitelist;

  // Logging.
  log_level log = log_level::info;             ///< tessera.log.level

  /// Unknown keys, deprecated names and other non-fatal findings, in the order found.
  std::vector<std::string> warnings;

  /// Every effective key/value: defaults, computed defaults and configured values (trimmed).
  const std::map<std::string, std::string>& raw() const { return raw_; }
  /// Effective entries whose key starts with `prefix`, with the prefix removed.
  std::map<std::string, std::string> with_prefix(std::string_view prefix) const;
  /// True when the key was set by the file, the environment or an override (not a default).
  bool is_set(std::string_view key) const;
  /// Where an explicitly set key came from; nullopt for defaults.
  std::optional<value_origin> origin(std::string_view key) const;
  /// Explicitly set `kafkastore.*` Kafka client properties, prefix removed: what Confluent passes to
  /// its Kafka clients. Tessera's own kafkastore settings and `kafkastore.topic.config.*` are left out.
  std::map<std::string, std::string> kafka_client_properties() const;

 private:
  friend class settings_builder;
  std::map<std::string, std::string> raw_;
  std::map<std::string, value_origin, std::less<>> origins_;
};

/// True for keys whose values must not be logged (passwords, secrets, JAAS configs).
bool is_sensitive(std::string_view key);

}  // namespace tessera::config
