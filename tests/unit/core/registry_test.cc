// Registry use cases over the memory log: every write goes through the log and back.

#include <gtest/gtest.h>

#include "storage/memory_backend.h"
#include "tessera/core/registry.h"

namespace tessera {
namespace {

constexpr const char* user_v1 = R"({"type":"record","name":"User","fields":[{"name":"name","type":"string"}]})";
constexpr const char* user_v2 =
    R"({"type":"record","name":"User","fields":[{"name":"name","type":"string"},{"name":"age","type":"int","default":0}]})";
constexpr const char* user_bad = R"({"type":"record","name":"User","fields":[{"name":"name","type":"int"}]})";

schema_request avro(const std::string& text) {
  schema_request r;
  r.schema = text;
  return r;
}

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override { reg = start_registry(); }

  std::unique_ptr<registry> start_registry() {
    auto r = std::make_unique<registry>(log, registry_options{});
    EXPECT_TRUE(r->start());
    return r;
  }

  std::shared_ptr<storage::memory_backend> log = std::make_shared<storage::memory_backend>();
  std::unique_ptr<registry> reg;
};

TEST_F(RegistryTest, SameSchemaTwiceReturnsSameId) {
  auto a = reg->register_schema("s", avro(user_v1), {});
  auto b = reg->register_schema("s", avro(user_v1), {});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->id, 1);
  EXPECT_EQ(b->id, 1);
  EXPECT_EQ(*reg->list_versions("s", {}), std::vector<schema_version>{1});
}

TEST_F(RegistryTest, SameSchemaUnderAnotherSubjectReusesTheId) {
  auto a = reg->register_schema("a", avro(user_v1), {});
  auto b = reg->register_schema("b", avro(user_v1), {});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->id, b->id);
  EXPECT_EQ(*reg->subjects_for_id(a->id, std::nullopt, false), (std::vector<std::string>{"a", "b"}));
}

TEST_F(RegistryTest, CompatibleEvolutionGetsNextVersionAndId) {
  ASSERT_TRUE(reg->register_schema("s", avro(user_v1), {}));
  auto v2 = reg->register_schema("s", avro(user_v2), {});
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->id, 2);
  auto latest = reg->get_version("s", version_spec::latest(), false);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->version, 2);
}

TEST_F(RegistryTest, IncompatibleSchemaIsRejectedWith409AndDetails) {
  ASSERT_TRUE(reg->register_schema("s", avro(user_v1), {}));
  auto bad = reg->register_schema("s", avro(user_bad), {});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, error_code::conflict);
  EXPECT_NE(bad.error().message.find("TYPE_MISMATCH"), std::string::npos);
  EXPECT_NE(bad.error().message.find("{oldSchemaVersion: 1}"), std::string::npos);
}

TEST_F(RegistryTest, InvalidSchemaIs42201WithConfluentPrefix) {
  auto bad = reg->register_schema("s", avro(R"({"type":"record","name":"X"})"), {});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, error_code::invalid_schema);
  EXPECT_EQ(bad.error().message.rfind("Invalid schema {subject=s,version=0,id=-1,schemaType=AVRO", 0), 0u);
}

TEST_F(RegistryTest, SoftThenPermanentDeleteFollowsConfluentsStateMachine) {
  ASSERT_TRUE(reg->register_schema("s", avro(user_v1), {}));
  EXPECT_EQ(reg->delete_version("s", {1}, true).error().code, error_code::version_not_soft_deleted);
  EXPECT_EQ(*reg->delete_version("s", {1}, false), 1);
  EXPECT_EQ(reg->delete_version("s", {1}, false).error().code, error_code::version_soft_deleted);
  EXPECT_EQ(reg->list_versions("s", {}).error().code, error_code::subject_not_found);
  EXPECT_TRUE(reg->get_schema(1, std::nullopt));  // a soft-deleted version keeps its id readable
  EXPECT_EQ(*reg->delete_version("s", {1}, true), 1);
  EXPECT_EQ(reg->get_schema(1, std::nullopt).error().code, error_code::schema_not_found);
}

