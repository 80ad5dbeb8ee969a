// Leader choice as a pure function: Confluent's SchemaRegistryCoordinator#onLeaderElected rules.

#include <gtest/gtest.h>

#include <algorithm>

#include "election/leader_choice.h"

namespace tessera::election {
namespace {

candidate node(std::string member, std::string host, int port, bool eligible = true, std::string scheme = "http",
               bool leader = false) {
  candidate c;
  c.member_id = std::move(member);
  c.identity.host = std::move(host);
  c.identity.port = port;
  c.identity.eligible = eligible;
  c.identity.scheme = std::move(scheme);
  c.identity.leader = leader;
  return c;
}

struct case_t {
  const char* name;
  std::vector<candidate> members;
  bool sticky;
  std::optional<std::string> master;  // expected member id
  std::int16_t error;
};

TEST(LeaderChoice, Table) {
  const std::vector<case_t> cases = {
      {"lowest eligible URL wins", {node("m3", "h", 8083), node("m1", "h", 8081, false), node("m2", "h", 8082)},
       false, "m2", 0},
      {"single member", {node("a", "h", 8081)}, false, "a", 0},
      {"http sorts before https (':' < 's')",
       {node("s", "h", 8081, true, "https"), node("p", "h", 8081, true, "http")}, false, "p", 0},
      {"ports compare as text: 10000 < 8081", {node("a", "h", 8081), node("b", "h", 10000)}, false, "b", 0},
      {"host compares byte-wise: upper case first", {node("a", "b", 1), node("b", "B", 1)}, false, "b", 0},
      {"no eligible member: no master",
       {node("a", "h", 8081, false), node("b", "h", 8082, false)}, false, std::nullopt, 0},
      {"empty group", {}, false, std::nullopt, 0},
      {"duplicate URLs: error 1, master still filled", {node("a", "h", 8081), node("b", "h", 8081)}, false, "a", 1},
      {"duplicate URLs among ineligible members count too",
       {node("a", "h", 8081), node("b", "x", 1, false), node("c", "x", 1, false)}, false, "a", 1},
      {"sticky: the one advertised leader stays",
       {node("a", "h", 8081), node("b", "h", 8082, true, "http", true)}, true, "b", 0},
      {"sticky off: the advertised leader flag is ignored",
       {node("a", "h", 8081), node("b", "h", 8082, true, "http", true)}, false, "a", 0},
      {"sticky: two advertised leaders fall back to the URL rule",
       {node("a", "h", 8081), node("b", "h", 8082, true, "http", true), node("c", "h", 8083, true, "http", true)},
       true, "a", 0},
      {"sticky: an ineligible advertised leader is ignored",
       {node("a", "h", 8081), node("b", "h", 8080, false, "http", true)}, true, "a", 0},
      {"sticky: no advertised leader uses the URL rule", {node("a", "h", 8082), node("b", "h", 8081)}, true, "b", 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto a = leader_choice(c.members, c.sticky);
    EXPECT_EQ(a.error, c.error);
    EXPECT_EQ(a.master, c.master);
    EXPECT_EQ(a.master_identity.has_value(), c.master.has_value());
    if (c.master) {
      auto it = std::find_if(c.members.begin(), c.members.end(),
                             [&](const candidate& m) { return m.member_id == *c.master; });
      ASSERT_NE(it, c.members.end());
      EXPECT_EQ(*a.master_identity, it->identity);  // echoed unchanged, leader flag included
    }
    EXPECT_EQ(a.version, 1);
  }
}

TEST(LeaderChoice, IndependentOfMemberOrder) {
  std::vector<candidate> members{node("m1", "a", 9000), node("m2", "b", 8000), node("m3", "a", 10000, false),
                                 node("m4", "a", 9000)};
  auto expected = leader_choice(members, false);
  std::sort(members.begin(), members.end(), [](auto& x, auto& y) { return x.member_id < y.member_id; });
  do {
    EXPECT_EQ(leader_choice(members, false), expected);
  } while (std::next_permutation(members.begin(), members.end(),
                                 [](auto& x, auto& y) { return x.member_id < y.member_id; }));
  EXPECT_EQ(expected.error, assignment::duplicate_urls);
  EXPECT_EQ(expected.master, "m1");  // tie on URL: smallest member id
}

}  // namespace
}  // namespace tessera::election
