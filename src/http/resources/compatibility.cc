// /compatibility/subjects/{subject}/versions[/{version}]

#include "http/dto/schemas.h"
#include "http/resources/resources.h"
#include "http/resources/resource_support.h"

namespace tessera::http {

namespace {

api_response check(const request_context& ctx, registry& reg, const std::optional<version_spec>& v) {
  auto req = dto::parse_schema_request(ctx.body, "testCompatibilityForSubject.arg3");
  if (!req) return fail_reply(req);
  bool verbose = ctx.flag("verbose");
  auto report = reg.test_compatibility(ctx.path_params[0], v, *req, {ctx.flag("normalize"), verbose});
  if (!report) return fail_reply(report);
  return ok(dto::write_compat_report(*report, verbose));
}

}  // namespace

api_response post_compatibility_version(const request_context& ctx, registry& reg) {
  auto v = parse_version(ctx.path_params[1]);
  if (!v) return fail_reply(v);
  return check(ctx, reg, *v);
}

api_response post_compatibility_versions(const request_context& ctx, registry& reg) {
  return check(ctx, reg, std::nullopt);
}

}  // namespace tessera::http
