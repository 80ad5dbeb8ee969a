#include "cluster/forward_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace tessera::cluster {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

/// One keep-alive connection with its own io_context, so a blocking caller can drive async
/// operations (which honour deadlines) without sharing an event loop with anyone.
struct forward_client::connection {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool connected = false;
};

result<forward_target> forward_target::parse(const std::string& url) {
  constexpr std::string_view scheme = "http://";
  if (url.rfind(scheme, 0) != 0) {
    return fail(error_code::forwarding_failed, "cannot forward to " + url + ": only http:// primaries are supported");
  }
  auto rest = url.substr(scheme.size());
  if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  auto colon = rest.rfind(':');
  if (colon == std::string::npos || colon + 1 == rest.size() || colon == 0) {
    return fail(error_code::forwarding_failed, "cannot forward to " + url + ": no host:port");
  }
  forward_target t{rest.substr(0, colon), rest.substr(colon + 1)};
  if (t.host.size() > 2 && t.host.front() == '[' && t.host.back() == ']') t.host = t.host.substr(1, t.host.size() - 2);
  return t;
}

forward_client::forward_client(forward_client_options options) : options_(options) {}

forward_client::~forward_client() = default;

void forward_client::clear() {
  std::lock_guard lock(mu_);
  idle_.clear();
}

std::unique_ptr<forward_client::connection> forward_client::take_idle(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = idle_.find(key);
  if (it == idle_.end() || it->second.empty()) return nullptr;
  auto c = std::move(it->second.back());
  it->second.pop_back();
  return c;
}

void forward_client::give_back(const std::string& key, std::unique_ptr<connection> c) {
  std::lock_guard lock(mu_);
  auto& list = idle_[key];
  if (list.size() < options_.max_idle_per_target) list.push_back(std::move(c));
}

result<http::response> forward_client::exchange(connection& c, const forward_target& target,
                                                const http::request& req, bool& unsent, bool& not_connected) {
  unsent = true;
  not_connected = !c.connected;
  beast::error_code failure;
  std::string step;
  c.ioc.restart();
  if (!c.connected) {
    tcp::resolver resolver(c.ioc);
    auto endpoints = resolver.resolve(target.host, target.port, failure);
    if (failure) return fail(error_code::forwarding_failed, "resolving " + target.key() + ": " + failure.message());
    c.stream.expires_after(options_.connect_timeout);
    c.stream.async_connect(endpoints, [&](beast::error_code ec, const tcp::endpoint&) {
      failure = ec;
      step = "connecting to";
    });
    c.ioc.run();
    if (failure) return fail(error_code::forwarding_failed, step + " " + target.key() + ": " + failure.message());
    c.stream.socket().set_option(tcp::no_delay(true));
    c.connected = true;
    not_connected = false;
    c.ioc.restart();
  }
  beast::http::response_parser<beast::http::string_body> parser;
  parser.body_limit(options_.max_response_bytes);
  c.stream.expires_after(options_.read_timeout);
  beast::http::async_write(c.stream, req, [&](beast::error_code ec, std::size_t) {
    if (ec) {
      failure = ec;
      step = "sending the request to";
      return;
    }
    beast::http::async_read_header(c.stream, c.buffer, parser, [&](beast::error_code ec2, std::size_t) {
      if (ec2) {
        failure = ec2;
        step = "waiting for the answer of";
        return;
      }
      unsent = false;
      beast::http::async_read(c.stream, c.buffer, parser, [&](beast::error_code ec3, std::size_t) {
        if (ec3) {
          failure = ec3;
          step = "reading the answer of";
        }
      });
    });
  });
  c.ioc.run();
  if (failure) {
    c.connected = false;
    // A timeout may mean the primary is working on it: never worth a second copy.
    if (failure == beast::error::timeout) unsent = false;
    auto what = failure == beast::error::timeout ? std::string("timed out (leader.read.timeout.ms)") : failure.message();
    return fail(error_code::forwarding_failed, step + " " + target.key() + ": " + what);
  }
  return parser.release();
}

result<http::response> forward_client::send(const forward_target& target, http::request req, bool* never_sent) {
  req.set(beast::http::field::host, target.key());
  req.keep_alive(true);
  req.prepare_payload();
  auto key = target.key();
  // A pooled connection may have been closed by the primary while idle: the request then never
  // arrived (no answer began, no timeout), so one more try on a fresh connection is safe.
  for (bool pooled = true;;) {
    auto c = pooled ? take_idle(key) : nullptr;
    pooled = c != nullptr;
    if (!c) c = std::make_unique<connection>();
    bool unsent = true;
    bool not_connected = false;
    auto res = exchange(*c, target, req, unsent, not_connected);
    if (never_sent) *never_sent = !res && not_connected;
    if (res) {
      if (res->keep_alive()) give_back(key, std::move(c));
      return res;
    }
    if (!(pooled && unsent)) return res.error();
    pooled = false;
  }
}

}  // namespace tessera::cluster
