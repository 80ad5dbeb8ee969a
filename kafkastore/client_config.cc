#include "kafkastore/client_config.h"

#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <memory>
#include <regex>

namespace tessera::kafkastore {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string get(const std::map<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? std::string() : it->second;
}

enum class verdict { ok, unknown, invalid };

/// Asks librdkafka itself whether it knows `key` and accepts `value`, so no list of its
/// properties has to be kept here.
verdict check(const std::string& key, const std::string& value, std::string& why) {
  std::unique_ptr<RdKafka::Conf> scratch(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  switch (scratch->set(key, value, why)) {
    case RdKafka::Conf::CONF_OK: return verdict::ok;
    case RdKafka::Conf::CONF_UNKNOWN: return verdict::unknown;
    case RdKafka::Conf::CONF_INVALID: return verdict::invalid;
  }
  return verdict::invalid;
}

}  // namespace

std::map<std::string, std::string> translate_jaas(const std::string& jaas, std::string& login_module) {
  // `<LoginModuleClass> required key="value" key2="value2";`
  static const std::regex module_re(R"(^\s*([A-Za-z0-9_.$]+)\s+(required|requisite|sufficient|optional))");
  static const std::regex option_re(R"re(([A-Za-z0-9_.]+)\s*=\s*"((?:[^"\\]|\\.)*)")re");
  std::smatch m;
  login_module.clear();
  if (std::regex_search(jaas, m, module_re)) login_module = m[1].str();
  std::map<std::string, std::string> options;
  for (auto it = std::sregex_iterator(jaas.begin(), jaas.end(), option_re); it != std::sregex_iterator(); ++it) {
    options[(*it)[1].str()] = (*it)[2].str();
  }
  std::map<std::string, std::string> out;
  auto ends_with = [&](std::string_view suffix) {
    return login_module.size() >= suffix.size() &&
           login_module.compare(login_module.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with("PlainLoginModule") || ends_with("ScramLoginModule")) {
    if (options.count("username")) out["sasl.username"] = options["username"];
    if (options.count("password")) out["sasl.password"] = options["password"];
  } else if (ends_with("Krb5LoginModule")) {
    if (options.count("keyTab")) out["sasl.kerberos.keytab"] = options["keyTab"];
    if (options.count("principal")) out["sasl.kerberos.principal"] = options["principal"];
  }
  return out;
}

result<client_config> translate_client_properties(const std::map<std::string, std::string>& java) {
  client_config out;
  auto invalid = [](const std::string& key, const std::string& why) {
    return fail(error_code::store_error, "kafkastore." + key + ": " + why);
  };
  for (const auto& [key, value] : java) {
    std::string why;
    std::string k = key;
    std::string v = value;
    // Java spells "no hostname check" as an empty string; librdkafka as "none".
    if (k == "ssl.endpoint.identification.algorithm") v = v.empty() ? "none" : lower(v);
    // Java-only names librdkafka knows only to reject them: translate what has a librdkafka form.
    if (k == "sasl.jaas.config") {
      std::string module;
      auto creds = translate_jaas(v, module);
      if (creds.empty()) {
        out.notes.push_back("kafkastore.sasl.jaas.config: login module '" + module +
                            "' has no librdkafka equivalent; skipped (set kafkastore.sasl.* properties instead)");
      }
      for (auto& [ck, cv] : creds) {
        if (java.count(ck)) continue;  // an explicit librdkafka property wins
        out.properties[ck] = cv;
        out.notes.push_back("kafkastore.sasl.jaas.config: " + module + " → " + ck);
      }
      continue;
    }
    if (k == "ssl.truststore.location") {
      auto type = get(java, "ssl.truststore.type");
      if (lower(type) == "pem") {
        if (!java.count("ssl.ca.location")) out.properties["ssl.ca.location"] = v;
        out.notes.push_back("kafkastore.ssl.truststore.location (PEM) → ssl.ca.location");
      } else {
        out.notes.push_back("kafkastore.ssl.truststore.location: librdkafka cannot read a " +
                            (type.empty() ? std::string("JKS") : type) +
                            " truststore; skipped (use kafkastore.ssl.ca.location with PEM certificates)");
      }
      continue;
    }
    switch (check(k, v, why)) {
      case verdict::ok:
        out.properties[k] = v;
        break;
      case verdict::invalid:
        return invalid(k, why);
      case verdict::unknown:
        out.notes.push_back("kafkastore." + k + " is a Java client property librdkafka does not know; skipped");
        break;
    }
  }
  // A JKS keystore passed through as ssl.keystore.location would fail at connect time with an
  // obscure OpenSSL error; refuse it here instead.
  if (out.properties.count("ssl.keystore.location")) {
    auto type = lower(get(java, "ssl.keystore.type"));
    if (!type.empty() && type != "pkcs12") {
      return invalid("ssl.keystore.location",
                     "librdkafka reads PKCS#12 keystores only; ssl.keystore.type is " + get(java, "ssl.keystore.type") +
                         " (convert it, or use ssl.certificate.location and ssl.key.location with PEM files)");
    }
  }
  return out;
}

}  // namespace tessera::kafkastore
