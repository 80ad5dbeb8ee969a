// The local log's byte format as pure functions (docs/design/local-log-format.md).

#include "storage/file_log_format.h"

#include <gtest/gtest.h>

namespace tessera::storage::file_log {
namespace {

std::string frame(offset_t first, std::vector<raw_record> records) {
  return encode_frame(first, 1700000000123, records).value();
}

TEST(LocalLogFormat, Crc32cMatchesTheCastagnoliCheckValue) {
  // The standard check value of CRC-32C over "123456789" (RFC 3720 B.4 lists the same algorithm).
  EXPECT_EQ(crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(crc32c(""), 0u);
  EXPECT_EQ(crc32c_portable("123456789"), 0xE3069283u);
}

TEST(LocalLogFormat, Crc32cAgreesWithThePortableOneAtEveryLengthAndAlignment) {
  // The CRC32-instruction path reads eight bytes at a time: try every tail length and start.
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes.push_back(static_cast<char>((i * 131 + 7) & 0xFF));
  for (std::size_t start = 0; start < 9; ++start) {
    for (std::size_t len = 0; start + len <= bytes.size(); len += (len < 40 ? 1 : 37)) {
      auto view = std::string_view(bytes).substr(start, len);
      ASSERT_EQ(crc32c(view), crc32c_portable(view)) << "start " << start << " length " << len;
    }
  }
}

TEST(LocalLogFormat, FileHeaderLayout) {
  auto h = encode_file_header();
  ASSERT_EQ(h.size(), file_header_size);
  EXPECT_EQ(h.substr(0, 8), "TESSERA\n");
  EXPECT_EQ(h.substr(8, 4), std::string("\x01\x00\x00\x00", 4));
}

TEST(LocalLogFormat, FrameLayoutIsLittleEndianAndDocumented) {
  auto f = frame(5, {raw_record{"k", std::nullopt}, raw_record{"key", "val"}});
  // payload: (8+8+4+1+1) + (8+8+4+3+1+4+3) = 22 + 31
  ASSERT_EQ(f.size(), frame_header_size + 53);
  EXPECT_EQ(f.substr(4, 4), std::string("\x35\x00\x00\x00", 4));  // length 53
  EXPECT_EQ(f.substr(8, 4), std::string("\x02\x00\x00\x00", 4));  // two records
  EXPECT_EQ(f.substr(12, 8), std::string("\x05\0\0\0\0\0\0\0", 8));  // offset 5
  EXPECT_EQ(f.substr(28, 4), std::string("\x01\0\0\0", 4));        // key length 1
  EXPECT_EQ(f.substr(32, 1), "k");
  EXPECT_EQ(f[33], '\0');  // tombstone: no value length follows
  EXPECT_EQ(f.substr(34, 8), std::string("\x06\0\0\0\0\0\0\0", 8));  // offset 6
  EXPECT_EQ(f.substr(f.size() - 8), std::string("\x01\x03\0\0\0val", 8));
  std::uint32_t stored = 0;
  for (int i = 3; i >= 0; --i) stored = (stored << 8) | static_cast<unsigned char>(f[i]);
  EXPECT_EQ(stored, crc32c(std::string_view(f).substr(4)));  // CRC covers everything after it
}

TEST(LocalLogFormat, ReadFrameReturnsRecordsFromOffset) {
  auto f = frame(10, {raw_record{"a", "1"}, raw_record{"b", std::nullopt}, raw_record{"c", ""}});
  std::vector<log_entry> out;
  EXPECT_FALSE(read_frame(f, 11, 10, out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].offset, 11);
  EXPECT_EQ(out[0].timestamp_ms, 1700000000123);
  EXPECT_EQ(out[0].record, (raw_record{"b", std::nullopt}));
  EXPECT_EQ(out[1].record, (raw_record{"c", ""}));
}

TEST(LocalLogFormat, ScanFindsFramesAndNextOffset) {
  auto file = encode_file_header() + frame(0, {raw_record{"a", "1"}}) +
              frame(1, {raw_record{"b", "2"}, raw_record{"c", "3"}});
  auto r = scan(file, "f");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->next_offset, 3);
  EXPECT_EQ(r->valid_size, file.size());
  EXPECT_FALSE(r->torn_tail);
  ASSERT_EQ(r->frames.size(), 2u);
  EXPECT_EQ(r->frames[1].position, file_header_size + frame(0, {raw_record{"a", "1"}}).size());
  EXPECT_EQ(r->frames[1].first_offset, 1);
  EXPECT_EQ(r->frames[1].count, 2u);
}

TEST(LocalLogFormat, BadHeadersAreErrorsNamingTheFile) {
  auto good = encode_file_header();
  auto bad_magic = good;
  bad_magic[0] = 'X';
  auto bad_version = good;
  bad_version[8] = 2;
  auto bad_crc = good;
  bad_crc[15] ^= 1;
  for (const auto& [file, needle] :
       std::vector<std::pair<std::string, std::string>>{{good.substr(0, 10), "truncated"},
                                                        {bad_magic, "bad magic"},
                                                        {bad_version, "version 2"},
                                                        {bad_crc, "header CRC"}}) {
    auto r = scan(file, "/x/schemas.log");
    ASSERT_FALSE(r) << needle;
    EXPECT_NE(r.error().message.find("/x/schemas.log"), std::string::npos);
    EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
  }
}

TEST(LocalLogFormat, ValidCrcWithWrongOffsetIsCorruption) {
  auto file = encode_file_header() + frame(0, {raw_record{"a", "1"}}) +
              frame(7, {raw_record{"b", "2"}});
  auto r = scan(file, "f");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("expected 1"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace tessera::storage::file_log
