#pragma once
/// A small synchronous HTTP/1.1 client for tests: one connection to 127.0.0.1:port, reused
/// across requests (keep-alive), with a timeout on every step so a broken server fails a test
/// instead of hanging it. Not thread-safe; use one client per thread.

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tessera::test {

namespace beast_http = boost::beast::http;
using http_response = beast_http::response<beast_http::string_body>;
using http_headers = std::vector<std::pair<std::string, std::string>>;

class http_client {
 public:
  /// A client for 127.0.0.1:`port`; connects lazily. `timeout` bounds each connect/read/write.
  explicit http_client(unsigned short port,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));

  /// Sends one request and reads its response, connecting first if needed; closes the client
  /// side when the response says `Connection: close`. Throws boost::system::system_error.
  http_response request(beast_http::verb method, std::string_view target, std::string body = {},
                        const http_headers& headers = {});
  /// GET `target`.
  http_response get(std::string_view target, const http_headers& headers = {});

  /// Opens the connection now; throws on failure.
  void connect();
  /// Writes one request without reading its response (pipelining, slow handlers).
  void send(beast_http::verb method, std::string_view target, std::string body = {},
            const http_headers& headers = {});
  /// Writes raw bytes, e.g. a malformed or partial request.
  void send_raw(std::string_view bytes);
  /// Reads one response; `head` means the request was HEAD, so no body follows.
  boost::system::error_code read_response(http_response& out, bool head = false);
  /// Reads one response; throws on failure.
  http_response read_response(bool head = false);
  /// Reads and discards until the server closes the connection; true if it closed within
  /// `limit`, false if it was still open then.
  bool wait_for_close(std::chrono::milliseconds limit);

  /// Whether the client-side socket is open.
  bool is_open() const;
  /// TCP connections opened so far; a keep-alive test expects 1.
  std::size_t connects() const { return connects_; }
  /// Closes the client side.
  void close();

 private:
  /// Runs the io_context until the operation started by `start` has completed.
  template <class Start>
  boost::system::error_code run(std::chrono::milliseconds timeout, Start start);
  void ensure_connected();

  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  unsigned short port_;
  std::chrono::milliseconds timeout_;
  std::size_t connects_ = 0;
};

}  // namespace tessera::test
