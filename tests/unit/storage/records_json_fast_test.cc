// The decoder's fast paths for SR's exact SCHEMA key/value forms must agree with the JSON
// parser on everything they accept, and give up on everything else.

#include <gtest/gtest.h>

#include "storage/records_json.h"
#include "storage/records_json_detail.h"
#include "unit/storage/golden_records.h"

namespace tessera::storage {
namespace {

/// What the full parser makes of a SCHEMA value, or nothing.
std::optional<subject_version_entry> parsed_value(std::string_view text) {
  json::document doc;
  if (json::parse(text, doc) || doc.IsNull()) return std::nullopt;
  std::string error;
  return detail::read_schema_value(doc, error);
}

void expect_agrees(std::string_view text) {
  auto fast = detail::fast_schema_value(text);
  if (!fast) return;  // giving up is always allowed
  auto slow = parsed_value(text);
  ASSERT_TRUE(slow) << "fast path accepted what the parser rejects: " << text;
  EXPECT_EQ(fast->subject, slow->subject) << text;
  EXPECT_EQ(fast->version, slow->version) << text;
  EXPECT_EQ(fast->id, slow->id) << text;
  EXPECT_EQ(fast->content, slow->content) << text;
  EXPECT_EQ(fast->deleted, slow->deleted) << text;
}

TEST(RecordsJsonFast, AcceptsWhatSrWritesAndAgreesWithTheParser) {
  const char* cases[] = {
      R"({"subject":"s","version":1,"id":1,"schema":"\"string\"","deleted":false})",
      R"({"subject":"orders-value","version":12,"id":2147483647,"schema":"{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}","deleted":true})",
      R"({"subject":"s","version":1,"id":3,"schemaType":"PROTOBUF","schema":"syntax = \"proto3\";\nmessage M {}\n","deleted":false})",
      R"({"subject":"s","version":1,"id":3,"schemaType":"JSON","schema":"{\"a\\\\b\":\"\/\t\"}","deleted":false})",
      R"({"subject":":.ctx:s","version":0,"id":0,"schema":"\"int\"","deleted":false})",
  };
  for (const char* c : cases) {
    EXPECT_TRUE(detail::fast_schema_value(c)) << c;
    expect_agrees(c);
  }
}

TEST(RecordsJsonFast, EscapesAnywhereInTheStringAgreeWithTheParser) {
  // The fast path sizes the text from a first pass that counts escapes: check escapes at the
  // start, at the end, back to back, and an escaped backslash right before the closing quote.
  const char* texts[] = {R"(\"a)", R"(a\")", R"(\"\")", R"(\\)", R"(\\\"\/\b\f\n\r\t)", R"(x\\)",
                         R"(\"abc\\\\def\")", "plain"};
  for (const char* t : texts) {
    std::string value = std::string(R"({"subject":"s","version":1,"id":1,"schema":")") + t + R"(","deleted":false})";
    EXPECT_TRUE(detail::fast_schema_value(value)) << value;
    expect_agrees(value);
  }
}

TEST(RecordsJsonFast, RandomStringsAgreeWithTheParserAtEveryWordBoundary) {
  // The string scanner reads eight bytes at a time: put every kind of byte at every offset.
  const std::string pieces[] = {"a", "Z", "0", " ", "{", R"(\")", R"(\\)", R"(\/)", R"(\n)", R"(\t)", R"(\u0041)",
                                "\xc3\xa9", "\x7f", "~"};
  std::uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7fff;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    auto pieces_in_text = next() % 40;
    for (std::uint32_t i = 0; i < pieces_in_text; ++i) text += pieces[next() % std::size(pieces)];
    if (next() % 50 == 0) text += '\x01';  // a raw control character: both must reject or agree
    std::string value = R"({"subject":"s","version":1,"id":1,"schema":")" + text + R"(","deleted":false})";
    expect_agrees(value);
    bool plain = text.find("\\u") == std::string::npos && text.find('\xc3') == std::string::npos &&
                 text.find('\x01') == std::string::npos && !text.empty();
    if (plain) {
      EXPECT_TRUE(detail::fast_schema_value(value)) << value;
    }
  }
}

