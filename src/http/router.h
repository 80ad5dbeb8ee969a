#pragma once
/// Method + path pattern → handler, as a plain function from request to response so it is
/// testable without sockets. Applies Confluent's context URL prefix, content negotiation and
/// error translation to every route.

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

class router {
 public:
  explicit router(registry& reg) : registry_(reg) {}

  /// Handles one request completely; never throws.
  response handle(request&& req) const;
  /// True when the request is routed to a mutating handler (it waits for the log).
  bool may_block(const request& req) const;

 private:
  registry& registry_;
};

/// Percent-decodes a path segment or query component (`+` → space when `plus_is_space`).
std::string percent_decode(std::string_view s, bool plus_is_space);

}  // namespace tessera::http
