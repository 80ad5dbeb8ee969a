// The router is a plain function from request to response: no socket needed.

#include <gtest/gtest.h>

#include "http/router.h"
#include "storage/memory_backend.h"
#include "tessera/core/registry.h"

namespace tessera::http {
namespace {

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(reg.start()); }

  response call(beast_http::verb method, std::string target, std::optional<std::string> body = std::nullopt,
                std::string content_type = "application/vnd.schemaregistry.v1+json", std::string accept = "") {
    request req{method, target, 11};
    if (body) {
      req.body() = *body;
      if (!content_type.empty()) req.set(beast_http::field::content_type, content_type);
      req.prepare_payload();
    }
    if (!accept.empty()) req.set(beast_http::field::accept, accept);
    return r.handle(std::move(req));
  }

  registry reg{std::make_shared<storage::memory_backend>(), registry_options{}};
  router r{reg};
};

TEST_F(RouterTest, UnknownPathIsJaxRs404) {
  auto res = call(beast_http::verb::get, "/nope");
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(res.body(), R"({"error_code":404,"message":"HTTP 404 Not Found"})");
}

TEST_F(RouterTest, KnownPathWithWrongMethodIs405) {
  auto res = call(beast_http::verb::delete_, "/schemas/types");
  EXPECT_EQ(res.result_int(), 405);
  EXPECT_EQ(res.body(), R"({"error_code":405,"message":"HTTP 405 Method Not Allowed"})");
}

TEST_F(RouterTest, UnsupportedContentTypeIs415) {
  auto res = call(beast_http::verb::post, "/subjects/a/versions", R"({"schema":"\"string\""})", "text/plain");
  EXPECT_EQ(res.result_int(), 415);
}

TEST_F(RouterTest, UnacceptableAcceptIs406AndJsonIsNegotiated) {
  EXPECT_EQ(call(beast_http::verb::get, "/subjects", std::nullopt, "", "text/html").result_int(), 406);
  auto res = call(beast_http::verb::get, "/subjects", std::nullopt, "", "application/json");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res[beast_http::field::content_type], "application/json");
  EXPECT_EQ(call(beast_http::verb::get, "/subjects")[beast_http::field::content_type],
            "application/vnd.schemaregistry.v1+json");
}

TEST_F(RouterTest, RegisterThenReadThroughPercentEncodedSubject) {
  auto res = call(beast_http::verb::post, "/subjects/with%20space%2Fslash/versions", R"({"schema":"\"string\""})");
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(res.body(), R"({"id":1})");
  auto got = call(beast_http::verb::get, "/subjects/with%20space%2Fslash/versions/latest");
  EXPECT_EQ(got.body(), R"({"subject":"with space/slash","version":1,"id":1,"schema":"\"string\""})");
  EXPECT_EQ(call(beast_http::verb::get, "/subjects//with%20space%2Fslash/versions/").body(), "[1]");
}

TEST_F(RouterTest, ContextPrefixQualifiesSubjects) {
  ASSERT_EQ(call(beast_http::verb::post, "/contexts/.ctx/subjects/a/versions", R"({"schema":"\"int\""})").result_int(),
            200);
  EXPECT_EQ(call(beast_http::verb::get, "/subjects").body(), R"([":.ctx:a"])");
  EXPECT_EQ(call(beast_http::verb::get, "/contexts/ctx/subjects").body(), R"([":.ctx:a"])");
  EXPECT_EQ(call(beast_http::verb::get, "/contexts/.bad:name/subjects").result_int(), 400);
}

TEST_F(RouterTest, AliasRedirectsSubjectPathsButNotConfig) {
  ASSERT_EQ(call(beast_http::verb::post, "/subjects/target/versions", R"({"schema":"\"int\""})").result_int(), 200);
  ASSERT_EQ(call(beast_http::verb::put, "/config/alias", R"({"alias":"target"})").result_int(), 200);
  EXPECT_EQ(call(beast_http::verb::get, "/subjects/alias/versions").body(), "[1]");
  EXPECT_EQ(call(beast_http::verb::get, "/config/alias").body(),
            R"({"compatibilityLevel":"BACKWARD","alias":"target"})");
}

TEST_F(RouterTest, InvalidUtf8InPathBecomesReplacementCharacter) {
  auto res = call(beast_http::verb::post, "/subjects/bad%FFname/versions", R"({"schema":"\"int\""})");
  ASSERT_EQ(res.result_int(), 200);
  EXPECT_EQ(call(beast_http::verb::get, "/subjects").body(), "[\"bad\xEF\xBF\xBDname\"]");
}

TEST_F(RouterTest, MissingBodyIsBeanValidation422) {
  auto res = call(beast_http::verb::post, "/subjects/a/versions", std::string(""));
  EXPECT_EQ(res.result_int(), 422);
  EXPECT_EQ(res.body(), R"j({"error_code":422,"message":"register.arg5 must not be null (was null)"})j");
}

TEST_F(RouterTest, OnlyMutatingRoutesMayBlock) {
  request post{beast_http::verb::post, "/subjects/a/versions", 11};
  request lookup{beast_http::verb::post, "/subjects/a", 11};
  request get{beast_http::verb::get, "/subjects", 11};
  EXPECT_TRUE(r.may_block(post));
  EXPECT_FALSE(r.may_block(lookup));
  EXPECT_FALSE(r.may_block(get));
}

}  // namespace
}  // namespace tessera::http

namespace tessera::http {
namespace {

/// A follower whose primary answers every forwarded write with 50004 (none elected).
class FollowerRouterTest : public RouterTest {
 protected:
  void SetUp() override {
    RouterTest::SetUp();
    // The schema is registered while this node still writes itself, then it becomes a follower.
    ASSERT_EQ(call(beast_http::verb::post, "/subjects/s/versions", R"({"schema":"\"string\""})").result_int(), 200);
    r.join_cluster(
        [this](const request&) -> std::optional<result<forwarded_reply>> {
          ++forwarded;
          return result<forwarded_reply>(error{error_code::unknown_leader, "no primary"});
        },
        node_role_source{});
  }
  int forwarded = 0;
};

TEST_F(FollowerRouterTest, ARegistrationTheSubjectHoldsIsAnsweredWithoutThePrimary) {
  auto res = call(beast_http::verb::post, "/subjects/s/versions", R"({"schema":"\"string\""})");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), R"({"id":1})");
  EXPECT_EQ(forwarded, 0);
  // A new schema, another subject, or a malformed body goes to the primary.
  EXPECT_EQ(call(beast_http::verb::post, "/subjects/s/versions", R"({"schema":"\"int\""})").result_int(), 500);
  EXPECT_EQ(call(beast_http::verb::post, "/subjects/t/versions", R"({"schema":"\"string\""})").result_int(), 500);
  EXPECT_EQ(call(beast_http::verb::post, "/subjects/s/versions", R"({"schema":)").result_int(), 500);
  EXPECT_EQ(forwarded, 3);
}

}  // namespace
}  // namespace tessera::http
