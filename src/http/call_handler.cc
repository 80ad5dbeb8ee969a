#include "http/call_handler.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <spdlog/spdlog.h>

#include "http/server_context.h"
#include "http/transport_reply.h"

namespace net = boost::asio;

namespace tessera::http {

namespace {

/// Runs the handler on a pool thread. co_spawn's completion is dispatched back to the awaiting
/// coroutine's executor (the connection's strand), so the io thread is free meanwhile.
net::awaitable<response> run_on_pool(server_context& ctx, request req) {
  return net::co_spawn(
      ctx.blocking_pool.get_executor(),
      [&ctx, r = std::move(req)]() mutable -> net::awaitable<response> {
        co_return ctx.handle(std::move(r));
      },
      net::use_awaitable);
}

}  // namespace

net::awaitable<response> call_handler(server_context& ctx, request req) {
  // A co_await is not allowed inside a catch block, so the failure is recorded and answered after.
  std::exception_ptr failure;
  try {
    if (ctx.may_block && ctx.may_block(req)) {
      co_return co_await run_on_pool(ctx, std::move(req));
    }
    co_return ctx.handle(std::move(req));
  } catch (...) {
    failure = std::current_exception();
  }
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    spdlog::error("http: request handler threw: {}", e.what());
  } catch (...) {
    spdlog::error("http: request handler threw a non-standard exception");
  }
  // The text stays generic: exception messages may expose internals to clients.
  co_return error_response(beast_http::status::internal_server_error, "Internal Server Error");
}

}  // namespace tessera::http
