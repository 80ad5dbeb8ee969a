// The log_backend contract (include/tessera/storage/backend.h), run against every backend in
// this module: dense offsets, bounded reads, blocking reads that wake on append or close.

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <set>
#include <thread>

#include "storage/file_log_backend.h"
#include "storage/memory_backend.h"
#include "unit/storage/temp_dir.h"

namespace tessera::storage {
namespace {

using namespace std::chrono_literals;

raw_record rec(const std::string& key, std::optional<std::string> value = "v") {
  return raw_record{key, std::move(value)};
}

struct memory_factory {
  std::unique_ptr<log_backend> make() { return std::make_unique<memory_backend>(); }
};

struct file_factory {
  testing::temp_dir dir;
  std::unique_ptr<log_backend> make() {
    auto log = file_log_backend::open({dir.path(), fsync_policy::never()});
    if (!log) throw std::runtime_error(log.error().message);
    return std::move(*log);
  }
};

template <class Factory>
class LogBackendContract : public ::testing::Test {
 protected:
  Factory factory_;
  std::unique_ptr<log_backend> log_ = factory_.make();
};

using backends = ::testing::Types<memory_factory, file_factory>;
TYPED_TEST_SUITE(LogBackendContract, backends);

TYPED_TEST(LogBackendContract, EmptyLogEndsAtZero) {
  EXPECT_EQ(this->log_->end_offset().value(), 0);
  auto r = this->log_->read(0, 10, 0ms);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
}

TYPED_TEST(LogBackendContract, AppendReturnsLastOffsetAndOffsetsAreDense) {
  std::vector<raw_record> one{rec("a")};
  std::vector<raw_record> three{rec("b"), rec("c", std::nullopt), rec("d", "")};
  EXPECT_EQ(this->log_->append(one).value(), 0);
  EXPECT_EQ(this->log_->append(three).value(), 3);
  EXPECT_EQ(this->log_->end_offset().value(), 4);

  auto all = this->log_->read(0, 100, 0ms);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 4u);
  const char* keys[] = {"a", "b", "c", "d"};
  for (std::size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].offset, static_cast<offset_t>(i));
    EXPECT_EQ((*all)[i].record.key, keys[i]);
    EXPECT_GT((*all)[i].timestamp_ms, 0);
  }
  // A tombstone and a zero-length value are different things and must stay different.
  EXPECT_FALSE((*all)[2].record.value.has_value());
  ASSERT_TRUE((*all)[3].record.value.has_value());
  EXPECT_EQ(*(*all)[3].record.value, "");
}

TYPED_TEST(LogBackendContract, ReadStartsAtOffsetAndStopsAtMax) {
  for (int batch = 0; batch < 4; ++batch) {
    std::vector<raw_record> records;
    for (int i = 0; i < 3; ++i) records.push_back(rec("k" + std::to_string(batch * 3 + i)));
    ASSERT_TRUE(this->log_->append(records));
  }
  auto r = this->log_->read(4, 5, 0ms);  // starts inside the second batch, spans three
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 5u);
  for (std::size_t i = 0; i < r->size(); ++i) {
    EXPECT_EQ((*r)[i].offset, static_cast<offset_t>(4 + i));
    EXPECT_EQ((*r)[i].record.key, "k" + std::to_string(4 + i));
  }
  EXPECT_EQ(this->log_->read(11, 5, 0ms)->size(), 1u);
  EXPECT_TRUE(this->log_->read(0, 0, 0ms)->empty());
  EXPECT_EQ(this->log_->read(-5, 2, 0ms)->front().offset, 0);
}

TYPED_TEST(LogBackendContract, ReadAtEndWaitsThenReturnsEmpty) {
  ASSERT_TRUE(this->log_->append(std::vector<raw_record>{rec("a")}));
  auto start = std::chrono::steady_clock::now();
  auto r = this->log_->read(1, 10, 100ms);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 90ms);
}

