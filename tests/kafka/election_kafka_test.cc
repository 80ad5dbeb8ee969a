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
#include <thread>
#include <vector>

#include "election/group_member.h"

namespace tessera::election {
namespace {

using namespace std::chrono_literals;

std::string bootstrap;    // set by the environment below
std::string cluster_dir;  // kafka-cluster.sh work dir

class kafka_cluster_env : public ::testing::Environment {
 public:
  void SetUp() override {
    char tmpl[] = "/tmp/tessera-election-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    cluster_dir = dir_;
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
  node(std::string group, std::string host, int port, bool eligible, bool sticky = false) {
    group_options o;
    o.bootstrap_servers = bootstrap;
    o.group_id = std::move(group);
    o.identity.host = std::move(host);
    o.identity.port = port;
    o.identity.eligible = eligible;
    o.sticky = sticky;
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

  // stop() reports a last "no primary" to the listener, which uses the members below: stop
  // before they are destroyed.
  ~node() { member_->stop(); }
  node(const node&) = delete;
  node& operator=(const node&) = delete;

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

/// Waits until every node's latest report satisfies `pred` and all name the same generation:
/// one completed election that everybody agrees on.
template <class Pred>
bool agree(std::initializer_list<node*> nodes, Pred pred, std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    bool ok = true;
    std::int32_t generation = -2;
    for (node* n : nodes) {
      auto c = n->last();
      if (!pred(c) || c.generation < 0 || (generation != -2 && c.generation != generation)) ok = false;
      generation = c.generation;
    }
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

std::string unique_group(const char* name) {
  return std::string("election-test-") + name + "-" + std::to_string(getpid());
}

TEST(ElectionOnKafka, AllAgreeOnLowestEligibleUrlAndFailOverOnLeave) {
  auto group = unique_group("failover");
  node a(group, "127.0.0.1", 8083, true);
  node b(group, "127.0.0.1", 8081, false);  // lowest URL, but not eligible
  node c(group, "127.0.0.1", 8082, true);
  ASSERT_TRUE(agree({&a, &b, &c}, primary_is("http://127.0.0.1:8082"), 60s))
      << "state " << a.status().state << ", last error: " << a.status().last_error;
  EXPECT_TRUE(c.last().is_self);
  EXPECT_FALSE(a.last().is_self);
  EXPECT_FALSE(b.last().is_self);

  auto t0 = std::chrono::steady_clock::now();
  c.stop();  // LeaveGroup: the others rebalance at once, not after the 6 s session timeout
  ASSERT_TRUE(agree({&a, &b}, primary_is("http://127.0.0.1:8083"), 10s));
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  std::printf("failover after LeaveGroup took %lld ms\n", static_cast<long long>(took.count()));
  EXPECT_LT(took, 2500ms);
  EXPECT_TRUE(a.last().is_self);
  EXPECT_FALSE(b.last().is_self);
}

TEST(ElectionOnKafka, DuplicateUrlsAreReportedAndHealWhenOneLeaves) {
  auto group = unique_group("duplicate");
  node a(group, "dup.example.com", 8081, true);
  auto twin = std::make_unique<node>(group, "dup.example.com", 8081, true);
  auto duplicated = [](const primary_change& c) { return c.duplicate_urls && !c.primary; };
  ASSERT_TRUE(agree({&a, twin.get()}, duplicated, 60s)) << a.status().last_error;
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
  ASSERT_TRUE(agree({&a, &b}, none, 60s)) << a.status().last_error;
  EXPECT_EQ(a.status().state, "stable");
}

TEST(ElectionOnKafka, StickyLeaderSurvivesALowerUrlJoining) {
  auto group = unique_group("sticky");
  node high(group, "127.0.0.1", 8090, true, true);
  ASSERT_TRUE(agree({&high}, primary_is("http://127.0.0.1:8090"), 60s)) << high.status().last_error;
  node low(group, "127.0.0.1", 8080, true, true);
  // Non-sticky would move the primary to 8080 < 8090; sticky keeps the node that has it.
  ASSERT_TRUE(agree({&high, &low}, primary_is("http://127.0.0.1:8090"), 60s)) << low.status().last_error;
  EXPECT_GE(low.last().generation, 2);
  EXPECT_TRUE(high.last().is_self);
  EXPECT_FALSE(low.last().is_self);
  // When the sticky primary leaves, the URL rule picks the remaining node.
  high.stop();
  ASSERT_TRUE(agree({&low}, primary_is("http://127.0.0.1:8080"), 10s));
}

TEST(ElectionOnKafka, PrimaryIsWithdrawnWhenTheSessionCannotBeConfirmed) {
  // Sticky mode: no rebalance revokes the primary, so only the session rule can withdraw it.
  auto group = unique_group("session");
  node a(group, "127.0.0.1", 8070, true, true);
  ASSERT_TRUE(agree({&a}, primary_is("http://127.0.0.1:8070"), 60s)) << a.status().last_error;
  std::string pid_file = cluster_dir + "/node-1/pid";
  std::string pid;
  {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(pid_file.c_str(), "r"), std::fclose);
    ASSERT_TRUE(f) << pid_file;
    std::array<char, 32> buf{};
    ASSERT_NE(std::fgets(buf.data(), buf.size(), f.get()), nullptr);
    pid = std::to_string(std::atol(buf.data()));
  }
  // Freeze the broker: heartbeats go unanswered, as in a network partition.
  ASSERT_EQ(std::system(("kill -STOP " + pid).c_str()), 0);
  auto t0 = std::chrono::steady_clock::now();
  bool withdrawn = a.wait_for([](const primary_change& c) { return !c.primary; }, 12s);
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  ASSERT_EQ(std::system(("kill -CONT " + pid).c_str()), 0);
  ASSERT_TRUE(withdrawn) << "still reporting a primary " << took.count() << " ms after the broker froze";
  std::printf("primary withdrawn %lld ms after the broker froze (session timeout 6000 ms)\n",
              static_cast<long long>(took.count()));
  EXPECT_LE(took, 6300ms);  // within the session timeout of the last accepted send (+ wake-up slack)
  // And the member recovers by itself once the broker answers again.
  ASSERT_TRUE(agree({&a}, primary_is("http://127.0.0.1:8070"), 60s)) << a.status().last_error;
}

}  // namespace
}  // namespace tessera::election

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new tessera::election::kafka_cluster_env);
  return RUN_ALL_TESTS();
}
