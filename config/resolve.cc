// config::load(), second half: defaults, deprecated names, computed defaults, rules involving
// several keys, and the typed fields of `settings`.

#include "config/resolve.h"

#include <netdb.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>
#include <thread>

#include "config/property.h"
#include "config/validators.h"

namespace tessera::config {

class settings_builder {
 public:
  settings_builder(const configured_values& configured, std::vector<std::string>& warnings)
      : configured_(configured), warnings_(warnings) {
    for (const auto& p : properties()) s_.raw_[std::string(p.name)] = p.default_value;
    for (const auto& [key, entry] : configured) {
      s_.raw_[key] = entry.first;
      s_.origins_.emplace(key, entry.second);
    }
  }

  result<settings> build() {
    http();
    identity();
    registry();
    storage();
    kafkastore();
    election();
    if (!errors_.empty()) {
      std::string msg;
      for (const auto& e : errors_) msg += (msg.empty() ? "" : "\n") + e;
      return fail(error_code::bad_request, msg);
    }
    s_.warnings = warnings_;
    return std::move(s_);
  }

 private:
  const std::string& get(std::string_view key) const { return s_.raw_.find(std::string(key))->second; }
  bool set_non_empty(std::string_view key) const {
    auto it = configured_.find(key);
    return it != configured_.end() && !it->second.first.empty();
  }
  // " [file x line 3]" for messages about one key, empty for defaults.
  std::string from(std::string_view key) const {
    auto it = configured_.find(key);
    return it == configured_.end() ? std::string() : " [" + it->second.second.where + "]";
  }
  std::int64_t as_int(std::string_view key) const { return parse_int(get(key)).value(); }
  bool as_bool(std::string_view key) const { return parse_bool(get(key)).value(); }
  std::chrono::milliseconds as_ms(std::string_view key) const { return parse_duration(get(key)).value(); }

  // Confluent lets a deprecated name win whenever it is non-empty. With layered sources, a value
  // for the current name from a more specific layer (environment over file, ...) wins instead.
  std::string_view winner(std::string_view current, std::string_view old) const {
    auto old_it = configured_.find(old);
    if (old_it == configured_.end() || old_it->second.first.empty()) return current;
    auto cur_it = configured_.find(current);
    if (cur_it != configured_.end() && cur_it->second.second.source > old_it->second.second.source) return current;
    return old;
  }

  void http() {
    auto protocol_map = parse_protocol_map(get("listener.protocol.map")).value();
    std::string value = get("listeners");
    if (!set_non_empty("listeners") || split_list(value).empty()) {
      value = set_non_empty("port") ? "http://0.0.0.0:" + std::string(trim(get("port")))
                                    : find_property("listeners")->default_value;
    } else if (set_non_empty("port")) {
      warnings_.push_back("'port' is ignored because 'listeners' is set");
    }
    std::set<std::pair<std::string, std::uint16_t>> seen;
    std::string urls;
    for (const auto& item : split_list(value)) {
      auto l = parse_listener(item, protocol_map);
      if (!l) {
        errors_.push_back("invalid value '" + value + "' for listeners: " + l.error().message + from("listeners"));
        continue;
      }
      if (l->port != 0 && !seen.emplace(l->host, l->port).second) {
        errors_.push_back("listeners: " + l->url() + " is listed twice" + from("listeners"));
      }
      urls += (urls.empty() ? "" : ",") + l->url();
      s_.listeners.push_back(std::move(*l));
    }
    s_.raw_["listeners"] = urls;
    s_.http_max_body_bytes = static_cast<std::size_t>(parse_size(get("tessera.http.max.body.bytes")).value());
    if (trim(get("tessera.http.threads")).empty()) {
      s_.http_threads = std::max(1u, std::thread::hardware_concurrency());
      s_.raw_["tessera.http.threads"] = std::to_string(s_.http_threads);
    } else {
      s_.http_threads = static_cast<unsigned>(as_int("tessera.http.threads"));
    }
    s_.http_blocking_threads = static_cast<unsigned>(as_int("tessera.http.blocking.threads"));
    s_.http_request_timeout = as_ms("tessera.http.request.timeout.ms");
    s_.http_keepalive_timeout = as_ms("tessera.http.keepalive.timeout.ms");
    s_.log = parse_log_level(get("tessera.log.level")).value();
  }

