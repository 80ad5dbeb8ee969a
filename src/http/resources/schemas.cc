// /schemas, /schemas/ids/{id}[/schema|/subjects|/versions], /schemas/types

#include "http/dto/schemas.h"
#include "http/resources/resources.h"
#include "http/resources/resource_support.h"
#include "tessera/formats/schema_format.h"

namespace tessera::http {

api_response get_schemas(const request_context& ctx, registry& reg) {
  schema_list_query q;
  q.prefix = ctx.param("subjectPrefix").value_or(":*:");
  q.deleted = ctx.flag("deleted");
  q.latest_only = ctx.flag("latestOnly");
  if (ctx.param("ruleType")) return ok("[]");  // rule sets are not kept (community behaviour)
  auto page = paginate(reg.list_schemas(q), ctx);
  if (!page) return fail_reply(page);
  if (ctx.flag("aliases")) {
    const auto aliases = reg.aliases_by_target();
    return ok(dto::write_schema_list(*page, &aliases));
  }
  return ok(dto::write_schema_list(*page));
}

api_response get_schema_by_id(const request_context& ctx, registry& reg) {
  auto id = parse_schema_id(ctx.path_params[0]);
  if (!id) return fail_reply(id);
  auto schema = reg.get_schema(*id, ctx.param("subject"));
  if (!schema) return fail_reply(schema);
  std::string text = reg.formatted_schema(schema->context, schema->content, ctx.param("format").value_or(""));
  return ok(dto::write_schema_string(*schema, text, ctx.flag("fetchMaxId")));
}

api_response get_schema_by_id_schema(const request_context& ctx, registry& reg) {
  auto id = parse_schema_id(ctx.path_params[0]);
  if (!id) return fail_reply(id);
  auto schema = reg.get_schema(*id, ctx.param("subject"));
  if (!schema) return fail_reply(schema);
  return ok(reg.formatted_schema(schema->context, schema->content, ctx.param("format").value_or("")));
}

api_response get_schema_subjects(const request_context& ctx, registry& reg) {
  auto id = parse_schema_id(ctx.path_params[0]);
  if (!id) return fail_reply(id);
  auto subjects = reg.subjects_for_id(*id, ctx.param("subject"), ctx.flag("deleted"));
  if (!subjects) return fail_reply(subjects);
  auto page = paginate(std::move(*subjects), ctx);
  if (!page) return fail_reply(page);
  return ok(dto::write_string_list(*page));
}

api_response get_schema_versions(const request_context& ctx, registry& reg) {
  auto id = parse_schema_id(ctx.path_params[0]);
  if (!id) return fail_reply(id);
  auto versions = reg.versions_for_id(*id, ctx.param("subject"), ctx.flag("deleted"));
  if (!versions) return fail_reply(versions);
  auto page = paginate(std::move(*versions), ctx);
  if (!page) return fail_reply(page);
  return ok(dto::write_subject_versions(*page));
}

api_response get_schema_types(const request_context&, registry&) {
  std::vector<std::string> names;
  for (auto t : formats::available_formats()) names.emplace_back(to_string_view(t));
  return ok(dto::write_string_list(names));
}

}  // namespace tessera::http
