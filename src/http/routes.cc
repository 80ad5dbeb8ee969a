// THE route table: method, path pattern, handler, and whether it reads a body / writes the log.

#include "http/resources/resources.h"
#include "http/router.h"

namespace tessera::http {

const std::vector<route>& routes() {
  static const std::vector<route> table{
      {"GET", "/", get_root},
      {"POST", "/", post_root, true},
      {"GET", "/v1/metadata/id", get_metadata_id},
      {"GET", "/v1/metadata/version", get_metadata_version, false, false, get_metadata_version_starting},
      {"GET", "/_health", get_health, false, false, get_health_starting},
      {"GET", "/master_available", get_master_available, false, false, get_master_available_starting},
      {"GET", "/metrics", get_metrics},

      {"GET", "/subjects", get_subjects},
      {"POST", "/subjects/{subject}", post_subject, true},
      {"DELETE", "/subjects/{subject}", delete_subject, false, true},
      {"GET", "/subjects/{subject}/metadata", get_subject_metadata},
      {"GET", "/subjects/{subject}/versions", get_subject_versions},
      {"POST", "/subjects/{subject}/versions", post_subject_versions, true, true, nullptr,
       post_subject_versions_if_registered},
      {"GET", "/subjects/{subject}/versions/{version}", get_subject_version},
      {"DELETE", "/subjects/{subject}/versions/{version}", delete_subject_version, false, true},
      {"GET", "/subjects/{subject}/versions/{version}/schema", get_subject_version_schema},
      {"GET", "/subjects/{subject}/versions/{version}/referencedby", get_subject_version_referencedby},
      {"POST", "/subjects/{subject}/versions/{version}/tags", post_subject_version_tags, true, true},

      {"GET", "/schemas", get_schemas},
      {"GET", "/schemas/types", get_schema_types},
      {"GET", "/schemas/ids/{id}", get_schema_by_id},
      {"GET", "/schemas/ids/{id}/schema", get_schema_by_id_schema},
      {"GET", "/schemas/ids/{id}/subjects", get_schema_subjects},
      {"GET", "/schemas/ids/{id}/versions", get_schema_versions},

      {"GET", "/config", get_config},
      {"PUT", "/config", put_config, true, true},
      {"DELETE", "/config", delete_config, false, true},
      {"GET", "/config/{subject}", get_config},
      {"PUT", "/config/{subject}", put_config, true, true},
      {"DELETE", "/config/{subject}", delete_config, false, true},

      {"GET", "/mode", get_mode},
      {"PUT", "/mode", put_mode, true, true},
      {"GET", "/mode/{subject}", get_mode},
      {"PUT", "/mode/{subject}", put_mode, true, true},
      {"DELETE", "/mode/{subject}", delete_mode, false, true},

      {"POST", "/compatibility/subjects/{subject}/versions/{version}", post_compatibility_version, true},
      {"POST", "/compatibility/subjects/{subject}/versions", post_compatibility_versions, true},

      {"GET", "/contexts", get_contexts},
      {"DELETE", "/contexts/{context}", delete_context, false, true},
  };
  return table;
}

}  // namespace tessera::http
