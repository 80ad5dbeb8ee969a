// The local log file backend: recovery after torn writes, corruption handling, locking, fsync
// policies and a real crash (SIGKILL) of a writing process. Modelled on LevelDB's log_test.cc.

#include "storage/file_log_backend.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <limits>
#include <thread>

#include "unit/storage/temp_dir.h"

namespace tessera::storage {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void spit(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// The record the tests store at `offset`: every fifth is a tombstone, keys and values differ.
raw_record record_at(offset_t offset) {
  raw_record r{"key-" + std::to_string(offset), std::nullopt};
  if (offset % 5 != 4) r.value = "value-" + std::to_string(offset) + std::string(offset % 7, '\0');
  return r;
}

std::vector<raw_record> records(offset_t first, offset_t count) {
  std::vector<raw_record> out;
  for (offset_t o = first; o < first + count; ++o) out.push_back(record_at(o));
  return out;
}

class LocalLog : public ::testing::Test {
 protected:
  fs::path file() const { return dir_.path() / "schemas.log"; }

  result<std::unique_ptr<file_log_backend>> try_open(fsync_policy p = fsync_policy::always()) {
    return file_log_backend::open({dir_.path(), p});
  }

  std::unique_ptr<file_log_backend> open(fsync_policy p = fsync_policy::always()) {
    auto log = try_open(p);
    if (!log) {
      ADD_FAILURE() << log.error().message;
      return nullptr;
    }
    return std::move(*log);
  }

  static std::vector<log_entry> read_all(log_backend& log) {
    return log.read(0, std::numeric_limits<std::size_t>::max(), 0ms).value();
  }

  /// Asserts the log holds exactly record_at(0..count-1).
  static void expect_records(log_backend& log, offset_t count) {
    auto all = read_all(log);
    ASSERT_EQ(all.size(), static_cast<std::size_t>(count));
    for (offset_t o = 0; o < count; ++o) {
      EXPECT_EQ(all[o].offset, o);
      EXPECT_EQ(all[o].record, record_at(o)) << "offset " << o;
    }
    EXPECT_EQ(log.end_offset().value(), count);
  }

  testing::temp_dir dir_;
};

TEST_F(LocalLog, ReopenReturnsEverything) {
  std::vector<log_entry> before;
  {
    auto log = open();
    ASSERT_TRUE(log);
    ASSERT_EQ(log->append(records(0, 1)).value(), 0);
    ASSERT_EQ(log->append(records(1, 4)).value(), 4);
    std::vector<raw_record> big{raw_record{"big", std::string(100000, '\xff')}};
    ASSERT_EQ(log->append(big).value(), 5);
    before = read_all(*log);
  }
  auto log = open();
  ASSERT_TRUE(log);
  auto after = read_all(*log);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].offset, before[i].offset);
    EXPECT_EQ(after[i].timestamp_ms, before[i].timestamp_ms);
    EXPECT_EQ(after[i].record, before[i].record);
  }
  EXPECT_EQ(log->append(records(6, 1)).value(), 6);
}

TEST_F(LocalLog, TruncationAtEveryByteOfTheLastFrameLosesOnlyThatFrame) {
  std::uint64_t intact = 0;
  {
    auto log = open(fsync_policy::never());
    ASSERT_TRUE(log);
    ASSERT_TRUE(log->append(records(0, 1)));
    ASSERT_TRUE(log->append(records(1, 2)));
    intact = fs::file_size(file());
    ASSERT_TRUE(log->append(records(3, 5)));  // the frame to tear: five records
  }
  const auto original = slurp(file());
  ASSERT_GT(original.size(), intact + 60);

  for (auto cut = intact; cut < original.size(); ++cut) {
    SCOPED_TRACE("cut at byte " + std::to_string(cut));
    testing::temp_dir torn;
    spit(torn.path() / "schemas.log", std::string_view(original).substr(0, cut));
    {
      auto log = file_log_backend::open({torn.path(), fsync_policy::never()});
      ASSERT_TRUE(log) << log.error().message;
      expect_records(**log, 3);
      EXPECT_EQ(fs::file_size(torn.path() / "schemas.log"), intact);
      ASSERT_EQ((*log)->append(records(3, 1)).value(), 3);
    }
    auto log = file_log_backend::open({torn.path(), fsync_policy::never()});
    ASSERT_TRUE(log) << log.error().message;
    expect_records(**log, 4);
  }
}

