#include "cluster/write_forwarder.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "json/json.h"
#include "tessera/core/registry.h"

namespace tessera::cluster {

namespace {

namespace beast_http = boost::beast::http;

/// Confluent's RequestHeaderBuilder set: the only client headers a primary sees.
constexpr std::array<std::string_view, 5> forwarded_headers{
    "Content-Type", "Accept", "Confluent-Accept-Unknown-Properties", "Authorization", "X-Request-ID"};

/// Counts how often a request was forwarded, so two nodes with stale, crossed views of the
/// primary bounce a write at most once instead of forever (Confluent has no such limit).
constexpr std::string_view hops_header = "X-Tessera-Forward-Hops";
constexpr int max_hops = 2;

/// Whether the node forwarded to declined the write with 50004 ("Leader not known"). Tessera
/// answers it only before writing anything (no primary known, no longer the primary, leaving,
/// a third hop) and Confluent only when it knows no leader, so the write did not happen there.
bool declined(const http::response& answer) {
  if (answer.result() != beast_http::status::internal_server_error) return false;
  json::document doc;
  if (json::parse(answer.body(), doc) || !doc.IsObject()) return false;
  auto code = doc.FindMember("error_code");
  return code != doc.MemberEnd() && code->value.IsInt() &&
         code->value.GetInt() == static_cast<int>(error_code::unknown_leader);
}

int hops_of(const http::request& req) {
  auto it = req.find(hops_header);
  if (it == req.end()) return req.find("X-Forward") != req.end() ? 1 : 0;
  int n = 0;
  auto v = it->value();
  std::from_chars(v.data(), v.data() + v.size(), n);
  return n;
}

}  // namespace

write_forwarder::write_forwarder(primary_state& primary, registry& reg, forwarding_options options)
    : primary_(primary), registry_(reg), options_(std::move(options)), client_(options_.client) {}

http::request write_forwarder::outgoing(const http::request& req, int hops) const {
  http::request out{req.method(), req.target(), 11};
  for (auto name : forwarded_headers) {
    if (auto it = req.find(name); it != req.end() && !it->value().empty()) out.set(name, it->value());
  }
  for (const auto& name : options_.extra_headers) {
    if (auto it = req.find(name); it != req.end() && !it->value().empty()) out.set(name, it->value());
  }
  out.set("X-Forward", "true");
  out.set(hops_header, std::to_string(hops));
  out.body() = req.body();
  return out;
}

result<http::forwarded_reply> write_forwarder::no_primary() const {
  if (primary_.has_left()) {
    return fail(error_code::unknown_leader,
                "Leader not known. This node is shutting down and has left the election; send the request to "
                "another node.");
  }
  return fail(error_code::unknown_leader,
              "Leader not known. No eligible primary is elected; writes are refused until one is "
              "(leader.eligibility).");
}

std::optional<result<http::forwarded_reply>> write_forwarder::forward(const http::request& req) {
  const auto deadline = std::chrono::steady_clock::now() + options_.wait_for_primary;
  auto left = [&] {
    return std::max(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()),
                    std::chrono::milliseconds(0));
  };
  auto primary = primary_.current();
  const int hops = hops_of(req) + 1;
  // Only the node the client called sends a declined write on; a node in the middle passes the
  // 50004 back. A write then waits in one place, crossed views cost one bounded loop rather than
  // one per hop, and no nested wait outlasts the caller's leader.read.timeout.ms (a timeout is
  // never retried).
  const bool entry = hops == 1;
  bool declined_before = false;
  for (;;) {
    if (!primary) primary = primary_.wait_known(left());
    if (!primary) return no_primary();
    if (primary->self) return std::nullopt;
    if (hops > max_hops) {
      return result<http::forwarded_reply>(
          fail(error_code::unknown_leader, "Leader not known. This node is not the primary either (it believes " +
                                               primary->url +
                                               " is); the nodes' views of the primary differ, retry shortly."));
    }
    auto target = forward_target::parse(primary->url);
    if (!target) return result<http::forwarded_reply>(target.error());
    bool never_sent = false;
    auto answer = client_.send(*target, outgoing(req, hops), &never_sent);
    const auto failed = primary;
    if (answer) {
      if (!entry || !declined(*answer)) return pass_through(std::move(*answer));
      // That node was not the primary (any more, or not yet, or it is shutting down), so nothing
      // was written there and sending the write again is safe, deletes included. Wait briefly for
      // this node's view to move on; if it does not, ask the same node again, as it may be the
      // primary without knowing it yet. A node that left hears of no change: it gives up now.
      if (!declined_before) {
        spdlog::info("{} {} forwarded to {} was declined (not the primary there); sending it to the next primary",
                     std::string(req.method_string()), std::string(req.target()), failed->url);
        declined_before = true;
      }
      primary = primary_.wait_change(failed, std::min(left(), options_.declined_retry));
      if (primary == failed && (left().count() == 0 || primary_.has_left())) return pass_through(std::move(*answer));
      continue;
    }
    spdlog::warn("forwarding {} {} to the primary {} failed: {}", std::string(req.method_string()),
                 std::string(req.target()), primary->url, answer.error().message);
    // A primary that cannot be reached has usually died: hold the write until the election names
    // the next one, rather than failing it under the client. Safe when the request never left,
    // and for every write but a delete (registering or configuring twice gives the same result;
    // a repeated delete would answer 404 for a delete that happened).
    bool may_retry = never_sent || req.method() != beast_http::verb::delete_;
    if (may_retry && left().count() > 0) primary = primary_.wait_change(failed, left());
    if (!may_retry || primary == failed) {
      return result<http::forwarded_reply>(
          fail(error_code::forwarding_failed,
               "Error while forwarding the request to the leader " + failed->url + ": " + answer.error().message));
    }
  }
}

std::optional<result<http::forwarded_reply>> write_forwarder::pass_through(http::response answer) {
  auto status = answer.result_int();
  if (status >= 200 && status < 300) {
    // The primary answered once the write was applied there; wait until this node has read it
    // too, so the client's next read here sees its own write.
    if (auto synced = registry_.sync_with_log(); !synced) {
      spdlog::warn("a forwarded write succeeded but this node has not read it yet: {}", synced.error().message);
    }
  }
  http::forwarded_reply reply;
  reply.status = static_cast<int>(status);
  if (auto it = answer.find(beast_http::field::content_type); it != answer.end()) {
    reply.content_type = std::string(it->value());
  }
  reply.body = std::move(answer.body());
  return result<http::forwarded_reply>(std::move(reply));
}

}  // namespace tessera::cluster
