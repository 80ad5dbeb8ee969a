#pragma once
/// Who is primary: the rule Confluent's SchemaRegistryCoordinator#onLeaderElected applies when
/// this node is the Kafka group leader. A pure function so every edge case is unit-tested.

#include <string>
#include <vector>

#include "election/member_identity.h"
#include "election/sr_protocol.h"

namespace tessera::election {

/// One group member as the JoinGroup response lists it, metadata already parsed.
struct candidate {
  std::string member_id;
  member_identity identity;
};

/// The assignment every member receives:
/// - primary = the eligible member with the smallest URL (byte-wise, as Java String.compareTo
///   on ASCII: "http" < "https", "…:10000" < "…:8081");
/// - sticky: if exactly one eligible member advertises `leader`, it stays primary;
/// - two members with one URL: error DUPLICATE_URLS (the primary fields are still filled, as
///   Confluent does; receivers ignore them);
/// - no eligible member: no master and no master_identity.
/// The result does not depend on the order of `members`.
assignment leader_choice(const std::vector<candidate>& members, bool sticky);

}  // namespace tessera::election
