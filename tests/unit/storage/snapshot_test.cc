// The snapshot codec and the decision whether a snapshot matches the log, as pure functions.

#include "storage/snapshot.h"

#include <gtest/gtest.h>

#include "storage/file_log_format.h"
#include "temp_dir.h"

namespace tessera::storage {
namespace {

const log_identity kafka_log{"kafka", "cluster-A", "_schemas", ""};

snapshot sample() {
  snapshot s;
  s.identity = kafka_log;
  s.offset = 41;
  s.anchor = {R"({"keytype":"NOOP","magic":0})", std::nullopt};
  s.created_ms = 1700000000000;
  s.max_ids = {{".", 12}, {".ctx", 3}};
  s.records.push_back({{R"({"keytype":"SCHEMA","subject":"s","version":1,"magic":1})",
                        R"({"subject":"s","version":1,"id":1,"schema":"\"int\"","deleted":false})"},
                       1234});
  s.records.push_back({{R"({"keytype":"CONFIG","magic":0})", R"({"compatibilityLevel":"FULL"})"}, 0});
  s.records.push_back({{"k", std::string()}, -5});  // empty value is not a tombstone
  return s;
}

log_entry entry(offset_t offset, raw_record r) { return {offset, 0, std::move(r)}; }

TEST(SnapshotCodec, RoundTripsEveryField) {
  auto s = sample();
  auto decoded = decode_snapshot(encode_snapshot(s));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, s);
}

TEST(SnapshotCodec, EmptySnapshotRoundTrips) {
  snapshot s;
  auto decoded = decode_snapshot(encode_snapshot(s));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, s);
}

TEST(SnapshotCodec, EveryFlippedByteIsDetected) {
  auto bytes = encode_snapshot(sample());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x20);
    EXPECT_FALSE(decode_snapshot(damaged)) << "flip at byte " << i;
  }
}

TEST(SnapshotCodec, EveryTruncationIsDetected) {
  auto bytes = encode_snapshot(sample());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_snapshot(std::string_view(bytes).substr(0, n))) << "truncated to " << n;
  }
}

TEST(SnapshotCodec, UnknownFormatVersionIsRejectedByName) {
  auto bytes = encode_snapshot(sample());
  bytes[snapshot_magic.size()] = 2;  // version 2, little-endian
  // Even with a valid checksum, a version this build does not know is refused.
  auto body = bytes.substr(0, bytes.size() - 4);
  auto crc = file_log::crc32c(body);
  for (int i = 0; i < 4; ++i) body.push_back(static_cast<char>(crc >> (8 * i)));
  auto r = decode_snapshot(body);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("format version 2"), std::string::npos) << r.error().message;
}

TEST(SnapshotCodec, OtherFilesAreNotSnapshots) {
  EXPECT_FALSE(decode_snapshot(""));
  EXPECT_FALSE(decode_snapshot("TESSERA\n\x01\0\0\0"));
  auto r = decode_snapshot(std::string(100, 'x'));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("magic"), std::string::npos);
}

TEST(SnapshotCodec, HugeRecordCountDoesNotAllocate) {
  // A header that claims more records than bytes remain fails cleanly (and before reserving).
  snapshot s = sample();
  s.records.clear();
  auto bytes = encode_snapshot(s);
  auto body = bytes.substr(0, bytes.size() - 4);
  for (int i = 0; i < 8; ++i) body[body.size() - 8 + i] = '\x7f';
  auto crc = file_log::crc32c(body);
  for (int i = 0; i < 4; ++i) body.push_back(static_cast<char>(crc >> (8 * i)));
  EXPECT_FALSE(decode_snapshot(body));
}

TEST(SnapshotCheck, MatchingSnapshotIsUsed) {
  auto s = sample();
  EXPECT_EQ(check_snapshot(s, kafka_log, 50, entry(41, s.anchor)).verdict, snapshot_verdict::use);
}

TEST(SnapshotCheck, SnapshotAtTheLastRecordIsUsed) {
  auto s = sample();
  EXPECT_EQ(check_snapshot(s, kafka_log, 42, entry(41, s.anchor)).verdict, snapshot_verdict::use);
}

TEST(SnapshotCheck, OtherClusterTopicOrStoreIsIgnored) {
  auto s = sample();
  for (auto other : {log_identity{"kafka", "cluster-B", "_schemas", ""}, log_identity{"kafka", "cluster-A", "_other", ""},
                     log_identity{"file", "", "/data/schemas.log", ""}}) {
    auto c = check_snapshot(s, other, 50, entry(41, s.anchor));
    EXPECT_EQ(c.verdict, snapshot_verdict::other_log);
    EXPECT_FALSE(c.reason.empty());
  }
}

TEST(SnapshotCheck, TopicIdsCountOnlyWhenBothAreKnown) {
  auto s = sample();
  s.identity.topic_id = "uuid-1";
  EXPECT_EQ(check_snapshot(s, kafka_log, 50, entry(41, s.anchor)).verdict, snapshot_verdict::use);
  auto other = kafka_log;
  other.topic_id = "uuid-2";
  EXPECT_EQ(check_snapshot(s, other, 50, entry(41, s.anchor)).verdict, snapshot_verdict::other_log);
}

TEST(SnapshotCheck, OffsetAtOrPastTheEndIsStale) {
  auto s = sample();
  EXPECT_EQ(check_snapshot(s, kafka_log, 41, std::nullopt).verdict, snapshot_verdict::ahead_of_log);
  EXPECT_EQ(check_snapshot(s, kafka_log, 0, std::nullopt).verdict, snapshot_verdict::ahead_of_log);
}

TEST(SnapshotCheck, DifferentRecordAtTheOffsetMeansARecreatedLog) {
  auto s = sample();
  raw_record other{R"({"keytype":"NOOP","magic":0})", std::string("x")};
  EXPECT_EQ(check_snapshot(s, kafka_log, 50, entry(41, other)).verdict, snapshot_verdict::anchor_differs);
}

TEST(SnapshotCheck, CompactedAnchorDoesNotContradict) {
  // Compaction removed the record at the offset; the next one is all the log can show.
  auto s = sample();
  raw_record later{R"({"keytype":"NOOP","magic":0})", std::nullopt};
  EXPECT_EQ(check_snapshot(s, kafka_log, 50, entry(45, later)).verdict, snapshot_verdict::use);
}

TEST(SnapshotFile, AtomicWriteThenRead) {
  testing::temp_dir dir;
  auto path = dir.path() / "sub" / "kafka-_schemas.snapshot";
  auto missing = read_file_if_exists(path);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
  auto bytes = encode_snapshot(sample());
  ASSERT_TRUE(write_file_atomically(path, bytes));
  ASSERT_TRUE(write_file_atomically(path, bytes + ""));  // replacing an existing file works
  auto read = read_file_if_exists(path);
  ASSERT_TRUE(read && read->has_value());
  EXPECT_EQ(**read, bytes);
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));
}

TEST(SnapshotFile, NameComesFromTheLog) {
  EXPECT_EQ(snapshot_file_name(kafka_log), "kafka-_schemas.snapshot");
  EXPECT_EQ(snapshot_file_name({"kafka", "c", "a/b:c", ""}), "kafka-a_b_c.snapshot");
  EXPECT_EQ(snapshot_file_name({"file", "", "/data/schemas.log", ""}), "file.snapshot");
}

}  // namespace
}  // namespace tessera::storage
