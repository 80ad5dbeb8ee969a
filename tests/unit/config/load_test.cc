// config::load(): sources, file types, precedence, error and warning reporting.

#include <gtest/gtest.h>

#include "config/config.h"
#include "unit/config/config_test_support.h"

namespace tessera::config {
namespace {

using namespace std::chrono_literals;
using testing_support::has_warning;
using testing_support::hermetic;
using testing_support::temp_dir;

settings load_ok(const load_options& o) {
  auto r = load(o);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : settings{};
}

std::string load_error(const load_options& o) {
  auto r = load(o);
  EXPECT_FALSE(r);
  return r ? std::string() : r.error().message;
}

TEST(Load, DefaultsWithoutAnyInput) {
  auto s = load_ok(hermetic());
  ASSERT_EQ(s.listeners.size(), 1u);
  EXPECT_EQ(s.listeners[0].url(), "http://0.0.0.0:8081");
  EXPECT_EQ(s.compatibility, compatibility_level::backward);
  EXPECT_TRUE(s.mode_mutability);
  EXPECT_EQ(s.store, store_kind::file);
  EXPECT_EQ(s.data_dir, "./data");
  EXPECT_EQ(s.file_fsync.mode, fsync_policy::kind::always);
  EXPECT_EQ(s.http_max_body_bytes, 16u << 20);
  EXPECT_GE(s.http_threads, 1u);
  EXPECT_EQ(s.http_request_timeout, 30s);
  EXPECT_EQ(s.http_keepalive_timeout, 60s);
  EXPECT_EQ(s.incompatible_error_code, error_code::conflict);
  EXPECT_EQ(s.log, log_level::info);
  EXPECT_EQ(s.schemas_list_max_limit, 1000);
  EXPECT_EQ(s.kafkastore_topic, "_schemas");
  EXPECT_EQ(s.kafkastore_timeout, 500ms);
  EXPECT_EQ(s.kafkastore_init_timeout, 60s);
  EXPECT_EQ(s.kafkastore_topic_replication_factor, 3);
  EXPECT_EQ(s.kafkastore_write_max_retries, 5);
  EXPECT_EQ(s.kafkastore_security_protocol, "PLAINTEXT");
  EXPECT_TRUE(s.kafkastore_bootstrap_servers.empty());
  EXPECT_EQ(s.group_id, "schema-registry");
  EXPECT_TRUE(s.leader_eligibility);
  EXPECT_FALSE(s.leader_election_sticky);
  EXPECT_EQ(s.kafkagroup_session_timeout, 10s);
  EXPECT_EQ(s.kafkagroup_rebalance_timeout, 300s);
  EXPECT_EQ(s.kafkagroup_heartbeat_interval, 3s);
  EXPECT_EQ(s.leader_connect_timeout, 60s);
  EXPECT_EQ(s.leader_read_timeout, 60s);
  EXPECT_EQ(s.inter_instance_protocol, "http");
  EXPECT_EQ(s.advertised_scheme, "http");
  EXPECT_EQ(s.advertised_port, 8081);
  EXPECT_FALSE(s.host_name.empty());
  EXPECT_EQ(s.kafkastore_group_id, "schema-registry-" + s.host_name + "-8081");
  EXPECT_TRUE(s.warnings.empty());
  EXPECT_EQ(s.raw().at("kafkastore.topic"), "_schemas");
  EXPECT_EQ(s.raw().at("tessera.store"), "file");
  EXPECT_FALSE(s.is_set("kafkastore.topic"));
  EXPECT_EQ(s.origin("kafkastore.topic"), std::nullopt);
}

TEST(Load, FlatAndNestedYamlGiveTheSameSettings) {
  temp_dir dir;
  auto flat = dir.write("flat.yaml",
                        "kafkastore.bootstrap.servers: k1:9092,k2:9092\n"
                        "kafkastore.topic: _registry\n"
                        "schema.compatibility.level: FULL\n"
                        "tessera.http.threads: 3\n");
  auto nested = dir.write("nested.yml",
                          "kafkastore:\n"
                          "  bootstrap.servers: [k1:9092, k2:9092]\n"
                          "  topic: _registry\n"
                          "schema:\n"
                          "  compatibility:\n"
                          "    level: FULL\n"
                          "tessera:\n"
                          "  http:\n"
                          "    threads: 3\n");
  auto a = load_ok(hermetic(flat));
  auto b = load_ok(hermetic(nested));
  for (const auto* s : {&a, &b}) {
    EXPECT_EQ(s->store, store_kind::kafka);
    EXPECT_EQ(s->kafkastore_bootstrap_servers, (std::vector<std::string>{"k1:9092", "k2:9092"}));
    EXPECT_EQ(s->kafkastore_topic, "_registry");
    EXPECT_EQ(s->compatibility, compatibility_level::full);
    EXPECT_EQ(s->http_threads, 3u);
  }
  EXPECT_EQ(a.raw(), b.raw());
}

TEST(Load, ConfluentPropertiesFileLoadsAsIs) {
  temp_dir dir;
  auto file = dir.write("schema-registry.properties",
                        "# Confluent's sample file\n"
                        "listeners=http://0.0.0.0:8081\n"
                        "kafkastore.bootstrap.servers=PLAINTEXT://localhost:9092\n"
                        "kafkastore.topic=_schemas\n"
                        "debug=false\n");
  auto s = load_ok(hermetic(file));
  EXPECT_EQ(s.kafkastore_bootstrap_servers, (std::vector<std::string>{"localhost:9092"}));
  EXPECT_EQ(s.store, store_kind::kafka);
  EXPECT_TRUE(s.warnings.empty());
  auto origin = s.origin("kafkastore.topic");
  ASSERT_TRUE(origin);
  EXPECT_EQ(origin->source, value_origin::layer::file);
  EXPECT_EQ(origin->where, "file " + file.string() + " line 4");
}

TEST(Load, UnknownExtensionTriesYamlThenProperties) {
  temp_dir dir;
  auto yaml = load_ok(hermetic(dir.write("sr.conf", "kafkastore:\n  topic: from_yaml\n")));
  EXPECT_EQ(yaml.kafkastore_topic, "from_yaml");
  EXPECT_TRUE(yaml.warnings.empty());

  auto props = load_ok(hermetic(dir.write("sr.cfg", "kafkastore.topic=from_props\nmode.mutability=false\n")));
  EXPECT_EQ(props.kafkastore_topic, "from_props");
  EXPECT_FALSE(props.mode_mutability);
  EXPECT_TRUE(has_warning(props, "read it as a Java properties file"));
}

TEST(Load, UnknownExtensionFailsClearlyWhenNeitherFormatParses) {
  temp_dir dir;
  auto msg = load_error(hermetic(dir.write("sr.conf", "a: [1\nb=\\u12\n")));
  EXPECT_NE(msg.find("is neither YAML"), std::string::npos) << msg;
  EXPECT_NE(msg.find("nor a Java properties file"), std::string::npos) << msg;
}

TEST(Load, YamlSyntaxErrorNamesTheFile) {
  temp_dir dir;
  auto file = dir.write("bad.yaml", "a: [1\n");
  auto r = load(hermetic(file));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error_code::bad_request);
  EXPECT_NE(r.error().message.find(file.string()), std::string::npos) << r.error().message;
}

TEST(Load, MissingFileIsAnError) {
  auto r = load(hermetic(std::filesystem::path("/nonexistent/tessera.yaml")));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error_code::internal);
  EXPECT_NE(r.error().message.find("/nonexistent/tessera.yaml"), std::string::npos);
}