TEST(RecordsJsonFast, SchemaTextIsAllocatedAtItsUnescapedSize) {
  // The text lives as long as the schema: no room for the escapes it no longer has.
  std::string text(200, 'x');
  std::string escaped;
  for (int i = 0; i < 50; ++i) escaped += R"(\"xx)";
  auto v = detail::fast_schema_value(R"({"subject":"s","version":1,"id":1,"schema":")" + escaped + text +
                                     R"(","deleted":false})");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->content.text.size(), 350u);
  EXPECT_EQ(v->content.text.capacity(), v->content.text.size());
}

TEST(RecordsJsonFast, GivesUpOnAnythingElse) {
  const char* cases[] = {
      R"({"subject":"s","version":1,"id":1,"schema":"\u00e9","deleted":false})",          // \u escape
      "{\"subject\":\"s\",\"version\":1,\"id\":1,\"schema\":\"\xc3\xa9\",\"deleted\":false}",  // non-ASCII
      R"({"subject":"s","version":1,"id":1,"references":[],"schema":"x","deleted":false})",
      R"({"subject":"s","version":1,"id":1,"metadata":{},"schema":"x","deleted":false})",
      R"({"subject":"s","version":1,"id":1,"schema":"x"})",                               // no deleted
      R"({"subject":"s","version":1,"id":1,"schema":"x","deleted":false} )",
      R"({"subject":"s","version":01,"id":1,"schema":"x","deleted":false})",
      R"({"subject":"s","version":-1,"id":1,"schema":"x","deleted":false})",
      R"({"subject":"s","version":2147483648,"id":1,"schema":"x","deleted":false})",
      R"({"subject":"s","version":1.0,"id":1,"schema":"x","deleted":false})",
      R"({"subject":"","version":1,"id":1,"schema":"x","deleted":false})",
      R"({"subject":"s","version":1,"id":1,"schemaType":"XML","schema":"x","deleted":false})",
      R"({"subject":"s","version":1,"id":1,"schema":"x\q","deleted":false})",
      R"({"version":1,"subject":"s","id":1,"schema":"x","deleted":false})",               // other order
      "{\"subject\":\"s\",\"version\":1,\"id\":1,\"schema\":\"a\tb\",\"deleted\":false}",  // raw control char
  };
  for (const char* c : cases) EXPECT_FALSE(detail::fast_schema_value(c)) << c;
}

TEST(RecordsJsonFast, SchemaKeysAgreeWithTheParser) {
  EXPECT_TRUE(detail::fast_schema_key(R"({"keytype":"SCHEMA","subject":"s","version":3,"magic":1})"));
  EXPECT_TRUE(detail::fast_schema_key(R"({"keytype":"SCHEMA","subject":"s","version":3,"magic":0})"));
  for (const char* c : {R"({"keytype":"SCHEMA","subject":"s","version":3,"magic":2})",
                        R"({"keytype":"SCHEMA","subject":"s\"x","version":3,"magic":1})",
                        R"({"keytype":"SCHEMA","subject":"","version":3,"magic":1})",
                        R"({"keytype":"SCHEMA","subject":"s","magic":1,"version":3})",
                        R"({"keytype":"SCHEMA","subject":"s","version":3,"magic":1,"x":1})"}) {
    EXPECT_FALSE(detail::fast_schema_key(c)) << c;
  }
}

TEST(RecordsJsonFast, GoldenRecordsDecodeAlikeWithAndWithoutFastPaths) {
  int keys = 0;
  for (const char* file : {"canonical.txt", "tolerated.txt", "skipped.txt"}) {
    std::vector<testing::golden_record> records;
    try {
      records = testing::load_golden(file);
    } catch (const std::exception&) {
      continue;  // not every file exists in every checkout
    }
    for (const auto& g : records) {
      if (auto k = detail::fast_schema_key(g.raw.key)) {
        ++keys;
        json::document doc;
        ASSERT_FALSE(json::parse(g.raw.key, doc)) << g.name;
        EXPECT_EQ(*json::get_string(doc, "keytype"), "SCHEMA") << g.name;
        EXPECT_EQ(*k->subject, *json::get_string(doc, "subject")) << g.name;
        EXPECT_EQ(*k->version, doc["version"].GetInt()) << g.name;
        EXPECT_EQ(k->magic, doc["magic"].GetInt()) << g.name;
      }
      if (g.raw.value) expect_agrees(*g.raw.value);
    }
  }
  EXPECT_GT(keys, 0);  // the golden files do exercise the fast path
}

}  // namespace
}  // namespace tessera::storage
