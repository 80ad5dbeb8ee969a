// Starting, binding and stopping the HTTP transport: drain, forced close, signals.

#include <gtest/gtest.h>

#include <boost/system/system_error.hpp>
#include <chrono>
#include <csignal>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/http_client.h"
#include "tessera/http/server.h"

namespace {

namespace th = tessera::http;
namespace bh = boost::beast::http;
using namespace std::chrono_literals;
using tessera::test::http_client;

th::response text(std::string body) {
  th::response res{bh::status::ok, 11};
  res.body() = std::move(body);
  return res;
}

th::server_options loopback() {
  th::server_options options;
  options.listeners.push_back({"127.0.0.1", 0});
  return options;
}

bool slow_path(const th::request& req) { return req.target() == "/slow"; }

TEST(HttpServerLifecycle, StartReportsAddressInUse) {
  th::server first(loopback(), [](th::request&&) { return text("a"); }, {});
  ASSERT_TRUE(first.start());
  const auto port = first.ports().at(0);

  th::server_options options;
  options.listeners.push_back({"127.0.0.1", port});
  th::server second(options, [](th::request&&) { return text("b"); }, {});
  auto started = second.start();
  ASSERT_FALSE(started);
  const auto& message = started.error().message;
  EXPECT_NE(message.find("cannot listen on 127.0.0.1:" + std::to_string(port)), std::string::npos)
      << message;
  EXPECT_NE(message.find("in use"), std::string::npos) << message;
  first.stop(0ms);
}

TEST(HttpServerLifecycle, StartRejectsMissingListeners) {
  th::server s(th::server_options{}, [](th::request&&) { return text("a"); }, {});
  EXPECT_FALSE(s.start());
}

TEST(HttpServerLifecycle, EveryListenerGetsItsOwnPort) {
  auto options = loopback();
  options.listeners.push_back({"localhost", 0});
  th::server s(options, [](th::request&& req) { return text(std::string(req.target())); }, {});
  ASSERT_TRUE(s.start());
  auto ports = s.ports();
  ASSERT_EQ(ports.size(), 2u);
  EXPECT_NE(ports[0], ports[1]);
  http_client first(ports[0]);
  EXPECT_EQ(first.get("/one").body(), "/one");
  s.stop(1s);
}

TEST(HttpServerLifecycle, StopDrainsInFlightRequestAndClosesIdleOnes) {
  std::promise<void> entered;
  th::server s(
      loopback(),
      [&](th::request&& req) {
        if (slow_path(req)) {
          entered.set_value();
          std::this_thread::sleep_for(300ms);
          return text("done");
        }
        return text("fast");
      },
      slow_path);
  ASSERT_TRUE(s.start());
  const auto port = s.ports().at(0);

  http_client idle(port);
  EXPECT_EQ(idle.get("/").body(), "fast");  // now an idle keep-alive connection

  http_client busy(port);
  busy.send(bh::verb::post, "/slow", "x");
  ASSERT_EQ(entered.get_future().wait_for(5s), std::future_status::ready);

  const auto start = std::chrono::steady_clock::now();
  std::thread stopper([&] { s.stop(10s); });

  EXPECT_TRUE(idle.wait_for_close(2s));
  auto res = busy.read_response();
  EXPECT_EQ(res.body(), "done");
  EXPECT_FALSE(res.keep_alive());  // the response announces the close
  busy.close();

  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);  // did not sit out the whole drain

  http_client late(port, 2s);
  EXPECT_THROW(late.connect(), boost::system::system_error);
  s.wait();  // returns at once: already stopped
}

TEST(HttpServerLifecycle, StopClosesRequestsThatOutlastTheDrain) {
  std::promise<void> entered;
  th::server s(
      loopback(),
      [&](th::request&&) {
        entered.set_value();
        std::this_thread::sleep_for(800ms);
        return text("too late");
      },
      slow_path);
  ASSERT_TRUE(s.start());
  http_client busy(s.ports().at(0));
  busy.send(bh::verb::get, "/slow");
  ASSERT_EQ(entered.get_future().wait_for(5s), std::future_status::ready);

  std::thread stopper([&] { s.stop(100ms); });
  th::response res;
  EXPECT_TRUE(busy.read_response(res)) << "got a response: " << res.body();
  stopper.join();
}

TEST(HttpServerLifecycle, WaitReturnsOnceAnotherThreadStops) {
  th::server s(loopback(), [](th::request&&) { return text("a"); }, {});
  ASSERT_TRUE(s.start());
  std::thread stopper([&] {
    std::this_thread::sleep_for(100ms);
    s.stop(1s);
  });
  s.wait();
  stopper.join();
  http_client late(s.ports().at(0), 2s);
  EXPECT_THROW(late.connect(), boost::system::system_error);
}

TEST(HttpServerLifecycle, RunUntilSignalStopsOnSigterm) {
  th::server s(loopback(), [](th::request&&) { return text("a"); }, {});
  ASSERT_TRUE(s.start());
  std::thread waiter([&] { th::run_until_signal(s, 1s); });
  // Raise only once the handler is installed: the default action would kill the test.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  struct sigaction current {};
  do {
    std::this_thread::sleep_for(5ms);
    sigaction(SIGTERM, nullptr, &current);
  } while (current.sa_handler == SIG_DFL && std::chrono::steady_clock::now() < deadline);
  ASSERT_NE(current.sa_handler, SIG_DFL);
  std::raise(SIGTERM);
  waiter.join();
  http_client late(s.ports().at(0), 2s);
  EXPECT_THROW(late.connect(), boost::system::system_error);
}

}  // namespace
