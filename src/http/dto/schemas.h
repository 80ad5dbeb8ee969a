#pragma once
/// JSON forms of Confluent's schema entities: RegisterSchemaRequest in, Schema / SchemaString /
/// RegisterSchemaResponse / SubjectVersion out.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tessera/core/registry_requests.h"
#include "tessera/core/result.h"

namespace tessera::http::dto {

/// Parses a RegisterSchemaRequest body; `argument` names the Java parameter for a missing body.
result<schema_request> parse_schema_request(const std::optional<std::string>& body, std::string_view argument);

/// `Schema`: subject, version, id, schemaType (omitted for AVRO, as 7.9), references, metadata, schema.
std::string write_schema(const subject_version_entry& e);
/// `SchemaString` for GET /schemas/ids/{id}; `schema_text` is the (possibly formatted) text.
std::string write_schema_string(const schema_by_id& s, const std::string& schema_text, bool with_max_id);
/// RegisterSchemaResponse: `{"id":N}` plus what the server changed.
std::string write_register_response(const register_outcome& r);
/// A list of `Schema`; with `aliases`, each entry whose subject is an alias target also lists
/// its aliases (`GET /schemas?aliases=true`).
std::string write_schema_list(const std::vector<subject_version_entry>& list,
                              const std::map<std::string, std::vector<std::string>>* aliases = nullptr);
std::string write_string_list(const std::vector<std::string>& list);
std::string write_int_list(const std::vector<int>& list);
std::string write_subject_versions(const std::vector<subject_version_ref>& list);
std::string write_compat_report(const compat_report& r, bool verbose);

}  // namespace tessera::http::dto
