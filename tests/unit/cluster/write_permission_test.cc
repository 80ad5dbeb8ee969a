#include "cluster/write_permission.h"

#include <gtest/gtest.h>

namespace tessera::cluster {
namespace {

TEST(WritePermission, RefusesWithLeaderNotKnownUnlessThisNodeIsPrimary) {
  primary_state s;
  int fences = 0;
  write_permission p(s, [&]() -> result<void> {
    ++fences;
    return {};
  }, [] { return true; });
  auto none = p.check();
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, error_code::unknown_leader);
  s.set(primary_info{"http://other:8081", false});
  auto other = p.check();
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, error_code::unknown_leader);
  EXPECT_NE(other.error().message.find("http://other:8081"), std::string::npos);
  EXPECT_EQ(fences, 0);
}

TEST(WritePermission, FencesOncePerTermBeforeTheFirstWrite) {
  primary_state s;
  int fences = 0;
  write_permission p(s, [&]() -> result<void> {
    ++fences;
    return {};
  }, [] { return true; });
  s.set(primary_info{"http://me:8081", true});
  EXPECT_TRUE(p.check());
  EXPECT_TRUE(p.check());
  EXPECT_EQ(fences, 1);
  s.set(primary_info{"http://other:8081", false});
  s.set(primary_info{"http://me:8081", true});
  EXPECT_TRUE(p.check());
  EXPECT_EQ(fences, 2);
}

TEST(WritePermission, AFailedFenceRefusesTheWriteAndIsRetried) {
  primary_state s;
  int fences = 0;
  write_permission p(s, [&]() -> result<void> {
    if (++fences == 1) return fail(error_code::store_error, "broker down");
    return {};
  }, [] { return true; });
  s.set(primary_info{"http://me:8081", true});
  auto first = p.check();
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().code, error_code::store_error);
  EXPECT_TRUE(p.check());
  EXPECT_EQ(fences, 2);
}

TEST(WritePermission, FencesAgainWhenANewerWriterFencedThisOneOff) {
  primary_state s;
  int fences = 0;
  bool writer = false;
  write_permission p(s, [&]() -> result<void> {
    ++fences;
    writer = true;
    return {};
  }, [&] { return writer; });
  s.set(primary_info{"http://me:8081", true});
  EXPECT_TRUE(p.check());
  writer = false;  // the broker rejected our producer: someone else initialised the same id
  EXPECT_TRUE(p.check());
  EXPECT_EQ(fences, 2);
}

}  // namespace
}  // namespace tessera::cluster
