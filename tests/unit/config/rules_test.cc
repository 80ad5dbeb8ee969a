// config::load(): rules that involve several keys (deprecated names, listeners, identity, store,
// Kafka endpoints) and the derived views of settings.

#include <gtest/gtest.h>

#include "config/config.h"
#include "unit/config/config_test_support.h"

namespace tessera::config {
namespace {

using namespace std::chrono_literals;
using testing_support::has_warning;
using testing_support::hermetic;
using testing_support::temp_dir;

using pairs = std::vector<std::pair<std::string, std::string>>;

settings with(pairs overrides, std::map<std::string, std::string> env = {}) {
  auto r = load(hermetic({}, std::move(env), std::move(overrides)));
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : settings{};
}

std::string error_with(pairs overrides) {
  auto r = load(hermetic({}, {}, std::move(overrides)));
  EXPECT_FALSE(r);
  return r ? std::string() : r.error().message;
}

TEST(Rules, DeprecatedCompatibilityNameWinsInTheSameLayer) {
  auto s = with({{"schema.compatibility.level", "full"}, {"avro.compatibility.level", "none"}});
  EXPECT_EQ(s.compatibility, compatibility_level::none);
  EXPECT_TRUE(has_warning(s, "'avro.compatibility.level' (--override avro.compatibility.level) is deprecated; use "
                             "'schema.compatibility.level'"));
}

TEST(Rules, CurrentNameFromAMoreSpecificLayerBeatsDeprecatedName) {
  temp_dir dir;
  auto file = dir.write("sr.properties", "avro.compatibility.level=none\n");
  auto r = load(hermetic(file, {{"SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL", "FORWARD"}}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->compatibility, compatibility_level::forward);
}

TEST(Rules, EmptyDeprecatedNameDoesNotWin) {
  auto s = with({{"schema.compatibility.level", "full"}, {"avro.compatibility.level", ""}});
  EXPECT_EQ(s.compatibility, compatibility_level::full);
}

TEST(Rules, MasterEligibilityOverridesLeaderEligibility) {
  EXPECT_FALSE(with({{"master.eligibility", "false"}}).leader_eligibility);
  EXPECT_TRUE(with({{"leader.eligibility", "false"}, {"master.eligibility", "true"}}).leader_eligibility);
  EXPECT_FALSE(with({{"leader.eligibility", "false"}}).leader_eligibility);
}

TEST(Rules, DeprecatedInterInstanceProtocolWins) {
  auto s = with({{"listeners", "http://a:1,https://b:2"},
                 {"inter.instance.protocol", "http"},
                 {"schema.registry.inter.instance.protocol", "https"}});
  EXPECT_EQ(s.inter_instance_protocol, "https");
  EXPECT_EQ(s.advertised_port, 2);
}

TEST(Rules, DeprecatedPortIsUsedWhenListenersIsNotSet) {
  auto s = with({{"port", "9000"}});
  ASSERT_EQ(s.listeners.size(), 1u);
  EXPECT_EQ(s.listeners[0].url(), "http://0.0.0.0:9000");
  EXPECT_EQ(s.raw().at("listeners"), "http://0.0.0.0:9000");
  EXPECT_TRUE(has_warning(s, "'port' (--override port) is deprecated; use 'listeners'"));
  auto empty_listeners = with({{"port", "9001"}, {"listeners", ""}});
  EXPECT_EQ(empty_listeners.listeners[0].port, 9001);
}

TEST(Rules, PortIsIgnoredWhenListenersIsSet) {
  auto s = with({{"port", "9000"}, {"listeners", "http://127.0.0.1:9100"}});
  ASSERT_EQ(s.listeners.size(), 1u);
  EXPECT_EQ(s.listeners[0].port, 9100);
  EXPECT_TRUE(has_warning(s, "'port' is ignored because 'listeners' is set"));
}

TEST(Rules, SeveralListeners) {
  auto s = with({{"listeners", "http://0.0.0.0:8081, https://[::]:8443"}});
  ASSERT_EQ(s.listeners.size(), 2u);
  EXPECT_EQ(s.listeners[1].scheme, "https");
  EXPECT_EQ(s.listeners[1].host, "::");
  EXPECT_EQ(s.raw().at("listeners"), "http://0.0.0.0:8081,https://[::]:8443");
}

TEST(Rules, DuplicateListenersAreRejected) {
  auto msg = error_with({{"listeners", "http://0.0.0.0:8081,https://0.0.0.0:8081"}});
  EXPECT_NE(msg.find("listed twice"), std::string::npos) << msg;
  EXPECT_EQ(with({{"listeners", "http://127.0.0.1:0,http://127.0.0.1:0"}}).listeners.size(), 2u);
}

TEST(Rules, NamedListenersNeedTheProtocolMap) {
  auto msg = error_with({{"listeners", "INTERNAL://0.0.0.0:9000"}});
  EXPECT_NE(msg.find("for listeners"), std::string::npos) << msg;
  EXPECT_NE(msg.find("listener.protocol.map"), std::string::npos) << msg;
  auto s = with({{"listeners", "INTERNAL://0.0.0.0:9000,http://0.0.0.0:8081"},
                 {"listener.protocol.map", "INTERNAL:https"},
                 {"inter.instance.listener.name", "internal"}});
  EXPECT_EQ(s.listeners[0].name, "INTERNAL");
  EXPECT_EQ(s.advertised_scheme, "https");
  EXPECT_EQ(s.advertised_port, 9000);
}

TEST(Rules, InterInstanceListenerIsTheLastWithTheProtocol) {
  auto s = with({{"listeners", "http://a:1,https://b:2,http://c:3"}});
  EXPECT_EQ(s.advertised_scheme, "http");
  EXPECT_EQ(s.advertised_port, 3);
  auto tls = with({{"listeners", "http://a:1,https://b:2,http://c:3"}, {"inter.instance.protocol", "https"}});
  EXPECT_EQ(tls.advertised_scheme, "https");
  EXPECT_EQ(tls.advertised_port, 2);
}

TEST(Rules, HostPortOverridesTheAdvertisedPort) {
  auto s = with({{"listeners", "http://0.0.0.0:8081"}, {"host.port", "30081"}, {"host.name", "sr-1.example.com"}});
  EXPECT_EQ(s.advertised_port, 30081);
  EXPECT_EQ(s.host_name, "sr-1.example.com");
  EXPECT_EQ(s.kafkastore_group_id, "schema-registry-sr-1.example.com-30081");
}

TEST(Rules, NoListenerForTheInterInstanceProtocolIsAnError) {
  auto msg = error_with({{"listeners", "http://0.0.0.0:8081"}, {"inter.instance.protocol", "https"}});
  EXPECT_NE(msg.find("inter.instance.protocol is https but no listener uses it"), std::string::npos) << msg;
  auto named = error_with({{"inter.instance.listener.name", "EXTERNAL"}});
  EXPECT_NE(named.find("inter.instance.listener.name 'EXTERNAL' names none of the listeners"), std::string::npos)
      << named;
}

TEST(Rules, StoreFollowsBootstrapServersUnlessSet) {
  EXPECT_EQ(with({}).store, store_kind::file);
  EXPECT_EQ(with({{"kafkastore.bootstrap.servers", "k:9092"}}).store, store_kind::kafka);
  auto memory = with({{"kafkastore.bootstrap.servers", "k:9092"}, {"tessera.store", "MEMORY"}});
  EXPECT_EQ(memory.store, store_kind::memory);
  EXPECT_EQ(memory.raw().at("tessera.store"), "memory");
  EXPECT_TRUE(has_warning(memory, "Kafka is not used"));
}

TEST(Rules, ZooKeeperOnlySetupIsAnErrorNotASilentLocalStore) {
  auto msg = error_with({{"kafkastore.connection.url", "zookeeper:2181"}});
  EXPECT_NE(msg.find("kafkastore.connection.url (ZooKeeper) is not supported; set kafkastore.bootstrap.servers"),
            std::string::npos)
      << msg;
  auto both = with({{"kafkastore.connection.url", "zookeeper:2181"}, {"kafkastore.bootstrap.servers", "k:9092"}});
  EXPECT_EQ(both.store, store_kind::kafka);
  EXPECT_TRUE(has_warning(both, "'kafkastore.connection.url' (--override kafkastore.connection.url) has no effect"));
  EXPECT_EQ(with({{"kafkastore.connection.url", "zookeeper:2181"}, {"tessera.store", "file"}}).store,
            store_kind::file);
}

TEST(Rules, KafkaStoreNeedsBootstrapServers) {
  auto msg = error_with({{"tessera.store", "kafka"}});
  EXPECT_NE(msg.find("tessera.store is kafka but kafkastore.bootstrap.servers is empty"), std::string::npos) << msg;
}

TEST(Rules, EndpointsOfAnotherProtocolAreDropped) {
  auto s = with({{"kafkastore.bootstrap.servers", "PLAINTEXT://a:9092,SSL://b:9093,c:9094"},
                 {"kafkastore.security.protocol", "ssl"}});
  EXPECT_EQ(s.kafkastore_security_protocol, "SSL");
  EXPECT_EQ(s.kafkastore_bootstrap_servers, (std::vector<std::string>{"b:9093", "c:9094"}));
  EXPECT_TRUE(has_warning(s, "ignoring Kafka endpoint PLAINTEXT://a:9092"));
  auto msg = error_with(
      {{"kafkastore.bootstrap.servers", "PLAINTEXT://a:9092"}, {"kafkastore.security.protocol", "SSL"}});
  EXPECT_NE(msg.find("no endpoint in kafkastore.bootstrap.servers matches kafkastore.security.protocol=SSL"),
            std::string::npos)
      << msg;
}

TEST(Rules, HeartbeatMustBeShorterThanTheSessionWithKafka) {
  auto msg = error_with({{"kafkastore.bootstrap.servers", "k:9092"},
                         {"kafkagroup.heartbeat.interval.ms", "10000"},
                         {"kafkagroup.session.timeout.ms", "10s"}});
  EXPECT_NE(msg.find("kafkagroup.heartbeat.interval.ms (10000) must be lower than kafkagroup.session.timeout.ms (10s)"),
            std::string::npos)
      << msg;
  // Without Kafka there is no election, so the pair is not checked.
  EXPECT_TRUE(load(hermetic({}, {}, {{"kafkagroup.heartbeat.interval.ms", "10000"}})));
}

TEST(Rules, TypedTesseraSettings) {
  auto s = with({{"tessera.http.max.body.bytes", "1MiB"},
                 {"tessera.http.threads", "7"},
                 {"tessera.http.request.timeout.ms", "5s"},
                 {"tessera.file.fsync", "interval:200"},
                 {"tessera.data.dir", "/var/lib/tessera"},
                 {"tessera.incompatible.error.code", "40901"},
                 {"tessera.log.level", "TRACE"},
                 {"tessera.schemas.list.max.limit", "50"},
                 {"inter.instance.headers.whitelist", "X-Trace, traceparent"}});
  EXPECT_EQ(s.http_max_body_bytes, 1u << 20);
  EXPECT_EQ(s.http_threads, 7u);
  EXPECT_EQ(s.http_request_timeout, 5s);
  EXPECT_EQ(s.file_fsync, (fsync_policy{fsync_policy::kind::interval, 200ms}));
  EXPECT_EQ(s.data_dir, "/var/lib/tessera");
  EXPECT_EQ(s.incompatible_error_code, error_code::incompatible_schema_v8);
  EXPECT_EQ(s.log, log_level::trace);
  EXPECT_EQ(s.schemas_list_max_limit, 50);
  EXPECT_EQ(s.inter_instance_headers_whitelist, (std::vector<std::string>{"X-Trace", "traceparent"}));
}

TEST(Rules, KafkaClientPropertiesAreTheExplicitPassthroughKeys) {
  auto s = with({{"kafkastore.bootstrap.servers", "SASL_SSL://k:9093"},
                 {"kafkastore.security.protocol", "SASL_SSL"},
                 {"kafkastore.sasl.mechanism", "PLAIN"},
                 {"kafkastore.topic", "_s"},
                 {"kafkastore.topic.config.min.insync.replicas", "2"}});
  EXPECT_EQ(s.kafka_client_properties(),
            (std::map<std::string, std::string>{{"sasl.mechanism", "PLAIN"}, {"security.protocol", "SASL_SSL"}}));
  EXPECT_EQ(s.with_prefix("kafkastore.topic.config."),
            (std::map<std::string, std::string>{{"min.insync.replicas", "2"}}));
  auto all = s.with_prefix("kafkastore.");
  EXPECT_EQ(all.at("topic"), "_s");
  EXPECT_EQ(all.at("timeout.ms"), "500");  // defaults are effective values too
}

TEST(Rules, SensitiveKeys) {
  EXPECT_TRUE(is_sensitive("kafkastore.sasl.jaas.config"));
  EXPECT_TRUE(is_sensitive("ssl.keystore.PASSWORD"));
  EXPECT_TRUE(is_sensitive("metadata.encoder.secret"));
  EXPECT_FALSE(is_sensitive("kafkastore.topic"));
}

}  // namespace
}  // namespace tessera::config
