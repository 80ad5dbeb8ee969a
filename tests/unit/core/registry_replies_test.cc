// Serialized read answers are made once and reused, and never outlive what they describe.

#include <gtest/gtest.h>

#include "storage/memory_backend.h"
#include "tessera/core/registry.h"

namespace tessera {
namespace {

constexpr const char* v1 = R"({"type":"record","name":"R","fields":[{"name":"a","type":"string"}]})";
constexpr const char* v2 =
    R"({"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"int","default":0}]})";

schema_request avro(const std::string& text) {
  schema_request r;
  r.schema = text;
  return r;
}

class RegistryReplies : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(reg.start()); }

  registry reg{std::make_shared<storage::memory_backend>(), registry_options{}};
  int renders = 0;

  std::string by_id(schema_id id) {
    auto r = reg.schema_reply(id, std::nullopt, [&](const schema_by_id& s) {
      ++renders;
      return std::to_string(s.id) + ":" + s.content.text;
    });
    return r ? **r : "error " + std::to_string(static_cast<int>(r.error().code));
  }

  std::string latest(const std::string& subject) {
    auto r = reg.version_reply(subject, version_spec::latest(), false, [&](const subject_version_entry& e) {
      ++renders;
      return e.subject + "/" + std::to_string(e.version) + "/" + std::to_string(e.id);
    });
    return r ? **r : "error " + std::to_string(static_cast<int>(r.error().code));
  }
};

TEST_F(RegistryReplies, SchemaByIdIsRenderedOnce) {
  auto id = reg.register_schema("s", avro(v1), {});
  ASSERT_TRUE(id);
  EXPECT_EQ(by_id(id->id), "1:" + std::string(v1));
  EXPECT_EQ(by_id(id->id), "1:" + std::string(v1));
  EXPECT_EQ(renders, 1);
  EXPECT_EQ(by_id(99), "error " + std::to_string(static_cast<int>(error_code::schema_not_found)));
}

TEST_F(RegistryReplies, LatestFollowsNewVersionsAndDeletes) {
  ASSERT_TRUE(reg.register_schema("s", avro(v1), {}));
  EXPECT_EQ(latest("s"), "s/1/1");
  EXPECT_EQ(latest("s"), "s/1/1");
  EXPECT_EQ(renders, 1);
  ASSERT_TRUE(reg.register_schema("s", avro(v2), {}));
  EXPECT_EQ(latest("s"), "s/2/2");
  ASSERT_TRUE(reg.delete_version("s", version_spec{2}, false));
  EXPECT_EQ(latest("s"), "s/1/1");
  ASSERT_TRUE(reg.delete_subject("s", false));
  EXPECT_EQ(latest("s"), "error " + std::to_string(static_cast<int>(error_code::subject_not_found)));
}

TEST_F(RegistryReplies, OneSchemaUnderTwoSubjectsAnswersForEach) {
  ASSERT_TRUE(reg.register_schema("a", avro(v1), {}));
  ASSERT_TRUE(reg.register_schema("b", avro(v1), {}));
  EXPECT_EQ(latest("a"), "a/1/1");
  EXPECT_EQ(latest("b"), "b/1/1");
  EXPECT_EQ(latest("a"), "a/1/1");
}

}  // namespace
}  // namespace tessera
