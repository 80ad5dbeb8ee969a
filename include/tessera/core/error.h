#pragma once
/// Errors of the registry domain. Every value is the Confluent `error_code` sent on the wire, so
/// the HTTP status is derived from it (see http_status()) and no second mapping table exists.

#include <string>

namespace tessera {

enum class error_code : int {
  // Framework-level codes: Confluent answers these with error_code equal to the HTTP status.
  bad_request = 400,
  not_found = 404,
  method_not_allowed = 405,
  not_acceptable = 406,
  conflict = 409,
  unsupported_media_type = 415,
  unprocessable = 422,
  internal = 500,

  subject_not_found = 40401,
  version_not_found = 40402,
  schema_not_found = 40403,
  subject_soft_deleted = 40404,
  subject_not_soft_deleted = 40405,
  version_soft_deleted = 40406,
  version_not_soft_deleted = 40407,
  subject_compatibility_not_configured = 40408,
  subject_mode_not_configured = 40409,

  incompatible_schema_v8 = 40901,  ///< 8.2+ spelling; 7.9 uses `conflict` (409).

  invalid_schema = 42201,
  invalid_version = 42202,
  invalid_compatibility_level = 42203,
  invalid_mode = 42204,
  operation_not_permitted = 42205,
  reference_exists = 42206,
  id_does_not_match = 42207,
  invalid_subject = 42208,
  schema_too_large = 42209,
  invalid_rule_set = 42210,
  context_not_empty = 42211,

  store_error = 50001,
  operation_timeout = 50002,
  forwarding_failed = 50003,
  unknown_leader = 50004,
};

/// HTTP status for an error code: the code itself for 3-digit codes, code / 100 otherwise.
constexpr int http_status(error_code c) {
  auto v = static_cast<int>(c);
  return v < 1000 ? v : v / 100;
}

/// An error with Confluent's message text.
struct error {
  error_code code = error_code::internal;
  std::string message;

  int status() const { return http_status(code); }
};

}  // namespace tessera