TYPED_TEST(LogBackendContract, BlockedReaderWakesOnAppend) {
  auto reader = std::async(std::launch::async, [this] { return this->log_->read(0, 10, 20s); });
  std::this_thread::sleep_for(50ms);
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(this->log_->append(std::vector<raw_record>{rec("x"), rec("y")}));
  ASSERT_EQ(reader.wait_for(10s), std::future_status::ready);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  auto r = reader.get();
  ASSERT_TRUE(r);
  ASSERT_FALSE(r->empty());
  EXPECT_EQ(r->front().record.key, "x");
}

TYPED_TEST(LogBackendContract, CloseWakesBlockedReaderAndRefusesLaterCalls) {
  auto reader = std::async(std::launch::async, [this] { return this->log_->read(0, 10, 20s); });
  std::this_thread::sleep_for(50ms);
  this->log_->close();
  ASSERT_EQ(reader.wait_for(10s), std::future_status::ready);
  auto r = reader.get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error_code::store_error);
  this->log_->close();  // idempotent
  EXPECT_FALSE(this->log_->append(std::vector<raw_record>{rec("z")}));
  EXPECT_FALSE(this->log_->end_offset());
  EXPECT_FALSE(this->log_->read(0, 1, 0ms));
}

TYPED_TEST(LogBackendContract, EmptyAppendIsRejected) {
  EXPECT_FALSE(this->log_->append(std::span<const raw_record>{}));
  EXPECT_EQ(this->log_->end_offset().value(), 0);
}

TYPED_TEST(LogBackendContract, ConcurrentAppendersGetDistinctDenseOffsets) {
  constexpr int threads = 4;
  constexpr int per_thread = 50;
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([this, t, &failures] {
      for (int i = 0; i < per_thread; ++i) {
        std::vector<raw_record> batch{rec(std::to_string(t) + "/" + std::to_string(i)),
                                      rec(std::to_string(t) + "/" + std::to_string(i) + "b")};
        if (!this->log_->append(batch)) ++failures;
      }
    });
  }
  // A tailing reader runs alongside and must see a gap-free prefix every time.
  offset_t seen = 0;
  bool gap_free = true;
  while (gap_free && seen < threads * per_thread * 2) {
    auto r = this->log_->read(seen, 7, 5s);
    gap_free = r && !r->empty();
    for (std::size_t i = 0; gap_free && i < r->size(); ++i) gap_free = (*r)[i].offset == seen++;
  }
  for (auto& w : writers) w.join();
  EXPECT_TRUE(gap_free) << "tailing reader saw a gap or timed out at offset " << seen;
  EXPECT_EQ(failures.load(), 0);
  auto all = this->log_->read(0, 1000, 0ms).value();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(threads * per_thread * 2));
  std::set<std::string> keys;
  for (std::size_t i = 0; i < all.size(); i += 2) {
    // The two records of one append stay adjacent and in order.
    EXPECT_EQ(all[i + 1].record.key, all[i].record.key + "b");
    keys.insert(all[i].record.key);
  }
  EXPECT_EQ(keys.size(), static_cast<std::size_t>(threads * per_thread));
}

// --- memory_backend as a test double ------------------------------------------------------

TEST(MemoryBackend, StartsWithInitialRecords) {
  memory_backend log({rec("a"), rec("b", std::nullopt)});
  EXPECT_EQ(log.end_offset().value(), 2);
  auto entries = log.entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].offset, 1);
  EXPECT_FALSE(entries[1].record.value);
}

TEST(MemoryBackend, InjectedFailureHitsOnlyTheNextAppend) {
  memory_backend log;
  log.fail_next_append(fail(error_code::operation_timeout, "timed out"));
  auto r = log.append(std::vector<raw_record>{rec("a")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error_code::operation_timeout);
  EXPECT_EQ(log.end_offset().value(), 0);
  EXPECT_EQ(log.append(std::vector<raw_record>{rec("a")}).value(), 0);
}

}  // namespace
}  // namespace tessera::storage
