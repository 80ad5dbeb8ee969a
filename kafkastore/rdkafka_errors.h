#pragma once
/// librdkafka error codes → Confluent's store error codes, keeping librdkafka's view of whether
/// a failed write may still have been persisted (an ambiguous outcome is 50002, never 50001).

#include <librdkafka/rdkafkacpp.h>

#include <string_view>

#include "tessera/core/error.h"

namespace tessera::kafkastore {

/// The error for a failed produce: 42209 for a record over the size limits, 50002 for timeouts
/// and for failures librdkafka marks "possibly persisted", 50001 otherwise.
tessera::error write_error(RdKafka::ErrorCode code, RdKafka::Message::Status status, std::string_view what);

/// The error for a failed metadata, admin or read call: 50002 for timeouts, 50001 otherwise.
tessera::error call_error(RdKafka::ErrorCode code, std::string_view what);

/// True for timeouts of any kind (client-side or broker-side).
bool is_timeout(RdKafka::ErrorCode code);

/// True for record-size errors (RecordTooLargeException in the Java client).
bool is_too_large(RdKafka::ErrorCode code);

/// True when a consumer error only means "the cluster is not reachable right now" and reading
/// may simply go on: transport failures, leader changes, brokers restarting.
bool is_transient(RdKafka::ErrorCode code);

}  // namespace tessera::kafkastore
