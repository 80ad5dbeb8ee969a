// The HTTP transport over real sockets on 127.0.0.1, port 0.

#include "tessera/http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/system/system_error.hpp>
#include <chrono>
#include <csignal>
#include <future>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"

namespace {

namespace th = tessera::http;
namespace bh = boost::beast::http;
using namespace std::chrono_literals;
using tessera::test::http_client;

th::response text(bh::status status, std::string body) {
  th::response res{status, 11};
  res.set(bh::field::content_type, "text/plain");
  res.body() = std::move(body);
  return res;
}

/// Answers "<METHOD> <target>[ <body>]".
th::response echo(th::request&& req) {
  std::string out = std::string(req.method_string()) + " " + std::string(req.target());
  if (!req.body().empty()) out += " " + req.body();
  return text(bh::status::ok, std::move(out));
}

th::server_options loopback(th::server_options options = {}) {
  if (options.listeners.empty()) options.listeners.push_back({"127.0.0.1", 0});
  return options;
}

/// A started server on a free loopback port, stopped at scope exit.
struct running_server {
  explicit running_server(th::handler h, th::server_options options = {},
                          th::block_predicate may_block = {})
      : srv(loopback(std::move(options)), std::move(h), std::move(may_block)) {
    auto started = srv.start();
    if (!started) throw std::runtime_error(started.error().message);
    port = srv.ports().at(0);
  }
  ~running_server() { srv.stop(1s); }

