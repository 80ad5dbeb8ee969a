// The follower side of writes against a fake primary: an in-process HTTP server that records
// what it receives and answers as told.

#include "cluster/write_forwarder.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <thread>

#include "storage/memory_backend.h"
#include "tessera/core/registry.h"

namespace tessera::cluster {
namespace {

namespace beast_http = boost::beast::http;

constexpr std::string_view declined_body = R"({"error_code":50004,"message":"Unknown leader"})";

class fake_primary {
 public:
  fake_primary()
      : server_(loopback(), [this](http::request&& req) { return answer(std::move(req)); }, {}) {
    if (!server_.start()) throw std::runtime_error("fake primary did not start");
  }
  ~fake_primary() { server_.stop(std::chrono::milliseconds(0)); }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.ports().at(0)); }
  http::request last() {
    std::lock_guard lock(mu_);
    return last_;
  }
  int count() {
    std::lock_guard lock(mu_);
    return count_;
  }
  void reply_with(int status, std::string body) {
    std::lock_guard lock(mu_);
    status_ = status;
    body_ = std::move(body);
  }
  /// Answers the next `n` requests as a node that is not the primary (Confluent's 50004).
  void decline_next(int n) {
    std::lock_guard lock(mu_);
    declines_ = n;
  }

 private:
  static http::server_options loopback() {
    http::server_options o;
    o.listeners.push_back({"127.0.0.1", 0});
    return o;
  }
  http::response answer(http::request&& req) {
    std::lock_guard lock(mu_);
    last_ = req;
    ++count_;
    const bool decline = declines_ > 0;
    if (decline) --declines_;
    http::response res{decline ? beast_http::status::internal_server_error : static_cast<beast_http::status>(status_),
                       req.version()};
    res.set(beast_http::field::content_type, "application/vnd.schemaregistry.v1+json");
    res.body() = decline ? std::string(declined_body) : body_;
    res.prepare_payload();
    return res;
  }

  std::mutex mu_;
  http::request last_;
  int count_ = 0;
  int declines_ = 0;
  int status_ = 200;
  std::string body_ = R"({"id":7})";
  http::server server_;
};

class WriteForwarderTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(reg.start()); }

  static http::request registration() {
    http::request req{beast_http::verb::post, "/subjects/orders-value/versions?normalize=true", 11};
    req.set(beast_http::field::content_type, "application/vnd.schemaregistry.v1+json");
    req.set(beast_http::field::authorization, "Basic dXNlcjpwdw==");
    req.set("X-Request-ID", "req-42");
    req.set("X-Trace", "kept only when whitelisted");
    req.set("Cookie", "never forwarded");
    req.body() = R"({"schema":"\"string\""})";
    req.prepare_payload();
    return req;
  }

  forwarding_options options(std::chrono::milliseconds wait = std::chrono::milliseconds(50)) {
    forwarding_options o;
    o.wait_for_primary = wait;
    o.declined_retry = std::chrono::milliseconds(20);
    o.extra_headers = {"X-Trace"};
    o.client.connect_timeout = std::chrono::milliseconds(2000);
    o.client.read_timeout = std::chrono::milliseconds(2000);
    return o;
  }

  /// Runs `change` on another thread after `delay`: an election or a leave that happens while a
  /// write waits. Join it before the test ends.
  static std::thread after(std::chrono::milliseconds delay, std::function<void()> change) {
    return std::thread([delay, change = std::move(change)] {
      std::this_thread::sleep_for(delay);
      change();
    });
  }

  /// The URL of a primary that is gone: nothing listens there any more.
  static std::string dead_url() {
    fake_primary gone;
    return gone.url();
  }

  registry reg{std::make_shared<storage::memory_backend>(), registry_options{}};
  primary_state primary;
};

TEST_F(WriteForwarderTest, ThePrimaryHandlesItsOwnWrites) {
  primary.set(primary_info{"http://127.0.0.1:1", true});
  write_forwarder f(primary, reg, options());
  EXPECT_FALSE(f.forward(registration()));
}

