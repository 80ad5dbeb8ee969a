#pragma once
/// Confluent's "sr" protocol payloads as JSON: member metadata (SchemaRegistryIdentity) and
/// the SyncGroup assignment (SchemaRegistryProtocol.Assignment). Field order and omissions
/// follow Jackson with @JsonInclude(NON_EMPTY); unknown fields are ignored on input.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "election/member_identity.h"
#include "tessera/core/result.h"

namespace tessera::election {

/// The SyncGroup assignment, the same for every member.
struct assignment {
  static constexpr std::int16_t no_error = 0;
  static constexpr std::int16_t duplicate_urls = 1;

  std::int16_t error = no_error;
  std::optional<std::string> master;               ///< Kafka member id of the primary
  std::optional<member_identity> master_identity;  ///< the primary's identity
  int version = 1;

  bool operator==(const assignment&) const = default;
};

/// `{"host":…,"port":…,"master_eligibility":…,"scheme":…,"version":…,"leader":…}`.
std::string serialize_identity(const member_identity& id);
/// Parses member metadata; host and port are required, unknown fields are ignored.
result<member_identity> parse_identity(std::string_view json);

/// `{"error":…,"master":…,"master_identity":{…},"version":…}`, master fields omitted when absent.
std::string serialize_assignment(const assignment& a);
/// Parses an assignment; every field is optional (Karapace sends no top-level version).
result<assignment> parse_assignment(std::string_view json);

}  // namespace tessera::election
