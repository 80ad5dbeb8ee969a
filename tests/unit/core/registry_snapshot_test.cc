// The state snapshot through the registry: a restart from snapshot + tail holds exactly the
// state a full replay builds, replays only the tail, and falls back to a full replay whenever
// the snapshot does not match the log.

#include <gtest/gtest.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

#include "storage/file_log_format.h"
#include "storage/snapshot.h"
#include "tessera/core/registry.h"
#include "unit/core/registry_test_support.h"
#include "../storage/temp_dir.h"

namespace tessera {
namespace {

using storage::testing::temp_dir;

/// One log shared by successive "processes": each registry gets its own handle (closing it
/// does not close the log), entries keep their original timestamps, and the handle remembers
/// where its reader read from.
struct log_data {
  std::mutex mu;
  std::condition_variable appended;
  std::vector<storage::log_entry> entries;
  std::int64_t clock_ms = 1000;  ///< deterministic timestamps
};

class watched_log final : public storage::log_backend {
 public:
  explicit watched_log(std::shared_ptr<log_data> data) : data_(std::move(data)) {}
  result<storage::offset_t> append(std::span<const storage::raw_record> records) override {
    std::lock_guard lk(data_->mu);
    if (closed_) return fail(error_code::store_error, "closed");
    auto ts = data_->clock_ms++;
    for (const auto& r : records) {
      data_->entries.push_back({static_cast<storage::offset_t>(data_->entries.size()), ts, r});
    }
    data_->appended.notify_all();
    return static_cast<storage::offset_t>(data_->entries.size()) - 1;
  }
  result<std::vector<storage::log_entry>> read(storage::offset_t from, std::size_t max,
                                               std::chrono::milliseconds wait) override {
    std::unique_lock lk(data_->mu);
    reads_.push_back(from);
    data_->appended.wait_for(lk, wait, [&] { return closed_ || static_cast<storage::offset_t>(data_->entries.size()) > from; });
    if (closed_) return fail(error_code::store_error, "closed");
    std::vector<storage::log_entry> out;
    for (auto i = static_cast<std::size_t>(from); i < data_->entries.size() && out.size() < max; ++i) {
      out.push_back(data_->entries[i]);
    }
    return out;
  }
  result<storage::offset_t> end_offset() override {
    std::lock_guard lk(data_->mu);
    return static_cast<storage::offset_t>(data_->entries.size());
  }
  void close() override {
    std::lock_guard lk(data_->mu);
    closed_ = true;
    data_->appended.notify_all();
  }
  storage::log_identity identity() const override { return {"memory", "", "", ""}; }
  /// The `from` of every read so far.
  std::vector<storage::offset_t> reads() const {
    std::lock_guard lk(data_->mu);
    return reads_;
  }