TEST(Load, PrecedenceIsDefaultsFileEnvironmentOverrides) {
  temp_dir dir;
  auto file = dir.write("sr.yaml", "kafkastore.topic: from_file\nkafkastore.timeout.ms: 700\nmode.mutability: false\n");
  std::map<std::string, std::string> env{{"SCHEMA_REGISTRY_KAFKASTORE_TOPIC", "from_env"},
                                         {"SCHEMA_REGISTRY_KAFKASTORE_TIMEOUT_MS", "800"}};
  auto s = load_ok(hermetic(file, env, {{"kafkastore.topic", "from_override"}}));
  EXPECT_EQ(s.kafkastore_topic, "from_override");  // override beats environment and file
  EXPECT_EQ(s.kafkastore_timeout, 800ms);          // environment beats file
  EXPECT_FALSE(s.mode_mutability);                 // file beats default
  EXPECT_EQ(s.kafkastore_init_timeout, 60s);       // default
  EXPECT_EQ(s.origin("kafkastore.topic")->source, value_origin::layer::override_arg);
  EXPECT_EQ(s.origin("kafkastore.timeout.ms")->where, "environment variable SCHEMA_REGISTRY_KAFKASTORE_TIMEOUT_MS");
  EXPECT_EQ(s.origin("mode.mutability")->source, value_origin::layer::file);
}