TEST_F(LocalLog, TornMultiRecordAppendDropsTheWholeBatch) {
  std::uint64_t intact = 0;
  {
    auto log = open();
    ASSERT_TRUE(log->append(records(0, 1)));
    intact = fs::file_size(file());
    ASSERT_TRUE(log->append(records(1, 5)));
  }
  auto bytes = slurp(file());
  // Cut after roughly three of the five records were written: all five must go.
  spit(file(), std::string_view(bytes).substr(0, intact + (bytes.size() - intact) * 3 / 5));
  auto log = open();
  ASSERT_TRUE(log);
  expect_records(*log, 1);
}

TEST_F(LocalLog, BadCrcInTheTailIsDropped) {
  {
    auto log = open();
    ASSERT_TRUE(log->append(records(0, 2)));
    ASSERT_TRUE(log->append(records(2, 2)));
  }
  auto bytes = slurp(file());
  bytes[bytes.size() - 3] ^= 0x40;
  spit(file(), bytes);
  auto log = open();
  ASSERT_TRUE(log);
  expect_records(*log, 2);
  EXPECT_EQ(log->append(records(2, 1)).value(), 2);
}

TEST_F(LocalLog, ZeroFilledOrGarbageTailIsDropped) {
  {
    auto log = open();
    ASSERT_TRUE(log->append(records(0, 3)));
  }
  const auto clean = slurp(file());
  // After a power loss some file systems leave the file extended with zeros or stale blocks.
  for (const auto& tail : {std::string(4096, '\0'), std::string("\x17garbage bytes\x01\x02", 16)}) {
    spit(file(), clean + tail);
    auto log = open();
    ASSERT_TRUE(log);
    expect_records(*log, 3);
    EXPECT_EQ(fs::file_size(file()), clean.size());
  }
}

TEST_F(LocalLog, BadCrcMidFileRefusesToOpenAndLeavesTheFileAlone) {
  {
    auto log = open();
    ASSERT_TRUE(log->append(records(0, 1)));
    ASSERT_TRUE(log->append(records(1, 1)));
    ASSERT_TRUE(log->append(records(2, 1)));
  }
  auto bytes = slurp(file());
  bytes[file_log::file_header_size + file_log::frame_header_size + 3] ^= 0x01;
  spit(file(), bytes);
  auto log = try_open();
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, error_code::store_error);
  EXPECT_NE(log.error().message.find(file().string()), std::string::npos) << log.error().message;
  EXPECT_NE(log.error().message.find("byte 16"), std::string::npos) << log.error().message;
  EXPECT_EQ(slurp(file()), bytes);  // nothing truncated
}

TEST_F(LocalLog, CorruptLengthMidFileRefusesToOpen) {
  {
    auto log = open();
    ASSERT_TRUE(log->append(records(0, 2)));
    ASSERT_TRUE(log->append(records(2, 2)));
  }
  auto bytes = slurp(file());
  // A flipped length makes the first frame look like it runs past the end of the file, which
  // alone would pass for a torn tail; the valid frame after it proves otherwise.
  bytes[file_log::file_header_size + 7] = '\x7f';
  spit(file(), bytes);
  auto log = try_open();
  ASSERT_FALSE(log);
  EXPECT_NE(log.error().message.find("valid frame follows"), std::string::npos)
      << log.error().message;
  EXPECT_EQ(slurp(file()), bytes);
}

TEST_F(LocalLog, ReadVerifiesFramesAgainstLaterDamage) {
  auto log = open();
  ASSERT_TRUE(log->append(records(0, 2)));
  {
    std::fstream f(file(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(file_log::file_header_size + 30));
    f.put('#');
  }
  auto r = log->read(0, 10, 0ms);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("failed verification"), std::string::npos);
}

TEST_F(LocalLog, EmptyFileIsInitialisedAndForeignFileRefused) {
  spit(file(), "");
  {
    auto log = open();
    ASSERT_TRUE(log);
    EXPECT_EQ(log->append(records(0, 1)).value(), 0);
  }
  {
    auto log = open();
    ASSERT_TRUE(log);
    expect_records(*log, 1);
  }
  spit(file(), "this is somebody else's file\n");
  auto log = try_open();
  ASSERT_FALSE(log);
  EXPECT_NE(log.error().message.find("bad magic"), std::string::npos);
}