TEST_F(RegistryTest, DeleteSubjectSoftThenPermanent) {
  ASSERT_TRUE(reg->register_schema("s", avro(user_v1), {}));
  ASSERT_TRUE(reg->register_schema("s", avro(user_v2), {}));
  EXPECT_EQ(reg->delete_subject("s", true).error().code, error_code::subject_not_soft_deleted);
  EXPECT_EQ(*reg->delete_subject("s", false), (std::vector<schema_version>{1, 2}));
  EXPECT_EQ(reg->delete_subject("s", false).error().code, error_code::subject_soft_deleted);
  EXPECT_EQ(*reg->delete_subject("s", true), (std::vector<schema_version>{1, 2}));
  EXPECT_EQ(reg->delete_subject("s", true).error().code, error_code::subject_not_found);
  // Version numbers start again, ids do not (the maximum survives).
  auto again = reg->register_schema("s", avro(user_v1), {});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, 3);
}

TEST_F(RegistryTest, StateIsRebuiltFromTheLogOnRestart) {
  ASSERT_TRUE(reg->register_schema("a", avro(user_v1), {}));
  ASSERT_TRUE(reg->register_schema("a", avro(user_v2), {}));
  ASSERT_TRUE(reg->delete_version("a", {1}, false));
  reg->stop();  // closes the log: a restart opens a new one over the same records
  reg.reset();
  std::vector<storage::raw_record> records;
  for (const auto& e : log->entries()) records.push_back(e.record);
  log = std::make_shared<storage::memory_backend>(std::move(records));
  auto again = start_registry();
  EXPECT_EQ(*again->list_versions("a", {}), std::vector<schema_version>{2});
  EXPECT_EQ(*again->list_versions("a", {true, false, false}), (std::vector<schema_version>{1, 2}));
  auto next = again->register_schema("b", avro(R"("long")"), {});
  ASSERT_TRUE(next);
  EXPECT_EQ(next->id, 3);
}

TEST_F(RegistryTest, ReadOnlyModeBlocksWritesButNotLookups) {
  ASSERT_TRUE(reg->register_schema("s", avro(user_v1), {}));
  ASSERT_TRUE(reg->update_mode(std::string("s"), mode::readonly, false));
  EXPECT_EQ(reg->register_schema("s", avro(user_v2), {}).error().code, error_code::operation_not_permitted);
  EXPECT_TRUE(reg->lookup("s", avro(user_v1), {}));
  EXPECT_EQ(reg->delete_subject("s", false).error().code, error_code::operation_not_permitted);
}