TEST(Load, LaterOverridesWin) {
  auto s = load_ok(hermetic({}, {}, {{"kafkastore.topic", "first"}, {" kafkastore.topic ", " second "}}));
  EXPECT_EQ(s.kafkastore_topic, "second");
}

TEST(Load, ValuesAreTrimmed) {
  auto s = load_ok(hermetic({}, {{"SCHEMA_REGISTRY_KAFKASTORE_TIMEOUT_MS", " 900 "}}));
  EXPECT_EQ(s.kafkastore_timeout, 900ms);
  EXPECT_EQ(s.raw().at("kafkastore.timeout.ms"), "900");
}

TEST(Load, EnvironmentAloneConfiguresKafka) {
  auto s = load_ok(hermetic({}, {{"SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://broker:29092"},
                                 {"SCHEMA_REGISTRY_HOST_NAME", "schema-registry"},
                                 {"SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8085"},
                                 {"SCHEMA_REGISTRY_SCHEMA_REGISTRY_GROUP_ID", "sr-dc1"}}));
  EXPECT_EQ(s.store, store_kind::kafka);
  EXPECT_EQ(s.kafkastore_bootstrap_servers, (std::vector<std::string>{"broker:29092"}));
  EXPECT_EQ(s.host_name, "schema-registry");
  EXPECT_EQ(s.advertised_port, 8085);
  EXPECT_EQ(s.group_id, "sr-dc1");
  EXPECT_EQ(s.kafkastore_group_id, "schema-registry-schema-registry-8085");
}

TEST(Load, BadValueNamesKeyValueAndExpectation) {
  auto msg = load_error(hermetic({}, {}, {{"schema.compatibility.level", "fast"}}));
  EXPECT_EQ(msg.rfind("invalid value 'fast' for schema.compatibility.level: expected one of none, backward, "
                      "backward_transitive, forward, forward_transitive, full, full_transitive",
                      0),
            0u)
      << msg;
  EXPECT_NE(msg.find("[--override schema.compatibility.level]"), std::string::npos) << msg;
}

TEST(Load, BadValueFromEnvironmentNamesTheVariable) {
  auto msg = load_error(hermetic({}, {{"SCHEMA_REGISTRY_KAFKASTORE_TIMEOUT_MS", "soon"}}));
  EXPECT_NE(msg.find("invalid value 'soon' for kafkastore.timeout.ms: expected a duration"), std::string::npos) << msg;
  EXPECT_NE(msg.find("environment variable SCHEMA_REGISTRY_KAFKASTORE_TIMEOUT_MS"), std::string::npos) << msg;
}

TEST(Load, BadValueFromFileNamesFileAndLine) {
  temp_dir dir;
  auto file = dir.write("sr.yaml", "# c\nmode.mutability: maybe\n");
  auto msg = load_error(hermetic(file));
  EXPECT_NE(msg.find("invalid value 'maybe' for mode.mutability: expected true or false"), std::string::npos) << msg;
  EXPECT_NE(msg.find("file " + file.string() + " line 2"), std::string::npos) << msg;
}

// Every validator in the table rejects junk, and the message names the key.
TEST(Load, EveryValidatedPropertyRejectsJunkNamingTheKey) {
  int checked = 0;
  for (const auto& p : properties()) {
    const std::string junk = "not valid!";
    if (!p.validate.check(junk)) continue;  // free-form strings accept anything
    auto r = load(hermetic({}, {}, {{std::string(p.name), junk}}));
    ASSERT_FALSE(r) << p.name;
    EXPECT_NE(r.error().message.find("invalid value 'not valid!' for " + std::string(p.name) + ": expected "),
              std::string::npos)
        << r.error().message;
    ++checked;
  }
  EXPECT_GT(checked, 40);
}

TEST(Load, SeveralErrorsAreReportedTogether) {
  auto msg = load_error(
      hermetic({}, {}, {{"mode.mutability", "x"}, {"kafkastore.topic", "bad topic"}, {"tessera.nope", "1"}}));
  EXPECT_NE(msg.find("mode.mutability"), std::string::npos) << msg;
  EXPECT_NE(msg.find("kafkastore.topic"), std::string::npos) << msg;
  EXPECT_NE(msg.find("tessera.nope"), std::string::npos) << msg;
  EXPECT_EQ(std::count(msg.begin(), msg.end(), '\n'), 2) << msg;
}

