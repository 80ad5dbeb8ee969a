#include "tessera/core/errors.h"

namespace tessera::errors {

namespace {
std::string str(std::string_view s) { return std::string(s); }
std::string num(std::int64_t v) { return std::to_string(v); }
}  // namespace

error subject_not_found(std::string_view subject) {
  return {error_code::subject_not_found, "Subject '" + str(subject) + "' not found."};
}
error version_not_found(schema_version version) {
  return {error_code::version_not_found, "Version " + num(version) + " not found."};
}
error schema_not_found() { return {error_code::schema_not_found, "Schema not found"}; }
error schema_id_not_found(schema_id id) {
  return {error_code::schema_not_found, "Schema " + num(id) + " not found"};
}
error subject_soft_deleted(std::string_view subject) {
  return {error_code::subject_soft_deleted,
          "Subject '" + str(subject) + "' was soft deleted.Set permanent=true to delete permanently"};
}
error subject_not_soft_deleted(std::string_view subject) {
  return {error_code::subject_not_soft_deleted,
          "Subject '" + str(subject) + "' was not deleted first before being permanently deleted"};
}
error version_soft_deleted(std::string_view subject, schema_version version) {
  return {error_code::version_soft_deleted, "Subject '" + str(subject) + "' Version " + num(version) +
                                                " was soft deleted.Set permanent=true to delete permanently"};
}
error version_not_soft_deleted(std::string_view subject, schema_version version) {
  return {error_code::version_not_soft_deleted,
          "Subject '" + str(subject) + "' Version " + num(version) +
              " was not deleted first before being permanently deleted"};
}
error subject_compatibility_not_configured(std::string_view subject) {
  return {error_code::subject_compatibility_not_configured,
          "Subject '" + str(subject) + "' does not have subject-level compatibility configured"};
}
error subject_mode_not_configured(std::string_view subject) {
  return {error_code::subject_mode_not_configured,
          "Subject '" + str(subject) + "' does not have subject-level mode configured"};
}
error invalid_version(std::string_view text) {
  return {error_code::invalid_version,
          "The specified version '" + str(text) +
              "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\""};
}
error invalid_compatibility_level() {
  return {error_code::invalid_compatibility_level,
          "Invalid compatibility level. Valid values are none, backward, forward, full, "
          "backward_transitive, forward_transitive, and full_transitive"};
}
error invalid_mode() {
  return {error_code::invalid_mode, "Invalid mode. Valid values are READWRITE, READONLY, and IMPORT."};
}
error invalid_subject(std::string_view subject) {
  return {error_code::invalid_subject, "The specified subject '" + str(subject) + "' is not a valid."};
}
error empty_schema() { return {error_code::invalid_schema, "Empty schema"}; }
error invalid_schema_type(std::string_view type) {
  return {error_code::invalid_schema, "Invalid schema type " + str(type)};
}
error reference_exists(std::string_view subject, schema_version version) {
  return {error_code::reference_exists, "One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=" +
                                            str(subject) + ",version=" + num(version) + "}."};
}
error read_only(std::string_view subject) {
  return {error_code::operation_not_permitted, "Subject " + str(subject) + " is in read-only mode"};
}
error not_read_write(std::string_view subject) {
  return {error_code::operation_not_permitted, "Subject " + str(subject) + " is not in read-write mode"};
}
error not_import(std::string_view subject) {
  return {error_code::operation_not_permitted, "Subject " + str(subject) + " is not in import mode"};
}
error cannot_import_existing_subjects() {
  return {error_code::operation_not_permitted, "Cannot import since found existing subjects"};
}
error overwrite_id_not_permitted(schema_id id) {
  return {error_code::operation_not_permitted,
          "Overwrite new schema with id " + num(id) + " is not permitted."};
}
error version_not_next() {
  return {error_code::invalid_schema, "Version is not one more than previous version"};
}
error store_error(std::string_view detail) {
  return {error_code::store_error, "Error while writing to the schema store: " + str(detail)};
}
error write_timeout(std::string_view detail) {
  return {error_code::operation_timeout, "Operation timed out; the write may or may not have been applied: " +
                                             str(detail)};
}
error incompatible(error_code code, std::string_view subject, std::string_view details) {
  return {code, "Schema being registered is incompatible with an earlier schema for subject \"" + str(subject) +
                    "\", details: " + str(details)};
}

}  // namespace tessera::errors
