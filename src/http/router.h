#pragma once
/// Method + path pattern → handler, as a plain function from request to response so it is
/// testable without sockets. Applies Confluent's context URL prefix, content negotiation and
/// error translation to every route.

#include <functional>
#include <optional>
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
  explicit router(registry& reg, forward_hook forward = {}, node_role_source role = {})
      : registry_(reg), forward_(std::move(forward)), role_(std::move(role)) {}

  /// Handles one request completely; never throws.
  response handle(request&& req) const;
  /// True when the request is routed to a mutating handler (it waits for the log).
  bool may_block(const request& req) const;

 private:
  registry& registry_;
  forward_hook forward_;
  node_role_source role_;
};

/// Percent-decodes a path segment or query component (`+` → space when `plus_is_space`).
std::string percent_decode(std::string_view s, bool plus_is_space);

}  // namespace tessera::http
