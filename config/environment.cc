#include "config/environment.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>

#include "config/validators.h"

extern char** environ;  // POSIX; declared by no standard header

namespace tessera::config {

namespace {

// Variables the Confluent image's JVM launcher reads itself; they are not registry properties.
constexpr std::array<std::string_view, 8> launcher_variables{
    "SCHEMA_REGISTRY_OPTS",      "SCHEMA_REGISTRY_HEAP_OPTS",    "SCHEMA_REGISTRY_JVM_PERFORMANCE_OPTS",
    "SCHEMA_REGISTRY_JMX_OPTS",  "SCHEMA_REGISTRY_JMX_HOSTNAME", "SCHEMA_REGISTRY_JMX_PORT",
    "SCHEMA_REGISTRY_CLASSPATH", "SCHEMA_REGISTRY_LOG4J_OPTS"};
constexpr std::string_view log4j_prefix = "SCHEMA_REGISTRY_LOG4J_";
constexpr std::string_view log4j_root_level = "SCHEMA_REGISTRY_LOG4J_ROOT_LOGLEVEL";

bool is_service_link(std::string_view name) {
  static const std::regex pattern("SCHEMA_REGISTRY_(SERVICE_HOST|SERVICE_PORT(_.*)?|PORT_[0-9]+_(TCP|UDP|SCTP)(_.*)?)");
  return std::regex_match(name.begin(), name.end(), pattern);
}

bool looks_like_service_link_value(std::string_view value) {
  value = trim(value);
  for (std::string_view scheme : {"tcp://", "udp://", "sctp://"}) {
    if (value.substr(0, scheme.size()) == scheme) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> env_to_property(std::string_view env_name) {
  if (env_name.size() <= env_prefix.size() || env_name.substr(0, env_prefix.size()) != env_prefix) {
    return std::nullopt;
  }
  std::string_view name = env_name.substr(env_prefix.size());
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    if (name[i] != '_') {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
      ++i;
      continue;
    }
    std::size_t run = 0;
    while (i + run < name.size() && name[i + run] == '_') ++run;
    bool inner = i > 0 && i + run < name.size();
    if (run == 1) {
      out += inner ? '.' : '_';  // a lone edge underscore has no separator meaning
    } else {
      // Greedy like the image's ReplaceAll("___", "-") then ReplaceAll("__", "_").
      out.append(run / 3, '-');
      if (run % 3 != 0) out += '_';
    }
    i += run;
  }
  return out;
}

std::string property_to_env(std::string_view property) {
  std::string out(env_prefix);
  for (char c : property) {
    if (c == '.') out += '_';
    else if (c == '_') out += "__";
    else if (c == '-') out += "___";
    else out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

env_scan scan_environment(const std::map<std::string, std::string>& environment) {
  env_scan scan;
  for (const auto& [name, value] : environment) {
    auto property = env_to_property(name);
    if (!property) continue;
    if (name == log4j_root_level) {
      scan.log4j_root_level = env_entry{name, "tessera.log.level", value};
      continue;
    }
    if (std::find(launcher_variables.begin(), launcher_variables.end(), name) != launcher_variables.end() ||
        std::string_view(name).substr(0, log4j_prefix.size()) == log4j_prefix || is_service_link(name)) {
      continue;
    }
    if (name == "SCHEMA_REGISTRY_PORT" && looks_like_service_link_value(value)) {
      scan.warnings.push_back("ignoring SCHEMA_REGISTRY_PORT=" + value +
                              ": it is a Kubernetes service link, not a port (set enableServiceLinks: false in the "
                              "pod spec, or name the Service differently)");
      continue;
    }
    scan.entries.push_back({name, std::move(*property), value});
  }
  return scan;
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return out;
}

}  // namespace tessera::config
