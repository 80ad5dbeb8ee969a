// The "sr" protocol JSON against Confluent's own examples (spec §1.3, §1.4) and Karapace's
// payloads, which carry extra fields.

#include <gtest/gtest.h>

#include "election/sr_protocol.h"

namespace tessera::election {
namespace {

constexpr const char* confluent_identity =
    R"({"host":"sr-1.example.com","port":8081,"master_eligibility":true,"scheme":"http","version":1,"leader":false})";

member_identity sr1() {
  member_identity id;
  id.host = "sr-1.example.com";
  id.port = 8081;
  return id;
}

TEST(SrProtocol, IdentitySerialisesExactlyAsConfluent) { EXPECT_EQ(serialize_identity(sr1()), confluent_identity); }

TEST(SrProtocol, IdentityRoundTrips) {
  auto id = parse_identity(confluent_identity);
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, sr1());
  EXPECT_EQ(id->url(), "http://sr-1.example.com:8081");
}

TEST(SrProtocol, KarapaceMetadataWithExtraFieldsParses) {
  auto id = parse_identity(
      R"({"version": 2, "karapace_version": "4.1.0", "host": "karapace-1", "port": 8081, "scheme": "https", )"
      R"("master_eligibility": false})");
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->host, "karapace-1");
  EXPECT_EQ(id->port, 8081);
  EXPECT_EQ(id->scheme, "https");
  EXPECT_FALSE(id->eligible);
  EXPECT_EQ(id->version, 2);  // kept as sent, so master_identity echoes it unchanged
  EXPECT_FALSE(id->leader);
  // Re-serialised as Confluent's group leader would: unknown fields dropped, version kept.
  EXPECT_EQ(serialize_identity(*id),
            R"({"host":"karapace-1","port":8081,"master_eligibility":false,"scheme":"https","version":2,"leader":false})");
}

TEST(SrProtocol, IdentityWithoutHostOrPortIsRejected) {
  EXPECT_FALSE(parse_identity(R"({"port":8081})"));
  EXPECT_FALSE(parse_identity(R"({"host":"a","port":"8081"})"));
  EXPECT_FALSE(parse_identity(R"({"host":"a","port":8081,"master_eligibility":"yes"})"));
  EXPECT_FALSE(parse_identity("not json"));
  EXPECT_FALSE(parse_identity("[]"));
}

TEST(SrProtocol, IdentityMissingEligibilityIsNotEligible) {
  auto id = parse_identity(R"({"host":"a","port":1})");
  ASSERT_TRUE(id);
  EXPECT_FALSE(id->eligible);
  EXPECT_EQ(id->scheme, "http");
  EXPECT_EQ(id->version, 1);
}

TEST(SrProtocol, SameNodeIgnoresTheLeaderFlagOnly) {
  auto a = sr1();
  auto b = sr1();
  b.leader = true;
  EXPECT_TRUE(a.same_node(b));
  b.version = 2;
  EXPECT_FALSE(a.same_node(b));
  b = sr1();
  b.eligible = false;
  EXPECT_FALSE(a.same_node(b));
  b = sr1();
  b.scheme = "https";
  EXPECT_FALSE(a.same_node(b));
}

TEST(SrProtocol, AssignmentSerialisesExactlyAsConfluent) {
  assignment a;
  a.master = "sr-1-6c0e2f4a-1b7d-4c55-9f0e-0d6a2b1c9e11";
  a.master_identity = sr1();
  EXPECT_EQ(serialize_assignment(a), std::string(R"({"error":0,"master":"sr-1-6c0e2f4a-1b7d-4c55-9f0e-0d6a2b1c9e11",)") +
                                         R"("master_identity":)" + confluent_identity + R"(,"version":1})");
}

TEST(SrProtocol, AssignmentWithoutPrimaryOmitsTheMasterFields) {
  EXPECT_EQ(serialize_assignment(assignment{}), R"({"error":0,"version":1})");
  assignment dup;
  dup.error = assignment::duplicate_urls;
  EXPECT_EQ(serialize_assignment(dup), R"({"error":1,"version":1})");
}

TEST(SrProtocol, AssignmentRoundTrips) {
  assignment a;
  a.error = assignment::duplicate_urls;
  a.master = "m";
  a.master_identity = sr1();
  auto back = parse_assignment(serialize_assignment(a));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, a);
  auto none = parse_assignment(R"({"error":0,"version":1})");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->master);
  EXPECT_FALSE(none->master_identity);
}

TEST(SrProtocol, KarapaceAssignmentParses) {
  auto a = parse_assignment(
      R"({"master": "karapace-1-abc", "master_identity": {"version": 2, "karapace_version": "4.1.0", )"
      R"("host": "k1", "port": 8081, "scheme": "http", "master_eligibility": true}, "error": 0})");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->master, "karapace-1-abc");
  ASSERT_TRUE(a->master_identity);
  EXPECT_EQ(a->master_identity->url(), "http://k1:8081");
  EXPECT_EQ(a->version, 1);  // absent: default
}

TEST(SrProtocol, BadAssignmentsFail) {
  EXPECT_FALSE(parse_assignment(""));
  EXPECT_FALSE(parse_assignment(R"({"error":"x"})"));
  EXPECT_FALSE(parse_assignment(R"({"error":70000})"));
  EXPECT_FALSE(parse_assignment(R"({"master_identity":{"port":1}})"));
}

}  // namespace
}  // namespace tessera::election
