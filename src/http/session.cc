#include "http/session.h"

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/read.hpp>
#include <chrono>
#include <spdlog/spdlog.h>
#include <string_view>

#include "http/call_handler.h"
#include "http/server_context.h"
#include "http/transport_reply.h"

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace tessera::http {

namespace {

// Expected failures (peer gone, timeouts, cancellation) come back as values, not exceptions.
constexpr auto token = net::as_tuple(net::use_awaitable);

/// The read that waits for the next request on an idle connection; a typical request fits.
constexpr std::size_t idle_read_size = 8192;
/// Bounds of the lingering close (nginx uses 30 s / 5 s; ours only protects one error response).
constexpr std::chrono::seconds linger_total{5};
constexpr std::chrono::seconds linger_read{1};
constexpr std::size_t linger_read_size = 16384;

constexpr std::string_view continue_response = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace

session::session(tcp::socket socket, server_context& ctx) : stream_(std::move(socket)), ctx_(ctx) {}

void session::launch(tcp::socket socket, server_context& ctx) {
  auto s = std::make_shared<session>(std::move(socket), ctx);
  auto handle = ctx.connections.add(s);
  if (!handle) return;  // stop() has begun; the socket closes with `s`
  s->handle_ = *handle;
  auto executor = s->stream_.get_executor();
  net::co_spawn(executor, s->run(), [s](std::exception_ptr failure) { s->finished(failure); });
}

void session::close_if_idle() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    if (self->idle_) self->stream_.cancel();
  });
}

void session::close_now() {
  net::post(stream_.get_executor(), [self = shared_from_this()] { self->stream_.close(); });
}

net::awaitable<void> session::run() {
  while (co_await read_request()) {
    request req = parser_->release();
    const unsigned version = req.version();
    const bool head = req.method() == beast_http::verb::head;
    const bool keep_alive = req.keep_alive();

    response res = co_await call_handler(ctx_, std::move(req));

    // Read after the handler, so a request in flight when stop() begins announces the close.
    const bool keep = finish_response(res, version, keep_alive && !ctx_.connections.closing(), head);
    if (!co_await write(res)) break;
    if (!keep) {
      co_await linger_close();
      co_return;
    }
  }
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

net::awaitable<bool> session::read_request() {
  const server_options& options = ctx_.options;
  if (buffer_.size() == 0) {
    // Idle between requests: only the keep-alive timeout applies until the first byte arrives,
    // and this is the one place where stop() may close the connection without answering.
    if (ctx_.connections.closing()) co_return false;
    idle_ = true;
    stream_.expires_after(options.keepalive_timeout);
    auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(idle_read_size), token);
    idle_ = false;
    if (ec) co_return false;  // peer closed, idle timeout, or stop()
    buffer_.commit(n);
  }

  // From the first byte on, headers and body together must arrive within request_timeout: a
  // client trickling a few bytes at a time (slowloris) is cut off.
  stream_.expires_after(options.request_timeout);
  parser_.emplace();
  parser_->body_limit(options.max_body_bytes);

  auto [hec, hn] = co_await beast_http::async_read_header(stream_, buffer_, *parser_, token);
  if (hec) {
    co_await reply_to_read_error(hec);
    co_return false;
  }
  if (parser_->is_done()) co_return true;  // no body: the common GET

  const auto& header = parser_->get();
  // The client waits for this before sending the body. If body bytes are already buffered it
  // did not wait, and the interim response would only be noise.
  if (header.version() >= 11 && buffer_.size() == 0 &&
      beast::iequals(header[beast_http::field::expect], "100-continue")) {
    auto [cec, cn] = co_await net::async_write(stream_, net::buffer(continue_response), token);
    if (cec) co_return false;
  }

  auto [bec, bn] = co_await beast_http::async_read(stream_, buffer_, *parser_, token);
  if (bec) {
    co_await reply_to_read_error(bec);
    co_return false;
  }
  co_return true;
}

net::awaitable<void> session::reply_to_read_error(const beast::error_code& ec) {
  auto failure = classify_read_error(ec, ctx_.options.max_body_bytes);
  if (!failure) co_return;
  // The rest of the stream cannot be trusted after a bad request, so the connection ends here.
  response res = error_response(failure->status, failure->message);
  res.keep_alive(false);
  if (co_await write(res)) co_await linger_close();
}

net::awaitable<bool> session::write(response& res) {
  stream_.expires_after(ctx_.options.request_timeout);
  // finish_response() has framed the message (Content-Length, never chunked), so head + body is
  // the whole message: one writev instead of Beast's generic serializer.
  write_head(res, head_);
  const std::array<net::const_buffer, 2> message{net::buffer(head_), net::buffer(res.body())};
  auto [ec, n] = co_await net::async_write(stream_, message, token);
  co_return !ec;
}

net::awaitable<void> session::linger_close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  const auto deadline = std::chrono::steady_clock::now() + linger_total;
  while (!ec) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    stream_.expires_at(std::min(deadline, now + linger_read));
    // Prepared but never committed: the bytes are discarded.
    auto [rec, n] = co_await stream_.async_read_some(buffer_.prepare(linger_read_size), token);
    ec = rec;
  }
  stream_.close();
}

void session::finished(std::exception_ptr failure) {
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      spdlog::error("http: connection ended by an exception: {}", e.what());
    } catch (...) {
      spdlog::error("http: connection ended by a non-standard exception");
    }
  }
  ctx_.connections.remove(handle_);
}

}  // namespace tessera::http
