#pragma once
/// One listening socket and its accept loop; every accepted socket gets its own strand and session.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "tessera/core/result.h"
#include "tessera/http/server.h"

namespace tessera::http {

struct server_context;

class listener {
 public:
  /// A listener that is not yet bound.
  listener(boost::asio::io_context& ioc, server_context& ctx);

  /// Binds and listens on `address`; returns the bound port (useful when the port was 0).
  result<unsigned short> open(const listener_address& address);
  /// Starts the accept loop; requires a successful open().
  void start();
  /// Stops accepting: posted onto the acceptor's strand, safe from any thread.
  void close();
  /// Closes the socket directly; only once no io thread runs any more.
  void close_now();

 private:
  boost::asio::awaitable<void> accept_loop();

  boost::asio::io_context& ioc_;
  server_context& ctx_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer backoff_;  ///< pause after accept errors such as EMFILE
};

}  // namespace tessera::http
