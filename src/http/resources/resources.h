#pragma once
/// Every REST handler: a free function named after verb + path, as listed in routes.cc.

#include "http/error_reply.h"
#include "http/request_context.h"

namespace tessera {
class registry;
}

namespace tessera::http {

// root.cc
api_response get_root(const request_context&, registry&);
api_response post_root(const request_context&, registry&);
api_response get_metadata_id(const request_context&, registry&);
api_response get_metadata_version(const request_context&, registry&);
api_response get_contexts(const request_context&, registry&);
api_response delete_context(const request_context&, registry&);
api_response get_health(const request_context&, registry&);
api_response get_master_available(const request_context&, registry&);
/// Prometheus text: role, primary changes, replay position.
api_response get_metrics(const request_context&, registry&);
/// Answers of the routes above before the registry is ready.
api_response get_metadata_version_starting();
api_response get_health_starting();
api_response get_master_available_starting();
// subjects.cc
api_response get_subjects(const request_context&, registry&);
api_response post_subject(const request_context&, registry&);
api_response delete_subject(const request_context&, registry&);
api_response get_subject_metadata(const request_context&, registry&);
// subject_versions.cc
api_response get_subject_versions(const request_context&, registry&);
api_response post_subject_versions(const request_context&, registry&);
std::optional<api_response> post_subject_versions_if_registered(const request_context&, registry&);
api_response get_subject_version(const request_context&, registry&);
api_response get_subject_version_schema(const request_context&, registry&);
api_response get_subject_version_referencedby(const request_context&, registry&);
api_response delete_subject_version(const request_context&, registry&);
api_response post_subject_version_tags(const request_context&, registry&);
// schemas.cc
api_response get_schemas(const request_context&, registry&);
api_response get_schema_by_id(const request_context&, registry&);
api_response get_schema_by_id_schema(const request_context&, registry&);
api_response get_schema_subjects(const request_context&, registry&);
api_response get_schema_versions(const request_context&, registry&);
api_response get_schema_types(const request_context&, registry&);
// settings.cc
api_response get_config(const request_context&, registry&);
api_response put_config(const request_context&, registry&);
api_response delete_config(const request_context&, registry&);
api_response get_mode(const request_context&, registry&);
api_response put_mode(const request_context&, registry&);
api_response delete_mode(const request_context&, registry&);
// compatibility.cc
api_response post_compatibility_version(const request_context&, registry&);
api_response post_compatibility_versions(const request_context&, registry&);

}  // namespace tessera::http
