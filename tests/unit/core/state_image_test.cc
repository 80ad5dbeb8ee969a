// The state image (the body of a version-2 snapshot): a state read back from its image is the
// same state, and an image that is cut short or damaged is refused without harm.

#include "core/state_image.h"

#include <gtest/gtest.h>

#include "storage/records_json.h"

namespace tessera {
namespace {

storage::record schema(const std::string& subject, schema_version v, schema_id id, schema_content content,
                       bool deleted = false) {
  subject_version_entry e{subject, v, id, std::move(content), deleted, 0};
  return {storage::schema_key(subject, v), storage::record_value{std::move(e)}};
}

storage::record tombstone_of(const std::string& subject, schema_version v) {
  return {storage::schema_key(subject, v), std::nullopt};
}

schema_content avro(const std::string& text) { return schema_content{schema_type::avro, text, {}, {}, {}}; }

std::string image_of(const registry_state& s) {
  std::string out;
  state_image::write(s, out);
  return out;
}

/// A state with one of everything the image has to carry, built as a replay builds it: from
/// the records' stored bytes.
registry_state rich_state() {
  registry_state s;
  std::int64_t ts = 1000;
  auto apply = [&](const storage::record& r) {
    auto decoded = storage::decode(storage::encode(r));
    ASSERT_TRUE(std::holds_alternative<storage::record>(decoded));
    EXPECT_FALSE(s.apply(std::move(std::get<storage::record>(decoded)), ts++));
  };
  apply(schema("b-value", 1, 1, avro("\"string\"")));
  apply(schema("a-value", 1, 1, avro("\"string\"")));   // a second holder, after b
  apply(schema("b-value", 2, 1, avro("\"string\"")));   // b's group grows
  apply(schema("c-value", 1, 1, avro("\"string\"")));
  apply(tombstone_of("c-value", 1));                     // peak 3, two subjects left
  schema_content with_refs{schema_type::protobuf, "syntax = \"proto3\";\nmessage M {}\n",
                           {{"dep.proto", "a-value", 1}}, {}, {}};
  apply(schema("refs-value", 1, 7, with_refs));
  schema_content contract = avro("\"int\"");
  contract.metadata = schema_metadata{{{"f", {"PII"}}}, {{"owner", "team-a"}}, {"f"}};
  schema_rule rule;
  rule.name = "r";
  rule.kind = "CONDITION";
  rule.mode = "WRITE";
  rule.type = "CEL";
  rule.expr = "true";
  contract.rule_set = schema_rule_set{{}, {rule}, {}};
  apply(schema("contract-value", 1, 5, contract));
  apply(schema("contract-value", 2, 3, avro("\"long\"")));  // imported ids out of order
  apply(schema("soft-value", 1, 9, avro("\"float\""), true));
  apply(schema(":.ctx:x", 1, 2, schema_content{schema_type::json, "{}", {}, {}, {}}));
  // Two ids with the same content: the index follows the last one; then that one goes away and
  // leaves the content unindexed, which the image must keep as it is.
  apply(schema("dup-1", 1, 20, avro("\"double\"")));
  apply(schema("dup-2", 1, 21, avro("\"double\"")));
  apply(tombstone_of("dup-2", 1));
  apply(schema("gone", 1, 30, avro("\"bytes\"")));
  apply(tombstone_of("gone", 1));  // max id 30 stays
  storage::config_value c;
  c.compatibility = compatibility_level::full;
  c.default_metadata = schema_metadata{{}, {{"k", "v"}}, {}};
  apply({storage::config_key(std::nullopt), storage::record_value{c}});
  apply({storage::config_key(std::string("a-value")), storage::record_value{c}});
  apply({storage::mode_key(std::string(":.ctx:")), storage::record_value{storage::mode_value{std::string(":.ctx:"), mode::import}}});
  apply({storage::context_key("default", ".empty"), storage::record_value{storage::context_value{"default", ".empty"}}});
  return s;
}

TEST(StateImage, ReadBackIsTheSameState) {
  auto original = rich_state();
  auto image = image_of(original);
  auto read = state_image::read(image);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(image_of(*read), image);  // byte for byte: nothing lost or reordered

  const schema_entry* shared = read->find_schema(".", 1);
  ASSERT_NE(shared, nullptr);
  EXPECT_EQ(shared->holder_subjects(), (std::vector<std::string>{"b-value", "a-value"}));
  EXPECT_EQ(shared->subject_peak, 3u);
  EXPECT_EQ(shared->holders.size(), 3u);
  EXPECT_EQ(shared->context(), ".");
  EXPECT_EQ(shared->hash, original.find_schema(".", 1)->hash);
  EXPECT_EQ(read->find_schema(".", 5)->content, original.find_schema(".", 5)->content);
  EXPECT_EQ(read->find_schema(".", 7)->content.references.size(), 1u);
  EXPECT_EQ(read->find_schema(".ctx", 2)->content.type, schema_type::json);
  EXPECT_EQ(read->id_for_hash(".", hash_schema(avro("\"string\""))), 1);
  EXPECT_FALSE(read->id_for_hash(".", hash_schema(avro("\"double\""))));  // as in the original
  EXPECT_EQ(read->max_id("."), 30);
  EXPECT_TRUE(read->find_subject("soft-value")->versions.at(1).deleted);
  EXPECT_EQ(read->find_subject("contract-value")->versions.at(1).timestamp_ms,
            original.find_subject("contract-value")->versions.at(1).timestamp_ms);
  EXPECT_EQ(read->contexts(), original.contexts());
  EXPECT_EQ(read->configs(), original.configs());
  EXPECT_EQ(read->modes(), original.modes());
  // Later records apply to it as to the original.
  EXPECT_FALSE(read->apply(schema("a-value", 2, 1, avro("\"string\"")), 1));
  EXPECT_EQ(read->find_schema(".", 1)->holders.size(), 4u);
  EXPECT_TRUE(read->apply(schema("z", 1, 1, avro("\"int\"")), 1));  // id 1 is bound to other content
}

TEST(StateImage, EmptyStateRoundTrips) {
  registry_state empty;
  auto image = image_of(empty);
  auto read = state_image::read(image);
  ASSERT_TRUE(read);
  EXPECT_EQ(image_of(*read), image);
  EXPECT_TRUE(read->subjects().empty());
}

TEST(StateImage, EveryTruncationIsRefused) {
  auto image = image_of(rich_state());
  for (std::size_t n = 0; n < image.size(); ++n) {
    EXPECT_FALSE(state_image::read(std::string_view(image).substr(0, n))) << "cut at " << n;
  }
  EXPECT_FALSE(state_image::read(image + "x"));  // trailing bytes
}

TEST(StateImage, DamagedImagesAreRefusedOrReadWithoutHarm) {
  // The file's checksum catches damage first; the reader still must never trust a count or an
  // index (run under ASan in the sanitizer pass). Most flips are caught by its own checks.
  auto image = image_of(rich_state());
  std::size_t refused = 0;
  for (std::size_t i = 0; i < image.size(); ++i) {
    for (unsigned char mask : {0x01, 0x80, 0xff}) {
      auto damaged = image;
      damaged[i] = static_cast<char>(damaged[i] ^ mask);
      if (!state_image::read(damaged)) ++refused;
    }
  }
  EXPECT_GT(refused, image.size());
}

TEST(StateImage, HolderOfAnotherSchemasVersionIsRefused) {
  // Two states that differ only in which id a version holds: splicing one's subjects into the
  // other's schemas gives an image whose holder and version disagree.
  registry_state one;
  one.apply(schema("s", 1, 1, avro("\"int\"")), 0);
  registry_state two;
  two.apply(schema("s", 1, 2, avro("\"int\"")), 0);
  auto a = image_of(one);
  auto b = image_of(two);
  ASSERT_EQ(a.size(), b.size());
  // The images differ in the highest id, the version's id and the schema's id, in that order:
  // take the first two from `a` (the version holds id 1) and the last from `b` (the schema is 2).
  std::vector<std::size_t> differ;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) differ.push_back(i);
  }
  ASSERT_EQ(differ.size(), 3u);
  std::string spliced = a.substr(0, differ[1] + 1) + b.substr(differ[1] + 1);
  auto r = state_image::read(spliced);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("holds another schema"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace tessera
