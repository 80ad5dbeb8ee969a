// Apache Avro's shared parser sanity cases (vectors/avro/share/test/data/schema-tests.txt): every
// input parses, and its canonical and normalized texts are fixed points of parsing.

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "unit/formats/avro_test_support.h"

namespace tessera::formats {
namespace {

/// The <<INPUT blocks: one-line `<<INPUT text`, or `<<INPUT` ... `INPUT` spanning lines.
std::vector<std::string> inputs(const std::string& file) {
  std::vector<std::string> out;
  std::istringstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("<<INPUT", 0) != 0) continue;
    if (line.size() > 7) {
      out.push_back(line.substr(8));
      continue;
    }
    std::string block;
    while (std::getline(in, line) && line != "INPUT") block += line + "\n";
    out.push_back(block);
  }
  return out;
}

TEST(AvroVectors, SchemaTestsParseAndCanonicalizeStably) {
  std::string file = test::read_file(test::shared_dir() + "/vectors/avro/share/test/data/schema-tests.txt");
  ASSERT_FALSE(file.empty()) << "cannot read schema-tests.txt under " << test::shared_dir();
  auto cases = inputs(file);
  EXPECT_EQ(cases.size(), 34u);
  for (const std::string& text : cases) {
    auto p = test::parse_avro(text);
    ASSERT_TRUE(p.ok()) << text << ": " << p.error;
    auto again = test::parse_avro(p.schema->canonical_text());
    ASSERT_TRUE(again.ok()) << again.error;
    EXPECT_EQ(again.schema->canonical_text(), p.schema->canonical_text());
    auto normalized = test::parse_avro(text, {}, true, true);
    ASSERT_TRUE(normalized.ok()) << normalized.error;
    auto renormalized = test::parse_avro(normalized.schema->canonical_text(), {}, true, true);
    ASSERT_TRUE(renormalized.ok()) << renormalized.error;
    EXPECT_EQ(renormalized.schema->canonical_text(), normalized.schema->canonical_text());
    // A schema is always compatible with itself.
    EXPECT_TRUE(p.schema->check_compatibility(*again.schema, {}).empty()) << text;
  }
}

}  // namespace
}  // namespace tessera::formats