  // The inter-instance listener (AbstractSchemaRegistry#getInterInstanceListener): the one named by
  // inter.instance.listener.name, else the last one whose scheme is inter.instance.protocol.
  void identity() {
    s_.host_name = std::string(trim(get("host.name")));
    if (s_.host_name.empty()) s_.host_name = canonical_host_name();
    s_.raw_["host.name"] = s_.host_name;
    s_.inter_instance_protocol =
        to_lower(trim(get(winner("inter.instance.protocol", "schema.registry.inter.instance.protocol"))));
    s_.inter_instance_listener_name = std::string(trim(get("inter.instance.listener.name")));
    s_.inter_instance_headers_whitelist = split_list(get("inter.instance.headers.whitelist"));
    if (s_.listeners.empty()) return;  // already reported
    const listener* chosen = nullptr;
    if (!s_.inter_instance_listener_name.empty()) {
      for (const auto& l : s_.listeners) {
        if (iequals(l.name, s_.inter_instance_listener_name)) chosen = &l;
      }
      if (chosen == nullptr) {
        errors_.push_back("inter.instance.listener.name '" + s_.inter_instance_listener_name +
                          "' names none of the listeners (" + get("listeners") + ")");
        return;
      }
    } else {
      for (const auto& l : s_.listeners) {
        if (l.scheme == s_.inter_instance_protocol) chosen = &l;
      }
      if (chosen == nullptr) {
        errors_.push_back("inter.instance.protocol is " + s_.inter_instance_protocol + " but no listener uses it (" +
                          get("listeners") + ")");
        return;
      }
    }
    s_.advertised_scheme = chosen->scheme;
    s_.advertised_port = set_non_empty("host.port") ? static_cast<std::uint16_t>(as_int("host.port")) : chosen->port;
    s_.raw_["host.port"] = std::to_string(s_.advertised_port);
  }

  void registry() {
    s_.compatibility =
        parse_compatibility(get(winner("schema.compatibility.level", "avro.compatibility.level"))).value();
    s_.mode_mutability = as_bool("mode.mutability");
    bool v8 = trim(get("tessera.incompatible.error.code")) == "40901";
    s_.incompatible_error_code = v8 ? error_code::incompatible_schema_v8 : error_code::conflict;
    s_.schemas_list_max_limit = static_cast<int>(as_int("tessera.schemas.list.max.limit"));
  }

  void storage() {
    bool has_brokers = !split_list(get("kafkastore.bootstrap.servers")).empty();
    auto store = to_lower(trim(get("tessera.store")));
    if (store.empty() && !has_brokers && set_non_empty("kafkastore.connection.url")) {
      // A pre-7.0 Confluent setup (ZooKeeper only) means "use Kafka"; silently serving an empty
      // local store instead would hand out schema ids that clash with the real registry's.
      errors_.push_back("kafkastore.connection.url (ZooKeeper) is not supported; set kafkastore.bootstrap.servers" +
                        from("kafkastore.connection.url"));
    }
    if (store.empty()) store = has_brokers ? "kafka" : "file";
    s_.store = store == "kafka" ? store_kind::kafka : store == "memory" ? store_kind::memory : store_kind::file;
    s_.raw_["tessera.store"] = store;
    if (s_.store == store_kind::kafka && !has_brokers) {
      errors_.push_back("tessera.store is kafka but kafkastore.bootstrap.servers is empty" + from("tessera.store"));
    } else if (s_.store != store_kind::kafka && has_brokers) {
      warnings_.push_back("kafkastore.bootstrap.servers is set but tessera.store is " + store + ": Kafka is not used");
    }
    s_.data_dir = std::string(trim(get("tessera.data.dir")));
    s_.file_fsync = parse_fsync(get("tessera.file.fsync")).value();
    s_.snapshot_dir = std::string(trim(get("tessera.snapshot.dir")));
    s_.snapshot_interval = as_ms("tessera.snapshot.interval.ms");
  }