TEST_F(WriteForwarderTest, AFollowerPassesTheWriteAndTheAnswerThroughUnchanged) {
  fake_primary p;
  primary.set(primary_info{p.url(), false});
  write_forwarder f(primary, reg, options());
  auto reply = f.forward(registration());
  ASSERT_TRUE(reply);
  ASSERT_TRUE(*reply) << reply->error().message;
  EXPECT_EQ((*reply)->status, 200);
  EXPECT_EQ((*reply)->body, R"({"id":7})");
  EXPECT_EQ((*reply)->content_type, "application/vnd.schemaregistry.v1+json");

  auto seen = p.last();
  EXPECT_EQ(seen.method(), beast_http::verb::post);
  EXPECT_EQ(seen.target(), "/subjects/orders-value/versions?normalize=true");
  EXPECT_EQ(seen.body(), R"({"schema":"\"string\""})");
  EXPECT_EQ(seen["X-Forward"], "true");
  EXPECT_EQ(seen[beast_http::field::authorization], "Basic dXNlcjpwdw==");
  EXPECT_EQ(seen["X-Request-ID"], "req-42");
  EXPECT_EQ(seen["X-Trace"], "kept only when whitelisted");
  EXPECT_EQ(seen.find("Cookie"), seen.end());
}

TEST_F(WriteForwarderTest, ThePrimarysErrorStatusAndBodyComeBackAsTheyAre) {
  fake_primary p;
  p.reply_with(409, R"({"error_code":409,"message":"Schema being registered is incompatible"})");
  primary.set(primary_info{p.url(), false});
  write_forwarder f(primary, reg, options());
  auto reply = f.forward(registration());
  ASSERT_TRUE(reply && *reply);
  EXPECT_EQ((*reply)->status, 409);
  EXPECT_EQ((*reply)->body, R"({"error_code":409,"message":"Schema being registered is incompatible"})");
}

TEST_F(WriteForwarderTest, ManyWritesReuseConnections) {
  fake_primary p;
  primary.set(primary_info{p.url(), false});
  write_forwarder f(primary, reg, options());
  for (int i = 0; i < 20; ++i) {
    auto reply = f.forward(registration());
    ASSERT_TRUE(reply && *reply);
  }
  EXPECT_EQ(p.count(), 20);
}

TEST_F(WriteForwarderTest, NoPrimaryAnswers50004AfterWaiting) {
  write_forwarder f(primary, reg, options(std::chrono::milliseconds(100)));
  auto started = std::chrono::steady_clock::now();
  auto reply = f.forward(registration());
  ASSERT_TRUE(reply);
  ASSERT_FALSE(*reply);
  EXPECT_EQ(reply->error().code, error_code::unknown_leader);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(90));  // it waited
}

TEST_F(WriteForwarderTest, AWriteDuringAnElectionWaitsForThePrimary) {
  fake_primary p;
  write_forwarder f(primary, reg, options(std::chrono::seconds(10)));
  std::thread elect = after(std::chrono::milliseconds(100), [&] { primary.set(primary_info{p.url(), false}); });
  auto reply = f.forward(registration());
  elect.join();
  ASSERT_TRUE(reply && *reply);
  EXPECT_EQ((*reply)->status, 200);
}

TEST_F(WriteForwarderTest, AnUnreachablePrimaryAnswers50003) {
  const std::string url = dead_url();
  primary.set(primary_info{url, false});
  write_forwarder f(primary, reg, options());
  auto reply = f.forward(registration());
  ASSERT_TRUE(reply);
  ASSERT_FALSE(*reply);
  EXPECT_EQ(reply->error().code, error_code::forwarding_failed);
  EXPECT_NE(reply->error().message.find(url), std::string::npos);
}

TEST_F(WriteForwarderTest, AWriteToADeadPrimaryIsHeldUntilTheNextOneIsElected) {
  const std::string dead = dead_url();
  fake_primary next;
  primary.set(primary_info{dead, false});
  write_forwarder f(primary, reg, options(std::chrono::seconds(10)));
  std::thread elect = after(std::chrono::milliseconds(150), [&] { primary.set(primary_info{next.url(), false}); });
  auto reply = f.forward(registration());
  elect.join();
  ASSERT_TRUE(reply && *reply) << (reply && !*reply ? reply->error().message : "");
  EXPECT_EQ((*reply)->status, 200);
  EXPECT_EQ(next.count(), 1);
}

