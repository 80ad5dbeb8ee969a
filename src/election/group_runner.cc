#include "election/group_runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "election/kafka_errors.h"
#include "election/leader_choice.h"
#include "election/sr_protocol.h"

namespace tessera::election {

using std::chrono::milliseconds;
namespace ke = kafka_error;

namespace {

constexpr auto log_interval = std::chrono::seconds(30);
constexpr auto join_margin = std::chrono::seconds(5);
constexpr const char* protocol_type = "sr";
constexpr const char* protocol_name = "v0";

std::int32_t to_ms(milliseconds d) {
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(d.count(), 0, INT32_MAX));
}

}  // namespace

bool log_throttle::allow(const std::string& key, int& suppressed) {
  auto now = clock::now();
  auto [it, fresh] = entries_.try_emplace(key, entry{now, 0});
  if (fresh || now - it->second.last >= log_interval) {
    suppressed = fresh ? 0 : it->second.suppressed;
    it->second = entry{now, 0};
    return true;
  }
  ++it->second.suppressed;
  return false;
}

group_runner::group_runner(group_options options, validated_options valid, group_member::listener on_change)
    : options_(std::move(options)),
      valid_(std::move(valid)),
      on_change_(std::move(on_change)),
      identity_(options_.identity) {}

// --- main loop --------------------------------------------------------------------------

void group_runner::run() {
  spdlog::info("election: joining group '{}' as {} (eligible: {}, sticky: {})", options_.group_id, identity_.url(),
               identity_.eligible, options_.sticky);
  while (!io_.stopping()) {
    // Nothing may end this thread but stop(): a dead elector leaves the node without a primary
    // until restart (Confluent before 8.3, issues #1696, #3910).
    try {
      loop_once();
    } catch (const std::exception& e) {
      drop_coordinator();
      backoff("exception", std::string("unexpected failure: ") + e.what(), true);
    } catch (...) {
      drop_coordinator();
      backoff("exception", "unexpected failure of unknown type", true);
    }
  }
  try {
    leave();
  } catch (const std::exception& e) {
    spdlog::warn("election: leaving the group failed: {}", e.what());
  }
  revoke("member stopped");
  set_state("stopped");
}

void group_runner::loop_once() {
  check_session();
  if (!coordinator_ || !coordinator_->is_open()) {
    if (!find_coordinator()) return;
  }
  if (need_join_) {
    join_and_sync();
  } else {
    heartbeat_once();
  }
}

clock::time_point group_runner::deadline(milliseconds timeout) const {
  auto d = clock::now() + timeout;
  // While we report a primary, no call may outlast the session: when it ends unconfirmed the
  // broker has evicted us and check_session() must withdraw the primary in time.
  if (last_report_ && last_report_->primary) d = std::min(d, last_contact_ + options_.session_timeout);
  return d;
}

void group_runner::check_session() {
  if (!last_report_ || !last_report_->primary) return;
  auto silent = clock::now() - last_contact_;
  if (silent < options_.session_timeout) return;
  spdlog::warn("election: no heartbeat accepted for {} ms (session timeout {} ms); the coordinator has evicted "
               "this member, so the primary is unknown until the group rebalances",
               std::chrono::duration_cast<milliseconds>(silent).count(), options_.session_timeout.count());
  report(primary_change{});
  need_join_ = true;
}

// --- coordinator discovery --------------------------------------------------------------

