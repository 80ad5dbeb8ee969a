// THE property table. Adding a key means adding a row here (and regenerating docs/configuration.md
// with the tessera_config_reference tool); nothing else needs to know the list.

#include <algorithm>
#include <cctype>
#include <chrono>
#include <climits>

#include "config/property.h"
#include "config/validators.h"

namespace tessera::config {

namespace {

using namespace std::chrono_literals;
namespace v = validators;

constexpr std::int64_t int_max = INT_MAX;  // Confluent declares these as Java ints.
const auto any_ms = std::chrono::milliseconds(int_max);

// Confluent keys accepted for drop-in compatibility that Tessera does not act on.
property ignored(std::string_view name, std::string default_value, std::string_view description,
                 validator check = v::any_string()) {
  return property{.name = name,
                  .default_value = std::move(default_value),
                  .description = description,
                  .validate = std::move(check),
                  .status = support::ignored,
                  .group = section::compatibility_only};
}

// Like ignored(), but an operator who sets it expects an effect, so load() warns.
property ignored_warn(std::string_view name, std::string_view description, section group) {
  return property{.name = name,
                  .default_value = "",
                  .description = description,
                  .validate = v::any_string(),
                  .status = support::ignored_warn,
                  .group = group};
}

std::vector<property> build_table() {
  std::vector<property> t;
  // HTTP server.
  t.push_back({.name = "listeners",
               .default_value = "http://0.0.0.0:8081",
               .description = "Comma-separated URLs the REST API listens on (port 0 picks a free port). Named "
                              "listeners such as INTERNAL://host:port need listener.protocol.map. When listeners is "
                              "not set but the deprecated port is, Tessera listens on http://0.0.0.0:<port>.",
               .validate = v::listener_list(),
               .group = section::http});
  t.push_back({.name = "port",
               .default_value = "8081",
               .description = "Deprecated: the port of http://0.0.0.0:<port>, used only when listeners is not set.",
               .validate = v::integer(0, 65535),
               .status = support::deprecated,
               .group = section::http,
               .replaced_by = "listeners"});
  t.push_back({.name = "listener.protocol.map",
               .default_value = "",
               .description = "Protocol of each named listener, e.g. INTERNAL:http,EXTERNAL:https.",
               .validate = v::protocol_map(),
               .group = section::http});
  t.push_back({.name = "tessera.http.max.body.bytes",
               .default_value = "16777216",
               .description = "Largest request body accepted; larger requests are refused before they are read.",
               .validate = v::size_bytes(1024, 1ULL << 31),
               .group = section::http});
  t.push_back({.name = "tessera.http.threads",
               .default_value = "",
               .description = "Threads running the HTTP server's I/O loop.",
               .validate = v::or_empty(v::integer(1, 1024)),
               .group = section::http,
               .default_doc = "the number of hardware threads"});
  t.push_back({.name = "tessera.http.blocking.threads",
               .default_value = "64",
               .description = "Threads that run the requests which wait on the store or on another node (writes and "
                              "the writes a follower forwards). Registrations waiting at the same time "
                              "are written together in one append, so this also bounds how many share one.",
               .validate = v::integer(1, 1024),
               .group = section::http});
  t.push_back({.name = "tessera.http.request.timeout.ms",
               .default_value = "30000",
               .description = "Time allowed to read one request and write its response before the connection "
                              "is closed.",
               .validate = v::duration(1ms, any_ms),
               .group = section::http});
  t.push_back({.name = "tessera.http.keepalive.timeout.ms",
               .default_value = "60000",
               .description = "How long an idle keep-alive connection is kept open.",
               .validate = v::duration(1ms, any_ms),
               .group = section::http});
  t.push_back({.name = "authentication.method",
               .default_value = "NONE",
               .description = "Only NONE is accepted: Tessera does not implement BASIC or BEARER authentication "
                              "yet, and refuses to start rather than serve unprotected.",
               .validate = v::one_of({"NONE"}),
               .group = section::http});
  t.push_back(ignored_warn("access.control.allow.origin",
                           "CORS is not implemented: accepted, but no CORS headers are sent (warns when set).",
                           section::http));
  t.push_back(ignored_warn("access.control.allow.methods", "CORS is not implemented (warns when set).",
                           section::http));
  t.push_back(ignored_warn("access.control.allow.headers", "CORS is not implemented (warns when set).",
                           section::http));

  // Identity advertised to the other nodes.
  t.push_back({.name = "host.name",
               .default_value = "",
               .description = "Host name advertised to the other nodes for election and forwarding. Must be "
                              "unique per node and reachable from the others.",
               .validate = v::any_string(),
               .group = section::identity,
               .default_doc = "the canonical name of this machine"});
  t.push_back({.name = "host.port",
               .default_value = "",
               .description = "Port advertised to the other nodes, when it differs from the listener's (NAT, "
                              "containers).",
               .validate = v::or_empty(v::integer(1, 65535)),
               .group = section::identity,
               .default_doc = "the port of the inter-instance listener"});
  t.push_back({.name = "inter.instance.protocol",
               .default_value = "http",
               .description = "Scheme of the listener advertised to the other nodes; the last listener with this "
                              "scheme is used.",
               .validate = v::one_of({"http", "https"}),
               .group = section::identity});
  t.push_back({.name = "schema.registry.inter.instance.protocol",
               .default_value = "",
               .description = "Deprecated name of inter.instance.protocol; wins when set.",
               .validate = v::or_empty(v::one_of({"http", "https"})),
               .status = support::deprecated,
               .group = section::identity,
               .replaced_by = "inter.instance.protocol"});
  t.push_back({.name = "inter.instance.listener.name",
               .default_value = "",
               .description = "Name of the listener advertised to the other nodes; takes precedence over "
                              "inter.instance.protocol.",
               .validate = v::any_string(),
               .group = section::identity});
  t.push_back({.name = "inter.instance.headers.whitelist",
               .default_value = "",
               .description = "Extra request headers forwarded to the primary, besides Content-Type, Accept, "
                              "Authorization and X-Request-ID.",
               .validate = v::header_names(),
               .group = section::identity});

  // Registry behaviour.
  t.push_back({.name = "schema.compatibility.level",
               .default_value = "backward",
               .description = "Global compatibility level used until one is set through PUT /config.",
               .validate = v::compatibility(),
               .group = section::registry});
  t.push_back({.name = "avro.compatibility.level",
               .default_value = "",
               .description = "Deprecated name of schema.compatibility.level; wins when set.",
               .validate = v::or_empty(v::compatibility()),
               .status = support::deprecated,
               .group = section::registry,
               .replaced_by = "schema.compatibility.level"});
  t.push_back({.name = "mode.mutability",
               .default_value = "true",
               .description = "Whether PUT /mode may change the mode (IMPORT, READONLY, ...).",
               .validate = v::boolean(),
               .group = section::registry});
  t.push_back({.name = "tessera.incompatible.error.code",
               .default_value = "409",
               .description = "error_code sent with HTTP 409 for an incompatible schema: 409 as Confluent 7.9 does, "
                              "or 40901 as Confluent 8.2 and later do.",
               .validate = v::one_of({"409", "40901"}),
               .group = section::registry});
  t.push_back({.name = "tessera.schemas.list.max.limit",
               .default_value = "1000",
               .description = "Upper bound for the limit query parameter of list endpoints such as GET /schemas.",
               .validate = v::integer(1, int_max),
               .group = section::registry});

  // Storage.
  t.push_back({.name = "tessera.store",
               .default_value = "",
               .description = "Storage backend: file (local append-only log), memory (lost on exit; tests) or "
                              "kafka (the _schemas topic).",
               .validate = v::or_empty(v::one_of({"file", "memory", "kafka"})),
               .group = section::storage,
               .default_doc = "kafka when kafkastore.bootstrap.servers is set, else file"});
  t.push_back({.name = "tessera.data.dir",
               .default_value = "./data",
               .description = "Directory of the local log (tessera.store=file).",
               .validate = v::non_empty_string(),
               .group = section::storage});
  t.push_back({.name = "tessera.file.fsync",
               .default_value = "always",
               .description = "When the local log is flushed to disk: always (before answering a write), "
                              "interval:<duration> (at most that much is lost on power failure) or never.",
               .validate = v::fsync(),
               .group = section::storage});
  t.push_back({.name = "tessera.snapshot.dir",
               .default_value = "",
               .description = "Directory of the local snapshot of the registry state (Kafka and file stores), so a "
                              "restart replays only the log written since. Empty: no snapshot, every start "
                              "replays the whole log. One file per log, e.g. kafka-_schemas.snapshot.",
               .validate = v::any_string(),
               .group = section::storage,
               .default_doc = "(empty: off)"});
  t.push_back({.name = "tessera.snapshot.interval.ms",
               .default_value = "60000",
               .description = "How often the snapshot is rewritten while the log moves; it is also written at a "
                              "clean shutdown.",
               .validate = v::duration(1000ms, any_ms),
               .group = section::storage});

  // Kafka store.
  t.push_back({.name = "kafkastore.bootstrap.servers",
               .default_value = "",
               .description = "Kafka brokers holding the _schemas topic. Entries with a PROTOCOL:// prefix that "
                              "differs from kafkastore.security.protocol are dropped with a warning, as Confluent "
                              "does.",
               .validate = v::bootstrap_servers(),
               .group = section::kafkastore});
  t.push_back({.name = "kafkastore.security.protocol",
               .default_value = "PLAINTEXT",
               .description = "Protocol to the brokers; also passed to the Kafka clients.",
               .validate = v::one_of({"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"}),
               .group = section::kafkastore,
               .kafka_client = true});
  t.push_back({.name = "kafkastore.topic",
               .default_value = "_schemas",
               .description = "The single-partition, compacted topic that is the registry's log.",
               .validate = v::kafka_topic_name(),
               .group = section::kafkastore});
  t.push_back({.name = "kafkastore.topic.replication.factor",
               .default_value = "3",
               .description = "Replication factor when creating the topic, capped at the number of live brokers.",
               .validate = v::integer(1, 32767),
               .group = section::kafkastore});
  t.push_back({.name = "kafkastore.topic.skip.validation",
               .default_value = "false",
               .description = "Skip creating and checking the topic at startup.",
               .validate = v::boolean(),
               .group = section::kafkastore});
  t.push_back({.name = "kafkastore.timeout.ms",
               .default_value = "500",
               .description = "Wait for a produce acknowledgement, and then for the reader to apply it, per step.",
               .validate = v::duration(0ms, any_ms),
               .group = section::kafkastore});
  t.push_back({.name = "kafkastore.init.timeout.ms",
               .default_value = "60000",
               .description = "Startup bound: topic creation and checks, catching up with the log, first election.",
               .validate = v::duration(0ms, any_ms),
               .group = section::kafkastore});
  t.push_back({.name = "kafkastore.write.max.retries",
               .default_value = "5",
               .description = "Retries of a registration whose new schema id collided with one already in the log.",
               .validate = v::integer(0, int_max),
               .group = section::kafkastore});
  t.push_back({.name = "kafkastore.group.id",
               .default_value = "",
               .description = "group.id of the log reader's consumer (it never commits offsets).",
               .validate = v::any_string(),
               .group = section::kafkastore,
               .default_doc = "schema-registry-<host.name>-<advertised port>"});
  t.push_back({.name = "kafkastore.init.wait.for.reader",
               .default_value = "true",
               .description = "Accepted, no effect: Tessera always catches up with the log before serving.",
               .validate = v::boolean(),
               .status = support::ignored,
               .group = section::kafkastore});
  t.push_back(ignored_warn("kafkastore.connection.url",
                           "ZooKeeper URL; Confluent stopped using it in 7.0 and Tessera never did (warns when set; "
                           "an error when kafkastore.bootstrap.servers and tessera.store are not set).",
                           section::kafkastore));
  t.push_back(ignored_warn("kafkastore.update.handlers",
                           "Java store-update plugins cannot be loaded by Tessera (warns when set).",
                           section::kafkastore));

  // Election and forwarding.
  t.push_back({.name = "schema.registry.group.id",
               .default_value = "schema-registry",
               .description = "Kafka consumer group used for primary election; unique per registry cluster.",
               .validate = v::non_empty_string(),
               .group = section::election});
  t.push_back({.name = "leader.eligibility",
               .default_value = "true",
               .description = "Whether this node may become the primary (false for nodes in a secondary "
                              "datacenter).",
               .validate = v::boolean(),
               .group = section::election});
  t.push_back({.name = "master.eligibility",
               .default_value = "",
               .description = "Deprecated name of leader.eligibility; wins when set.",
               .validate = v::or_empty(v::boolean()),
               .status = support::deprecated,
               .group = section::election,
               .replaced_by = "leader.eligibility"});
  t.push_back({.name = "leader.election.sticky",
               .default_value = "false",
               .description = "Keep the current primary across rebalances; must be the same on every node.",
               .validate = v::boolean(),
               .group = section::election});
  t.push_back({.name = "leader.connect.timeout.ms",
               .default_value = "60000",
               .description = "Connect timeout when forwarding a write to the primary.",
               .validate = v::duration(0ms, any_ms),
               .group = section::election});
  t.push_back({.name = "leader.read.timeout.ms",
               .default_value = "60000",
               .description = "Timeout for the primary's answer to a forwarded write.",
               .validate = v::duration(0ms, any_ms),
               .group = section::election});
  t.push_back({.name = "kafkagroup.session.timeout.ms",
               .default_value = "10000",
               .description = "Election group session timeout (JoinGroup SessionTimeoutMs).",
               .validate = v::duration(0ms, any_ms),
               .group = section::election});
  t.push_back({.name = "kafkagroup.rebalance.timeout.ms",
               .default_value = "300000",
               .description = "Election group rebalance timeout (JoinGroup RebalanceTimeoutMs).",
               .validate = v::duration(0ms, any_ms),
               .group = section::election});
  t.push_back({.name = "kafkagroup.heartbeat.interval.ms",
               .default_value = "3000",
               .description = "Interval between election group heartbeats.",
               .validate = v::duration(0ms, any_ms),
               .group = section::election});
  t.push_back({.name = "tessera.leader.wait.ms",
               .default_value = "15000",
               .description = "How long a write waits for an election to name a primary before it answers 50004, "
                              "so a failover looks like a slow request to clients instead of an error.",
               .validate = v::duration(0ms, any_ms),
               .group = section::election});
  t.push_back({.name = "tessera.kafkastore.fencing",
               .default_value = "true",
               .description = "Fence a deposed primary with a Kafka transactional producer (transactional.id "
                              "<schema.registry.group.id>-<kafkastore.topic>-writer), so it cannot append after "
                              "another node became primary. Needs transactional-id WRITE rights on secured "
                              "clusters; false writes as Confluent does, without fencing.",
               .validate = v::boolean(),
               .group = section::election});
  t.push_back({.name = "leader.election.delay",
               .default_value = "false",
               .description = "Accepted, no effect yet: Tessera joins the election as soon as it has caught up.",
               .validate = v::boolean(),
               .status = support::ignored,
               .group = section::election});

  // Logging.
  t.push_back({.name = "tessera.log.level",
               .default_value = "info",
               .description = "Log verbosity. The Confluent image variable SCHEMA_REGISTRY_LOG4J_ROOT_LOGLEVEL is "
                              "used when this is not set.",
               .validate = v::log_level(),
               .group = section::logging});

  // Confluent keys accepted for drop-in compatibility.
  t.push_back(ignored_warn("resource.extension.class",
                           "Java resource extensions (security plugins among them) cannot be loaded (warns when set).",
                           section::compatibility_only));
  t.push_back(ignored_warn("schema.registry.resource.extension.class",
                           "Deprecated name of resource.extension.class; cannot be loaded (warns when set).",
                           section::compatibility_only));
  t.push_back(ignored_warn("rest.servlet.initializor.classes",
                           "Java servlet initializers cannot be loaded (warns when set).",
                           section::compatibility_only));
  t.push_back(ignored_warn("schema.providers",
                           "Custom Java schema types cannot be loaded; Tessera has AVRO, JSON and PROTOBUF "
                           "(warns when set).",
                           section::compatibility_only));
  t.push_back(ignored("authentication.realm", "", "JAAS realm for BASIC authentication, which is not implemented."));
  t.push_back(ignored("authentication.roles", "*", "Roles for BASIC authentication, which is not implemented."));
  t.push_back(ignored("authentication.skip.paths", "", "Paths exempt from authentication, which is not implemented."));
  t.push_back(ignored("debug", "false", "Extra debugging details in error responses; not used.", v::boolean()));
  t.push_back(ignored("response.mediatype.default", "application/vnd.schemaregistry.v1+json",
                      "Response content type negotiation is fixed in Tessera; not used."));
  t.push_back(ignored("response.mediatype.preferred",
                      "application/vnd.schemaregistry.v1+json,application/vnd.schemaregistry+json,application/json",
                      "Response content type negotiation is fixed in Tessera; not used."));
  t.push_back(ignored("request.logger.name", "io.confluent.rest-utils.requests", "Java logger name; not used."));
  t.push_back(ignored("metric.reporters", "", "Java metric reporter classes; not used."));
  t.push_back(ignored("metrics.jmx.prefix", "kafka.schema.registry", "JMX prefix; Tessera has no JMX."));
  t.push_back(ignored("metrics.num.samples", "2", "Java metrics sampling; not used.", v::integer(1, int_max)));
  t.push_back(ignored("metrics.sample.window.ms", "30000", "Java metrics sampling; not used.",
                      v::duration(0ms, any_ms)));
  t.push_back(ignored("metrics.tag.map", "", "Java metrics tags; not used."));
  t.push_back(ignored("shutdown.graceful.ms", "1000", "Jetty graceful shutdown; not used yet.",
                      v::duration(0ms, any_ms)));
  t.push_back(ignored("idle.timeout.ms", "30000", "Jetty idle timeout; see tessera.http.keepalive.timeout.ms.",
                      v::duration(0ms, any_ms)));
  t.push_back(ignored("thread.pool.min", "8", "Jetty thread pool; see tessera.http.threads.",
                      v::integer(0, int_max)));
  t.push_back(ignored("thread.pool.max", "200", "Jetty thread pool; see tessera.http.threads.",
                      v::integer(0, int_max)));
  t.push_back(ignored("compression.enable", "true", "Jetty gzip responses; not used.", v::boolean()));
  t.push_back(ignored("resource.static.locations", "", "Static web resources; not served."));
  t.push_back(ignored("schema.cache.size", "1000", "Java schema cache size; not used.", v::integer(0, int_max)));
  t.push_back(ignored("schema.cache.expiry.secs", "300", "Java schema cache expiry; not used.",
                      v::integer(0, int_max)));
  t.push_back(ignored("schema.canonicalize.on.consume", "", "Re-canonicalization on read; not used."));
  t.push_back(ignored("schema.search.default.limit", "1000", "Search endpoints are not implemented; not used.",
                      v::integer(0, int_max)));
  t.push_back(ignored("schema.search.max.limit", "1000", "Search endpoints are not implemented; not used.",
                      v::integer(0, int_max)));
  t.push_back(ignored("enable.store.health.check", "false", "Store health check endpoint; not used.", v::boolean()));
  t.push_back(ignored("associations.enable", "true", "Confluent 8.2 associations; not implemented.", v::boolean()));
  t.push_back(ignored("metadata.encoder.secret", "", "Field-level encryption keysets are not implemented."));
  t.push_back(ignored("metadata.encoder.old.secret", "", "Field-level encryption keysets are not implemented."));
  t.push_back(ignored("metadata.encoder.topic", "_schema_encoders",
                      "Field-level encryption keysets are not implemented."));
  t.push_back(ignored("schema.registry.zk.namespace", "schema_registry",
                      "ZooKeeper namespace (removed in Confluent 7.0)."));
  t.push_back(ignored("zookeeper.set.acl", "false", "ZooKeeper ACLs (removed in Confluent 7.0).", v::boolean()));
  t.push_back(ignored("kafkastore.zk.session.timeout.ms", "30000",
                      "ZooKeeper session timeout (removed in Confluent 7.0).", v::duration(0ms, any_ms)));
  t.push_back(ignored("kafkastore.checkpoint.dir", "/tmp",
                      "Offset checkpoints of Confluent's persistent stores; not used."));
  t.push_back(ignored("kafkastore.checkpoint.version", "0",
                      "Offset checkpoints of Confluent's persistent stores; not used.", v::integer(0, int_max)));
  return t;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string_view to_string_view(section s) {
  switch (s) {
    case section::http: return "HTTP server";
    case section::identity: return "Node identity and forwarding";
    case section::registry: return "Registry behaviour";
    case section::storage: return "Storage";
    case section::kafkastore: return "Kafka store";
    case section::election: return "Primary election";
    case section::logging: return "Logging";
    case section::compatibility_only: return "Accepted for compatibility with Confluent";
  }
  return "Other";
}

const std::vector<property>& properties() {
  static const std::vector<property> table = build_table();
  return table;
}

const property* find_property(std::string_view name) {
  const auto& table = properties();
  auto it = std::find_if(table.begin(), table.end(), [name](const property& p) { return p.name == name; });
  return it == table.end() ? nullptr : &*it;
}

const std::vector<known_prefix>& known_prefixes() {
  static const std::vector<known_prefix> prefixes{
      {"kafkastore.topic.config.", "Topic configs used when the log topic is created (cleanup.policy=compact is "
                                   "always forced)."},
      {"kafkastore.", "Any other key is a Kafka client property passed on with the prefix removed, e.g. "
                      "kafkastore.sasl.mechanism (see settings::kafka_client_properties())."},
      {"ssl.", "Java keystore settings of HTTPS listeners; accepted, not read by Tessera yet."},
      {"listener.name.", "Per-listener overrides of ssl.* settings; accepted, not read by Tessera yet."},
  };
  return prefixes;
}

std::optional<std::string_view> closest_property(std::string_view name) {
  std::optional<std::string_view> best;
  std::size_t best_distance = 3;  // only suggest near misses
  // Case-insensitive: KAFKASTORE.TOPIC is a near miss of kafkastore.topic.
  std::string lower(name);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& p : properties()) {
    auto d = edit_distance(lower, p.name);
    if (d < best_distance) {
      best_distance = d;
      best = p.name;
    }
  }
  return best;
}

}  // namespace tessera::config
