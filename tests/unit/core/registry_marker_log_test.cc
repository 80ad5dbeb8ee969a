// The registry over a log whose writes end in offsets without records, as Kafka transactions
// end in a commit marker: catching up must not wait for a read that can never return more.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "tessera/core/registry.h"

namespace tessera {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

/// Every append takes two offsets: the record, then a marker no reader ever gets. Like
/// librdkafka, the reader's position passes the marker as soon as it has read the record.
class marker_log final : public storage::log_backend {
 public:
  result<storage::offset_t> append(std::span<const storage::raw_record> records) override {
    std::lock_guard lock(mu_);
    storage::offset_t last = 0;
    for (const auto& r : records) {
      last = end_;
      entries_.push_back({end_, 0, r});
      ++end_;
    }
    ++end_;  // the marker
    changed_.notify_all();
    return last;
  }

  result<std::vector<storage::log_entry>> read(storage::offset_t from, std::size_t max,
                                               std::chrono::milliseconds wait) override {
    std::unique_lock lock(mu_);
    auto available = [&] { return closed_ || (!entries_.empty() && entries_.back().offset >= from); };
    changed_.wait_for(lock, wait, available);
    std::vector<storage::log_entry> out;
    for (const auto& e : entries_) {
      if (e.offset >= from && out.size() < max) out.push_back(e);
    }
    if (!out.empty()) position_ = out.back().offset + 2;
    return out;
  }

  result<storage::offset_t> end_offset() override {
    std::lock_guard lock(mu_);
    return end_;
  }

  storage::offset_t read_position() override {
    std::lock_guard lock(mu_);
    return position_;
  }

  storage::log_identity identity() const override { return {"marker", "", "test", ""}; }

  void close() override {
    std::lock_guard lock(mu_);
    closed_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<storage::log_entry> entries_;
  storage::offset_t end_ = 0;
  storage::offset_t position_ = 0;
  bool closed_ = false;
};

schema_request avro_record(int n) {
  schema_request r;
  r.schema = R"({"type":"record","name":"R)" + std::to_string(n) + R"(","fields":[]})";
  return r;
}

TEST(RegistryOverMarkers, WritesDoNotWaitForAReadPastTheLastMarker) {
  auto log = std::make_shared<marker_log>();
  registry reg(log, registry_options{});
  ASSERT_TRUE(reg.start());
  ASSERT_TRUE(reg.register_schema("s-0", avro_record(0), {}));
  // Each registration first catches up to the log's end, which lies past the previous write's
  // marker. The reader has passed that marker already; waiting for its next read would cost
  // the reader's whole read wait (200 ms) per write.
  constexpr int writes = 5;
  auto start = clock::now();
  for (int i = 1; i <= writes; ++i) {
    auto r = reg.register_schema("s-" + std::to_string(i), avro_record(i), {});
    ASSERT_TRUE(r) << r.error().message;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - start).count();
  EXPECT_LT(ms, 5 * 60) << "ms for " << writes << " writes";
  EXPECT_EQ(reg.applied_offset(), 2 * (writes + 1) - 1);
}

}  // namespace
}  // namespace tessera
