#include "election/security.h"

#include <algorithm>

namespace tessera::election {

namespace {

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::string get(const std::map<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? std::string() : it->second;
}

error bad(const std::string& key, const std::string& why) {
  return fail(error_code::store_error, "kafkastore." + key + ": " + why + " (primary election client)");
}

}  // namespace

std::string to_string(sasl_mechanism m) {
  switch (m) {
    case sasl_mechanism::none: return "none";
    case sasl_mechanism::plain: return "PLAIN";
    case sasl_mechanism::scram_sha_256: return "SCRAM-SHA-256";
    case sasl_mechanism::scram_sha_512: return "SCRAM-SHA-512";
  }
  return "none";
}

result<security_settings> parse_security(const std::map<std::string, std::string>& p) {
  security_settings s;
  std::string protocol = upper(get(p, "security.protocol"));
  if (protocol.empty() || protocol == "PLAINTEXT") {
    s.protocol = security_protocol::plaintext;
  } else if (protocol == "SSL") {
    s.protocol = security_protocol::ssl;
  } else if (protocol == "SASL_PLAINTEXT") {
    s.protocol = security_protocol::sasl_plaintext;
  } else if (protocol == "SASL_SSL") {
    s.protocol = security_protocol::sasl_ssl;
  } else {
    return bad("security.protocol", "'" + get(p, "security.protocol") +
                                        "' is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
  }

  if (s.uses_tls()) {
    s.ca_location = get(p, "ssl.ca.location");
    if (s.ca_location == "probe") s.ca_location.clear();  // librdkafka: search the usual system paths
    s.ca_pem = get(p, "ssl.ca.pem");
    s.certificate_location = get(p, "ssl.certificate.location");
    s.certificate_pem = get(p, "ssl.certificate.pem");
    s.key_location = get(p, "ssl.key.location");
    s.key_pem = get(p, "ssl.key.pem");
    s.key_password = get(p, "ssl.key.password");
    if (!get(p, "ssl.keystore.location").empty()) {
      return bad("ssl.keystore.location",
                 "PKCS#12 keystores are not supported; use ssl.certificate.location and ssl.key.location (PEM)");
    }
    auto algorithm = get(p, "ssl.endpoint.identification.algorithm");
    if (algorithm.empty() || algorithm == "https") {
      s.verify_hostname = true;
    } else if (algorithm == "none") {
      s.verify_hostname = false;
    } else {
      return bad("ssl.endpoint.identification.algorithm", "'" + algorithm + "' is not https or none");
    }
    auto verify = get(p, "enable.ssl.certificate.verification");
    if (verify == "false") s.verify_certificate = false;
    bool has_cert = !s.certificate_location.empty() || !s.certificate_pem.empty();
    bool has_key = !s.key_location.empty() || !s.key_pem.empty();
    if (has_cert != has_key) {
      return bad(has_cert ? "ssl.key.location" : "ssl.certificate.location",
                 "a client certificate needs both the certificate and its private key");
    }
  }

  if (s.uses_sasl()) {
    // librdkafka accepts both spellings; its default (and Java's) is GSSAPI.
    auto mechanism = get(p, "sasl.mechanisms");
    if (mechanism.empty()) mechanism = get(p, "sasl.mechanism");
    if (mechanism.empty()) mechanism = "GSSAPI";
    auto m = upper(mechanism);
    if (m == "PLAIN") {
      s.mechanism = sasl_mechanism::plain;
    } else if (m == "SCRAM-SHA-256") {
      s.mechanism = sasl_mechanism::scram_sha_256;
    } else if (m == "SCRAM-SHA-512") {
      s.mechanism = sasl_mechanism::scram_sha_512;
    } else {
      return bad("sasl.mechanism", "'" + mechanism + "' is not supported; use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
    }
    s.username = get(p, "sasl.username");
    s.password = get(p, "sasl.password");
    if (s.username.empty()) {
      return bad("sasl.username", "SASL " + to_string(s.mechanism) +
                                      " needs a user name (sasl.username, or sasl.jaas.config with username=…)");
    }
  }
  return s;
}

}  // namespace tessera::election
