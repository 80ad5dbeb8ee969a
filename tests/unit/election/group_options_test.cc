// group_options_from(): the election options of an effective configuration, with the
// inter-instance listener chosen as Confluent does (spec §1.3).

#include <gtest/gtest.h>

#include "config/config.h"
#include "election/group_options.h"

namespace tessera::election {
namespace {

using overrides = std::vector<std::pair<std::string, std::string>>;

result<group_options> from(overrides extra) {
  config::load_options o;
  o.environment = std::map<std::string, std::string>{};
  o.overrides = {{"kafkastore.bootstrap.servers", "PLAINTEXT://127.0.0.1:9092,127.0.0.2:9093"},
                 {"host.name", "sr-a.example.com"}};
  o.overrides.insert(o.overrides.end(), extra.begin(), extra.end());
  auto s = config::load(o);
  if (!s) return s.error();
  return group_options_from(*s);
}

TEST(GroupOptionsFrom, DefaultsMatchConfluent) {
  auto o = from({{"listeners", "http://0.0.0.0:8081"}});
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->bootstrap_servers, "127.0.0.1:9092,127.0.0.2:9093");
  EXPECT_EQ(o->group_id, "schema-registry");
  EXPECT_EQ(o->identity.url(), "http://sr-a.example.com:8081");
  EXPECT_TRUE(o->identity.eligible);
  EXPECT_EQ(o->identity.version, 1);
  EXPECT_FALSE(o->identity.leader);
  EXPECT_FALSE(o->sticky);
  EXPECT_EQ(o->session_timeout.count(), 10000);
  EXPECT_EQ(o->rebalance_timeout.count(), 300000);
  EXPECT_EQ(o->heartbeat_interval.count(), 3000);
  EXPECT_EQ(o->retry_backoff.count(), 100);
  EXPECT_EQ(o->retry_backoff_max.count(), 1000);
  EXPECT_EQ(o->client_properties.at("security.protocol"), "PLAINTEXT");
}

TEST(GroupOptionsFrom, LastListenerWithTheInterInstanceProtocol) {
  auto o = from({{"listeners", "http://0.0.0.0:8081,https://0.0.0.0:8443,https://0.0.0.0:9443"},
                 {"inter.instance.protocol", "https"}});
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->identity.url(), "https://sr-a.example.com:9443");
  auto h = from({{"listeners", "http://0.0.0.0:8081,https://0.0.0.0:8443,http://0.0.0.0:8082"}});
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->identity.url(), "http://sr-a.example.com:8082");  // inter.instance.protocol defaults to http
}

TEST(GroupOptionsFrom, NamedListenerWins) {
  auto o = from({{"listeners", "INTERNAL://0.0.0.0:9000,EXTERNAL://0.0.0.0:8081"},
                 {"listener.protocol.map", "INTERNAL:https,EXTERNAL:http"},
                 {"inter.instance.listener.name", "INTERNAL"}});
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->identity.url(), "https://sr-a.example.com:9000");
}

TEST(GroupOptionsFrom, HostPortOverridesTheListenerPort) {
  auto o = from({{"listeners", "http://0.0.0.0:8081"}, {"host.port", "30081"}});
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->identity.url(), "http://sr-a.example.com:30081");
}

TEST(GroupOptionsFrom, ElectionSettings) {
  auto o = from({{"listeners", "http://0.0.0.0:8081"},
                 {"schema.registry.group.id", "sr-blue"},
                 {"leader.eligibility", "true"},
                 {"master.eligibility", "false"},  // the old name wins when set
                 {"leader.election.sticky", "true"},
                 {"kafkagroup.session.timeout.ms", "6000"},
                 {"kafkagroup.heartbeat.interval.ms", "1000"},
                 {"kafkagroup.rebalance.timeout.ms", "20000"},
                 {"kafkastore.retry.backoff.ms", "50"},
                 {"kafkastore.retry.backoff.max.ms", "700"},
                 {"kafkastore.request.timeout.ms", "15000"}});
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->group_id, "sr-blue");
  EXPECT_FALSE(o->identity.eligible);
  EXPECT_TRUE(o->sticky);
  EXPECT_EQ(o->session_timeout.count(), 6000);
  EXPECT_EQ(o->heartbeat_interval.count(), 1000);
  EXPECT_EQ(o->rebalance_timeout.count(), 20000);
  EXPECT_EQ(o->retry_backoff.count(), 50);
  EXPECT_EQ(o->retry_backoff_max.count(), 700);
  EXPECT_EQ(o->request_timeout.count(), 15000);
}

TEST(GroupOptionsFrom, SecuritySharesTheStoreTranslation) {
  auto o = from({{"listeners", "http://0.0.0.0:8081"},
                 {"kafkastore.security.protocol", "SASL_PLAINTEXT"},
                 {"kafkastore.sasl.mechanism", "SCRAM-SHA-256"},
                 {"kafkastore.sasl.jaas.config",
                  R"(org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="s3";)"}});
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->client_properties.at("security.protocol"), "SASL_PLAINTEXT");
  EXPECT_EQ(o->client_properties.at("sasl.username"), "alice");
  EXPECT_EQ(o->client_properties.at("sasl.password"), "s3");
}

TEST(GroupOptionsFrom, UnsupportedSecurityFailsClearly) {
  auto o = from({{"listeners", "http://0.0.0.0:8081"}, {"kafkastore.security.protocol", "SASL_PLAINTEXT"}});
  ASSERT_FALSE(o);
  EXPECT_NE(o.error().message.find("GSSAPI"), std::string::npos) << o.error().message;
}

TEST(GroupOptionsFrom, HeartbeatMustBeBelowSession) {
  auto o = from({{"listeners", "http://0.0.0.0:8081"},
                 {"kafkagroup.session.timeout.ms", "3000"},
                 {"kafkagroup.heartbeat.interval.ms", "3000"}});
  ASSERT_FALSE(o);
  EXPECT_NE(o.error().message.find("heartbeat"), std::string::npos);
}

TEST(GroupOptionsValidate, BootstrapServersAreChecked) {
  group_options o;
  o.identity.host = "h";
  o.identity.port = 8081;
  EXPECT_FALSE(validate(o));  // none
  o.bootstrap_servers = "nohost";
  EXPECT_FALSE(validate(o));
  o.bootstrap_servers = "[::1]:9092, 127.0.0.1:9093";
  EXPECT_TRUE(validate(o));
  o.identity.scheme = "ftp";
  EXPECT_FALSE(validate(o));
}

}  // namespace
}  // namespace tessera::election
