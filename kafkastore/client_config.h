#pragma once
/// Confluent's `kafkastore.*` Kafka client properties (Java client names) → librdkafka
/// properties. Most names are the same in both clients and pass unchanged; Java-only ones are
/// skipped with a log line; the few Java settings that have a librdkafka equivalent (JAAS
/// credentials, PEM truststores, PKCS#12 keystores) are translated so a Confluent config file
/// works as it is.

#include <map>
#include <string>
#include <vector>

#include "tessera/core/result.h"

namespace tessera::kafkastore {

/// librdkafka global properties plus what happened to the rest.
struct client_config {
  std::map<std::string, std::string> properties;  ///< all accepted by librdkafka
  std::vector<std::string> notes;                 ///< one line per skipped or translated key; no secrets
};

/// Translates `kafkastore.*` client properties, prefix removed (what
/// config::settings::kafka_client_properties() returns). A value librdkafka rejects for a
/// property it knows fails with 50001 naming the `kafkastore.` key.
result<client_config> translate_client_properties(const std::map<std::string, std::string>& java);

/// The user name and password of a Java `sasl.jaas.config` value, or the Kerberos keytab and
/// principal, as librdkafka properties; empty for login modules librdkafka has no form for.
std::map<std::string, std::string> translate_jaas(const std::string& jaas, std::string& login_module);

}  // namespace tessera::kafkastore
