// /subjects and /subjects/{subject} (lookup, delete), /subjects/{subject}/metadata.

#include "http/dto/schemas.h"
#include "http/resources/resources.h"
#include "http/resources/resource_support.h"

namespace tessera::http {

api_response get_subjects(const request_context& ctx, registry& reg) {
  subject_list_query q;
  q.prefix = ctx.param("subjectPrefix").value_or(":*:");
  q.deleted = ctx.flag("deleted");
  q.deleted_only = ctx.flag("deletedOnly");
  auto page = paginate(reg.list_subjects(q), ctx);
  if (!page) return fail_reply(page);
  return ok(dto::write_string_list(*page));
}

api_response post_subject(const request_context& ctx, registry& reg) {
  auto req = dto::parse_schema_request(ctx.body, "lookUpSchemaUnderSubject.arg4");
  if (!req) return fail_reply(req);
  auto found = reg.lookup(ctx.path_params[0], *req, {ctx.flag("normalize"), ctx.flag("deleted")});
  if (!found) return fail_reply(found);
  return ok(dto::write_schema(*found));
}

api_response delete_subject(const request_context& ctx, registry& reg) {
  auto versions = reg.delete_subject(ctx.path_params[0], ctx.flag("permanent"));
  if (!versions) return fail_reply(versions);
  return ok(dto::write_int_list(*versions));
}

api_response get_subject_metadata(const request_context& ctx, registry& reg) {
  auto keys = ctx.params("key");
  auto values = ctx.params("value");
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) pairs.emplace_back(keys[i], values[i]);
  auto found = reg.latest_with_metadata(ctx.path_params[0], pairs, ctx.flag("deleted"));
  if (!found) return fail_reply(found);
  return ok(dto::write_schema(*found));
}

}  // namespace tessera::http
