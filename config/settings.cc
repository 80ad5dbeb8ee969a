#include "config/settings.h"

#include <algorithm>
#include <array>

#include "config/property.h"
#include "config/validators.h"

namespace tessera::config {

std::string listener::url() const {
  bool v6 = host.find(':') != std::string::npos;
  return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string_view to_string_view(store_kind k) {
  switch (k) {
    case store_kind::file: return "file";
    case store_kind::memory: return "memory";
    case store_kind::kafka: return "kafka";
  }
  return "file";
}

std::string fsync_policy::to_string() const {
  switch (mode) {
    case kind::always: return "always";
    case kind::never: return "never";
    case kind::interval: return "interval:" + std::to_string(interval.count());
  }
  return "always";
}

std::string_view to_string_view(log_level l) {
  switch (l) {
    case log_level::trace: return "trace";
    case log_level::debug: return "debug";
    case log_level::info: return "info";
    case log_level::warn: return "warning";
    case log_level::error: return "error";
    case log_level::critical: return "critical";
    case log_level::off: return "off";
  }
  return "info";
}

std::map<std::string, std::string> settings::with_prefix(std::string_view prefix) const {
  std::map<std::string, std::string> out;
  for (auto it = raw_.lower_bound(std::string(prefix)); it != raw_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    if (it->first.size() > prefix.size()) out.emplace(it->first.substr(prefix.size()), it->second);
  }
  return out;
}

bool settings::is_set(std::string_view key) const { return origins_.find(key) != origins_.end(); }

std::optional<value_origin> settings::origin(std::string_view key) const {
  auto it = origins_.find(key);
  if (it == origins_.end()) return std::nullopt;
  return it->second;
}

std::map<std::string, std::string> settings::kafka_client_properties() const {
  constexpr std::string_view prefix = "kafkastore.";
  constexpr std::string_view topic_config = "kafkastore.topic.config.";
  std::map<std::string, std::string> out;
  for (const auto& [key, where] : origins_) {
    if (key.compare(0, prefix.size(), prefix) != 0 || key.compare(0, topic_config.size(), topic_config) == 0) continue;
    const property* p = find_property(key);
    if (p != nullptr && !p->kafka_client) continue;  // Tessera's own kafkastore setting
    out.emplace(key.substr(prefix.size()), raw_.at(key));
  }
  return out;
}

bool is_sensitive(std::string_view key) {
  auto k = to_lower(key);
  constexpr std::array<std::string_view, 5> markers{"password", "secret", "jaas.config", "credentials", "token"};
  return std::any_of(markers.begin(), markers.end(),
                     [&k](std::string_view m) { return k.find(m) != std::string::npos; });
}

}  // namespace tessera::config
