// Golden bytes for every request the elector encodes, hand-computed from Apache Kafka's message
// specs (clients/src/main/resources/common/message/*.json) at the versions we speak, and the
// decoding of every response we read, including error codes and malformed input.

#include <gtest/gtest.h>

#include "election/kafka_errors.h"
#include "election/messages.h"

namespace tessera::election {
namespace {

bytes b(std::initializer_list<int> v) {
  bytes out;
  for (int x : v) out.push_back(static_cast<std::uint8_t>(x));
  return out;
}

TEST(WireCodec, VersionsAreTheNonFlexibleOnesThatSurviveKip896) {
  EXPECT_EQ(version_of(api_key::api_versions), 2);
  EXPECT_EQ(version_of(api_key::find_coordinator), 2);  // 4.0 removed v0 only
  EXPECT_EQ(version_of(api_key::join_group), 5);        // 4.0 removed v0-1; flexible from v6
  EXPECT_EQ(version_of(api_key::sync_group), 3);        // flexible from v4
  EXPECT_EQ(version_of(api_key::heartbeat), 3);         // flexible from v4
  EXPECT_EQ(version_of(api_key::leave_group), 3);       // flexible from v4
  EXPECT_EQ(version_of(api_key::sasl_handshake), 1);    // 4.0 removed v0
  EXPECT_EQ(version_of(api_key::sasl_authenticate), 1); // flexible from v2
}

TEST(WireCodec, RequestHeaderV1Framing) {
  // size 14 | key 18 | version 2 | correlation 1 | client id "sr-1" | empty body
  EXPECT_EQ(frame_request(api_key::api_versions, 1, "sr-1", encode_api_versions()),
            b({0, 0, 0, 14, 0, 18, 0, 2, 0, 0, 0, 1, 0, 4, 's', 'r', '-', '1'}));
}

TEST(WireCodec, FindCoordinatorV2) {
  EXPECT_EQ(encode_find_coordinator("g1"), b({0, 2, 'g', '1', 0}));
}

TEST(WireCodec, JoinGroupV5) {
  join_group_request q;
  q.group_id = "g";
  q.session_timeout_ms = 10000;
  q.rebalance_timeout_ms = 300000;
  q.member_id = "";
  q.protocol_type = "sr";
  q.protocols.emplace_back("v0", "{}");
  EXPECT_EQ(encode_join_group(q), b({0, 1, 'g',                 // GroupId
                                     0, 0, 0x27, 0x10,          // SessionTimeoutMs 10000
                                     0, 0x04, 0x93, 0xE0,       // RebalanceTimeoutMs 300000
                                     0, 0,                      // MemberId ""
                                     0xFF, 0xFF,                // GroupInstanceId null
                                     0, 2, 's', 'r',            // ProtocolType
                                     0, 0, 0, 1,                // one protocol
                                     0, 2, 'v', '0',            // Name
                                     0, 0, 0, 2, '{', '}'}));   // Metadata
}

TEST(WireCodec, SyncGroupV3) {
  sync_group_request q;
  q.group_id = "g";
  q.generation = 1;
  q.member_id = "m";
  q.assignments.emplace_back("m", "x");
  EXPECT_EQ(encode_sync_group(q), b({0, 1, 'g', 0, 0, 0, 1, 0, 1, 'm', 0xFF, 0xFF, 0, 0, 0, 1, 0, 1, 'm', 0, 0, 0,
                                     1, 'x'}));
  q.assignments.clear();  // followers send an empty array
  EXPECT_EQ(encode_sync_group(q), b({0, 1, 'g', 0, 0, 0, 1, 0, 1, 'm', 0xFF, 0xFF, 0, 0, 0, 0}));
}

TEST(WireCodec, HeartbeatV3AndLeaveGroupV3) {
  EXPECT_EQ(encode_heartbeat("g", 7, "m"), b({0, 1, 'g', 0, 0, 0, 7, 0, 1, 'm', 0xFF, 0xFF}));
  EXPECT_EQ(encode_leave_group("g", "m"), b({0, 1, 'g', 0, 0, 0, 1, 0, 1, 'm', 0xFF, 0xFF}));
}

TEST(WireCodec, SaslRequests) {
  EXPECT_EQ(encode_sasl_handshake("PLAIN"), b({0, 5, 'P', 'L', 'A', 'I', 'N'}));
  EXPECT_EQ(encode_sasl_authenticate(std::string("\0u\0p", 4)), b({0, 0, 0, 4, 0, 'u', 0, 'p'}));
}

TEST(WireCodec, ApiVersionsResponse) {
  auto r = decode_api_versions(b({0, 0, 0, 0, 0, 2, 0, 11, 0, 2, 0, 9, 0, 14, 0, 0, 0, 5, 0, 0, 0, 0}));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->apis.size(), 2u);
  EXPECT_EQ(r->apis[0].key, 11);
  EXPECT_EQ(r->apis[0].min_version, 2);
  EXPECT_EQ(r->apis[0].max_version, 9);
  auto missing = check_supported(*r, {api_key::join_group, api_key::sync_group, api_key::heartbeat});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("Heartbeat"), std::string::npos);
  EXPECT_TRUE(check_supported(*r, {api_key::join_group, api_key::sync_group}));
}