bool group_runner::find_coordinator() {
  set_state("discovering");
  const auto& [host, port] = valid_.servers[next_server_ % valid_.servers.size()];
  ++next_server_;
  auto conn = std::make_unique<broker_connection>(io_, valid_.security, valid_.tls, options_.client_id);
  if (auto opened = conn->open(host, port, deadline(options_.request_timeout)); !opened) {
    on_call_failure(opened.error(), "bootstrap");
    return false;
  }
  auto body = conn->call(api_key::find_coordinator, encode_find_coordinator(options_.group_id),
                         deadline(options_.request_timeout));
  if (!body) {
    on_call_failure(body.error(), "FindCoordinator");
    return false;
  }
  auto found = decode_find_coordinator(*body);
  if (!found) {
    on_call_failure(call_fail(call_error::kind::protocol, found.error().message), "FindCoordinator");
    return false;
  }
  if (found->error != ke::none) {
    on_kafka_error(found->error, "FindCoordinator");
    return false;
  }
  if (found->port <= 0 || found->port > 65535) {
    backoff("FindCoordinator-port", "FindCoordinator returned port " + std::to_string(found->port));
    return false;
  }
  coordinator_host_ = found->host;
  coordinator_port_ = static_cast<std::uint16_t>(found->port);
  if (found->host == host && coordinator_port_ == port) {
    coordinator_ = std::move(conn);
  } else {
    conn->close();
    coordinator_ = std::make_unique<broker_connection>(io_, valid_.security, valid_.tls, options_.client_id);
    if (auto opened = coordinator_->open(coordinator_host_, coordinator_port_, deadline(options_.request_timeout));
        !opened) {
      on_call_failure(opened.error(), "coordinator connect");
      return false;
    }
  }
  spdlog::info("election: group coordinator for '{}' is {}", options_.group_id, coordinator_->address());
  publish();
  return true;
}

void group_runner::drop_coordinator() {
  if (coordinator_) coordinator_->close();
  coordinator_.reset();
  publish();
}

void group_runner::reset_member() {
  member_id_.clear();
  generation_ = -1;
  group_leader_ = false;
  need_join_ = true;
}

// --- join and sync ----------------------------------------------------------------------

void group_runner::join_and_sync() {
  set_state("joining");
  // Non-sticky: nobody is primary while the group rebalances (Confluent onRevoked). Sticky
  // keeps the last primary so forwarding does not pause during rolling restarts.
  if (!options_.sticky) revoke("rebalance started");
  join_group_request q;
  q.group_id = options_.group_id;
  q.session_timeout_ms = to_ms(options_.session_timeout);
  q.rebalance_timeout_ms = to_ms(options_.rebalance_timeout);
  q.member_id = member_id_;
  q.protocol_type = protocol_type;
  // Serialised on every join so the sticky `leader` flag is current.
  q.protocols.emplace_back(protocol_name, serialize_identity(identity_));
  auto body = coordinator_->call(api_key::join_group, encode_join_group(q),
                                 deadline(options_.rebalance_timeout + join_margin));
  if (!body) return on_call_failure(body.error(), "JoinGroup");
  auto joined = decode_join_group(*body);
  if (!joined) return on_call_failure(call_fail(call_error::kind::protocol, joined.error().message), "JoinGroup");
  if (joined->error == ke::member_id_required) {
    // KIP-394: the broker hands out the id first; rejoin with it at once.
    member_id_ = joined->member_id;
    publish();
    return;
  }
  if (joined->error != ke::none) return on_kafka_error(joined->error, "JoinGroup");
  member_id_ = joined->member_id;
  generation_ = joined->generation;
  group_leader_ = joined->leader == member_id_;
  publish();
  if (joined->protocol_name != protocol_name) {
    return backoff("JoinGroup-protocol", "the coordinator chose protocol '" + joined->protocol_name +
                                             "' instead of 'v0'", true);
  }
  sync(*joined);
}

void group_runner::sync(const join_group_response& joined) {
  set_state("syncing");
  sync_group_request q;
  q.group_id = options_.group_id;
  q.generation = generation_;
  q.member_id = member_id_;
  if (group_leader_) {
    std::vector<candidate> candidates;
    for (const auto& m : joined.members) {
      auto id = parse_identity(m.metadata);
      if (!id) {
        // Such a member can neither be primary nor collide; it still gets the assignment.
        spdlog::warn("election: member {} sent unreadable metadata ({}); it cannot become primary", m.member_id,
                     id.error().message);
        continue;
      }
      candidates.push_back(candidate{m.member_id, std::move(*id)});
    }
    auto text = serialize_assignment(leader_choice(candidates, options_.sticky));
    spdlog::debug("election: generation {} assignment {}", generation_, text);
    for (const auto& m : joined.members) q.assignments.emplace_back(m.member_id, text);
  }
  // The broker restarts our session when it handles the request, which is after we send it:
  // counting from the send keeps our idea of the session end at or before the broker's.
  auto sent = clock::now();
  auto body = coordinator_->call(api_key::sync_group, encode_sync_group(q), deadline(options_.request_timeout));
  if (!body) return on_call_failure(body.error(), "SyncGroup");
  auto synced = decode_sync_group(*body);
  if (!synced) return on_call_failure(call_fail(call_error::kind::protocol, synced.error().message), "SyncGroup");
  if (synced->error != ke::none) return on_kafka_error(synced->error, "SyncGroup");
  last_contact_ = sent;
  next_heartbeat_ = clock::now() + options_.heartbeat_interval;
  need_join_ = false;
  failures_ = 0;
  last_error_.clear();
  apply_assignment(synced->assignment);
  set_state("stable");
}