  th::server srv;
  unsigned short port = 0;
};

std::string json_error(int code, const std::string& message) {
  return "{\"error_code\":" + std::to_string(code) + ",\"message\":\"" + message + "\"}";
}

TEST(HttpServer, AnswersSimpleGet) {
  running_server s(echo);
  http_client client(s.port);
  auto res = client.get("/hello");
  EXPECT_EQ(res.result(), bh::status::ok);
  EXPECT_EQ(res.body(), "GET /hello");
  EXPECT_EQ(res[bh::field::content_length], "10");
  EXPECT_EQ(res[bh::field::content_type], "text/plain");
  EXPECT_EQ(res.version(), 11u);
  EXPECT_TRUE(res.keep_alive());
}

TEST(HttpServer, KeepAliveReusesOneConnectionForManyRequests) {
  std::atomic<int> calls{0};
  running_server s([&](th::request&& req) {
    ++calls;
    return echo(std::move(req));
  });
  http_client client(s.port);
  for (int i = 0; i < 200; ++i) {
    auto target = "/r/" + std::to_string(i);
    auto res = client.request(bh::verb::post, target, "b" + std::to_string(i));
    ASSERT_EQ(res.body(), "POST " + target + " b" + std::to_string(i));
  }
  EXPECT_EQ(client.connects(), 1u);
  EXPECT_EQ(calls.load(), 200);
}

TEST(HttpServer, PipelinedRequestsAreAnsweredInOrder) {
  running_server s(echo);
  http_client client(s.port);
  client.send_raw(
      "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz"
      "GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.read_response().body(), "GET /a");
  EXPECT_EQ(client.read_response().body(), "POST /b xyz");
  EXPECT_EQ(client.read_response().body(), "GET /c");
}

TEST(HttpServer, ConnectionCloseIsHonoured) {
  running_server s(echo);
  http_client client(s.port);
  client.send(bh::verb::get, "/bye", {}, {{"Connection", "close"}});
  auto res = client.read_response();
  EXPECT_EQ(res.body(), "GET /bye");
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(client.wait_for_close(2s));
}

TEST(HttpServer, HandlerCanAskToCloseTheConnection) {
  running_server s([](th::request&&) {
    auto res = text(bh::status::ok, "last");
    res.set(bh::field::connection, "close");
    return res;
  });
  http_client client(s.port);
  client.send(bh::verb::get, "/");
  EXPECT_FALSE(client.read_response().keep_alive());
  EXPECT_TRUE(client.wait_for_close(2s));
}

TEST(HttpServer, Http10ClosesUnlessKeepAliveIsRequested) {
  running_server s(echo);
  http_client plain(s.port);
  plain.send_raw("GET /old HTTP/1.0\r\n\r\n");
  auto res = plain.read_response();
  EXPECT_EQ(res.version(), 10u);
  EXPECT_EQ(res.body(), "GET /old");
  EXPECT_TRUE(plain.wait_for_close(2s));

  http_client kept(s.port);
  for (int i = 0; i < 3; ++i) {
    kept.send_raw("GET /ka HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    auto r = kept.read_response();
    EXPECT_EQ(r.body(), "GET /ka");
    EXPECT_TRUE(r.keep_alive());
  }
  EXPECT_EQ(kept.connects(), 1u);
}

TEST(HttpServer, HeadKeepsContentLengthButSendsNoBody) {
  running_server s(echo);
  http_client client(s.port);
  auto res = client.request(bh::verb::head, "/thing");
  EXPECT_EQ(res[bh::field::content_length], std::to_string(std::string("HEAD /thing").size()));
  EXPECT_TRUE(res.body().empty());
  // Stray body bytes would corrupt the next response on the same connection.
  EXPECT_EQ(client.get("/next").body(), "GET /next");
  EXPECT_EQ(client.connects(), 1u);
}

TEST(HttpServer, ExpectContinueGetsAnInterimResponse) {
  running_server s(echo);
  http_client client(s.port);
  client.send_raw(
      "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client.read_response().result(), bh::status::continue_);
  client.send_raw("hello");
  auto res = client.read_response();
  EXPECT_EQ(res.result(), bh::status::ok);
  EXPECT_EQ(res.body(), "POST /up hello");
}

TEST(HttpServer, BodyOverLimitGets413JsonAndServerKeepsServing) {
  std::atomic<int> calls{0};
  th::server_options options;
  options.max_body_bytes = 1024;
  running_server s(
      [&](th::request&& req) {
        ++calls;
        return echo(std::move(req));
      },
      options);
  http_client client(s.port);
  auto res = client.request(bh::verb::post, "/big", std::string(4096, 'x'));
  EXPECT_EQ(res.result(), bh::status::payload_too_large);
  EXPECT_EQ(res[bh::field::content_type], "application/json");
  EXPECT_EQ(res.body(), json_error(413, "Request body is larger than the limit of 1024 bytes"));
  EXPECT_FALSE(res.keep_alive());
  EXPECT_EQ(calls.load(), 0);

  // A body exactly at the limit is fine, and the server goes on serving.
  EXPECT_EQ(client.request(bh::verb::post, "/ok", std::string(1024, 'y')).result(), bh::status::ok);
  EXPECT_EQ(client.get("/after").body(), "GET /after");
  EXPECT_EQ(calls.load(), 2);
}

TEST(HttpServer, OversizedBodyIsDrainedSoTheClientReads413) {
  th::server_options options;
  options.max_body_bytes = 1024;
  running_server s(echo, options);
  http_client client(s.port);
  // Far more than the socket buffers hold: without a lingering close the server would reset
  // the connection while the client is still writing, and the 413 would be lost.
  client.send(bh::verb::post, "/huge", std::string(8 << 20, 'z'));
  EXPECT_EQ(client.read_response().result(), bh::status::payload_too_large);
}

TEST(HttpServer, ChunkedBodyOverLimitGets413) {
  th::server_options options;
  options.max_body_bytes = 1024;
  running_server s(echo, options);
  http_client client(s.port);
  const std::string chunk(800, 'c');
  client.send_raw("POST /chunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" +
                  chunk + "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n");
  EXPECT_EQ(client.read_response().result(), bh::status::payload_too_large);
}

TEST(HttpServer, ExpectContinueOverLimitGets413WithoutInterimResponse) {
  th::server_options options;
  options.max_body_bytes = 1024;
  running_server s(echo, options);
  http_client client(s.port);
  client.send_raw(
      "PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client.read_response().result(), bh::status::payload_too_large);
}

TEST(HttpServer, MalformedRequestLineGets400Json) {
  running_server s(echo);
  http_client client(s.port);
  client.send_raw("this is not http\r\n\r\n");
  auto res = client.read_response();
  EXPECT_EQ(res.result(), bh::status::bad_request);
  EXPECT_EQ(res[bh::field::content_type], "application/json");
  EXPECT_EQ(res.body().rfind("{\"error_code\":400,\"message\":\"Malformed HTTP request: ", 0), 0u)
      << res.body();
  EXPECT_TRUE(client.wait_for_close(2s));
  http_client other(s.port);
  EXPECT_EQ(other.get("/still").body(), "GET /still");
}

TEST(HttpServer, OversizedHeadersGet431Json) {
  running_server s(echo);
  http_client client(s.port);
  client.send(bh::verb::get, "/", {}, {{"X-Big", std::string(20000, 'h')}});
  auto res = client.read_response();
  EXPECT_EQ(res.result(), bh::status::request_header_fields_too_large);
  EXPECT_EQ(res.body(), json_error(431, "Request header fields are too large"));
}

TEST(HttpServer, PartialHeadersTimeOut) {
  th::server_options options;
  options.request_timeout = 300ms;
  running_server s(echo, options);
  http_client client(s.port);
  const auto start = std::chrono::steady_clock::now();
  client.send_raw("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  EXPECT_TRUE(client.wait_for_close(5s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms);
}

TEST(HttpServer, TricklingHeadersCannotExtendTheRequestTimeout) {
  th::server_options options;
  options.request_timeout = 300ms;
  running_server s(echo, options);
  http_client client(s.port);
  client.send_raw("GET / HTTP/1.1\r\n");
  // One header byte every 50 ms: a per-read timeout would never fire; the request deadline does.
  bool write_failed = false;
  for (int i = 0; i < 40 && !write_failed; ++i) {
    std::this_thread::sleep_for(50ms);
    try {
      client.send_raw("a");
    } catch (const boost::system::system_error&) {
      write_failed = true;
    }
  }
  EXPECT_TRUE(write_failed || client.wait_for_close(100ms));
}

TEST(HttpServer, IdleKeepAliveConnectionIsClosed) {
  th::server_options options;
  options.keepalive_timeout = 200ms;
  running_server s(echo, options);
  http_client client(s.port);
  EXPECT_EQ(client.get("/").result(), bh::status::ok);
  EXPECT_TRUE(client.wait_for_close(3s));
}

TEST(HttpServer, BlockingHandlerDoesNotBlockConcurrentFastRequest) {
  std::promise<void> release;
  auto released = release.get_future().share();
  th::server_options options;
  options.threads = 1;  // a blocking handler on the io thread would stall everything
  options.blocking_threads = 1;
  running_server s(
      [&](th::request&& req) {
        if (req.target() == "/slow") {
          bool ok = released.wait_for(10s) == std::future_status::ready;
          return text(bh::status::ok, ok ? "released" : "timed out");
        }
        return echo(std::move(req));
      },
      options, [](const th::request& req) { return req.target() == "/slow"; });

  http_client slow(s.port);
  slow.send(bh::verb::post, "/slow", "payload");
  http_client fast(s.port, 3s);
  EXPECT_EQ(fast.get("/fast").body(), "GET /fast");
  release.set_value();
  EXPECT_EQ(slow.read_response().body(), "released");
}

TEST(HttpServer, HandlerExceptionGives500JsonAndKeepsTheConnection) {
  running_server s(
      [](th::request&& req) -> th::response {
        if (req.target().starts_with("/boom")) throw std::runtime_error("secret detail");
        return echo(std::move(req));
      },
      {}, [](const th::request& req) { return req.target() == "/boom-blocking"; });
  http_client client(s.port);
  for (const char* target : {"/boom", "/boom-blocking"}) {
    auto res = client.get(target);
    EXPECT_EQ(res.result(), bh::status::internal_server_error);
    EXPECT_EQ(res[bh::field::content_type], "application/json");
    EXPECT_EQ(res.body(), json_error(500, "Internal Server Error"));
  }
  EXPECT_EQ(client.get("/fine").body(), "GET /fine");
  EXPECT_EQ(client.connects(), 1u);
}

TEST(HttpServer, ServesTwoHundredConcurrentConnections) {
  running_server s(echo);
  constexpr int count = 200;
  std::vector<std::unique_ptr<http_client>> clients;
  for (int i = 0; i < count; ++i) {
    clients.push_back(std::make_unique<http_client>(s.port));
    clients.back()->connect();
  }
  // Every request is sent before any response is read, so all connections are open and busy at once.
  for (int i = 0; i < count; ++i) clients[i]->send(bh::verb::get, "/c/" + std::to_string(i));
  for (int i = 0; i < count; ++i) {
    ASSERT_EQ(clients[i]->read_response().body(), "GET /c/" + std::to_string(i));
  }
}

TEST(HttpServer, ServesManyClientThreadsAtOnce) {
  running_server s(echo);
  constexpr int threads = 8, per_thread = 25, requests = 20;
  std::latch ready(threads);
  std::atomic<int> ok{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::vector<std::unique_ptr<http_client>> clients;
      for (int c = 0; c < per_thread; ++c) clients.push_back(std::make_unique<http_client>(s.port));
      ready.arrive_and_wait();
      for (int r = 0; r < requests; ++r) {
        for (int c = 0; c < per_thread; ++c) {
          auto target = "/" + std::to_string(t) + "/" + std::to_string(c) + "/" + std::to_string(r);
          if (clients[c]->get(target).body() == "GET " + target) ++ok;
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(ok.load(), threads * per_thread * requests);
}

}  // namespace