TEST_F(WriteForwarderTest, AWriteToADeadPrimaryIsHandledHereWhenThisNodeIsElected) {
  const std::string dead = dead_url();
  primary.set(primary_info{dead, false});
  write_forwarder f(primary, reg, options(std::chrono::seconds(10)));
  std::thread elect =
      after(std::chrono::milliseconds(150), [&] { primary.set(primary_info{"http://127.0.0.1:1", true}); });
  auto reply = f.forward(registration());
  elect.join();
  EXPECT_FALSE(reply);
}

TEST_F(WriteForwarderTest, AWriteIsForwardedAtMostTwiceSoCrossedViewsCannotLoop) {
  fake_primary p;
  primary.set(primary_info{p.url(), false});
  write_forwarder f(primary, reg, options());
  auto once = registration();
  once.set("X-Forward", "true");  // from a follower that believed this node was the primary
  auto reply = f.forward(once);
  ASSERT_TRUE(reply && *reply);
  EXPECT_EQ(p.last()["X-Tessera-Forward-Hops"], "2");

  auto twice = registration();
  twice.set("X-Forward", "true");
  twice.set("X-Tessera-Forward-Hops", "2");
  auto refused = f.forward(twice);
  ASSERT_TRUE(refused);
  ASSERT_FALSE(*refused);
  EXPECT_EQ(refused->error().code, error_code::unknown_leader);
  EXPECT_EQ(p.count(), 1);
}

static std::chrono::milliseconds since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t);
}

TEST_F(WriteForwarderTest, ANodeThatLeftTheElectionAnswers50004AtOnce) {
  primary.leave();
  write_forwarder f(primary, reg, options(std::chrono::seconds(10)));
  auto started = std::chrono::steady_clock::now();
  auto reply = f.forward(registration());
  ASSERT_TRUE(reply);
  ASSERT_FALSE(*reply);
  EXPECT_EQ(reply->error().code, error_code::unknown_leader);
  EXPECT_NE(reply->error().message.find("shutting down"), std::string::npos) << reply->error().message;
  EXPECT_LT(since(started), std::chrono::seconds(2));
}

TEST_F(WriteForwarderTest, LeavingWakesAWriteWaitingForAPrimary) {
  write_forwarder f(primary, reg, options(std::chrono::seconds(10)));
  std::thread stop = after(std::chrono::milliseconds(100), [&] {
    primary.leave();
    primary.set(primary_info{"http://127.0.0.1:1", false});  // a late election report: ignored
  });
  auto started = std::chrono::steady_clock::now();
  auto reply = f.forward(registration());
  stop.join();
  ASSERT_TRUE(reply);
  ASSERT_FALSE(*reply);
  EXPECT_EQ(reply->error().code, error_code::unknown_leader);
  EXPECT_LT(since(started), std::chrono::seconds(5));  // not the 10 s budget
}

TEST_F(WriteForwarderTest, ALeavingFollowerKeepsForwardingToThePrimaryItKnows) {
  fake_primary p;
  primary.set(primary_info{p.url(), false});
  primary.leave();
  write_forwarder f(primary, reg, options());
  auto reply = f.forward(registration());
  ASSERT_TRUE(reply && *reply);
  EXPECT_EQ((*reply)->status, 200);
}

TEST_F(WriteForwarderTest, ADeclinedWriteGoesToTheNextPrimary) {
  fake_primary leaving;
  fake_primary next;
  leaving.decline_next(1000);
  primary.set(primary_info{leaving.url(), false});
  write_forwarder f(primary, reg, options(std::chrono::seconds(10)));
  std::thread elect = after(std::chrono::milliseconds(150), [&] {
    primary.set(std::nullopt);  // the rebalance
    primary.set(primary_info{next.url(), false});
  });
  auto reply = f.forward(registration());
  elect.join();
  ASSERT_TRUE(reply && *reply) << (reply && !*reply ? reply->error().message : "");
  EXPECT_EQ((*reply)->status, 200);
  EXPECT_EQ((*reply)->body, R"({"id":7})");
  EXPECT_GE(leaving.count(), 1);
  EXPECT_EQ(next.count(), 1);
}

