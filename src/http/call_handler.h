#pragma once
/// Runs the server's handler for one request: inline on the connection's strand, or on the
/// blocking pool when may_block() says so. Never throws: a throwing handler yields a 500 JSON.

#include <boost/asio/awaitable.hpp>

#include "tessera/http/server.h"

namespace tessera::http {

struct server_context;

/// The handler's response to `req`, or a transport 500 if the handler (or may_block) threw.
boost::asio::awaitable<response> call_handler(server_context& ctx, request req);

}  // namespace tessera::http
