// Primary election against a real Apache Kafka broker (KRaft, started by kafka-cluster.sh;
// TESSERA_KAFKA_VERSION picks the version). Several group_members in this process share one
// group, exactly as separate registry nodes would.

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "election/group_member.h"

namespace tessera::election {
namespace {

using namespace std::chrono_literals;

std::string bootstrap;  // set by the environment below

class kafka_cluster_env : public ::testing::Environment {
 public:
  void SetUp() override {
    char tmpl[] = "/tmp/tessera-election-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::string cmd = script() + " start " + dir_ + " --brokers 1 --watch-pid " + std::to_string(getpid());
    std::unique_ptr<FILE, int (*)(FILE*)> out(popen(cmd.c_str(), "r"), pclose);
    ASSERT_TRUE(out);
    std::array<char, 512> line{};
    while (fgets(line.data(), line.size(), out.get()) != nullptr) {
      bootstrap = line.data();
      while (!bootstrap.empty() && (bootstrap.back() == '\n' || bootstrap.back() == '\r')) bootstrap.pop_back();
    }
    ASSERT_FALSE(bootstrap.empty()) << "kafka-cluster.sh start failed";
  }
  void TearDown() override {
    if (dir_.empty()) return;
    std::string cmd = script() + " stop " + dir_ + " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "kafka-cluster.sh stop failed\n");
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

 private:
  static std::string script() { return std::string(TESSERA_SOURCE_DIR) + "/tests/kafka/kafka-cluster.sh"; }
  std::string dir_;
};

/// A group_member plus everything its listener saw.
class node {
 public:
  node(std::string group, std::string host, int port, bool eligible) {
    group_options o;
    o.bootstrap_servers = bootstrap;
    o.group_id = std::move(group);
    o.identity.host = std::move(host);
    o.identity.port = port;
    o.identity.eligible = eligible;
    // The broker's minimum session timeout is 6 s; a short heartbeat makes rebalances quick.
    o.session_timeout = 6000ms;
    o.heartbeat_interval = 300ms;
    o.rebalance_timeout = 10000ms;
    member_ = std::make_unique<group_member>(o, [this](const primary_change& c) {
      std::lock_guard lock(mutex_);
      changes_.push_back(c);
      cv_.notify_all();
    });
    member_->start();
  }

  /// Waits until the latest report satisfies `pred`.
  template <class Pred>
  bool wait_for(Pred pred, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return !changes_.empty() && pred(changes_.back()); });
  }
  primary_change last() {
    std::lock_guard lock(mutex_);
    return changes_.empty() ? primary_change{} : changes_.back();
  }
  void stop() { member_->stop(); }
  group_status status() const { return member_->current_status(); }

 private:
  std::unique_ptr<group_member> member_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<primary_change> changes_;
};

auto primary_is(const std::string& url) {
  return [url](const primary_change& c) { return c.primary && c.primary->url() == url && !c.duplicate_urls; };
}

std::string unique_group(const char* name) {
  return std::string("election-test-") + name + "-" + std::to_string(getpid());
}

TEST(ElectionOnKafka, AllAgreeOnLowestEligibleUrlAndFailOverOnLeave) {
  auto group = unique_group("failover");
  node a(group, "127.0.0.1", 8083, true);
  node b(group, "127.0.0.1", 8081, false);  // lowest URL, but not eligible
  node c(group, "127.0.0.1", 8082, true);
  for (node* n : {&a, &b, &c}) {
    ASSERT_TRUE(n->wait_for(primary_is("http://127.0.0.1:8082"), 60s))
        << "state " << n->status().state << ", last error: " << n->status().last_error;
  }
  EXPECT_EQ(a.last().generation, c.last().generation);
  EXPECT_EQ(b.last().generation, c.last().generation);
  EXPECT_TRUE(c.last().is_self);
  EXPECT_FALSE(a.last().is_self);
  EXPECT_FALSE(b.last().is_self);

  auto t0 = std::chrono::steady_clock::now();
  c.stop();  // LeaveGroup: the others rebalance at once, not after the 6 s session timeout
  for (node* n : {&a, &b}) ASSERT_TRUE(n->wait_for(primary_is("http://127.0.0.1:8083"), 10s));
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  std::printf("failover after LeaveGroup took %lld ms\n", static_cast<long long>(took.count()));
  EXPECT_LT(took, 2500ms);
  EXPECT_TRUE(a.last().is_self);
  EXPECT_EQ(a.last().generation, b.last().generation);
}

TEST(ElectionOnKafka, DuplicateUrlsAreReportedAndHealWhenOneLeaves) {
  auto group = unique_group("duplicate");
  node a(group, "dup.example.com", 8081, true);
  auto twin = std::make_unique<node>(group, "dup.example.com", 8081, true);
  auto duplicated = [](const primary_change& c) { return c.duplicate_urls && !c.primary; };
  ASSERT_TRUE(a.wait_for(duplicated, 60s)) << a.status().last_error;
  ASSERT_TRUE(twin->wait_for(duplicated, 60s));
  // Unlike Confluent before 8.3, the member keeps running and recovers by itself.
  twin->stop();
  ASSERT_TRUE(a.wait_for(primary_is("http://dup.example.com:8081"), 15s));
}

TEST(ElectionOnKafka, NoEligibleMemberMeansNoPrimaryEverywhere) {
  auto group = unique_group("ineligible");
  node a(group, "127.0.0.1", 9081, false);
  node b(group, "127.0.0.1", 9082, false);
  // A completed election (generation >= 0) that names nobody.
  auto none = [](const primary_change& c) { return !c.primary && !c.duplicate_urls && c.generation >= 0; };
  ASSERT_TRUE(a.wait_for(none, 60s)) << a.status().last_error;
  ASSERT_TRUE(b.wait_for(none, 60s));
  EXPECT_EQ(a.last().generation, b.last().generation);
  EXPECT_EQ(a.status().state, "stable");
}

TEST(ElectionOnKafka, StickyLeaderSurvivesALowerUrlJoining) {
  auto group = unique_group("sticky");
  auto make = [&](int port) {
    group_options o;
    o.bootstrap_servers = bootstrap;
    o.group_id = group;
    o.identity.host = "127.0.0.1";
    o.identity.port = port;
    o.sticky = true;
    o.session_timeout = 6000ms;
    o.heartbeat_interval = 300ms;
    o.rebalance_timeout = 10000ms;
    return o;
  };
  std::mutex m;
  std::condition_variable cv;
  std::vector<primary_change> seen_high, seen_low;
  group_member high(make(8090), [&](const primary_change& c) {
    std::lock_guard l(m);
    seen_high.push_back(c);
    cv.notify_all();
  });
  high.start();
  {
    std::unique_lock l(m);
    ASSERT_TRUE(cv.wait_for(l, 60s, [&] { return !seen_high.empty() && seen_high.back().primary; }));
  }
  group_member low(make(8080), [&](const primary_change& c) {
    std::lock_guard l(m);
    seen_low.push_back(c);
    cv.notify_all();
  });
  low.start();
  std::unique_lock l(m);
  ASSERT_TRUE(cv.wait_for(l, 60s, [&] { return !seen_low.empty() && seen_low.back().primary; }));
  // The node that already was primary keeps the role although 8080 < 8090.
  EXPECT_EQ(seen_low.back().primary->url(), "http://127.0.0.1:8090");
  l.unlock();
  low.stop();
  high.stop();
}

}  // namespace
}  // namespace tessera::election

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new tessera::election::kafka_cluster_env);
  return RUN_ALL_TESTS();
}
