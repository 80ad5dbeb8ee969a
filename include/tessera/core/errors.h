#pragma once
/// Factories for Confluent's exact error messages, so wording lives in one place.

#include <string>
#include <string_view>

#include "tessera/core/error.h"
#include "tessera/core/schema.h"

namespace tessera::errors {

error subject_not_found(std::string_view subject);
error version_not_found(schema_version version);
error schema_not_found();
error schema_id_not_found(schema_id id);
error subject_soft_deleted(std::string_view subject);
error subject_not_soft_deleted(std::string_view subject);
error version_soft_deleted(std::string_view subject, schema_version version);
error version_not_soft_deleted(std::string_view subject, schema_version version);
error subject_compatibility_not_configured(std::string_view subject);
error subject_mode_not_configured(std::string_view subject);
error invalid_version(std::string_view text);
error invalid_compatibility_level();
error invalid_mode();
error invalid_subject(std::string_view subject);
error empty_schema();
error invalid_schema_type(std::string_view type);
error reference_exists(std::string_view subject, schema_version version);
error read_only(std::string_view subject);
error not_read_write(std::string_view subject);
error not_import(std::string_view subject);
error cannot_import_existing_subjects();
error overwrite_id_not_permitted(schema_id id);
error version_not_next();
error store_error(std::string_view detail);
error write_timeout(std::string_view detail);
error incompatible(error_code code, std::string_view subject, std::string_view details);

}  // namespace tessera::errors