void group_runner::apply_assignment(const std::string& payload) {
  primary_change change;
  change.generation = generation_;
  auto parsed = parse_assignment(payload);
  if (!parsed) {
    spdlog::error("election: unreadable assignment in generation {} ({}); no primary known", generation_,
                  parsed.error().message);
    return report(change);
  }
  const assignment& a = *parsed;
  if (a.error == assignment::duplicate_urls) {
    spdlog::error("election: several group members advertise the same URL (DUPLICATE_URLS); no primary until "
                  "they differ. Give each node a host.name that the others can reach. This node is {}",
                  identity_.url());
    change.duplicate_urls = true;
    return report(change);
  }
  if (a.error != assignment::no_error) {
    spdlog::error("election: assignment error {} in generation {}; no primary known", a.error, generation_);
    return report(change);
  }
  if (options_.sticky && a.master_identity) identity_.leader = a.master_identity->same_node(identity_);
  if (!a.master_identity) {
    spdlog::warn("election: no member of group '{}' is leader-eligible; reads are served, writes fail until an "
                 "eligible node joins",
                 options_.group_id);
    return report(change);
  }
  if (!a.master_identity->eligible) {
    spdlog::error("election: the group leader named an ineligible primary {}; treating the primary as unknown",
                  a.master_identity->url());
    return report(change);
  }
  change.primary = a.master_identity;
  change.is_self = (a.master && *a.master == member_id_) || a.master_identity->same_node(identity_);
  report(change);
}

// --- heartbeat and leave ----------------------------------------------------------------

void group_runner::heartbeat_once() {
  set_state("stable");
  auto wake = next_heartbeat_;
  if (last_report_ && last_report_->primary) wake = std::min(wake, last_contact_ + options_.session_timeout);
  if (!io_.sleep_until(wake)) return;
  if (clock::now() < next_heartbeat_) return;  // woke for the session check
  auto sent = clock::now();
  auto body = coordinator_->call(api_key::heartbeat, encode_heartbeat(options_.group_id, generation_, member_id_),
                                 deadline(std::min(options_.request_timeout, options_.session_timeout)));
  if (!body) return on_call_failure(body.error(), "Heartbeat");
  auto code = decode_heartbeat(*body);
  if (!code) return on_call_failure(call_fail(call_error::kind::protocol, code.error().message), "Heartbeat");
  if (*code == ke::none || *code == ke::rebalance_in_progress) {
    last_contact_ = sent;
    next_heartbeat_ = sent + options_.heartbeat_interval;
    failures_ = 0;
    last_error_.clear();
    if (*code == ke::rebalance_in_progress) {
      spdlog::info("election: group '{}' is rebalancing; rejoining", options_.group_id);
      need_join_ = true;
    }
    return;
  }
  on_kafka_error(*code, "Heartbeat");
}

void group_runner::leave() {
  io_.begin_leave();
  if (member_id_.empty() || coordinator_host_.empty()) return;
  set_state("leaving");
  auto until = clock::now() + options_.leave_timeout;
  // The old connection may have been cut mid-request by stop(); a fresh one never waits
  // behind a pending JoinGroup.
  broker_connection conn(io_, valid_.security, valid_.tls, options_.client_id);
  if (auto opened = conn.open(coordinator_host_, coordinator_port_, until); !opened) {
    spdlog::warn("election: could not reach the coordinator to leave the group ({}); the others rebalance after "
                 "the session timeout",
                 opened.error().message);
    return;
  }
  auto body = conn.call(api_key::leave_group, encode_leave_group(options_.group_id, member_id_), until);
  if (!body) {
    spdlog::warn("election: LeaveGroup failed ({})", body.error().message);
    return;
  }
  auto code = decode_leave_group(*body);
  if (!code || *code != ke::none) {
    spdlog::warn("election: LeaveGroup answered {}", code ? kafka_error_name(*code) : code.error().message);
    return;
  }
  spdlog::info("election: left group '{}' (member {})", options_.group_id, member_id_);
}

