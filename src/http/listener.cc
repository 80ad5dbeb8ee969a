#include "http/listener.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>
#include <string>

#include "http/server_context.h"
#include "http/session.h"

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace tessera::http {

namespace {

constexpr auto token = net::as_tuple(net::use_awaitable);

std::string describe(const listener_address& a) { return a.host + ":" + std::to_string(a.port); }

/// An IP literal is used as is; anything else goes through the resolver (first address wins).
result<tcp::endpoint> resolve(net::io_context& ioc, const listener_address& a) {
  boost::system::error_code ec;
  auto ip = net::ip::make_address(a.host, ec);
  if (!ec) return tcp::endpoint(ip, a.port);
  tcp::resolver resolver(ioc);
  auto found = resolver.resolve(a.host, std::to_string(a.port),
                                tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || found.empty()) {
    return fail(error_code::internal, "cannot resolve listener host " + describe(a) + ": " +
                                          (ec ? ec.message() : std::string("no address")));
  }
  return found.begin()->endpoint();
}

}  // namespace

listener::listener(net::io_context& ioc, server_context& ctx)
    : ioc_(ioc), ctx_(ctx), acceptor_(net::make_strand(ioc)), backoff_(acceptor_.get_executor()) {}

result<unsigned short> listener::open(const listener_address& address) {
  auto endpoint = resolve(ioc_, address);
  if (!endpoint) return endpoint.error();

  auto failed = [&](const char* step, const boost::system::error_code& ec) {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    return fail(error_code::internal, std::string("cannot listen on ") + describe(address) + " (" +
                                          step + "): " + ec.message());
  };
  boost::system::error_code ec;
  if (acceptor_.open(endpoint->protocol(), ec); ec) return failed("open", ec);
  // SO_REUSEADDR lets a restarted server bind while old connections sit in TIME_WAIT; on Linux
  // it does not let two live listeners share a port.
  if (acceptor_.set_option(net::socket_base::reuse_address(true), ec); ec) return failed("setsockopt", ec);
  if (acceptor_.bind(*endpoint, ec); ec) return failed("bind", ec);
  if (acceptor_.listen(net::socket_base::max_listen_connections, ec); ec) return failed("listen", ec);
  return acceptor_.local_endpoint().port();
}

void listener::start() { net::co_spawn(acceptor_.get_executor(), accept_loop(), net::detached); }

void listener::close() {
  net::post(acceptor_.get_executor(), [this] { close_now(); });
}

void listener::close_now() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  backoff_.cancel();
}

net::awaitable<void> listener::accept_loop() {
  for (;;) {
    // Each connection gets its own strand: its coroutine, timers and close requests serialize
    // there while io threads serve other connections in parallel.
    tcp::socket socket(net::make_strand(ioc_));
    auto [ec] = co_await acceptor_.async_accept(socket, token);
    if (!acceptor_.is_open()) co_return;
    if (ec) {
      if (ec == net::error::operation_aborted) co_return;
      // Typically out of file descriptors: pause rather than spin; the backlog holds clients.
      spdlog::warn("http: accept failed: {}", ec.message());
      backoff_.expires_after(std::chrono::milliseconds(50));
      co_await backoff_.async_wait(token);
      continue;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    session::launch(std::move(socket), ctx_);
  }
}

}  // namespace tessera::http
