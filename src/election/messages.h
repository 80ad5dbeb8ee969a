#pragma once
/// The Kafka requests the elector sends and the responses it reads, at fixed non-flexible
/// versions (layouts from Apache Kafka's clients/src/main/resources/common/message/*.json).
/// Every chosen version is still served by Kafka 4.x after KIP-896: FindCoordinator lost v0,
/// JoinGroup v0-1 and SaslHandshake v0, nothing we use.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "election/wire.h"
#include "tessera/core/result.h"

namespace tessera::election {

/// Kafka API keys used here.
enum class api_key : std::int16_t {
  find_coordinator = 10,
  join_group = 11,
  heartbeat = 12,
  leave_group = 13,
  sync_group = 14,
  sasl_handshake = 17,
  api_versions = 18,
  sasl_authenticate = 36,
};

/// The one version of each API that this client speaks.
std::int16_t version_of(api_key k);
/// Kafka's name of the API ("JoinGroup").
std::string_view name_of(api_key k);

/// A whole request frame: int32 size, request header v1 (key, version, correlation id, client
/// id), body.
bytes frame_request(api_key key, std::int32_t correlation_id, std::string_view client_id, const bytes& body);

// --- ApiVersions v2 -----------------------------------------------------------------------

struct api_version_range {
  std::int16_t key = 0;
  std::int16_t min_version = 0;
  std::int16_t max_version = 0;
};
struct api_versions_response {
  std::int16_t error = 0;
  std::vector<api_version_range> apis;
};
/// ApiVersions v2 has an empty body.
bytes encode_api_versions();
/// Also reads the v0-shaped body a broker sends with UNSUPPORTED_VERSION.
result<api_versions_response> decode_api_versions(const bytes& body);
/// Fails with a message naming the first API whose version the broker does not serve.
result<void> check_supported(const api_versions_response& r, const std::vector<api_key>& needed);

// --- FindCoordinator v2 -------------------------------------------------------------------

struct find_coordinator_response {
  std::int16_t error = 0;
  std::optional<std::string> error_message;
  std::int32_t node_id = -1;
  std::string host;
  std::int32_t port = 0;
};
/// Key type 0 (group).
bytes encode_find_coordinator(std::string_view group_id);
result<find_coordinator_response> decode_find_coordinator(const bytes& body);

// --- JoinGroup v5 -------------------------------------------------------------------------

struct join_group_request {
  std::string group_id;
  std::int32_t session_timeout_ms = 0;
  std::int32_t rebalance_timeout_ms = 0;
  std::string member_id;  ///< empty on the first join
  std::string protocol_type;
  std::vector<std::pair<std::string, std::string>> protocols;  ///< name, metadata
};
struct join_group_member {
  std::string member_id;
  std::string metadata;
};
struct join_group_response {
  std::int16_t error = 0;
  std::int32_t generation = -1;
  std::string protocol_name;
  std::string leader;
  std::string member_id;
  std::vector<join_group_member> members;  ///< filled for the group leader only
};
/// GroupInstanceId is always null (no static membership, as Confluent).
bytes encode_join_group(const join_group_request& r);
result<join_group_response> decode_join_group(const bytes& body);

// --- SyncGroup v3 -------------------------------------------------------------------------

struct sync_group_request {
  std::string group_id;
  std::int32_t generation = -1;
  std::string member_id;
  std::vector<std::pair<std::string, std::string>> assignments;  ///< member id, assignment
};
struct sync_group_response {
  std::int16_t error = 0;
  std::string assignment;
};
bytes encode_sync_group(const sync_group_request& r);
result<sync_group_response> decode_sync_group(const bytes& body);

// --- Heartbeat v3 / LeaveGroup v3 ---------------------------------------------------------

bytes encode_heartbeat(std::string_view group_id, std::int32_t generation, std::string_view member_id);
/// The error code of a Heartbeat v3 response.
result<std::int16_t> decode_heartbeat(const bytes& body);
/// LeaveGroup v3 for one member (no group instance id).
bytes encode_leave_group(std::string_view group_id, std::string_view member_id);
/// The top-level error, or the member's own error when the top level is 0.
result<std::int16_t> decode_leave_group(const bytes& body);

// --- SaslHandshake v1 / SaslAuthenticate v1 -----------------------------------------------

struct sasl_handshake_response {
  std::int16_t error = 0;
  std::vector<std::string> mechanisms;
};
bytes encode_sasl_handshake(std::string_view mechanism);
result<sasl_handshake_response> decode_sasl_handshake(const bytes& body);

struct sasl_authenticate_response {
  std::int16_t error = 0;
  std::optional<std::string> error_message;
  std::string auth_bytes;
};
bytes encode_sasl_authenticate(std::string_view auth_bytes);
result<sasl_authenticate_response> decode_sasl_authenticate(const bytes& body);

}  // namespace tessera::election