// --- errors, backoff, reports -----------------------------------------------------------

void group_runner::on_call_failure(const call_error& e, const char* step) {
  if (e.what == call_error::kind::interrupted) return;
  drop_coordinator();
  bool serious = e.what == call_error::kind::unsupported || e.what == call_error::kind::auth;
  backoff(std::string(step) + "-" + std::to_string(static_cast<int>(e.what)), std::string(step) + ": " + e.message,
          serious);
}

void group_runner::on_kafka_error(std::int16_t code, const char* step) {
  std::string message = std::string(step) + " failed: " + kafka_error_name(code);
  switch (code) {
    case ke::not_coordinator:
    case ke::coordinator_not_available:
      drop_coordinator();
      break;
    case ke::unknown_member_id:
    case ke::illegal_generation:
      // The broker no longer counts us as a member: someone else may be primary by now, even
      // in sticky mode.
      revoke("membership lost");
      reset_member();
      break;
    case ke::rebalance_in_progress:
      need_join_ = true;
      failures_ = 0;
      return;  // rejoin at once, as Kafka's clients do
    default:
      break;
  }
  backoff(std::string(step) + "-" + std::to_string(code), message,
          code != ke::coordinator_load_in_progress && code != ke::coordinator_not_available &&
              code != ke::not_coordinator && code != ke::unknown_member_id && code != ke::illegal_generation);
}

void group_runner::backoff(const std::string& key, const std::string& message, bool error_level) {
  check_session();  // a failure at the session's end must withdraw the primary before sleeping
  last_error_ = message;
  publish();
  int suppressed = 0;
  if (throttle_.allow(key, suppressed)) {
    std::string tail = suppressed > 0 ? " (" + std::to_string(suppressed) + " more since the last report)" : "";
    if (error_level) {
      spdlog::error("election: {}; retrying{}", message, tail);
    } else {
      spdlog::warn("election: {}; retrying{}", message, tail);
    }
  }
  // Exponential from retry_backoff to retry_backoff_max with ±20 % jitter, as Kafka's clients.
  auto base = static_cast<double>(options_.retry_backoff.count()) * std::pow(2.0, std::min(failures_, 20));
  base = std::min(base, static_cast<double>(options_.retry_backoff_max.count()));
  static thread_local std::minstd_rand rng(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  ++failures_;
  io_.sleep_until(clock::now() + milliseconds(static_cast<std::int64_t>(base * jitter(rng))));
}

void group_runner::revoke(const std::string& why) {
  if (!last_report_ || (!last_report_->primary && !last_report_->duplicate_urls)) return;
  spdlog::info("election: primary unknown ({})", why);
  report(primary_change{});
}

void group_runner::report(primary_change change) {
  last_report_ = change;
  if (change.primary) {
    spdlog::info("election: generation {}: primary is {}{}", change.generation, change.primary->url(),
                 change.is_self ? " (this node)" : "");
  }
  publish();
  if (!on_change_) return;
  try {
    on_change_(change);
  } catch (const std::exception& e) {
    spdlog::error("election: primary-change listener threw: {}", e.what());
  } catch (...) {
    spdlog::error("election: primary-change listener threw");
  }
}

void group_runner::set_state(const char* state) {
  if (state_ == state) return;
  state_ = state;
  publish();
}

void group_runner::publish() {
  std::lock_guard lock(status_mutex_);
  status_.state = state_;
  status_.member_id = member_id_;
  status_.generation = generation_;
  status_.coordinator = coordinator_ && coordinator_->is_open() ? coordinator_->address() : std::string();
  status_.group_leader = group_leader_;
  status_.primary = last_report_ ? last_report_->primary : std::nullopt;
  status_.last_error = last_error_;
}

group_status group_runner::status() const {
  std::lock_guard lock(status_mutex_);
  return status_;
}

}  // namespace tessera::election
