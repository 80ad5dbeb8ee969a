#pragma once
/// Broker security for the election client, read from the librdkafka-style properties the Kafka
/// store uses (kafkastore::translate_client_properties output), so both clients share one
/// configuration. Anything this client cannot honour fails here, at construction, instead of
/// as an obscure handshake error later.

#include <map>
#include <string>

#include "tessera/core/result.h"

namespace tessera::election {

enum class security_protocol { plaintext, ssl, sasl_plaintext, sasl_ssl };
enum class sasl_mechanism { none, plain, scram_sha_256, scram_sha_512 };

/// TLS and SASL settings of one client.
struct security_settings {
  security_protocol protocol = security_protocol::plaintext;
  // TLS (SSL, SASL_SSL).
  std::string ca_location;           ///< PEM file or directory; empty = system trust store
  std::string ca_pem;                ///< inline PEM (ssl.ca.pem)
  std::string certificate_location;  ///< client certificate chain (PEM)
  std::string certificate_pem;
  std::string key_location;          ///< client private key (PEM)
  std::string key_pem;
  std::string key_password;
  bool verify_certificate = true;    ///< enable.ssl.certificate.verification
  bool verify_hostname = true;       ///< ssl.endpoint.identification.algorithm=https
  // SASL (SASL_PLAINTEXT, SASL_SSL).
  sasl_mechanism mechanism = sasl_mechanism::none;
  std::string username;
  std::string password;

  bool uses_tls() const { return protocol == security_protocol::ssl || protocol == security_protocol::sasl_ssl; }
  bool uses_sasl() const {
    return protocol == security_protocol::sasl_plaintext || protocol == security_protocol::sasl_ssl;
  }
};

/// Reads security.protocol, ssl.* and sasl.* from librdkafka-style properties; other keys are
/// ignored. Unsupported values (GSSAPI, OAUTHBEARER, PKCS#12 keystores, …) fail with 50001.
result<security_settings> parse_security(const std::map<std::string, std::string>& properties);

/// Kafka's name of a mechanism ("SCRAM-SHA-256").
std::string to_string(sasl_mechanism m);

}  // namespace tessera::election