TEST_F(WriteForwarderTest, ADeclinedDeleteIsSentAgainToo) {
  fake_primary leaving;
  fake_primary next;
  leaving.decline_next(1000);
  primary.set(primary_info{leaving.url(), false});
  write_forwarder f(primary, reg, options(std::chrono::seconds(10)));
  std::thread elect = after(std::chrono::milliseconds(150), [&] { primary.set(primary_info{next.url(), false}); });
  http::request del{beast_http::verb::delete_, "/subjects/orders-value/versions/1", 11};
  auto reply = f.forward(del);
  elect.join();
  ASSERT_TRUE(reply && *reply);
  EXPECT_EQ((*reply)->status, 200);
  EXPECT_EQ(next.count(), 1);
  EXPECT_EQ(next.last().method(), beast_http::verb::delete_);
}

TEST_F(WriteForwarderTest, ADeclinedWriteIsHandledHereWhenThisNodeIsElected) {
  fake_primary leaving;
  leaving.decline_next(1000);
  primary.set(primary_info{leaving.url(), false});
  write_forwarder f(primary, reg, options(std::chrono::seconds(10)));
  std::thread elect =
      after(std::chrono::milliseconds(150), [&] { primary.set(primary_info{"http://127.0.0.1:1", true}); });
  auto reply = f.forward(registration());
  elect.join();
  EXPECT_FALSE(reply);
}

TEST_F(WriteForwarderTest, ANodeThatDeclinedIsAskedAgainWhileTheViewDoesNotChange) {
  // It may be the primary without knowing it yet (it has not heard of the election's outcome).
  fake_primary p;
  p.decline_next(3);
  primary.set(primary_info{p.url(), false});
  write_forwarder f(primary, reg, options(std::chrono::seconds(10)));
  auto reply = f.forward(registration());
  ASSERT_TRUE(reply && *reply);
  EXPECT_EQ((*reply)->status, 200);
  EXPECT_EQ(p.count(), 4);
}

TEST_F(WriteForwarderTest, ADeclineThatOutlastsTheWaitComesBackUnchanged) {
  fake_primary p;
  p.decline_next(1000);
  primary.set(primary_info{p.url(), false});
  write_forwarder f(primary, reg, options(std::chrono::milliseconds(200)));
  auto started = std::chrono::steady_clock::now();
  auto reply = f.forward(registration());
  ASSERT_TRUE(reply && *reply);
  EXPECT_EQ((*reply)->status, 500);
  EXPECT_EQ((*reply)->body, declined_body);
  EXPECT_GE(since(started), std::chrono::milliseconds(190));
  EXPECT_GT(p.count(), 1);
  EXPECT_LT(p.count(), 50);  // paced, not a busy loop
}

TEST_F(WriteForwarderTest, ANodeThatLeftPassesADeclineThroughAtOnce) {
  // Its view cannot change any more: asking again would only spin until the deadline.
  fake_primary p;
  p.decline_next(1000);
  primary.set(primary_info{p.url(), false});
  primary.leave();
  write_forwarder f(primary, reg, options(std::chrono::seconds(10)));
  auto started = std::chrono::steady_clock::now();
  auto reply = f.forward(registration());
  ASSERT_TRUE(reply && *reply);
  EXPECT_EQ((*reply)->status, 500);
  EXPECT_EQ(p.count(), 1);
  EXPECT_LT(since(started), std::chrono::seconds(2));
}

TEST_F(WriteForwarderTest, ANodeInTheMiddlePassesADeclineBackToTheNodeTheClientCalled) {
  fake_primary p;
  p.decline_next(1000);
  primary.set(primary_info{p.url(), false});
  write_forwarder f(primary, reg, options(std::chrono::seconds(10)));
  auto forwarded = registration();
  forwarded.set("X-Forward", "true");
  auto started = std::chrono::steady_clock::now();
  auto reply = f.forward(forwarded);
  ASSERT_TRUE(reply && *reply);
  EXPECT_EQ((*reply)->status, 500);
  EXPECT_EQ((*reply)->body, declined_body);
  EXPECT_EQ(p.count(), 1);
  EXPECT_LT(since(started), std::chrono::seconds(2));
}

