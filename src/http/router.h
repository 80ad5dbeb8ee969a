#pragma once
/// Method + path pattern → handler, as a plain function from request to response so it is
/// testable without sockets. Applies Confluent's context URL prefix, content negotiation and
/// error translation to every route.

#include <functional>
#include <optional>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/error_reply.h"
#include "http/request_context.h"
#include "tessera/http/server.h"

namespace tessera {
class registry;
}

namespace tessera::http {

using route_handler = api_response (*)(const request_context&, registry&);

struct route {
  std::string_view method;
  std::string_view pattern;  ///< e.g. "/subjects/{subject}/versions/{version}"
  route_handler handle;
  bool takes_body = false;   ///< checks Content-Type and reads the body
  bool mutates = false;      ///< writes to the log (may block; forwarded to the primary later)
  /// The answer before the registry is ready; nullptr = the "not ready" error (503, 50002).
  api_response (*while_starting)() = nullptr;
  /// For a mutating route: the answer this node gives itself before forwarding to the primary,
  /// if any (a registration of a schema the subject already holds, as Confluent does).
  std::optional<api_response> (*answer_locally)(const request_context&, registry&) = nullptr;
};

/// The single route table (routes.cc).
const std::vector<route>& routes();

/// A write answered by the primary, passed through as it came.
struct forwarded_reply {
  int status = 200;
  std::string content_type;
  std::string body;
};

/// Where a follower sends writes: nullopt = this node is the primary, handle here; otherwise the
/// primary's reply or an error (50003/50004). Empty = a single node, always handle here.
using forward_hook = std::function<std::optional<result<forwarded_reply>>(const request&)>;

class router {
 public:
  /// A router serving `reg` (which answers once it is ready).
  explicit router(registry& reg) : registry_(&reg) {}
  /// A router with no registry yet: every route gives its starting answer until attach().
  router() = default;

  /// Makes this router one node of several: writes go through `forward` (to the primary when
  /// this node is not it) and the operator endpoints show `role`. Call before attach().
  void join_cluster(forward_hook forward, node_role_source role) {
    forward_ = std::move(forward);
    role_ = std::move(role);
  }
  /// Serves `reg` from now on (once it reports ready).
  void attach(registry& reg) { registry_.store(&reg); }
  /// Why the registry is not serving yet, for the "not ready" error (e.g. "Kafka unreachable").
  void set_starting_reason(std::string reason);

  /// Handles one request completely; never throws.
  response handle(request&& req) const;
  /// True when the request is routed to a mutating handler (it waits for the log).
  bool may_block(const request& req) const;

 private:
  std::atomic<registry*> registry_{nullptr};
  std::atomic<std::shared_ptr<const std::string>> starting_reason_{
      std::make_shared<const std::string>("the schema log is being replayed")};
  // Set once by join_cluster() before attach(); read only after registry_ is seen non-null.
  forward_hook forward_;
  node_role_source role_;
};

/// The answer of every route without its own starting answer while the registry is not ready:
/// HTTP 503, `{"error_code":50002,"message":"Schema registry is not ready: <reason>"}`.
api_response not_ready_reply(std::string_view reason);

/// Percent-decodes a path segment or query component (`+` → space when `plus_is_space`).
std::string percent_decode(std::string_view s, bool plus_is_space);

}  // namespace tessera::http