 private:
  std::shared_ptr<log_data> data_;
  bool closed_ = false;  // guarded by data_->mu
  std::vector<storage::offset_t> reads_;
};

/// The reads of `w` once there are at least `n` (the reader thread issues them).
std::vector<storage::offset_t> reads_after(const watched_log& w, std::size_t n) {
  for (int i = 0; i < 200 && w.reads().size() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return w.reads();
}

using test::avro_record;

class RegistrySnapshot : public ::testing::Test {
 protected:
  /// A registry over a new handle to the shared log (a process start).
  std::unique_ptr<registry> open(bool with_snapshot, std::shared_ptr<watched_log>* watched = nullptr) {
    auto w = std::make_shared<watched_log>(data_);
    if (watched) *watched = w;
    registry_options o;
    if (with_snapshot) o.snapshot_dir = dir.path();
    auto r = std::make_unique<registry>(w, o);
    EXPECT_TRUE(r->start());
    return r;
  }

  std::size_t log_size() {
    std::lock_guard lk(data_->mu);
    return data_->entries.size();
  }

  void workload_part_one(registry& r) {
    ASSERT_TRUE(r.register_schema("orders-value", avro_record("Order"), {}));                  // id 1
    EXPECT_FALSE(r.register_schema("orders-value", avro_record("Order", "int"), {}));          // incompatible
    ASSERT_TRUE(r.register_schema("users-value", avro_record("User"), {}));                    // id 2
    ASSERT_TRUE(r.register_schema(":.team:users-value", avro_record("TeamUser"), {}));         // .team id 1
    storage::config_value full;
    full.compatibility = compatibility_level::full;
    ASSERT_TRUE(r.update_config("users-value", full));
    ASSERT_TRUE(r.update_config(std::nullopt, full));
    ASSERT_TRUE(r.update_mode("orders-value", mode::readonly, false));
    ASSERT_TRUE(r.register_schema("soft-value", avro_record("Soft"), {}));                     // id 3
    ASSERT_TRUE(r.delete_subject("soft-value", false));
    // Soft then hard delete of the newest id: id 4 leaves the state but is never handed out again.
    ASSERT_TRUE(r.register_schema("gone-value", avro_record("Gone"), {}));                     // id 4
    ASSERT_TRUE(r.delete_subject("gone-value", false));
    ASSERT_TRUE(r.delete_subject("gone-value", true));
  }

  void workload_part_two(registry& r) {
    ASSERT_TRUE(r.register_schema("tail-value", avro_record("Tail"), {}));
    ASSERT_TRUE(r.register_schema("users-value", avro_record("User"), {}));  // existing: no write
    ASSERT_TRUE(r.delete_mode("orders-value"));
  }

  temp_dir dir;
  std::shared_ptr<log_data> data_ = std::make_shared<log_data>();
};

void expect_same_state(const registry& a, const registry& b) {
  auto sa = a.take_snapshot();
  auto sb = b.take_snapshot();
  EXPECT_EQ(sa.offset, sb.offset);
  EXPECT_EQ(sa.anchor, sb.anchor);
  // The image holds every part of the state in a fixed order (highest ids, holder order,
  // creation times included): equal bytes, equal states.
  EXPECT_FALSE(sa.state.empty());
  EXPECT_TRUE(sa.state == sb.state) << "the two states differ";
}

TEST_F(RegistrySnapshot, SnapshotPlusTailEqualsFullReplay) {
  {
    auto first = open(true);
    workload_part_one(*first);
    first->stop();  // clean shutdown writes the snapshot
  }
  ASSERT_TRUE(std::filesystem::exists(dir.path() / "memory.snapshot"));
  auto snapshot_end = log_size();
  {
    std::shared_ptr<watched_log> w;
    auto second = open(true, &w);
    auto reads = reads_after(*w, 2);
    ASSERT_GE(reads.size(), 2u);
    EXPECT_EQ(reads[0], static_cast<storage::offset_t>(snapshot_end - 1));  // the anchor check
    EXPECT_EQ(reads[1], static_cast<storage::offset_t>(snapshot_end));      // then only the tail
    workload_part_two(*second);
    second->stop();
  }
  // A third start: snapshot (now including the tail) vs a full replay of the same log.
  auto from_snapshot = open(true);
  auto full = open(false);
  expect_same_state(*from_snapshot, *full);
  // Both give the next registration the same id (tail-value took 5).
  auto next = from_snapshot->register_schema("new-value", avro_record("New"), {});
  auto next_full = full->register_schema("new-value", avro_record("New"), {});
  ASSERT_TRUE(next && next_full);
  EXPECT_EQ(next->id, 6);
  EXPECT_EQ(next_full->id, 6);
}

TEST_F(RegistrySnapshot, HardDeletedIdIsNotReusedAfterARestartFromTheSnapshot) {
  {
    auto first = open(true);
    workload_part_one(*first);
    first->stop();
  }
  auto restarted = open(true);
  auto next = restarted->register_schema("new-value", avro_record("New"), {});
  ASSERT_TRUE(next);
  EXPECT_EQ(next->id, 5);  // not 4, although no record in the snapshot carries id 4
}

TEST_F(RegistrySnapshot, TailOnlyRestartGivesTheSameStateAsFullReplay) {
  {
    auto first = open(true);
    workload_part_one(*first);
    ASSERT_TRUE(first->save_snapshot());  // periodic snapshot, then more writes
    workload_part_two(*first);
    // Simulated crash: no stop(), so no shutdown snapshot; the destructor would write one.
    std::filesystem::copy_file(dir.path() / "memory.snapshot", dir.path() / "keep");
  }
  std::filesystem::remove(dir.path() / "memory.snapshot");
  std::filesystem::rename(dir.path() / "keep", dir.path() / "memory.snapshot");
  auto from_snapshot = open(true);
  auto full = open(false);
  expect_same_state(*from_snapshot, *full);
}

TEST_F(RegistrySnapshot, CorruptSnapshotFallsBackToFullReplay) {
  {
    auto first = open(true);
    workload_part_one(*first);
  }
  {
    std::fstream f(dir.path() / "memory.snapshot", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(40);
    f.put('\x55');
  }
  std::shared_ptr<watched_log> w;
  auto again = open(true, &w);
  EXPECT_EQ(reads_after(*w, 1).front(), 0);
  auto full = open(false);
  expect_same_state(*again, *full);
}

TEST_F(RegistrySnapshot, VersionOneSnapshotIsIgnoredForAFullReplay) {
  // A file of the record-based format 1 (what earlier builds wrote), with a valid checksum:
  // this build refuses it by its version and replays the whole log.
  {
    auto first = open(true);
    workload_part_one(*first);
  }
  auto path = dir.path() / "memory.snapshot";
  auto bytes = storage::read_file_if_exists(path);
  ASSERT_TRUE(bytes && bytes->has_value());
  std::string v1 = **bytes;
  v1[storage::snapshot_magic.size()] = 1;
  v1.resize(v1.size() - 4);
  auto crc = storage::file_log::crc32c(v1);
  for (int i = 0; i < 4; ++i) v1.push_back(static_cast<char>(crc >> (8 * i)));
  ASSERT_TRUE(storage::write_file_atomically(path, v1));
  std::shared_ptr<watched_log> w;
  auto again = open(true, &w);
  EXPECT_EQ(reads_after(*w, 1).front(), 0);
  auto full = open(false);
  expect_same_state(*again, *full);
}

TEST_F(RegistrySnapshot, SnapshotOfAnotherLogIsIgnored) {
  {
    auto first = open(true);
    workload_part_one(*first);
  }
  // Another log (same kind, different records) that is even longer than the snapshot's.
  data_ = std::make_shared<log_data>();
  {
    auto other = open(false);
    for (int i = 0; i < 40; ++i) {
      ASSERT_TRUE(other->register_schema("x" + std::to_string(i), avro_record("X" + std::to_string(i)), {}));
    }
  }
  std::shared_ptr<watched_log> w;
  auto again = open(true, &w);
  auto reads = reads_after(*w, 2);
  ASSERT_GE(reads.size(), 2u);
  EXPECT_GT(reads[0], 0);  // the check read the record at the snapshot offset...
  EXPECT_EQ(reads[1], 0);  // ...found another one: full replay
  auto full = open(false);
  expect_same_state(*again, *full);
  EXPECT_EQ(again->list_subjects({}).size(), 40u);
}

TEST_F(RegistrySnapshot, SnapshotAheadOfTheLogIsIgnored) {
  {
    auto first = open(true);
    workload_part_one(*first);
  }
  data_ = std::make_shared<log_data>();  // an empty (recreated) log
  std::shared_ptr<watched_log> w;
  auto again = open(true, &w);
  EXPECT_TRUE(again->list_subjects({}).empty());
}

}  // namespace
}  // namespace tessera
