// The in-memory model is built only from records: these tests apply records and look.

#include <gtest/gtest.h>

#include "storage/records_json.h"
#include "tessera/core/registry_state.h"

namespace tessera {
namespace {

storage::record schema_record(const std::string& subject, schema_version v, schema_id id, const std::string& text,
                              bool deleted = false) {
  subject_version_entry e{subject, v, id, schema_content{schema_type::avro, text, {}, {}, {}}, deleted, 0};
  storage::record_key key = storage::schema_key(subject, v);
  return {key, storage::record_value{e}};
}

storage::record tombstone(const std::string& subject, schema_version v) {
  return {storage::schema_key(subject, v), std::nullopt};
}

TEST(RegistryState, AppliedSchemaIsFoundBySubjectAndId) {
  registry_state s;
  s.apply(schema_record("a", 1, 7, "\"string\""), 0);
  ASSERT_NE(s.find_subject("a"), nullptr);
  EXPECT_EQ(s.find_subject("a")->latest_live(), 1);
  ASSERT_NE(s.find_schema(".", 7), nullptr);
  EXPECT_EQ(s.find_schema(".", 7)->content.text, "\"string\"");
  EXPECT_EQ(s.max_id("."), 7);
}

TEST(RegistryState, SameContentUnderTwoSubjectsSharesTheId) {
  registry_state s;
  s.apply(schema_record("a", 1, 1, "\"string\""), 0);
  s.apply(schema_record("b", 1, 1, "\"string\""), 0);
  EXPECT_EQ(s.find_schema(".", 1)->holders.size(), 2u);
  auto id = s.id_for_hash(".", hash_schema(schema_content{schema_type::avro, "\"string\"", {}, {}, {}}));
  EXPECT_EQ(id, 1);
}

TEST(RegistryState, IdBoundToOtherContentIsIgnored) {
  registry_state s;
  s.apply(schema_record("a", 1, 1, "\"string\""), 0);
  auto problem = s.apply(schema_record("b", 1, 1, "\"int\""), 0);
  EXPECT_TRUE(problem.has_value());
  EXPECT_EQ(s.find_subject("b"), nullptr);
  EXPECT_EQ(s.find_schema(".", 1)->content.text, "\"string\"");
}

TEST(RegistryState, TombstoneOfLastHolderForgetsTheIdButNotTheMaximum) {
  registry_state s;
  s.apply(schema_record("a", 1, 5, "\"string\""), 0);
  s.apply(tombstone("a", 1), 0);
  EXPECT_EQ(s.find_subject("a"), nullptr);
  EXPECT_EQ(s.find_schema(".", 5), nullptr);
  EXPECT_EQ(s.max_id("."), 5);
}

TEST(RegistryState, DeleteSubjectMarksVersionsUpToItsVersion) {
  registry_state s;
  s.apply(schema_record("a", 1, 1, "\"string\""), 0);
  s.apply(schema_record("a", 2, 2, "\"int\""), 0);
  s.apply({storage::delete_subject_key("a"),
           storage::record_value{storage::delete_subject_value{"a", 1}}},
          0);
  EXPECT_TRUE(s.find_subject("a")->versions.at(1).deleted);
  EXPECT_FALSE(s.find_subject("a")->versions.at(2).deleted);
  EXPECT_EQ(s.find_subject("a")->latest_live(), 2);
}

TEST(RegistryState, IdsAreCountedPerContext) {
  registry_state s;
  s.apply(schema_record(":.ctx:a", 1, 1, "\"string\""), 0);
  s.apply(schema_record("a", 1, 3, "\"string\""), 0);
  EXPECT_EQ(s.max_id(".ctx"), 1);
  EXPECT_EQ(s.max_id("."), 3);
  EXPECT_TRUE(s.contexts().count(".ctx"));
}

TEST(RegistryState, ConfigAndModeKeysAndTombstones) {
  registry_state s;
  storage::config_value c;
  c.compatibility = compatibility_level::full;
  s.apply({storage::config_key(std::nullopt), storage::record_value{c}}, 0);
  s.apply({storage::config_key(std::string("a")), storage::record_value{c}},
          0);
  ASSERT_NE(s.find_config(""), nullptr);
  ASSERT_NE(s.find_config("a"), nullptr);
  s.apply({storage::config_key(std::string("a")), std::nullopt}, 0);
  EXPECT_EQ(s.find_config("a"), nullptr);
  s.apply({storage::mode_key(std::string(":.ctx:")),
           storage::record_value{storage::mode_value{std::string(":.ctx:"), mode::import}}},
          0);
  EXPECT_EQ(s.find_mode(":.ctx:"), mode::import);
}

TEST(RegistryState, ClearSubjectDropsSoftDeletedVersionsInScope) {
  registry_state s;
  s.apply(schema_record("a", 1, 1, "\"string\"", true), 0);
  s.apply(schema_record("b", 1, 2, "\"int\""), 0);
  s.apply({storage::clear_subject_key(std::string("a")),
           storage::record_value{storage::clear_subject_value{std::string("a")}}},
          0);
  EXPECT_EQ(s.find_subject("a"), nullptr);
  EXPECT_NE(s.find_subject("b"), nullptr);
}

TEST(SettingsKey, TopLevelContextAndSubject) {
  EXPECT_EQ(settings_key(std::nullopt), "");
  EXPECT_EQ(settings_key(std::string(":.:")), ":.:");
  EXPECT_EQ(settings_key(std::string(":.ctx:")), ":.ctx:");
  EXPECT_EQ(settings_key(std::string(":.ctx")), ":.ctx:");
  EXPECT_EQ(settings_key(std::string(":.:a")), "a");
  EXPECT_EQ(settings_key(std::string("a")), "a");
}

}  // namespace
}  // namespace tessera
