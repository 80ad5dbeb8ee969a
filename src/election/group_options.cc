#include "election/group_options.h"

#include <charconv>

#include "config/settings.h"
#include "kafkastore/client_config.h"

namespace tessera::election {

namespace {

/// A Java client duration property (`retry.backoff.ms`), or `fallback` when not set.
result<std::chrono::milliseconds> duration_property(const std::map<std::string, std::string>& java,
                                                    const std::string& key, std::chrono::milliseconds fallback) {
  auto it = java.find(key);
  if (it == java.end() || it->second.empty()) return fallback;
  long long value = 0;
  const auto& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) {
    return fail(error_code::store_error, "kafkastore." + key + ": '" + text + "' is not a positive number of ms");
  }
  return std::chrono::milliseconds(value);
}

}  // namespace

result<group_options> group_options_from(const config::settings& s) {
  group_options o;
  for (const auto& server : s.kafkastore_bootstrap_servers) {
    if (!o.bootstrap_servers.empty()) o.bootstrap_servers += ',';
    o.bootstrap_servers += server;
  }
  // One translation for both Kafka clients: what the store's librdkafka accepts, we read.
  auto java = s.kafka_client_properties();
  auto translated = kafkastore::translate_client_properties(java);
  if (!translated) return translated.error();
  o.client_properties = std::move(translated->properties);
  if (!o.client_properties.count("security.protocol")) {
    o.client_properties["security.protocol"] = s.kafkastore_security_protocol;
  }

  o.group_id = s.group_id;
  o.identity.host = s.host_name;
  o.identity.port = s.advertised_port;
  o.identity.scheme = s.advertised_scheme.empty() ? "http" : s.advertised_scheme;
  o.identity.eligible = s.leader_eligibility;
  o.identity.version = 1;
  o.identity.leader = false;
  o.sticky = s.leader_election_sticky;
  o.session_timeout = s.kafkagroup_session_timeout;
  o.rebalance_timeout = s.kafkagroup_rebalance_timeout;
  o.heartbeat_interval = s.kafkagroup_heartbeat_interval;

  // Confluent's elector client reads these from the kafkastore.* originals (ClientConfig.java).
  auto backoff = duration_property(java, "retry.backoff.ms", o.retry_backoff);
  if (!backoff) return backoff.error();
  o.retry_backoff = *backoff;
  auto backoff_max = duration_property(java, "retry.backoff.max.ms", std::max(o.retry_backoff_max, o.retry_backoff));
  if (!backoff_max) return backoff_max.error();
  o.retry_backoff_max = *backoff_max;
  auto request = duration_property(java, "request.timeout.ms", o.request_timeout);
  if (!request) return request.error();
  o.request_timeout = *request;

  if (auto ok = validate(o); !ok) return ok.error();
  return o;
}

}  // namespace tessera::election
