#pragma once
/// One HTTP connection: a coroutine on the connection's strand that reads a request, has it
/// handled, writes the response, and repeats while keep-alive allows. It only does I/O.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <exception>
#include <memory>
#include <optional>
#include <string>

#include "http/connection_registry.h"
#include "tessera/http/server.h"

namespace tessera::http {

struct server_context;

class session : public std::enable_shared_from_this<session> {
 public:
  /// Takes over an accepted socket whose executor is a strand of its own.
  session(boost::asio::ip::tcp::socket socket, server_context& ctx);

  /// Registers the connection and starts its coroutine; drops it if the server is closing.
  static void launch(boost::asio::ip::tcp::socket socket, server_context& ctx);

  /// Closes the connection if it is waiting for a next request; a busy one closes after its
  /// response, because the registry is closing. Thread-safe.
  void close_if_idle();
  /// Closes the socket now, whatever is in progress. Thread-safe.
  void close_now();

 private:
  boost::asio::awaitable<void> run();
  /// Reads one request into parser_; false when the connection must end.
  boost::asio::awaitable<bool> read_request();
  /// Answers a failed read with a JSON error if the client can still read one.
  boost::asio::awaitable<void> reply_to_read_error(const boost::beast::error_code& ec);
  /// Writes `res` under the write timeout; false on error.
  boost::asio::awaitable<bool> write(response& res);
  /// Half-closes, then discards input for a while so the peer reads our last response before the
  /// socket closes (closing with unread input makes the kernel send a reset).
  boost::asio::awaitable<void> linger_close();
  /// Runs on the strand when the coroutine has ended.
  void finished(std::exception_ptr failure);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;  ///< reused by every request on this connection
  std::string head_;                  ///< response status line + fields, reused likewise
  std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
  server_context& ctx_;
  connection_registry::handle handle_{};
  bool idle_ = false;  ///< waiting for the first byte of a request; strand only
};

}  // namespace tessera::http
