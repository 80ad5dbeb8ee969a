// /subjects/{subject}/versions[/{version}[/schema|/referencedby]]

#include "http/dto/schemas.h"
#include "http/dto/tags.h"
#include "http/resources/resources.h"
#include "http/resources/resource_support.h"
#include "tessera/core/qualified_subject.h"

namespace tessera::http {

api_response get_subject_versions(const request_context& ctx, registry& reg) {
  auto versions = reg.list_versions(ctx.path_params[0],
                                    {ctx.flag("deleted"), ctx.flag("deletedOnly"), ctx.flag("deletedAsNegative")});
  if (!versions) return fail_reply(versions);
  auto page = paginate(std::move(*versions), ctx);
  if (!page) return fail_reply(page);
  return ok(dto::write_int_list(*page));
}

api_response post_subject_versions(const request_context& ctx, registry& reg) {
  auto req = dto::parse_schema_request(ctx.body, "register.arg5");
  if (!req) return fail_reply(req);
  auto outcome = reg.register_schema(ctx.path_params[0], *req, {ctx.flag("normalize")});
  if (!outcome) return fail_reply(outcome);
  return ok(dto::write_register_response(*outcome));
}

std::optional<api_response> post_subject_versions_if_registered(const request_context& ctx, registry& reg) {
  auto req = dto::parse_schema_request(ctx.body, "register.arg5");
  if (!req) return std::nullopt;  // the primary gives the error
  auto outcome = reg.registered_answer(ctx.path_params[0], *req, {ctx.flag("normalize")});
  if (!outcome) return std::nullopt;
  return ok(dto::write_register_response(*outcome));
}

api_response get_subject_version(const request_context& ctx, registry& reg) {
  auto v = parse_version(ctx.path_params[1]);
  if (!v) return fail_reply(v);
  if (!ctx.param("format")) {
    // The common read: serialized once per subject-version, then the same bytes every time.
    auto reply = reg.version_reply(ctx.path_params[0], *v, ctx.flag("deleted"),
                                   [](const subject_version_entry& e) { return dto::write_schema(e); });
    if (!reply) return fail_reply(reply);
    return ok(std::string(**reply));
  }
  auto entry = reg.get_version(ctx.path_params[0], *v, ctx.flag("deleted"));
  if (!entry) return fail_reply(entry);
  if (auto format = ctx.param("format")) {
    entry->content.text = reg.formatted_schema(context_of(entry->subject), entry->content, *format);
  }
  return ok(dto::write_schema(*entry));
}

api_response get_subject_version_schema(const request_context& ctx, registry& reg) {
  auto v = parse_version(ctx.path_params[1]);
  if (!v) return fail_reply(v);
  auto entry = reg.get_version(ctx.path_params[0], *v, ctx.flag("deleted"));
  if (!entry) return fail_reply(entry);
  return ok(reg.formatted_schema(context_of(entry->subject), entry->content, ctx.param("format").value_or("")));
}

api_response get_subject_version_referencedby(const request_context& ctx, registry& reg) {
  auto v = parse_version(ctx.path_params[1]);
  if (!v) return fail_reply(v);
  auto ids = reg.referenced_by(ctx.path_params[0], *v, ctx.flag("deleted"));
  if (!ids) return fail_reply(ids);
  auto page = paginate(std::move(*ids), ctx);
  if (!page) return fail_reply(page);
  return ok(dto::write_int_list(*page));
}

api_response delete_subject_version(const request_context& ctx, registry& reg) {
  auto v = parse_version(ctx.path_params[1]);
  if (!v) return fail_reply(v);
  auto deleted = reg.delete_version(ctx.path_params[0], *v, ctx.flag("permanent"));
  if (!deleted) return fail_reply(deleted);
  return ok(std::to_string(*deleted));
}

api_response post_subject_version_tags(const request_context& ctx, registry& reg) {
  // Bean validation of the body comes before the version is parsed, as in Confluent's resource.
  auto req = dto::parse_tag_request(ctx.body, "modifyTags.arg4");
  if (!req) return fail_reply(req);
  auto v = parse_version(ctx.path_params[1]);
  if (!v) return fail_reply(v);
  auto outcome = reg.tag_schema(ctx.path_params[0], *v, *req);
  if (!outcome) return fail_reply(outcome);
  return ok(dto::write_register_response(*outcome));
}

}  // namespace tessera::http
