#pragma once
/// Names of the Kafka error codes the elector meets, for log lines and status.

#include <cstdint>
#include <string>

namespace tessera::election {

/// Kafka error codes the group state machine branches on.
namespace kafka_error {
inline constexpr std::int16_t none = 0;
inline constexpr std::int16_t coordinator_load_in_progress = 14;
inline constexpr std::int16_t coordinator_not_available = 15;
inline constexpr std::int16_t not_coordinator = 16;
inline constexpr std::int16_t illegal_generation = 22;
inline constexpr std::int16_t unknown_member_id = 25;
inline constexpr std::int16_t rebalance_in_progress = 27;
inline constexpr std::int16_t unsupported_sasl_mechanism = 33;
inline constexpr std::int16_t unsupported_version = 35;
inline constexpr std::int16_t sasl_authentication_failed = 58;
inline constexpr std::int16_t member_id_required = 79;
}  // namespace kafka_error

/// "NAME (code)", e.g. "REBALANCE_IN_PROGRESS (27)"; unknown codes as "error code N".
std::string kafka_error_name(std::int16_t code);

}  // namespace tessera::election
