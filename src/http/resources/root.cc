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

api_response get_master_available(const request_context& ctx, registry& reg) {
  // Karapace's shape: whether a primary is known, and where it is.
  auto role = ctx.current_role();
  bool available = reg.ready() && (!role.clustered || role.primary_url.has_value());
  std::string out = std::string(R"({"master_available":)") + (available ? "true" : "false");
  if (role.primary_url) out += R"(,"master_url":)" + json::quote(*role.primary_url);
  return ok(out + "}");
}

api_response get_metrics(const request_context& ctx, registry& reg) {
  // Prometheus text exposition: the role and the replay position, for dashboards and alerts
  // on leader flapping or a node stuck without a primary.
  auto role = ctx.current_role();
  std::string out;
  out += "# HELP tessera_is_primary 1 when this node is the primary and accepts writes itself.\n";
  out += "# TYPE tessera_is_primary gauge\n";
  out += "tessera_is_primary " + std::string(role.is_primary ? "1" : "0") + "\n";
  out += "# HELP tessera_primary_known 1 when an election has named a primary.\n";
  out += "# TYPE tessera_primary_known gauge\n";
  out += "tessera_primary_known " + std::string(!role.clustered || role.primary_url ? "1" : "0") + "\n";
  out += "# HELP tessera_primary_changes_total Times the known primary changed since start.\n";
  out += "# TYPE tessera_primary_changes_total counter\n";
  out += "tessera_primary_changes_total " + std::to_string(role.primary_changes) + "\n";
  out += "# HELP tessera_applied_offset Offset of the last schema log record applied.\n";
  out += "# TYPE tessera_applied_offset gauge\n";
  out += "tessera_applied_offset " + std::to_string(reg.applied_offset()) + "\n";
  out += "# HELP tessera_ready 1 once the initial replay is complete.\n";
  out += "# TYPE tessera_ready gauge\n";
  out += "tessera_ready " + std::string(reg.ready() ? "1" : "0") + "\n";
  return {200, std::move(out), "text/plain; version=0.0.4"};
}

}  // namespace tessera::http
