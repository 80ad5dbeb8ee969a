// Group commit: registrations that wait while another is being written go to the log together,
// and come out exactly as if they had run one at a time in arrival order.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "storage/memory_backend.h"
#include "tessera/core/errors.h"
#include "tessera/core/registry.h"
#include "unit/core/registry_test_support.h"

namespace tessera {
namespace {

using namespace std::chrono_literals;

/// A memory log whose first append waits until release(), so the registrations started
/// meanwhile queue behind it; it counts appends and can fail one of them.
class gated_log final : public storage::log_backend {
 public:
  result<storage::offset_t> append(std::span<const storage::raw_record> records) override {
    {
      std::unique_lock lock(mu_);
      ++appends_;
      released_cv_.wait(lock, [&] { return released_; });
      if (appends_ == fail_append_) return errors::store_error("injected append failure");
    }
    return inner_.append(records);
  }
  result<std::vector<storage::log_entry>> read(storage::offset_t from, std::size_t max,
                                               std::chrono::milliseconds wait) override {
    return inner_.read(from, max, wait);
  }
  result<storage::offset_t> end_offset() override { return inner_.end_offset(); }
  void close() override { inner_.close(); }
  storage::log_identity identity() const override { return inner_.identity(); }

  void hold() {
    std::lock_guard lock(mu_);
    released_ = false;
  }
  void release() {
    {
      std::lock_guard lock(mu_);
      released_ = true;
    }
    released_cv_.notify_all();
  }
  /// The n-th append (counting from 1) fails with 50001 and writes nothing.
  void fail_append(int n) {
    std::lock_guard lock(mu_);
    fail_append_ = n;
  }
  int appends() const {
    std::lock_guard lock(mu_);
    return appends_;
  }

 private:
  storage::memory_backend inner_;
  mutable std::mutex mu_;
  std::condition_variable released_cv_;
  bool released_ = true;
  int fail_append_ = 0;
  int appends_ = 0;
};

using test::avro_record;

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    reg = std::make_unique<registry>(log, registry_options{});
    ASSERT_TRUE(reg->start());
  }

  /// Registers `first` while the log is held, then each of `rest` from its own thread, then lets
  /// the log go: `first` is written alone, `rest` waited behind it (queued in order if `one_by_one`).
  std::vector<result<register_outcome>> register_behind_a_held_write(
      const std::pair<std::string, schema_request>& first,
      const std::vector<std::pair<std::string, schema_request>>& rest, bool one_by_one = false) {
    std::vector<result<register_outcome>> out(rest.size() + 1, errors::store_error("not run"));
    log->hold();
    std::thread leader([&] { out[0] = reg->register_schema(first.first, first.second, {}); });
    while (log->appends() == 0) std::this_thread::sleep_for(1ms);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < rest.size(); ++i) {
      threads.emplace_back([&, i] { out[i + 1] = reg->register_schema(rest[i].first, rest[i].second, {}); });
      if (one_by_one) std::this_thread::sleep_for(50ms);  // they queue in this order
    }
    std::this_thread::sleep_for(300ms);  // every thread queues behind the held append
    log->release();
    leader.join();
    for (auto& t : threads) t.join();
    return out;
  }

  std::shared_ptr<gated_log> log = std::make_shared<gated_log>();
  std::unique_ptr<registry> reg;
};

TEST_F(GroupCommitTest, WaitingRegistrationsShareOneAppendAndGetDistinctIds) {
  std::vector<std::pair<std::string, schema_request>> rest;
  for (int i = 0; i < 16; ++i) rest.emplace_back("s" + std::to_string(i), avro_record("R" + std::to_string(i)));
  auto out = register_behind_a_held_write({"first", avro_record("First")}, rest);
  std::set<schema_id> ids;
  for (const auto& r : out) {
    ASSERT_TRUE(r) << r.error().message;
    ids.insert(r->id);
  }
  EXPECT_EQ(ids, (std::set<schema_id>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}));
  EXPECT_LE(log->appends(), 3);  // the held one, then the queue in one group (two if a thread was late)
  for (std::size_t i = 0; i < rest.size(); ++i) {
    auto v = reg->get_version(rest[i].first, version_spec::latest(), false);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->id, out[i + 1]->id);
    EXPECT_EQ(v->version, 1);
  }
}