TEST_F(WriteForwarderTest, OtherServerErrorsAreNotSentAgain) {
  // 50001/50002 may come after the write reached the log; 50003 from a further hop is opaque.
  for (auto body : {R"({"error_code":50001,"message":"Error while registering"})",
                    R"({"error_code":50003,"message":"Error while forwarding the request to the leader"})",
                    "not json at all"}) {
    fake_primary p;
    p.reply_with(500, body);
    primary.set(primary_info{p.url(), false});
    write_forwarder f(primary, reg, options(std::chrono::seconds(10)));
    auto reply = f.forward(registration());
    ASSERT_TRUE(reply && *reply);
    EXPECT_EQ((*reply)->status, 500);
    EXPECT_EQ((*reply)->body, body);
    EXPECT_EQ(p.count(), 1) << body;
  }
}

TEST_F(WriteForwarderTest, CrossedViewsEndWithinTheWait) {
  // Two nodes that each name the other as primary: this node (the client's) forwards to the
  // other, which forwards back; the third hop is refused here, the other passes that back, and
  // this node asks again, paced, until its wait ends: bounded, and no hop count ever grows.
  primary_state other_view;
  write_forwarder other_forwarder(other_view, reg, options(std::chrono::seconds(10)));
  std::atomic<int> seen{0};
  std::atomic<int> max_hops_seen{0};
  http::server_options o;
  o.listeners.push_back({"127.0.0.1", 0});
  auto node_handler = [&](write_forwarder& node) {
    return [&seen, &max_hops_seen, fw = &node](http::request&& req) {
      ++seen;
      max_hops_seen = std::max(max_hops_seen.load(), std::atoi(std::string(req["X-Tessera-Forward-Hops"]).c_str()));
      auto forwarded = fw->forward(req);
      http::response res{beast_http::status::ok, req.version()};
      if (forwarded && *forwarded) {
        res.result(static_cast<unsigned>((*forwarded)->status));
        res.body() = (*forwarded)->body;
      } else if (forwarded) {
        res.result(beast_http::status::internal_server_error);
        res.body() = R"({"error_code":)" + std::to_string(static_cast<int>(forwarded->error().code)) + "}";
      }
      res.prepare_payload();
      return res;
    };
  };
  write_forwarder this_forwarder(primary, reg, options(std::chrono::milliseconds(300)));
  http::server this_node(o, node_handler(this_forwarder), {});
  http::server other_node(o, node_handler(other_forwarder), {});
  ASSERT_TRUE(this_node.start());
  ASSERT_TRUE(other_node.start());
  primary.set(primary_info{"http://127.0.0.1:" + std::to_string(other_node.ports().at(0)), false});
  other_view.set(primary_info{"http://127.0.0.1:" + std::to_string(this_node.ports().at(0)), false});

  auto started = std::chrono::steady_clock::now();
  auto reply = this_forwarder.forward(registration());
  ASSERT_TRUE(reply && *reply);
  EXPECT_EQ((*reply)->status, 500);
  EXPECT_NE((*reply)->body.find("50004"), std::string::npos);
  EXPECT_LT(since(started), std::chrono::seconds(3));
  EXPECT_LE(max_hops_seen.load(), 2);
  EXPECT_LT(seen.load(), 100);
  this_node.stop(std::chrono::milliseconds(0));
  other_node.stop(std::chrono::milliseconds(0));
}

TEST(ForwardTarget, ParsesNodeUrls) {
  auto t = forward_target::parse("http://10.0.0.5:8081");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->host, "10.0.0.5");
  EXPECT_EQ(t->port, "8081");
  auto v6 = forward_target::parse("http://[::1]:8081/");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_FALSE(forward_target::parse("https://a:1"));
  EXPECT_FALSE(forward_target::parse("http://a"));
}

}  // namespace
}  // namespace tessera::cluster