TEST_F(LocalLog, LockPreventsASecondOpen) {
  auto first = open();
  ASSERT_TRUE(first);
  auto second = try_open();
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("locked"), std::string::npos);

  // Another process is refused too.
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto other = file_log_backend::open({dir_.path(), fsync_policy::always()});
    ::_exit(!other && other.error().message.find("locked") != std::string::npos ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  first.reset();  // dropping the backend releases the lock
  EXPECT_TRUE(try_open());
}

TEST_F(LocalLog, FsyncPoliciesParse) {
  EXPECT_EQ(parse_fsync_policy("always").value(), fsync_policy::always());
  EXPECT_EQ(parse_fsync_policy("never").value(), fsync_policy::never());
  EXPECT_EQ(parse_fsync_policy("interval:250").value(), fsync_policy::every(250ms));
  EXPECT_EQ(parse_fsync_policy("interval:3600000").value(), fsync_policy::every(3600000ms));
  for (auto p : {fsync_policy::always(), fsync_policy::never(), fsync_policy::every(5ms)}) {
    EXPECT_EQ(parse_fsync_policy(to_string(p)).value(), p);
  }
  for (const char* bad : {"", "Always", "sometimes", "interval", "interval:", "interval:0",
                          "interval:-5", "interval:10ms", "interval:3600001", "interval: 5"}) {
    auto r = parse_fsync_policy(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, error_code::bad_request);
  }
}

TEST_F(LocalLog, IntervalAndNeverPoliciesKeepRecordsAcrossReopen) {
  for (auto policy : {fsync_policy::every(5ms), fsync_policy::never()}) {
    SCOPED_TRACE(to_string(policy));
    testing::temp_dir d;
    {
      auto log = file_log_backend::open({d.path(), policy});
      ASSERT_TRUE(log);
      for (offset_t o = 0; o < 10; ++o) ASSERT_TRUE((*log)->append(records(o, 1)));
      std::this_thread::sleep_for(20ms);  // let the flusher run at least once
    }
    auto log = file_log_backend::open({d.path(), policy});
    ASSERT_TRUE(log);
    expect_records(**log, 10);
  }
}

/// Reads acknowledged offsets a child wrote to `fd` until `enough` arrived or time ran out.
offset_t read_acks(int fd, offset_t enough, std::chrono::seconds limit) {
  offset_t last = -1;
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (last < enough && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    offset_t ack = 0;
    if (::read(fd, &ack, sizeof ack) != sizeof ack) break;
    last = ack;
  }
  return last;
}

TEST_F(LocalLog, KilledWriterLosesNoAcknowledgedRecord) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(pipe_fds[0]);
    auto log = file_log_backend::open({dir_.path(), fsync_policy::always()});
    if (!log) ::_exit(2);
    for (offset_t next = 0;; ) {
      auto count = 1 + next % 4;  // batches of 1..4 records
      auto last = (*log)->append(records(next, count));
      if (!last) ::_exit(3);
      next = *last + 1;
      // Only now is the batch acknowledged.
      if (::write(pipe_fds[1], &*last, sizeof *last) != sizeof *last) ::_exit(4);
    }
  }
  ::close(pipe_fds[1]);
  offset_t acked = read_acks(pipe_fds[0], 150, 60s);
  ::kill(pid, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "writer exited early with status " << WEXITSTATUS(status);
  // Acks already in the pipe were given before the kill and count too.
  for (offset_t more; ::read(pipe_fds[0], &more, sizeof more) == sizeof more;) acked = more;
  ::close(pipe_fds[0]);
  ASSERT_GE(acked, 150);

  auto log = open();
  ASSERT_TRUE(log);
  auto all = read_all(*log);
  ASSERT_GE(all.size(), static_cast<std::size_t>(acked + 1));
  for (std::size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(all[i].offset, static_cast<offset_t>(i));
    ASSERT_EQ(all[i].record, record_at(static_cast<offset_t>(i)));
  }
}

}  // namespace
}  // namespace tessera::storage
