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
  s.state = std::string("state image bytes, opaque here \x00\x01\xff", 35);
  return s;
}

log_entry entry(offset_t offset, raw_record r) { return {offset, 0, std::move(r)}; }

/// The decoded header with its state image copied back in.
std::optional<snapshot> round_trip(const std::string& bytes) {
  auto decoded = decode_snapshot(bytes);
  if (!decoded) return std::nullopt;
  snapshot s = decoded->header;
  s.state = std::string(decoded->state);
  return s;
}

TEST(SnapshotCodec, RoundTripsEveryField) {
  auto s = sample();
  EXPECT_EQ(round_trip(encode_snapshot(s)), s);
}

TEST(SnapshotCodec, EmptySnapshotRoundTrips) {
  snapshot s;
  EXPECT_EQ(round_trip(encode_snapshot(s)), s);
}

TEST(SnapshotCodec, StateWrittenInPlaceEqualsStateGiven) {
  auto s = sample();
  auto in_place = encode_snapshot(s, [&](std::string& out) { out.append(s.state); });
  EXPECT_EQ(in_place, encode_snapshot(s));
  auto decoded = decode_snapshot(in_place);
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(decoded->header.state.empty());
  EXPECT_EQ(decoded->state, s.state);
  // The image is a view into the bytes decoded, not a copy.
  EXPECT_EQ(decoded->state.data(), in_place.data() + in_place.size() - 4 - s.state.size());
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

TEST(SnapshotCodec, OtherFormatVersionsAreRejectedByName) {
  // Version 1 (records to re-apply, before the state image) and any later version, even with
  // a valid checksum: the registry then replays the whole log.
  for (char version : {'\x01', '\x03'}) {
    auto bytes = encode_snapshot(sample());
    bytes[snapshot_magic.size()] = version;  // little-endian u32
    auto body = bytes.substr(0, bytes.size() - 4);
    auto crc = file_log::crc32c(body);
    for (int i = 0; i < 4; ++i) body.push_back(static_cast<char>(crc >> (8 * i)));
    auto r = decode_snapshot(body);
    ASSERT_FALSE(r);
    auto expected = "has format version " + std::to_string(version) + "; this build reads version 2";
    EXPECT_NE(r.error().message.find(expected), std::string::npos) << r.error().message;
  }
}

TEST(SnapshotCodec, OtherFilesAreNotSnapshots) {
  EXPECT_FALSE(decode_snapshot(""));
  EXPECT_FALSE(decode_snapshot("TESSERA\n\x01\0\0\0"));
  auto r = decode_snapshot(std::string(100, 'x'));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("magic"), std::string::npos);
}

TEST(SnapshotCodec, StateLengthThatDisagreesWithTheFileIsRejected) {
  // A checksummed file whose recorded image length is not what follows the header.
  snapshot s = sample();
  s.state.clear();
  auto bytes = encode_snapshot(s);
  auto body = bytes.substr(0, bytes.size() - 4);
  for (int i = 0; i < 8; ++i) body[body.size() - 8 + i] = '\x7f';
  auto crc = file_log::crc32c(body);
  for (int i = 0; i < 4; ++i) body.push_back(static_cast<char>(crc >> (8 * i)));
  auto r = decode_snapshot(body);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("inconsistent header"), std::string::npos);
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

TEST(SnapshotFile, MappedFileShowsTheBytesAndOutlivesAReplacement) {
  testing::temp_dir dir;
  auto path = dir.path() / "file.snapshot";
  auto missing = mapped_file::open(path);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
  auto bytes = encode_snapshot(sample());
  ASSERT_TRUE(write_file_atomically(path, bytes));
  auto mapped = mapped_file::open(path);
  ASSERT_TRUE(mapped && mapped->has_value());
  EXPECT_EQ((*mapped)->bytes(), bytes);
  // A snapshot written meanwhile replaces the file, not the bytes being loaded.
  ASSERT_TRUE(write_file_atomically(path, std::string("other")));
  EXPECT_EQ((*mapped)->bytes(), bytes);
  auto moved = std::move(**mapped);
  EXPECT_EQ(moved.bytes(), bytes);
  ASSERT_TRUE(write_file_atomically(path, std::string()));
  auto empty = mapped_file::open(path);
  ASSERT_TRUE(empty && empty->has_value());
  EXPECT_TRUE((*empty)->bytes().empty());
}

TEST(SnapshotFile, NameComesFromTheLog) {
  EXPECT_EQ(snapshot_file_name(kafka_log), "kafka-_schemas.snapshot");
  EXPECT_EQ(snapshot_file_name({"kafka", "c", "a/b:c", ""}), "kafka-a_b_c.snapshot");
  EXPECT_EQ(snapshot_file_name({"file", "", "/data/schemas.log", ""}), "file.snapshot");
}

}  // namespace
}  // namespace tessera::storage