TEST(Load, UnknownKeysWarnWithAHint) {
  auto s = load_ok(hermetic({}, {}, {{"schema.compatability.level", "full"}, {"totally.unknown", "1"}}));
  EXPECT_TRUE(has_warning(s, "unknown property 'schema.compatability.level' (--override schema.compatability.level) "
                             "is ignored; did you mean 'schema.compatibility.level'?"));
  EXPECT_TRUE(has_warning(s, "unknown property 'totally.unknown'"));
  auto upper = load_ok(hermetic({}, {}, {{"KAFKASTORE.TOPIC", "x"}}));
  EXPECT_TRUE(has_warning(upper, "did you mean 'kafkastore.topic'?"));
  EXPECT_EQ(s.compatibility, compatibility_level::backward);
  EXPECT_EQ(s.raw().at("totally.unknown"), "1");
}

TEST(Load, UnknownTesseraKeysAreErrors) {
  auto msg = load_error(hermetic({}, {{"SCHEMA_REGISTRY_TESSERA_DATA_DIRR", "/x"}}));
  EXPECT_NE(msg.find("unknown property 'tessera.data.dirr' (environment variable SCHEMA_REGISTRY_TESSERA_DATA_DIRR); "
                     "did you mean 'tessera.data.dir'?"),
            std::string::npos)
      << msg;
}

TEST(Load, KeysUnderKnownPrefixesDoNotWarn) {
  auto s = load_ok(hermetic({}, {}, {{"kafkastore.sasl.mechanism", "PLAIN"},
                                     {"kafkastore.topic.config.min.insync.replicas", "2"},
                                     {"ssl.keystore.location", "/ks.jks"},
                                     {"listener.name.internal.ssl.key.password", "x"}}));
  EXPECT_TRUE(s.warnings.empty()) << s.warnings.front();
}

TEST(Load, IgnoredConfluentKeysAreSilentButPluginKeysWarn) {
  auto quiet = load_ok(hermetic({}, {}, {{"debug", "true"}, {"schema.cache.size", "10"}, {"metrics.jmx.prefix", "x"}}));
  EXPECT_TRUE(quiet.warnings.empty());
  auto loud = load_ok(hermetic({}, {}, {{"resource.extension.class", "io.confluent.SecurityExtension"}}));
  EXPECT_TRUE(has_warning(loud, "'resource.extension.class' (--override resource.extension.class) has no effect"));
}

TEST(Load, AuthenticationOtherThanNoneRefusesToStart) {
  auto msg = load_error(hermetic({}, {}, {{"authentication.method", "BASIC"}}));
  EXPECT_NE(msg.find("invalid value 'BASIC' for authentication.method: expected one of NONE"), std::string::npos)
      << msg;
  EXPECT_TRUE(load(hermetic({}, {}, {{"authentication.method", "none"}})));
}

TEST(Load, Log4jRootLevelIsAFallbackForTheLogLevel) {
  auto s = load_ok(hermetic({}, {{"SCHEMA_REGISTRY_LOG4J_ROOT_LOGLEVEL", "WARN"}}));
  EXPECT_EQ(s.log, log_level::warn);
  EXPECT_EQ(s.origin("tessera.log.level")->where, "environment variable SCHEMA_REGISTRY_LOG4J_ROOT_LOGLEVEL");
  auto explicit_level = load_ok(hermetic({}, {{"SCHEMA_REGISTRY_LOG4J_ROOT_LOGLEVEL", "WARN"}},
                                         {{"tessera.log.level", "debug"}}));
  EXPECT_EQ(explicit_level.log, log_level::debug);
}

TEST(Load, ParseOverride) {
  auto a = parse_override("kafkastore.sasl.jaas.config=a=b");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->first, "kafkastore.sasl.jaas.config");
  EXPECT_EQ(a->second, "a=b");
  auto empty_value = parse_override(" key =");
  ASSERT_TRUE(empty_value);
  EXPECT_EQ(empty_value->first, "key");
  EXPECT_EQ(empty_value->second, "");
  EXPECT_FALSE(parse_override("novalue"));
  EXPECT_FALSE(parse_override("=value"));
}

TEST(Load, ProcessEnvironmentIsReadWhenNoneIsInjected) {
  ASSERT_EQ(::setenv("SCHEMA_REGISTRY_KAFKASTORE_TOPIC", "_from_process", 1), 0);
  load_options o;
  o.overrides = {};
  auto r = load(o);
  ::unsetenv("SCHEMA_REGISTRY_KAFKASTORE_TOPIC");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->kafkastore_topic, "_from_process");
}

}  // namespace
}  // namespace tessera::config
