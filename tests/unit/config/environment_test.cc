// The Confluent image's environment variable convention.

#include "config/environment.h"

#include <gtest/gtest.h>

namespace tessera::config {
namespace {

TEST(Environment, SingleUnderscoreIsADot) {
  EXPECT_EQ(env_to_property("SCHEMA_REGISTRY_KAFKASTORE_TOPIC"), "kafkastore.topic");
  EXPECT_EQ(env_to_property("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"), "kafkastore.bootstrap.servers");
  EXPECT_EQ(env_to_property("SCHEMA_REGISTRY_LISTENERS"), "listeners");
}

TEST(Environment, GroupIdKeepsItsSchemaRegistryPart) {
  // Only the first SCHEMA_REGISTRY_ is the prefix.
  EXPECT_EQ(env_to_property("SCHEMA_REGISTRY_SCHEMA_REGISTRY_GROUP_ID"), "schema.registry.group.id");
}

TEST(Environment, DoubleUnderscoreIsAnUnderscoreAndTripleIsADash) {
  EXPECT_EQ(env_to_property("SCHEMA_REGISTRY_A__B"), "a_b");
  EXPECT_EQ(env_to_property("SCHEMA_REGISTRY_A___B"), "a-b");
  EXPECT_EQ(env_to_property("SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS__CONFIG"), "kafkastore.sasl.jaas_config");
  EXPECT_EQ(env_to_property("SCHEMA_REGISTRY_SOME___DASHED_KEY"), "some-dashed.key");
}

TEST(Environment, LongerRunsFollowTheImageReplacementOrder) {
  // "___" is replaced first, then "__", then what is left stays.
  EXPECT_EQ(env_to_property("SCHEMA_REGISTRY_A____B"), "a-_b");
  EXPECT_EQ(env_to_property("SCHEMA_REGISTRY_A______B"), "a--b");
}

TEST(Environment, SingleLetterSegmentsStillSplit) {
  EXPECT_EQ(env_to_property("SCHEMA_REGISTRY_A_B_C"), "a.b.c");
}

TEST(Environment, UnderscoresAtTheEdgesStayUnderscores) {
  // Only an underscore between two other characters is a separator.
  EXPECT_EQ(env_to_property("SCHEMA_REGISTRY__X"), "_x");
  EXPECT_EQ(env_to_property("SCHEMA_REGISTRY_X_"), "x_");
}

TEST(Environment, NamesWithoutThePrefixAreNotProperties) {
  EXPECT_EQ(env_to_property("KAFKASTORE_TOPIC"), std::nullopt);
  EXPECT_EQ(env_to_property("SCHEMA_REGISTRY_"), std::nullopt);
  EXPECT_EQ(env_to_property("schema_registry_listeners"), std::nullopt);
}

TEST(Environment, PropertyToEnvIsTheInverse) {
  for (std::string_view p : {"kafkastore.topic", "schema.registry.group.id", "a_b", "some-dashed.key",
                             "tessera.http.max.body.bytes"}) {
    EXPECT_EQ(env_to_property(property_to_env(p)), std::string(p)) << p;
  }
  EXPECT_EQ(property_to_env("kafkastore.topic"), "SCHEMA_REGISTRY_KAFKASTORE_TOPIC");
}

TEST(Environment, ScanKeepsRegistryVariablesOnly) {
  auto scan = scan_environment({{"PATH", "/bin"},
                                {"SCHEMA_REGISTRY_KAFKASTORE_TOPIC", "_s"},
                                {"SCHEMA_REGISTRY_HOST_NAME", "sr-1"}});
  ASSERT_EQ(scan.entries.size(), 2u);
  EXPECT_EQ(scan.entries[0].variable, "SCHEMA_REGISTRY_HOST_NAME");
  EXPECT_EQ(scan.entries[0].property, "host.name");
  EXPECT_EQ(scan.entries[0].value, "sr-1");
  EXPECT_EQ(scan.entries[1].property, "kafkastore.topic");
  EXPECT_TRUE(scan.warnings.empty());
}

TEST(Environment, ScanSkipsLauncherVariables) {
  auto scan = scan_environment({{"SCHEMA_REGISTRY_OPTS", "-Dx"},
                                {"SCHEMA_REGISTRY_HEAP_OPTS", "-Xmx1g"},
                                {"SCHEMA_REGISTRY_JMX_PORT", "9999"},
                                {"SCHEMA_REGISTRY_LOG4J_LOGGERS", "a=DEBUG"},
                                {"SCHEMA_REGISTRY_LOG4J_ROOT_LOGLEVEL", "WARN"}});
  EXPECT_TRUE(scan.entries.empty());
  ASSERT_TRUE(scan.log4j_root_level);
  EXPECT_EQ(scan.log4j_root_level->value, "WARN");
}

TEST(Environment, ScanSkipsKubernetesServiceLinks) {
  auto scan = scan_environment({{"SCHEMA_REGISTRY_SERVICE_HOST", "10.0.0.1"},
                                {"SCHEMA_REGISTRY_SERVICE_PORT", "8081"},
                                {"SCHEMA_REGISTRY_SERVICE_PORT_HTTP", "8081"},
                                {"SCHEMA_REGISTRY_PORT", "tcp://10.0.0.1:8081"},
                                {"SCHEMA_REGISTRY_PORT_8081_TCP", "tcp://10.0.0.1:8081"},
                                {"SCHEMA_REGISTRY_PORT_8081_TCP_ADDR", "10.0.0.1"}});
  EXPECT_TRUE(scan.entries.empty());
  ASSERT_EQ(scan.warnings.size(), 1u);
  EXPECT_NE(scan.warnings[0].find("Kubernetes service link"), std::string::npos);
}

TEST(Environment, ScanKeepsARealPortVariable) {
  auto scan = scan_environment({{"SCHEMA_REGISTRY_PORT", "9000"}});
  ASSERT_EQ(scan.entries.size(), 1u);
  EXPECT_EQ(scan.entries[0].property, "port");
}

TEST(Environment, ProcessEnvironmentIsRead) {
  ASSERT_EQ(::setenv("TESSERA_CONFIG_TEST_VARIABLE", "a=b", 1), 0);
  auto env = process_environment();
  ::unsetenv("TESSERA_CONFIG_TEST_VARIABLE");
  EXPECT_EQ(env["TESSERA_CONFIG_TEST_VARIABLE"], "a=b");
}

}  // namespace
}  // namespace tessera::config
