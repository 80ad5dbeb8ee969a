#include "support/http_client.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/system/system_error.hpp>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace tessera::test {

namespace {

void throw_if(const boost::system::error_code& ec, const char* what) {
  if (ec) throw boost::system::system_error(ec, what);
}

}  // namespace

http_client::http_client(unsigned short port, std::chrono::milliseconds timeout)
    : stream_(ioc_), port_(port), timeout_(timeout) {}

template <class Start>
boost::system::error_code http_client::run(std::chrono::milliseconds timeout, Start start) {
  boost::system::error_code result = net::error::would_block;
  stream_.expires_after(timeout);
  start([&result](boost::system::error_code ec, auto&&...) { result = ec; });
  ioc_.restart();
  ioc_.run();
  return result;
}

void http_client::connect() {
  close();
  buffer_.clear();
  const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port_);
  auto ec = run(timeout_, [&](auto handler) { stream_.async_connect(endpoint, handler); });
  throw_if(ec, "http_client connect");
  ++connects_;
  boost::system::error_code ignored;
  stream_.socket().set_option(tcp::no_delay(true), ignored);
}

void http_client::ensure_connected() {
  if (!is_open()) connect();
}

bool http_client::is_open() const { return stream_.socket().is_open(); }

void http_client::close() {
  boost::system::error_code ignored;
  if (stream_.socket().is_open()) stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

void http_client::send(beast_http::verb method, std::string_view target, std::string body,
                       const http_headers& headers) {
  ensure_connected();
  beast_http::request<beast_http::string_body> req{method, target, 11};
  req.set(beast_http::field::host, "127.0.0.1:" + std::to_string(port_));
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = std::move(body);
  // Lets a test frame the body itself (e.g. a Content-Length without sending the bytes).
  if (!req.has_content_length() && !req.chunked()) req.prepare_payload();
  auto ec = run(timeout_, [&](auto handler) { beast_http::async_write(stream_, req, handler); });
  throw_if(ec, "http_client write");
}

void http_client::send_raw(std::string_view bytes) {
  ensure_connected();
  auto ec = run(timeout_, [&](auto handler) {
    net::async_write(stream_, net::buffer(bytes.data(), bytes.size()), handler);
  });
  throw_if(ec, "http_client write");
}

boost::system::error_code http_client::read_response(http_response& out, bool head) {
  beast_http::response_parser<beast_http::string_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  parser.skip(head);
  auto ec = run(timeout_, [&](auto handler) {
    beast_http::async_read(stream_, buffer_, parser, handler);
  });
  if (!ec) out = parser.release();
  return ec;
}

http_response http_client::read_response(bool head) {
  http_response res;
  throw_if(read_response(res, head), "http_client read");
  return res;
}

http_response http_client::request(beast_http::verb method, std::string_view target,
                                   std::string body, const http_headers& headers) {
  send(method, target, std::move(body), headers);
  http_response res = read_response(method == beast_http::verb::head);
  if (!res.keep_alive()) close();
  return res;
}

http_response http_client::get(std::string_view target, const http_headers& headers) {
  return request(beast_http::verb::get, target, {}, headers);
}

bool http_client::wait_for_close(std::chrono::milliseconds limit) {
  // A timeout makes tcp_stream close the socket, so "still open" is reported only once.
  if (!is_open()) throw std::logic_error("http_client::wait_for_close: client side is closed");
  const auto deadline = std::chrono::steady_clock::now() + limit;
  char scratch[4096];
  buffer_.clear();
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    auto ec = run(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now),
                  [&](auto handler) { stream_.async_read_some(net::buffer(scratch), handler); });
    if (ec == beast::error::timeout) return false;
    if (ec) return true;  // end of stream or reset: the server closed it
  }
}

}  // namespace tessera::test