TEST_F(RegistryTest, ImportModeTakesExplicitIdsAndVersions) {
  ASSERT_TRUE(reg->update_mode(std::string("imp"), mode::import, false));
  auto req = avro(R"("string")");
  req.id = 400001;
  req.version = 3;
  auto r = reg->register_schema("imp", req, {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->id, 400001);
  EXPECT_EQ(*reg->list_versions("imp", {}), std::vector<schema_version>{3});
  auto clash = avro(R"("int")");
  clash.id = 400001;
  EXPECT_EQ(reg->register_schema("imp", clash, {}).error().code, error_code::operation_not_permitted);
}

TEST_F(RegistryTest, AContentImportedUnderTwoIdsIsFoundOnlyWhereItHoldsTheLatest) {
  // As Confluent's lookup cache: content → the id last written for it. Subject "a" holds the
  // content under its first id, so it no longer counts as registered there.
  ASSERT_TRUE(reg->update_mode(std::string("a"), mode::import, false));
  ASSERT_TRUE(reg->update_mode(std::string("b"), mode::import, false));
  auto first = avro(R"("string")");
  first.id = 400001;
  first.version = 1;
  ASSERT_TRUE(reg->register_schema("a", first, {}));
  auto second = avro(R"("string")");
  second.id = 400009;
  second.version = 1;
  ASSERT_TRUE(reg->register_schema("b", second, {}));
  ASSERT_TRUE(reg->update_mode(std::string("a"), mode::readwrite, false));

  auto again = avro(R"("string")");
  again.id = 400001;
  auto r = reg->register_schema("a", again, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error_code::operation_not_permitted);  // 42205: not in import mode
  EXPECT_EQ(reg->lookup("a", avro(R"("string")"), {}).error().code, error_code::schema_not_found);
  auto in_b = reg->lookup("b", avro(R"("string")"), {});
  ASSERT_TRUE(in_b);
  EXPECT_EQ(in_b->id, 400009);
}

TEST_F(RegistryTest, ImportIntoLiveSubjectNeedsForce) {
  ASSERT_TRUE(reg->register_schema("s", avro(user_v1), {}));
  EXPECT_EQ(reg->update_mode(std::string("s"), mode::import, false).error().code,
            error_code::operation_not_permitted);
  EXPECT_TRUE(reg->update_mode(std::string("s"), mode::import, true));
}

TEST_F(RegistryTest, ConfigUpdatesMergeAndDeleteReturnsPrevious) {
  storage::config_value level;
  level.compatibility = compatibility_level::full;
  ASSERT_TRUE(reg->update_config(std::nullopt, level));
  storage::config_value norm;
  norm.normalize = true;
  ASSERT_TRUE(reg->update_config(std::nullopt, norm));
  auto c = reg->get_config(std::nullopt, false);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->compatibility, compatibility_level::full);
  EXPECT_EQ(c->normalize, true);
  EXPECT_EQ(reg->get_config(std::string("s"), false).error().code,
            error_code::subject_compatibility_not_configured);
  EXPECT_EQ(reg->get_config(std::string("s"), true)->compatibility, compatibility_level::full);
  auto prev = reg->delete_config(std::nullopt);
  ASSERT_TRUE(prev);
  EXPECT_EQ(prev->compatibility, compatibility_level::full);
  EXPECT_EQ(reg->get_config(std::nullopt, false)->compatibility, compatibility_level::backward);
}

TEST_F(RegistryTest, NoneLevelAcceptsAnything) {
  storage::config_value none;
  none.compatibility = compatibility_level::none;
  ASSERT_TRUE(reg->update_config(std::string("s"), none));
  ASSERT_TRUE(reg->register_schema("s", avro(user_v1), {}));
  EXPECT_TRUE(reg->register_schema("s", avro(user_bad), {}));
}

TEST_F(RegistryTest, CompatibilityEndpointReportsVerboseMessages) {
  ASSERT_TRUE(reg->register_schema("s", avro(user_v1), {}));
  auto r = reg->test_compatibility("s", version_spec::latest(), avro(user_bad), {false, true});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->compatible);
  ASSERT_FALSE(r->messages.empty());
  EXPECT_EQ(r->messages.back(), "{validateFields: 'false', compatibility: 'BACKWARD'}");
  auto ok = reg->test_compatibility("s", std::nullopt, avro(user_v2), {false, true});
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->compatible);
}

TEST_F(RegistryTest, ContextsHaveTheirOwnIds) {
  auto a = reg->register_schema(":.ctx:a", avro(user_v1), {});
  auto b = reg->register_schema("a", avro(user_v2), {});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->id, 1);
  EXPECT_EQ(b->id, 1);
  EXPECT_EQ(reg->list_contexts(), (std::vector<std::string>{".", ".ctx"}));
}

TEST_F(RegistryTest, ReferencedVersionCannotBeDeleted) {
  ASSERT_TRUE(reg->register_schema(
      "dep", avro(R"({"type":"record","name":"Dep","namespace":"com.x","fields":[{"name":"v","type":"int"}]})"), {}));
  auto holder = avro(R"({"type":"record","name":"H","namespace":"com.x","fields":[{"name":"d","type":"com.x.Dep"}]})");
  holder.references.push_back({std::string("com.x.Dep"), std::string("dep"), 1});
  auto h = reg->register_schema("holder", holder, {});
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(reg->delete_version("dep", {1}, false).error().code, error_code::reference_exists);
  EXPECT_EQ(*reg->referenced_by("dep", {1}, false), std::vector<schema_id>{h->id});
}

}  // namespace
}  // namespace tessera

