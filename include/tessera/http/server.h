#pragma once
/// The HTTP/1.1 transport: listeners, one coroutine per connection, limits, timeouts and a
/// graceful drain. It knows nothing about routes: every complete request goes to one `handler`
/// (a plain function, so routing is testable without sockets) and its response is written back.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tessera/core/result.h"

namespace tessera::http {

namespace beast_http = boost::beast::http;
using request = beast_http::request<beast_http::string_body>;
using response = beast_http::response<beast_http::string_body>;

/// Turns a request into a response; must not throw (the server still catches and answers 500 JSON).
using handler = std::function<response(request&&)>;

/// True when handling `req` may block (a write waiting for the storage log): such requests run on
/// the blocking pool so no io thread ever waits. It runs on an io thread, so it must be cheap
/// (look at method and path). An empty function means "never blocks".
using block_predicate = std::function<bool(const request&)>;

/// One address to listen on. Port 0 asks the OS for a free port; server::ports() tells which.
struct listener_address {
  std::string host = "0.0.0.0";  ///< IP literal or resolvable name; the first address is used.
  unsigned short port = 8081;
};

/// Transport settings. Defaults follow Confluent's Jetty setup where it has one.
struct server_options {
  std::vector<listener_address> listeners;
  std::size_t max_body_bytes = 16 << 20;               ///< larger bodies get 413
  std::chrono::milliseconds request_timeout{30000};    ///< one request (headers + body), and one write
  std::chrono::milliseconds keepalive_timeout{60000};  ///< idle time allowed between requests
  unsigned threads = 2;                                ///< io_context threads (at least 1)
  unsigned blocking_threads = 64;                      ///< pool for may_block requests (at least 1)
};

/// An HTTP/1.0 and 1.1 server with keep-alive, pipelining-safe sequential handling per connection,
/// `Expect: 100-continue`, and JSON bodies `{"error_code":N,"message":"..."}` for every error the
/// transport itself answers (400, 413, 431, 500). Lifecycle: start() once, then stop() once.
class server {
 public:
  /// Builds a server; nothing is bound until start().
  server(server_options options, handler handle, block_predicate may_block);
  /// Stops without drain if still running.
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Binds and listens on every listener, then starts the io threads. On failure (address in
  /// use, unresolvable host, ...) nothing stays bound and the error names the address.
  [[nodiscard]] result<void> start();

  /// The bound port of each listener, in the order of server_options::listeners.
  std::vector<unsigned short> ports() const;

  /// Stops accepting, closes idle keep-alive connections, lets in-flight requests finish for up
  /// to `drain` (their responses carry `Connection: close`), then closes what is left. Blocks
  /// until all threads have exited. Safe to call more than once and from any thread except the
  /// server's own (a handler must not call it: stop() waits for that handler).
  void stop(std::chrono::milliseconds drain);

  /// Blocks until stop() has completed (returns at once if the server never started).
  void wait();

 private:
  class impl;
  std::unique_ptr<impl> impl_;
};

/// Blocks until SIGTERM or SIGINT arrives, then calls `s.stop(drain)`.
void run_until_signal(server& s, std::chrono::milliseconds drain);

}  // namespace tessera::http
