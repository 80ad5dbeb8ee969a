#include "cluster/primary_state.h"

#include <gtest/gtest.h>

#include <thread>

namespace tessera::cluster {
namespace {

TEST(PrimaryState, CountsATermEachTimeThisNodeBecomesPrimary) {
  primary_state s;
  EXPECT_EQ(s.term(), 0u);
  s.set(primary_info{"http://a:1", true});
  s.set(primary_info{"http://a:1", true});  // the same answer again is no change
  EXPECT_EQ(s.term(), 1u);
  s.set(primary_info{"http://b:1", false});
  s.set(std::nullopt);
  s.set(primary_info{"http://a:1", true});
  EXPECT_EQ(s.term(), 2u);
  EXPECT_EQ(s.changes(), 4u);
}

TEST(PrimaryState, WaitKnownReturnsOnceAnElectionNamesAPrimary) {
  primary_state s;
  EXPECT_FALSE(s.wait_known(std::chrono::milliseconds(20)));
  std::thread later([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    s.set(primary_info{"http://b:2", false});
  });
  auto p = s.wait_known(std::chrono::seconds(5));
  later.join();
  ASSERT_TRUE(p);
  EXPECT_EQ(p->url, "http://b:2");
}

TEST(PrimaryState, LeavingWakesWaitersAtOnce) {
  primary_state s;
  std::thread stop([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    s.leave();
  });
  auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(s.wait_known(std::chrono::seconds(10)));
  stop.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_TRUE(s.has_left());
  // Nothing more to wait for: the view cannot change any more.
  started = std::chrono::steady_clock::now();
  EXPECT_FALSE(s.wait_change(std::nullopt, std::chrono::seconds(10)));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

TEST(PrimaryState, ALeavingPrimaryStopsBeingPrimaryAndHearsNoMoreElections) {
  primary_state s;
  s.set(primary_info{"http://a:1", true});
  s.leave();
  EXPECT_FALSE(s.current());
  s.set(primary_info{"http://a:1", true});  // the member's last report while it stops
  EXPECT_FALSE(s.current());
  EXPECT_EQ(s.term(), 1u);
}

TEST(PrimaryState, ALeavingFollowerKeepsThePrimaryItKnows) {
  primary_state s;
  s.set(primary_info{"http://b:2", false});
  s.leave();
  s.set(std::nullopt);
  ASSERT_TRUE(s.current());
  EXPECT_EQ(s.current()->url, "http://b:2");
}

}  // namespace
}  // namespace tessera::cluster
