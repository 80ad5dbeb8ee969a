// YAML text → flat dotted keys.

#include "config/yaml_loader.h"

#include <gtest/gtest.h>

#include <map>

namespace tessera::config {
namespace {

std::map<std::string, std::string> parse_map(std::string_view text) {
  auto entries = parse_yaml(text);
  EXPECT_TRUE(entries) << (entries ? "" : entries.error().message);
  std::map<std::string, std::string> out;
  if (entries) {
    for (const auto& e : *entries) out[e.key] = e.value;
  }
  return out;
}

std::string error_of(std::string_view text) {
  auto r = parse_yaml(text);
  EXPECT_FALSE(r);
  return r ? std::string() : r.error().message;
}

TEST(YamlLoader, FlatDottedKeys) {
  auto m = parse_map("kafkastore.bootstrap.servers: PLAINTEXT://k1:9092\nkafkastore.topic: _schemas\n");
  EXPECT_EQ(m, (std::map<std::string, std::string>{{"kafkastore.bootstrap.servers", "PLAINTEXT://k1:9092"},
                                                   {"kafkastore.topic", "_schemas"}}));
}

TEST(YamlLoader, NestedMapsFlattenToDottedKeys) {
  auto m = parse_map(
      "kafkastore:\n"
      "  topic: _schemas\n"
      "  topic.replication.factor: 1\n"
      "  sasl:\n"
      "    mechanism: PLAIN\n"
      "tessera.http:\n"
      "  threads: 4\n");
  EXPECT_EQ(m, (std::map<std::string, std::string>{{"kafkastore.topic", "_schemas"},
                                                   {"kafkastore.topic.replication.factor", "1"},
                                                   {"kafkastore.sasl.mechanism", "PLAIN"},
                                                   {"tessera.http.threads", "4"}}));
}

TEST(YamlLoader, ScalarsKeepTheirText) {
  auto m = parse_map("a: true\nb: 0500\nc: \"quoted: yes\"\nd: 'single'\ne: 1.50\n");
  EXPECT_EQ(m["a"], "true");
  EXPECT_EQ(m["b"], "0500");
  EXPECT_EQ(m["c"], "quoted: yes");
  EXPECT_EQ(m["d"], "single");
  EXPECT_EQ(m["e"], "1.50");
}

TEST(YamlLoader, NullBecomesEmptyButQuotedNullIsText) {
  auto m = parse_map("a:\nb: ~\nc: null\nd: \"null\"\n");
  EXPECT_EQ(m["a"], "");
  EXPECT_EQ(m["b"], "");
  EXPECT_EQ(m["c"], "");
  EXPECT_EQ(m["d"], "null");
  EXPECT_EQ(m.size(), 4u);
}

TEST(YamlLoader, SequencesOfScalarsBecomeCommaLists) {
  auto m = parse_map("listeners:\n  - http://0.0.0.0:8081\n  - https://0.0.0.0:8443\nflow: [a, b]\n");
  EXPECT_EQ(m["listeners"], "http://0.0.0.0:8081,https://0.0.0.0:8443");
  EXPECT_EQ(m["flow"], "a,b");
}

TEST(YamlLoader, MultiLineScalars) {
  auto m = parse_map("kafkastore.sasl.jaas.config: >-\n  org.Module required\n  username=\"u\";\n");
  EXPECT_EQ(m["kafkastore.sasl.jaas.config"], "org.Module required username=\"u\";");
}

TEST(YamlLoader, EmptyDocumentHasNoEntries) {
  EXPECT_TRUE(parse_map("").empty());
  EXPECT_TRUE(parse_map("# only a comment\n").empty());
  EXPECT_TRUE(parse_map("---\n").empty());
}

TEST(YamlLoader, ReportsLineNumbers) {
  auto r = parse_yaml("# c\na: 1\nnested:\n  b: 2\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].line, 2);
  EXPECT_EQ((*r)[1].key, "nested.b");
  EXPECT_EQ((*r)[1].line, 4);
}

TEST(YamlLoader, RejectsSyntaxErrorsWithPosition) {
  auto msg = error_of("a: [1, 2\nb: 3\n");
  EXPECT_NE(msg.find("line"), std::string::npos) << msg;
}

TEST(YamlLoader, RejectsNonMappingTopLevel) {
  EXPECT_NE(error_of("just a string\n").find("mapping"), std::string::npos);
  EXPECT_NE(error_of("- a\n- b\n").find("mapping"), std::string::npos);
}

TEST(YamlLoader, RejectsSeveralDocuments) {
  EXPECT_NE(error_of("a: 1\n---\nb: 2\n").find("a single YAML document"), std::string::npos);
}

TEST(YamlLoader, StrayCommaFailsInsteadOfLoopingForever) {
  // yaml-cpp 0.7's LoadAll() allocates without end on these.
  EXPECT_NE(error_of(",").find("a single YAML document"), std::string::npos);
  EXPECT_NE(error_of(" ,a: 1").find("a single YAML document"), std::string::npos);
}

TEST(YamlLoader, RejectsKeysDefinedTwice) {
  EXPECT_NE(error_of("a: 1\na: 2\n").find("'a' is defined twice"), std::string::npos);
  auto msg = error_of("kafkastore.topic: x\nkafkastore:\n  topic: y\n");
  EXPECT_NE(msg.find("'kafkastore.topic' is defined twice (first at line 1)"), std::string::npos) << msg;
}

TEST(YamlLoader, RejectsNestedSequencesAndMapsInLists) {
  EXPECT_NE(error_of("listeners:\n  - [a, b]\n").find("list items must be scalars"), std::string::npos);
  EXPECT_NE(error_of("listeners:\n  - {a: b}\n").find("listeners: list items must be scalars"), std::string::npos);
}

TEST(YamlLoader, RejectsNonScalarKeys) {
  EXPECT_NE(error_of("? [a, b]\n: 1\n").find("keys must be non-empty scalars"), std::string::npos);
}

}  // namespace
}  // namespace tessera::config
