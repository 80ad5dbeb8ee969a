// /config[/{subject}] and /mode[/{subject}]

#include "http/dto/settings.h"
#include "http/resources/resources.h"
#include "http/resources/resource_support.h"

namespace tessera::http {

namespace {

std::optional<std::string> subject_of(const request_context& ctx) {
  if (ctx.path_params.empty()) return std::nullopt;
  return ctx.path_params[0];
}

}  // namespace

api_response get_config(const request_context& ctx, registry& reg) {
  auto c = reg.get_config(subject_of(ctx), ctx.flag("defaultToGlobal"));
  if (!c) return fail_reply(c);
  return ok(dto::write_config(*c));
}

api_response put_config(const request_context& ctx, registry& reg) {
  auto update = dto::parse_config_update(ctx.body, ctx.path_params.empty() ? "updateTopLevelConfig.arg1"
                                                                            : "updateSubjectLevelConfig.arg2");
  if (!update) return fail_reply(update);
  auto c = reg.update_config(subject_of(ctx), update->value);
  if (!c) return fail_reply(c);
  return ok(dto::write_config_update(*update));
}

api_response delete_config(const request_context& ctx, registry& reg) {
  auto c = reg.delete_config(subject_of(ctx));
  if (!c) return fail_reply(c);
  return ok(dto::write_config(*c));
}

api_response get_mode(const request_context& ctx, registry& reg) {
  auto m = reg.get_mode(subject_of(ctx), ctx.flag("defaultToGlobal"));
  if (!m) return fail_reply(m);
  return ok(dto::write_mode(to_string_view(*m)));
}

api_response put_mode(const request_context& ctx, registry& reg) {
  std::string text;
  auto m = dto::parse_mode_update(ctx.body, ctx.path_params.empty() ? "updateTopLevelMode.arg1" : "updateMode.arg2",
                                  text);
  if (!m) return fail_reply(m);
  auto r = reg.update_mode(subject_of(ctx), *m, ctx.flag("force"));
  if (!r) return fail_reply(r);
  return ok(dto::write_mode(text));
}

api_response delete_mode(const request_context& ctx, registry& reg) {
  auto m = reg.delete_mode(subject_of(ctx));
  if (!m) return fail_reply(m);
  return ok(dto::write_mode(to_string_view(*m)));
}

}  // namespace tessera::http
