// group_member without a Kafka broker: construction checks, and the rule that nothing ends
// the member's thread except stop(), which must return promptly whatever the broker does.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <chrono>
#include <thread>

#include "election/group_member.h"

namespace tessera::election {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

group_options options_for(std::uint16_t port) {
  group_options o;
  o.bootstrap_servers = "127.0.0.1:" + std::to_string(port);
  o.identity.host = "127.0.0.1";
  o.identity.port = 8081;
  o.retry_backoff = 20ms;
  o.retry_backoff_max = 50ms;
  return o;
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = 5s) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

/// A listening socket that never accepts: connects succeed (kernel backlog), requests hang.
class black_hole {
 public:
  black_hole() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 16), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~black_hole() { ::close(fd_); }
  std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

/// Accepts connections and answers every one with `reply`, then closes it.
class garbage_broker {
 public:
  explicit garbage_broker(std::string reply) : reply_(std::move(reply)), acceptor_(ioc_, {asio::ip::make_address("127.0.0.1"), 0}) {
    accept();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~garbage_broker() {
    ioc_.stop();
    thread_.join();
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  int accepted() const { return accepted_; }

 private:
  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, asio::ip::tcp::socket s) {
      if (ec) return;
      ++accepted_;
      auto sock = std::make_shared<asio::ip::tcp::socket>(std::move(s));
      asio::async_write(*sock, asio::buffer(reply_), [sock](boost::system::error_code, std::size_t) {});
      accept();
    });
  }
  std::string reply_;
  asio::io_context ioc_;
  asio::ip::tcp::acceptor acceptor_;
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

TEST(GroupMember, ConstructorRejectsBadOptions) {
  auto o = options_for(9092);
  o.bootstrap_servers = "";
  EXPECT_THROW(group_member(o, nullptr), std::invalid_argument);
  o = options_for(9092);
  o.client_properties["security.protocol"] = "SASL_SSL";
  o.client_properties["sasl.mechanism"] = "GSSAPI";
  EXPECT_THROW(group_member(o, nullptr), std::invalid_argument);
  o = options_for(9092);
  o.client_properties["security.protocol"] = "SSL";
  o.client_properties["ssl.ca.location"] = "/nonexistent/ca.pem";
  EXPECT_THROW(group_member(o, nullptr), std::invalid_argument);
}

TEST(GroupMember, StopInterruptsACallTheBrokerNeverAnswers) {
  black_hole broker;
  auto o = options_for(broker.port());
  o.request_timeout = 60s;
  int reports = 0;
  group_member m(o, [&](const primary_change&) { ++reports; });
  m.start();
  ASSERT_TRUE(eventually([&] { return m.current_status().state == "discovering"; }));
  std::this_thread::sleep_for(200ms);  // now blocked in ApiVersions, waiting up to 60 s
  auto t0 = std::chrono::steady_clock::now();
  m.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
  EXPECT_EQ(m.current_status().state, "stopped");
  EXPECT_EQ(reports, 0);  // never had a primary, so nothing to revoke
  m.stop();               // idempotent
}

TEST(GroupMember, UnreachableBrokerIsRetriedUntilStopped) {
  std::uint16_t port = 0;
  {
    black_hole taken;  // a free port, released again so connects are refused
    port = taken.port();
  }
  group_member m(options_for(port), nullptr);
  m.start();
  ASSERT_TRUE(eventually([&] { return !m.current_status().last_error.empty(); }));
  std::this_thread::sleep_for(300ms);  // several backoff rounds
  auto s = m.current_status();
  EXPECT_EQ(s.state, "discovering");
  EXPECT_NE(s.last_error.find("bootstrap"), std::string::npos) << s.last_error;
  m.stop();
}

TEST(GroupMember, GarbageFromTheBrokerNeverKillsTheThread) {
  // A 2 GiB size prefix, then a response whose correlation id is wrong.
  for (std::string reply : {std::string("\x7f\xff\xff\xff", 4), std::string("\x00\x00\x00\x06\x00\x00\x00\x63\x00\x00", 10)}) {
    garbage_broker broker(reply);
    group_member m(options_for(broker.port()), nullptr);
    m.start();
    ASSERT_TRUE(eventually([&] { return broker.accepted() >= 3; })) << m.current_status().last_error;
    EXPECT_EQ(m.current_status().state, "discovering");
    EXPECT_FALSE(m.current_status().last_error.empty());
    m.stop();
  }
}

}  // namespace
}  // namespace tessera::election
