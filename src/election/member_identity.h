#pragma once
/// What a registry node advertises to the others in the election group (Confluent's
/// SchemaRegistryIdentity), and what the listener learns after each election.

#include <cstdint>
#include <optional>
#include <string>

namespace tessera::election {

/// One node's identity: the JoinGroup metadata and, for the primary, the forwarding target.
struct member_identity {
  std::string host;
  int port = 0;
  bool eligible = true;        ///< master_eligibility
  std::string scheme = "http";
  int version = 1;             ///< Confluent sends 1; kept as received for other members
  bool leader = false;         ///< sticky-election hint; not part of same_node()

  /// `scheme://host:port`: the election sort key and the forwarding URL.
  std::string url() const;
  /// Confluent's SchemaRegistryIdentity.equals: version, host, port, eligibility and scheme.
  bool same_node(const member_identity& other) const;
  bool operator==(const member_identity&) const = default;
};

/// What the listener is told: the primary after an election, or none.
struct primary_change {
  /// The primary; nullopt on revoke, no eligible member, duplicate URLs or a lost session.
  std::optional<member_identity> primary;
  bool duplicate_urls = false;    ///< the group leader found two members with one URL
  std::int32_t generation = -1;   ///< Kafka group generation of this result (-1 when revoked)
  /// This node is the primary: the assignment names our member id, or its identity equals ours.
  bool is_self = false;
};

}  // namespace tessera::election
