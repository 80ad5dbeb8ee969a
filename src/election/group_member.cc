#include "election/group_member.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "election/group_runner.h"

namespace tessera::election {

result<validated_options> validate_options(const group_options& o) {
  auto bad = [](const std::string& m) { return fail(error_code::store_error, "primary election: " + m); };
  validated_options v;
  std::string_view rest = o.bootstrap_servers;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto entry = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
    while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
    if (entry.empty()) continue;
    auto hp = split_host_port(entry);
    if (!hp) return bad("bootstrap server '" + std::string(entry) + "' is not host:port");
    v.servers.push_back(std::move(*hp));
  }
  if (v.servers.empty()) return bad("no bootstrap servers (kafkastore.bootstrap.servers)");
  if (o.group_id.empty()) return bad("schema.registry.group.id is empty");
  if (o.identity.host.empty()) return bad("the advertised host (host.name) is empty");
  if (o.identity.port <= 0 || o.identity.port > 65535) {
    return bad("the advertised port " + std::to_string(o.identity.port) + " is out of range");
  }
  if (o.identity.scheme != "http" && o.identity.scheme != "https") {
    return bad("the advertised scheme '" + o.identity.scheme + "' is not http or https");
  }
  if (o.session_timeout.count() <= 0 || o.heartbeat_interval.count() <= 0) {
    return bad("kafkagroup.session.timeout.ms and kafkagroup.heartbeat.interval.ms must be positive");
  }
  if (o.heartbeat_interval >= o.session_timeout) {
    return bad("kafkagroup.heartbeat.interval.ms (" + std::to_string(o.heartbeat_interval.count()) +
               ") must be lower than kafkagroup.session.timeout.ms (" + std::to_string(o.session_timeout.count()) +
               ")");
  }
  if (o.rebalance_timeout.count() <= 0 || o.request_timeout.count() <= 0 || o.retry_backoff.count() <= 0 ||
      o.retry_backoff_max < o.retry_backoff || o.leave_timeout.count() <= 0) {
    return bad("rebalance, request and leave timeouts must be positive, and retry.backoff.max.ms at least "
               "retry.backoff.ms");
  }
  if (o.client_id.empty() || o.client_id.size() > 0x7fff) return bad("client id must be 1..32767 bytes");
  auto security = parse_security(o.client_properties);
  if (!security) return security.error();
  v.security = std::move(*security);
  auto tls = make_tls_context(v.security);
  if (!tls) return tls.error();
  v.tls = std::move(*tls);
  return v;
}

result<void> validate(const group_options& options) {
  auto v = validate_options(options);
  if (!v) return v.error();
  return {};
}

group_member::group_member(group_options options, listener on_change) {
  auto valid = validate_options(options);
  if (!valid) throw std::invalid_argument(valid.error().message);
  runner_ = std::make_unique<group_runner>(std::move(options), std::move(*valid), std::move(on_change));
}

group_member::~group_member() { stop(); }

void group_member::start() {
  std::lock_guard lock(lifecycle_);
  if (stopped_ || thread_.joinable()) return;
  thread_ = std::thread([runner = runner_.get()] { runner->run(); });
}

void group_member::stop() {
  std::lock_guard lock(lifecycle_);
  if (stopped_) return;
  stopped_ = true;
  runner_->request_stop();
  if (thread_.joinable()) thread_.join();
}

group_status group_member::current_status() const { return runner_->status(); }

}  // namespace tessera::election
