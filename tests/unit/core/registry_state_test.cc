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

/// (subject, version) pairs of an entry's holders in their stored order.
std::vector<std::pair<std::string, schema_version>> holders_of(const schema_entry& e) {
  std::vector<std::pair<std::string, schema_version>> out;
  for (const auto& h : e.holders) out.emplace_back(*h.subject, h.version);
  return out;
}

TEST(RegistryState, HolderSubjectsKeepTheOrderInWhichTheyStartedHolding) {
  // Confluent lists an id's subjects in java.util.HashMap order, which depends on the order the
  // subjects were put in: a subject that stops holding the id and holds it again moves last.
  registry_state s;
  s.apply(schema_record("b", 1, 1, "\"string\""), 0);
  s.apply(schema_record("a", 1, 1, "\"string\""), 0);
  s.apply(schema_record("b", 3, 1, "\"string\""), 0);
  s.apply(schema_record("b", 2, 1, "\"string\""), 0);
  const schema_entry* e = s.find_schema(".", 1);
  ASSERT_NE(e, nullptr);
  using holders = std::vector<std::pair<std::string, schema_version>>;
  EXPECT_EQ(holders_of(*e), (holders{{"b", 1}, {"b", 2}, {"b", 3}, {"a", 1}}));
  EXPECT_EQ(e->holder_subjects(), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(*e->first_holder_subject(), "a");
  s.apply(tombstone("b", 1), 0);
  s.apply(tombstone("b", 3), 0);
  EXPECT_EQ(e->holder_subjects(), (std::vector<std::string>{"b", "a"}));  // b still holds version 2
  s.apply(tombstone("b", 2), 0);
  EXPECT_EQ(e->holder_subjects(), (std::vector<std::string>{"a"}));
  s.apply(schema_record("b", 4, 1, "\"string\""), 0);
  EXPECT_EQ(holders_of(*e), (holders{{"a", 1}, {"b", 4}}));
  s.apply(schema_record("c", 1, 1, "\"string\""), 0);
  EXPECT_EQ(e->subject_peak, 3u);  // the most subjects at once: a, b, c
  s.apply(schema_record("a", 1, 1, "\"string\""), 0);  // the same record again changes nothing
  EXPECT_EQ(holders_of(*e), (holders{{"a", 1}, {"b", 4}, {"c", 1}}));
}

TEST(RegistryState, VersionOverwrittenWithAnotherIdMovesItsHolder) {
  registry_state s;
  s.apply(schema_record("a", 1, 1, "\"string\""), 0);
  s.apply(schema_record("b", 1, 1, "\"string\""), 0);
  s.apply(schema_record("a", 1, 2, "\"int\""), 0);
  EXPECT_EQ(s.find_subject("a")->versions.at(1).id, 2);
  EXPECT_EQ(holders_of(*s.find_schema(".", 1)), (std::vector<std::pair<std::string, schema_version>>{{"b", 1}}));
  EXPECT_EQ(holders_of(*s.find_schema(".", 2)), (std::vector<std::pair<std::string, schema_version>>{{"a", 1}}));
  s.apply(schema_record("b", 1, 2, "\"int\""), 0);  // id 1 loses its last holder
  EXPECT_EQ(s.find_schema(".", 1), nullptr);
  EXPECT_FALSE(s.id_for_hash(".", hash_schema(schema_content{schema_type::avro, "\"string\"", {}, {}, {}})));
}

TEST(RegistryState, IdsOutOfOrderAndVersionsOutOfOrderAreKeptSorted) {
  // Imports may bring ids and versions in any order; lookups and iteration stay ordered.
  registry_state s;
  const schema_id ids[] = {50, 10, 70, 30, 60, 20};
  schema_version version = 6;
  for (schema_id id : ids) s.apply(schema_record("a", version--, id, "\"" + std::to_string(id) + "\""), 0);
  std::vector<schema_id> seen;
  for (const auto& [id, e] : s.schemas().at(".")) {
    EXPECT_EQ(e.id, id);
    seen.push_back(id);
  }
  EXPECT_EQ(seen, (std::vector<schema_id>{10, 20, 30, 50, 60, 70}));
  std::vector<schema_version> versions;
  for (const auto& [v, slot] : s.find_subject("a")->versions) versions.push_back(v);
  EXPECT_EQ(versions, (std::vector<schema_version>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(s.find_subject("a")->versions.at(6).id, 50);
  for (schema_id id : ids) EXPECT_EQ(s.find_schema(".", id)->content.text, "\"" + std::to_string(id) + "\"");
  EXPECT_EQ(s.max_id("."), 70);
}

TEST(RegistryState, EntryCacheIsMadeOnceAndShared) {
  registry_state s;
  s.apply(schema_record("a", 1, 1, "\"string\""), 0);
  const schema_entry* e = s.find_schema(".", 1);
  auto& first = e->cache();
  first.reply.store(std::make_shared<const std::string>("bytes"));
  EXPECT_EQ(&e->cache(), &first);
  EXPECT_EQ(*e->cache().reply.load(), "bytes");
  EXPECT_EQ(e->context(), ".");
}

TEST(RegistryState, MovedStateKeepsItsHolders) {
  registry_state s;
  s.apply(schema_record("a", 1, 1, "\"string\""), 0);
  registry_state moved = std::move(s);
  moved.apply(tombstone("a", 1), 0);
  EXPECT_EQ(moved.find_schema(".", 1), nullptr);
  EXPECT_EQ(moved.find_subject("a"), nullptr);
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