namespace tessera {
namespace {

TEST_F(RegistryTest, OnlyAnEmptyContextCanBeDeleted) {
  ASSERT_TRUE(reg->register_schema(":.ctx:a", avro(user_v1), {}));
  EXPECT_EQ(reg->delete_context(".ctx").error().code, error_code::context_not_empty);
  ASSERT_TRUE(reg->delete_subject(":.ctx:a", false));
  EXPECT_EQ(reg->delete_context("ctx").error().code, error_code::context_not_empty);  // soft-deleted still counts
  ASSERT_TRUE(reg->delete_subject(":.ctx:a", true));
  EXPECT_TRUE(reg->delete_context("ctx"));
  EXPECT_EQ(reg->list_contexts(), std::vector<std::string>{"."});
}

TEST_F(RegistryTest, IdListsHoldersInJavaHashMapOrder) {
  // Confluent 7.9 answers ["reg-json.b", "reg-json.a"]: "reg-json.b" falls in bucket 10 and
  // "reg-json.a" in bucket 11 of a 16-bucket HashMap.
  auto a = reg->register_schema("reg-json.a", avro(user_v1), {});
  auto b = reg->register_schema("reg-json.b", avro(user_v1), {});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*reg->subjects_for_id(a->id, std::nullopt, false), (std::vector<std::string>{"reg-json.b", "reg-json.a"}));
  auto versions = reg->versions_for_id(a->id, std::nullopt, false);
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].subject, "reg-json.b");
}

tag_schema_request tag_name(const char* tag) {
  tag_schema_request r;
  r.tags_to_add.push_back({"User.name", formats::tag_entity_type::field, {tag}});
  return r;
}

TEST_F(RegistryTest, TaggingRegistersTheNextVersionWithConfluentVersion) {
  ASSERT_TRUE(reg->register_schema("t", avro(user_v1), {}));
  auto tagged = reg->tag_schema("t", version_spec{1}, tag_name("PII"));
  ASSERT_TRUE(tagged) << tagged.error().message;
  EXPECT_EQ(tagged->version, 2);
  ASSERT_TRUE(tagged->metadata);
  EXPECT_EQ(tagged->metadata->properties.at("confluent:version"), "2");
  EXPECT_EQ(*tagged->schema,
            R"({"type":"record","name":"User","fields":[{"name":"name","type":"string","confluent:tags":["PII"]}]})");
  // The same tags again still make a new version (the metadata differs).
  auto again = reg->tag_schema("t", version_spec::latest(), tag_name("PII"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->version, 3);
  EXPECT_NE(again->id, tagged->id);
}

TEST_F(RegistryTest, TaggingChecksVersionSubjectAndPath) {
  ASSERT_TRUE(reg->register_schema("t", avro(user_v1), {}));
  auto wrong_next = tag_name("X");
  wrong_next.new_version = 9;
  auto r = reg->tag_schema("t", version_spec{1}, wrong_next);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error_code::invalid_schema);
  EXPECT_EQ(r.error().message, "Version is not one more than previous version");
  EXPECT_EQ(reg->tag_schema("nope", version_spec{1}, tag_name("X")).error().code, error_code::subject_not_found);
  EXPECT_EQ(reg->tag_schema("t", version_spec{7}, tag_name("X")).error().code, error_code::version_not_found);
  tag_schema_request bad;
  bad.tags_to_add.push_back({"User.nope", formats::tag_entity_type::field, {"X"}});
  auto unmatched = reg->tag_schema("t", version_spec{1}, bad);
  ASSERT_FALSE(unmatched);
  EXPECT_EQ(unmatched.error().message,
            "java.lang.IllegalArgumentException: No matching path 'User.nope' found in the schema");
  EXPECT_EQ(*reg->list_versions("t", {}), std::vector<schema_version>{1});
}

}  // namespace
}  // namespace tessera
