#include "kafkastore/rdkafka_errors.h"

#include <string>

#include "tessera/core/errors.h"

namespace tessera::kafkastore {

namespace {

std::string describe(RdKafka::ErrorCode code, std::string_view what) {
  return std::string(what) + ": " + RdKafka::err2str(code) + " (" + std::to_string(static_cast<int>(code)) + ")";
}

}  // namespace

bool is_timeout(RdKafka::ErrorCode code) {
  switch (code) {
    case RdKafka::ERR__TIMED_OUT:
    case RdKafka::ERR__MSG_TIMED_OUT:
    case RdKafka::ERR__TIMED_OUT_QUEUE:
    case RdKafka::ERR_REQUEST_TIMED_OUT:
      return true;
    default:
      return false;
  }
}

bool is_too_large(RdKafka::ErrorCode code) {
  return code == RdKafka::ERR_MSG_SIZE_TOO_LARGE || code == RdKafka::ERR_RECORD_LIST_TOO_LARGE;
}

bool is_transient(RdKafka::ErrorCode code) {
  switch (code) {
    case RdKafka::ERR__TRANSPORT:
    case RdKafka::ERR__ALL_BROKERS_DOWN:
    case RdKafka::ERR__RESOLVE:
    case RdKafka::ERR__TIMED_OUT:
    case RdKafka::ERR__TIMED_OUT_QUEUE:
    case RdKafka::ERR_REQUEST_TIMED_OUT:
    case RdKafka::ERR_LEADER_NOT_AVAILABLE:
    case RdKafka::ERR_NOT_LEADER_FOR_PARTITION:
    case RdKafka::ERR_FENCED_LEADER_EPOCH:
    case RdKafka::ERR_UNKNOWN_LEADER_EPOCH:
    case RdKafka::ERR_BROKER_NOT_AVAILABLE:
    case RdKafka::ERR_REPLICA_NOT_AVAILABLE:
    case RdKafka::ERR_NETWORK_EXCEPTION:
    case RdKafka::ERR_NOT_COORDINATOR:
    case RdKafka::ERR_COORDINATOR_NOT_AVAILABLE:
    case RdKafka::ERR_COORDINATOR_LOAD_IN_PROGRESS:
    case RdKafka::ERR_KAFKA_STORAGE_ERROR:
    case RdKafka::ERR_OFFSET_NOT_AVAILABLE:
    // While a single broker restarts, its metadata can briefly omit the partition.
    case RdKafka::ERR__UNKNOWN_PARTITION:
    case RdKafka::ERR_UNKNOWN_TOPIC_OR_PART:
      return true;
    default:
      return false;
  }
}

tessera::error write_error(RdKafka::ErrorCode code, RdKafka::Message::Status status, std::string_view what) {
  if (is_too_large(code)) {
    // Confluent: RecordTooLargeException → SchemaTooLargeException → 42209.
    return {error_code::schema_too_large, "Write failed because schema is too large (" + describe(code, what) + ")"};
  }
  if (is_timeout(code) || status == RdKafka::Message::MSG_STATUS_POSSIBLY_PERSISTED) {
    return errors::write_timeout(describe(code, what));
  }
  return errors::store_error(describe(code, what));
}

tessera::error call_error(RdKafka::ErrorCode code, std::string_view what) {
  if (is_timeout(code)) return {error_code::operation_timeout, describe(code, what)};
  return errors::store_error(describe(code, what));
}

}  // namespace tessera::kafkastore
