// Confluent kafkastore.* client properties → librdkafka, and librdkafka errors → Confluent codes.
#include <gtest/gtest.h>

#include "kafkastore/client_config.h"
#include "kafkastore/rdkafka_errors.h"

namespace tessera::kafkastore {
namespace {

bool has_note_containing(const client_config& c, const std::string& needle) {
  for (const auto& n : c.notes) {
    if (n.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(ClientConfig, LibrdkafkaNamesPassUnchanged) {
  auto c = translate_client_properties({{"security.protocol", "SASL_SSL"},
                                        {"sasl.mechanism", "SCRAM-SHA-512"},
                                        {"ssl.ca.location", "/etc/ca.pem"},
                                        {"request.timeout.ms", "20000"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->properties.at("security.protocol"), "SASL_SSL");
  EXPECT_EQ(c->properties.at("sasl.mechanism"), "SCRAM-SHA-512");
  EXPECT_EQ(c->properties.at("ssl.ca.location"), "/etc/ca.pem");
  EXPECT_EQ(c->properties.at("request.timeout.ms"), "20000");
  EXPECT_TRUE(c->notes.empty());
}

TEST(ClientConfig, JavaOnlyPropertyIsSkippedWithANote) {
  auto c = translate_client_properties({{"key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer"},
                                        {"ssl.truststore.password", "secret"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->properties.empty());
  EXPECT_TRUE(has_note_containing(*c, "kafkastore.key.serializer"));
  EXPECT_TRUE(has_note_containing(*c, "kafkastore.ssl.truststore.password"));
  for (const auto& n : c->notes) EXPECT_EQ(n.find("secret"), std::string::npos) << n;
}

TEST(ClientConfig, InvalidValueFailsNamingTheKafkastoreKey) {
  auto c = translate_client_properties({{"security.protocol", "CARRIER_PIGEON"}});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, error_code::store_error);
  EXPECT_NE(c.error().message.find("kafkastore.security.protocol"), std::string::npos) << c.error().message;
}

TEST(ClientConfig, PlainJaasBecomesUsernameAndPassword) {
  auto c = translate_client_properties(
      {{"sasl.jaas.config",
        R"(org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="s3 cr\"et";)"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->properties.at("sasl.username"), "alice");
  EXPECT_EQ(c->properties.at("sasl.password"), R"(s3 cr\"et)");
  for (const auto& n : c->notes) EXPECT_EQ(n.find("s3 cr"), std::string::npos) << n;
}

TEST(ClientConfig, ExplicitSaslUsernameWinsOverJaas) {
  auto c = translate_client_properties(
      {{"sasl.username", "bob"},
       {"sasl.jaas.config",
        R"(org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="pw";)"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->properties.at("sasl.username"), "bob");
  EXPECT_EQ(c->properties.at("sasl.password"), "pw");
}

TEST(ClientConfig, KerberosJaasBecomesKeytabAndPrincipal) {
  std::string module;
  auto m = translate_jaas(R"(com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true )"
                          R"(keyTab="/etc/sr.keytab" principal="sr/host@REALM";)",
                          module);
  EXPECT_EQ(module, "com.sun.security.auth.module.Krb5LoginModule");
  EXPECT_EQ(m.at("sasl.kerberos.keytab"), "/etc/sr.keytab");
  EXPECT_EQ(m.at("sasl.kerberos.principal"), "sr/host@REALM");
}

TEST(ClientConfig, OauthJaasIsSkippedWithANote) {
  auto c = translate_client_properties(
      {{"sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->properties.empty());
  EXPECT_TRUE(has_note_containing(*c, "OAuthBearerLoginModule"));
}

TEST(ClientConfig, PemTruststoreBecomesCaLocation) {
  auto c = translate_client_properties({{"ssl.truststore.location", "/etc/ca.pem"}, {"ssl.truststore.type", "PEM"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->properties.at("ssl.ca.location"), "/etc/ca.pem");
}

TEST(ClientConfig, JksTruststoreIsSkipped) {
  auto c = translate_client_properties({{"ssl.truststore.location", "/etc/ts.jks"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->properties.count("ssl.ca.location"), 0U);
  EXPECT_TRUE(has_note_containing(*c, "JKS"));
}

TEST(ClientConfig, JksKeystoreIsRefused) {
  auto c = translate_client_properties({{"ssl.keystore.location", "/etc/ks.jks"}, {"ssl.keystore.type", "JKS"}});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("kafkastore.ssl.keystore.location"), std::string::npos);
}

TEST(ClientConfig, EmptyEndpointIdentificationMeansNone) {
  auto c = translate_client_properties({{"ssl.endpoint.identification.algorithm", ""}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->properties.at("ssl.endpoint.identification.algorithm"), "none");
}

TEST(RdkafkaErrors, TimeoutsAreAmbiguous) {
  EXPECT_EQ(write_error(RdKafka::ERR__MSG_TIMED_OUT, RdKafka::Message::MSG_STATUS_POSSIBLY_PERSISTED, "w").code,
            error_code::operation_timeout);
  EXPECT_EQ(write_error(RdKafka::ERR_REQUEST_TIMED_OUT, RdKafka::Message::MSG_STATUS_NOT_PERSISTED, "w").code,
            error_code::operation_timeout);
  EXPECT_EQ(call_error(RdKafka::ERR__TIMED_OUT, "q").code, error_code::operation_timeout);
}

TEST(RdkafkaErrors, PossiblyPersistedFailureIsAmbiguous) {
  EXPECT_EQ(write_error(RdKafka::ERR__TRANSPORT, RdKafka::Message::MSG_STATUS_POSSIBLY_PERSISTED, "w").code,
            error_code::operation_timeout);
}

TEST(RdkafkaErrors, DefiniteFailureIsAStoreError) {
  auto e = write_error(RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED, RdKafka::Message::MSG_STATUS_NOT_PERSISTED, "w");
  EXPECT_EQ(e.code, error_code::store_error);
  EXPECT_NE(e.message.find("w: "), std::string::npos) << e.message;
}

TEST(RdkafkaErrors, RecordTooLargeIsSchemaTooLarge) {
  EXPECT_EQ(write_error(RdKafka::ERR_MSG_SIZE_TOO_LARGE, RdKafka::Message::MSG_STATUS_NOT_PERSISTED, "w").code,
            error_code::schema_too_large);
}

TEST(RdkafkaErrors, TransientReadErrorsAreRecognised) {
  EXPECT_TRUE(is_transient(RdKafka::ERR__TRANSPORT));
  EXPECT_TRUE(is_transient(RdKafka::ERR_NOT_LEADER_FOR_PARTITION));
  EXPECT_FALSE(is_transient(RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED));
}

}  // namespace
}  // namespace tessera::kafkastore
