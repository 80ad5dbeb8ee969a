#include "election/kafka_errors.h"

namespace tessera::election {

std::string kafka_error_name(std::int16_t code) {
  const char* name = nullptr;
  switch (code) {
    case -1: name = "UNKNOWN_SERVER_ERROR"; break;
    case 0: name = "NONE"; break;
    case 7: name = "REQUEST_TIMED_OUT"; break;
    case 13: name = "NETWORK_EXCEPTION"; break;
    case 14: name = "COORDINATOR_LOAD_IN_PROGRESS"; break;
    case 15: name = "COORDINATOR_NOT_AVAILABLE"; break;
    case 16: name = "NOT_COORDINATOR"; break;
    case 22: name = "ILLEGAL_GENERATION"; break;
    case 23: name = "INCONSISTENT_GROUP_PROTOCOL"; break;
    case 24: name = "INVALID_GROUP_ID"; break;
    case 25: name = "UNKNOWN_MEMBER_ID"; break;
    case 26: name = "INVALID_SESSION_TIMEOUT"; break;
    case 27: name = "REBALANCE_IN_PROGRESS"; break;
    case 30: name = "GROUP_AUTHORIZATION_FAILED"; break;
    case 31: name = "CLUSTER_AUTHORIZATION_FAILED"; break;
    case 33: name = "UNSUPPORTED_SASL_MECHANISM"; break;
    case 34: name = "ILLEGAL_SASL_STATE"; break;
    case 35: name = "UNSUPPORTED_VERSION"; break;
    case 42: name = "INVALID_REQUEST"; break;
    case 58: name = "SASL_AUTHENTICATION_FAILED"; break;
    case 79: name = "MEMBER_ID_REQUIRED"; break;
    case 81: name = "GROUP_MAX_SIZE_REACHED"; break;
    case 82: name = "FENCED_INSTANCE_ID"; break;
    default: break;
  }
  if (name == nullptr) return "error code " + std::to_string(code);
  return std::string(name) + " (" + std::to_string(code) + ")";
}

}  // namespace tessera::election
