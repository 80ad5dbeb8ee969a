// SCRAM against the RFC 7677 test vector, PLAIN/SCRAM property parsing, and TLS settings.

#include <gtest/gtest.h>

#include "election/scram.h"
#include "election/security.h"

namespace tessera::election {
namespace {

TEST(Scram, Rfc7677Sha256Vector) {
  scram_client c(sasl_mechanism::scram_sha_256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
  EXPECT_EQ(c.client_first(), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
  auto final_message =
      c.client_final("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
  ASSERT_TRUE(final_message) << final_message.error().message;
  EXPECT_EQ(*final_message,
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
  EXPECT_TRUE(c.verify_server_final("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
  EXPECT_FALSE(c.verify_server_final("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
  EXPECT_FALSE(c.verify_server_final("e=invalid-proof"));
}

TEST(Scram, ServerNonceMustExtendOurs) {
  scram_client c(sasl_mechanism::scram_sha_512, "u", "p", "abc");
  EXPECT_FALSE(c.client_final("r=xyz123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
  EXPECT_FALSE(c.client_final("r=abc123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0"));
  EXPECT_FALSE(c.client_final("r=abc123,i=4096"));
  EXPECT_TRUE(c.client_final("r=abc123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
}

TEST(Scram, UserNameIsEscaped) {
  scram_client c(sasl_mechanism::scram_sha_256, "a=b,c", "p", "n");
  EXPECT_EQ(c.client_first(), "n,,n=a=3Db=2Cc,r=n");
}

TEST(Scram, Base64) {
  EXPECT_EQ(base64_encode("n,,"), "biws");
  auto d = base64_decode("W22ZaJ0SNY7soEsUEjb6gQ==");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->size(), 16u);
  EXPECT_FALSE(base64_decode("abc"));
}

TEST(Security, DefaultIsPlaintext) {
  auto s = parse_security({});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->protocol, security_protocol::plaintext);
  EXPECT_FALSE(s->uses_tls());
  EXPECT_FALSE(s->uses_sasl());
}

TEST(Security, SaslSslWithScram) {
  auto s = parse_security({{"security.protocol", "sasl_ssl"},
                           {"sasl.mechanisms", "SCRAM-SHA-512"},
                           {"sasl.username", "u"},
                           {"sasl.password", "p"},
                           {"ssl.endpoint.identification.algorithm", "none"},
                           {"ssl.ca.location", "/etc/ca.pem"}});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_TRUE(s->uses_tls());
  EXPECT_TRUE(s->uses_sasl());
  EXPECT_EQ(s->mechanism, sasl_mechanism::scram_sha_512);
  EXPECT_FALSE(s->verify_hostname);
  EXPECT_EQ(s->ca_location, "/etc/ca.pem");
}

TEST(Security, UnsupportedValuesFailClearly) {
  auto gssapi = parse_security({{"security.protocol", "SASL_PLAINTEXT"}, {"sasl.username", "u"}});
  ASSERT_FALSE(gssapi);  // librdkafka's and Java's default mechanism is GSSAPI
  EXPECT_NE(gssapi.error().message.find("GSSAPI"), std::string::npos);
  EXPECT_FALSE(parse_security({{"security.protocol", "SASL_SSL"}, {"sasl.mechanism", "OAUTHBEARER"}}));
  EXPECT_FALSE(parse_security({{"security.protocol", "SASL_PLAINTEXT"}, {"sasl.mechanism", "PLAIN"}}));  // no user
  EXPECT_FALSE(parse_security({{"security.protocol", "TLS"}}));
  EXPECT_FALSE(parse_security({{"security.protocol", "SSL"}, {"ssl.keystore.location", "/k.p12"}}));
  EXPECT_FALSE(parse_security({{"security.protocol", "SSL"}, {"ssl.endpoint.identification.algorithm", "x"}}));
  EXPECT_FALSE(parse_security({{"security.protocol", "SSL"}, {"ssl.certificate.location", "/c.pem"}}));
}

}  // namespace
}  // namespace tessera::election