TEST_F(GroupCommitTest, TheSameSchemaUnderTwoSubjectsInOneGroupGetsOneId) {
  auto out = register_behind_a_held_write({"first", avro_record("First")},
                                          {{"a", avro_record("Shared")}, {"b", avro_record("Shared")}});
  ASSERT_TRUE(out[1] && out[2]);
  EXPECT_EQ(out[1]->id, 2);
  EXPECT_EQ(out[2]->id, 2);
  EXPECT_EQ(*reg->subjects_for_id(2, std::nullopt, false), (std::vector<std::string>{"a", "b"}));
}

TEST_F(GroupCommitTest, TwoVersionsOfOneSubjectInOneGroupAreCheckedAgainstEachOther) {
  // The second and third see the version before them as if they had run alone: the compatible
  // one becomes version 2, the incompatible one (BACKWARD: long → int) is refused.
  schema_request v2;
  v2.schema = R"({"type":"record","name":"R","fields":[{"name":"f","type":"long"},{"name":"g","type":"int","default":0}]})";
  auto out = register_behind_a_held_write({"first", avro_record("First")},
                                          {{"s", avro_record("R")}, {"s", v2}, {"s", avro_record("R", "int")}}, true);
  ASSERT_TRUE(out[1] && out[2]);
  EXPECT_EQ(*reg->list_versions("s", {}), (std::vector<schema_version>{1, 2}));
  EXPECT_EQ(out[1]->id, 2);
  EXPECT_EQ(out[2]->id, 3);
  ASSERT_FALSE(out[3]);
  EXPECT_EQ(out[3].error().code, error_code::conflict);
}

TEST_F(GroupCommitTest, AnAlreadyRegisteredSchemaIsAnsweredWithoutWaitingForAGroup) {
  auto existing = reg->register_schema("known", avro_record("Known"), {});
  ASSERT_TRUE(existing);
  log->hold();
  std::thread writer([&] { EXPECT_TRUE(reg->register_schema("new", avro_record("New"), {})); });
  while (log->appends() < 2) std::this_thread::sleep_for(1ms);  // the new one is in its append
  auto again = std::async(std::launch::async, [&] { return reg->register_schema("known", avro_record("Known"), {}); });
  const bool answered_while_held = again.wait_for(2s) == std::future_status::ready;
  log->release();
  writer.join();
  EXPECT_TRUE(answered_while_held);
  auto answer = again.get();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->id, existing->id);
  EXPECT_EQ(log->appends(), 2);
}

TEST_F(GroupCommitTest, AFailedAppendFailsEveryRegistrationOfItsGroupAndNothingElse) {
  std::vector<std::pair<std::string, schema_request>> rest;
  for (int i = 0; i < 4; ++i) rest.emplace_back("s" + std::to_string(i), avro_record("R" + std::to_string(i)));
  log->fail_append(2);  // the group's append; the held one before it succeeds
  auto out = register_behind_a_held_write({"first", avro_record("First")}, rest);
  ASSERT_TRUE(out[0]);
  EXPECT_EQ(log->appends(), 2);
  for (std::size_t i = 1; i < out.size(); ++i) {
    ASSERT_FALSE(out[i]);
    EXPECT_EQ(out[i].error().code, error_code::store_error);
    EXPECT_FALSE(reg->get_version(rest[i - 1].first, version_spec::latest(), false));
  }
  // Nothing of the failed group was written, so its ids are still free.
  auto again = reg->register_schema("s0", avro_record("R0"), {});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, 2);
}

}  // namespace
}  // namespace tessera