TEST(WireCodec, ApiVersionsRangeTooNewIsReported) {
  // A broker that served JoinGroup 6-9 only would not speak our v5.
  auto r = decode_api_versions(b({0, 0, 0, 0, 0, 1, 0, 11, 0, 6, 0, 9, 0, 0, 0, 0}));
  ASSERT_TRUE(r);
  auto ok = check_supported(*r, {api_key::join_group});
  ASSERT_FALSE(ok);
  EXPECT_NE(ok.error().message.find("JoinGroup versions 6-9"), std::string::npos) << ok.error().message;
}

TEST(WireCodec, ApiVersionsUnsupportedVersionInV0Layout) {
  // UNSUPPORTED_VERSION (35) comes back in the v0 layout: no throttle time.
  auto r = decode_api_versions(b({0, 35, 0, 0, 0, 1, 0, 18, 0, 0, 0, 3}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->error, 35);
}

TEST(WireCodec, FindCoordinatorResponse) {
  auto r = decode_find_coordinator(b({0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 1, 0, 9, '1', '2', '7', '.', '0', '.',
                                      '0', '.', '1', 0, 0, 0x23, 0x84}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->error, 0);
  EXPECT_EQ(r->node_id, 1);
  EXPECT_EQ(r->host, "127.0.0.1");
  EXPECT_EQ(r->port, 9092);
  auto e = decode_find_coordinator(b({0, 0, 0, 0, 0, 15, 0, 2, 'n', 'o', 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF,
                                      0xFF, 0xFF}));
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->error, kafka_error::coordinator_not_available);
  EXPECT_EQ(e->error_message, "no");
}

TEST(WireCodec, JoinGroupResponseForTheLeader) {
  auto r = decode_join_group(b({0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 2, 'v', '0', 0, 1, 'a', 0, 1, 'a', 0, 0, 0, 1, 0, 1,
                                'a', 0xFF, 0xFF, 0, 0, 0, 2, '{', '}'}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->error, 0);
  EXPECT_EQ(r->generation, 3);
  EXPECT_EQ(r->protocol_name, "v0");
  EXPECT_EQ(r->leader, "a");
  EXPECT_EQ(r->member_id, "a");
  ASSERT_EQ(r->members.size(), 1u);
  EXPECT_EQ(r->members[0].metadata, "{}");
}

TEST(WireCodec, JoinGroupMemberIdRequired) {
  auto r = decode_join_group(
      b({0, 0, 0, 0, 0, 79, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 5, 's', 'r', '-', '1', 'x', 0, 0, 0, 0}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->error, kafka_error::member_id_required);
  EXPECT_EQ(r->generation, -1);
  EXPECT_EQ(r->member_id, "sr-1x");
}

TEST(WireCodec, SyncHeartbeatLeaveResponses) {
  auto s = decode_sync_group(b({0, 0, 0, 0, 0, 0, 0, 0, 0, 2, '{', '}'}));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->assignment, "{}");
  auto s2 = decode_sync_group(b({0, 0, 0, 0, 0, 22, 0, 0, 0, 0}));
  ASSERT_TRUE(s2);
  EXPECT_EQ(s2->error, kafka_error::illegal_generation);
  auto h = decode_heartbeat(b({0, 0, 0, 0, 0, 27}));
  ASSERT_TRUE(h);
  EXPECT_EQ(*h, kafka_error::rebalance_in_progress);
  // Top level 0, the member itself UNKNOWN_MEMBER_ID (25).
  auto l = decode_leave_group(b({0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 'm', 0xFF, 0xFF, 0, 25}));
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_EQ(*l, kafka_error::unknown_member_id);
}

TEST(WireCodec, SaslResponses) {
  auto h = decode_sasl_handshake(b({0, 33, 0, 0, 0, 1, 0, 5, 'P', 'L', 'A', 'I', 'N'}));
  ASSERT_TRUE(h);
  EXPECT_EQ(h->error, kafka_error::unsupported_sasl_mechanism);
  ASSERT_EQ(h->mechanisms.size(), 1u);
  EXPECT_EQ(h->mechanisms[0], "PLAIN");
  auto a = decode_sasl_authenticate(b({0, 58, 0, 3, 'b', 'a', 'd', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->error, kafka_error::sasl_authentication_failed);
  EXPECT_EQ(a->error_message, "bad");
}

TEST(WireCodec, MalformedResponsesFailInsteadOfCrashing) {
  auto truncated = decode_heartbeat(b({0, 0, 0}));
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message.find("malformed Heartbeat response"), std::string::npos);
  EXPECT_FALSE(decode_heartbeat(b({0, 0, 0, 0, 0, 0, 9})));  // trailing byte
  // An array count of 2^31-1 with a few bytes left must not allocate.
  EXPECT_FALSE(decode_join_group(b({0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 2, 'v', '0', 0, 1, 'a', 0, 1, 'a', 0x7F, 0xFF,
                                    0xFF, 0xFF, 0})));
  EXPECT_FALSE(decode_sync_group(b({0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0})));  // negative bytes length
  EXPECT_FALSE(decode_join_group(b({0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF})));  // null protocol name
}

TEST(WireCodec, ErrorNames) {
  EXPECT_EQ(kafka_error_name(27), "REBALANCE_IN_PROGRESS (27)");
  EXPECT_EQ(kafka_error_name(999), "error code 999");
}

}  // namespace
}  // namespace tessera::election