  void kafkastore() {
    s_.kafkastore_security_protocol = to_upper_ascii(trim(get("kafkastore.security.protocol")));
    auto entries = split_list(get("kafkastore.bootstrap.servers"));
    for (const auto& entry : entries) {
      auto [protocol, host_port] = parse_bootstrap_server(entry).value();
      if (!protocol.empty() && protocol != s_.kafkastore_security_protocol) {
        // As Confluent's endpointsToBootstrapServers does.
        warnings_.push_back("ignoring Kafka endpoint " + entry + ": it does not match kafkastore.security.protocol=" +
                            s_.kafkastore_security_protocol);
        continue;
      }
      s_.kafkastore_bootstrap_servers.push_back(host_port);
    }
    if (!entries.empty() && s_.kafkastore_bootstrap_servers.empty()) {
      errors_.push_back("no endpoint in kafkastore.bootstrap.servers matches kafkastore.security.protocol=" +
                        s_.kafkastore_security_protocol);
    }
    s_.kafkastore_topic = std::string(trim(get("kafkastore.topic")));
    s_.kafkastore_topic_replication_factor = static_cast<int>(as_int("kafkastore.topic.replication.factor"));
    s_.kafkastore_topic_skip_validation = as_bool("kafkastore.topic.skip.validation");
    s_.kafkastore_timeout = as_ms("kafkastore.timeout.ms");
    s_.kafkastore_init_timeout = as_ms("kafkastore.init.timeout.ms");
    s_.kafkastore_write_max_retries = static_cast<int>(as_int("kafkastore.write.max.retries"));
    s_.kafkastore_group_id = std::string(trim(get("kafkastore.group.id")));
    if (s_.kafkastore_group_id.empty()) {
      s_.kafkastore_group_id = "schema-registry-" + s_.host_name + "-" + std::to_string(s_.advertised_port);
      s_.raw_["kafkastore.group.id"] = s_.kafkastore_group_id;
    }
  }

  void election() {
    s_.group_id = std::string(trim(get("schema.registry.group.id")));
    s_.leader_eligibility = as_bool(winner("leader.eligibility", "master.eligibility"));
    s_.leader_election_sticky = as_bool("leader.election.sticky");
    s_.kafkagroup_session_timeout = as_ms("kafkagroup.session.timeout.ms");
    s_.kafkagroup_rebalance_timeout = as_ms("kafkagroup.rebalance.timeout.ms");
    s_.kafkagroup_heartbeat_interval = as_ms("kafkagroup.heartbeat.interval.ms");
    s_.leader_connect_timeout = as_ms("leader.connect.timeout.ms");
    s_.leader_read_timeout = as_ms("leader.read.timeout.ms");
    s_.leader_wait = as_ms("tessera.leader.wait.ms");
    s_.kafkastore_fencing = as_bool("tessera.kafkastore.fencing");
    if (s_.store == store_kind::kafka && s_.kafkagroup_heartbeat_interval >= s_.kafkagroup_session_timeout) {
      // The group coordinator would evict the member between two heartbeats.
      errors_.push_back("kafkagroup.heartbeat.interval.ms (" + get("kafkagroup.heartbeat.interval.ms") +
                        ") must be lower than kafkagroup.session.timeout.ms (" +
                        get("kafkagroup.session.timeout.ms") + ")");
    }
  }

  static std::string to_upper_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
  }

  settings s_;
  const configured_values& configured_;
  std::vector<std::string>& warnings_;
  std::vector<std::string> errors_;
};

result<settings> resolve(const configured_values& configured, std::vector<std::string>& warnings) {
  return settings_builder(configured, warnings).build();
}

std::string canonical_host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "localhost";
  addrinfo hints{};
  hints.ai_flags = AI_CANONNAME;
  hints.ai_family = AF_UNSPEC;
  addrinfo* info = nullptr;
  if (::getaddrinfo(name, nullptr, &hints, &info) != 0 || info == nullptr) return name;
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> guard(info, &::freeaddrinfo);
  if (info->ai_canonname != nullptr && info->ai_canonname[0] != '\0') return info->ai_canonname;
  return name;
}

}  // namespace tessera::config
