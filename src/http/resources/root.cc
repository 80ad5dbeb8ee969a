// /, /v1/metadata/*, /contexts, and Karapace's /_health and /master_available.

#include "http/dto/json_body.h"
#include "http/dto/schemas.h"
#include "http/resources/resources.h"
#include "http/resources/resource_support.h"
#include "json/json.h"

namespace tessera::http {

api_response get_root(const request_context&, registry&) { return ok("{}"); }

api_response post_root(const request_context& ctx, registry&) {
  // Confluent reads the body as Map<String,String>: scalars coerce, nested values are a 400.
  if (ctx.body && !ctx.body->empty()) {
    json::document doc;
    if (auto err = json::parse(*ctx.body, doc)) return error_reply(dto::bad_body(*err));
    if (doc.IsArray()) {
      return error_reply(dto::bad_body("Cannot deserialize value of type `String>` from Array value "
                                       "(token `JsonToken.START_ARRAY`)"));
    }
    if (doc.IsObject()) {
      for (const auto& m : doc.GetObject()) {
        if (auto s = dto::as_string(m.value); !s) return error_reply(s.error());
      }
    }
  }
  return ok("{}");
}

api_response get_metadata_id(const request_context&, registry& reg) {
  // The Kafka cluster id when the log is a Kafka topic; the embedded stores have no Kafka
  // cluster, so the id is the registry's own.
  auto cluster = reg.log_identity().cluster_id;
  if (cluster.empty()) cluster = "tessera-local";
  return ok(R"({"scope":{"path":[],"clusters":{"kafka-cluster":)" + json::quote(cluster) +
            R"(,"schema-registry-cluster":"schema-registry"}}})");
}

api_response get_metadata_version(const request_context&, registry&) { return get_metadata_version_starting(); }

api_response get_metadata_version_starting() {
  return ok(R"({"version":")" TESSERA_VERSION R"(","commitId":")" TESSERA_COMMIT R"("})");
}

api_response get_health_starting() { return {503, R"({"status":"STARTING"})"}; }

api_response get_master_available_starting() { return ok(R"({"master_available":false})"); }

api_response get_contexts(const request_context& ctx, registry& reg) {
  auto page = paginate(reg.list_contexts(), ctx);
  if (!page) return fail_reply(page);
  return ok(dto::write_string_list(*page));
}

api_response delete_context(const request_context& ctx, registry& reg) {
  auto r = reg.delete_context(ctx.path_params[0]);
  if (!r) return fail_reply(r);
  return {204, ""};
}

api_response get_health(const request_context&, registry& reg) {
  return reg.ready() ? ok(R"({"status":"HEALTHY"})") : api_response{503, R"({"status":"STARTING"})"};
}

api_response get_master_available(const request_context&, registry& reg) {
  return ok(reg.ready() ? R"({"master_available":true})" : R"({"master_available":false})");
}

}  // namespace tessera::http
