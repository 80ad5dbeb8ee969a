// Value parsers and validators, table-driven: {validator, value, accepted}.

#include "config/validators.h"

#include <gtest/gtest.h>

#include <ostream>

namespace tessera::config {
namespace {

using namespace std::chrono_literals;

struct validator_case {
  const char* label;
  validator check;
  std::string value;
  bool accepted;
};

// Readable test names in failure output instead of gtest's byte dump.
void PrintTo(const validator_case& c, std::ostream* os) { *os << c.label << "('" << c.value << "')"; }

class ValidatorCases : public testing::TestWithParam<validator_case> {};

TEST_P(ValidatorCases, AcceptsOrRejects) {
  const auto& c = GetParam();
  EXPECT_EQ(!c.check.check(c.value).has_value(), c.accepted) << c.label << " '" << c.value << "'";
}

namespace v = validators;

const validator_case validator_cases[] = {
    {"boolean", v::boolean(), "true", true},
    {"boolean", v::boolean(), "FALSE", true},
    {"boolean", v::boolean(), " True ", true},
    {"boolean", v::boolean(), "yes", false},
    {"boolean", v::boolean(), "1", false},
    {"boolean", v::boolean(), "", false},
    {"integer", v::integer(0, 10), "0", true},
    {"integer", v::integer(0, 10), "+10", true},
    {"integer", v::integer(0, 10), "11", false},
    {"integer", v::integer(0, 10), "-1", false},
    {"integer", v::integer(0, 10), "1.5", false},
    {"integer", v::integer(0, 10), "+-1", false},
    {"integer", v::integer(0, 10), "99999999999999999999", false},
    {"integer", v::integer(0, 10), "", false},
    {"duration", v::duration(1ms, 1h), "500", true},
    {"duration", v::duration(1ms, 1h), "30s", true},
    {"duration", v::duration(1ms, 1h), "5m", true},
    {"duration", v::duration(1ms, 1h), "1h", true},
    {"duration", v::duration(1ms, 1h), "250ms", true},
    {"duration", v::duration(1ms, 1h), "2h", false},
    {"duration", v::duration(1ms, 1h), "0", false},
    {"duration", v::duration(1ms, 1h), "fast", false},
    {"duration", v::duration(1ms, 1h), "10 parsecs", false},
    {"size", v::size_bytes(1024, 1ULL << 31), "16MiB", true},
    {"size", v::size_bytes(1024, 1ULL << 31), "1024", true},
    {"size", v::size_bytes(1024, 1ULL << 31), "2GiB", true},
    {"size", v::size_bytes(1024, 1ULL << 31), "3GiB", false},
    {"size", v::size_bytes(1024, 1ULL << 31), "1000", false},
    {"size", v::size_bytes(1024, 1ULL << 31), "16MB", false},
    {"size", v::size_bytes(1024, 1ULL << 31), "-5", false},
    {"one_of", v::one_of({"http", "https"}), "HTTPS", true},
    {"one_of", v::one_of({"http", "https"}), "ftp", false},
    {"compatibility", v::compatibility(), "full_transitive", true},
    {"compatibility", v::compatibility(), "BACKWARD", true},
    {"compatibility", v::compatibility(), "fast", false},
    {"log_level", v::log_level(), "WARN", true},
    {"log_level", v::log_level(), "fatal", true},
    {"log_level", v::log_level(), "verbose", false},
    {"fsync", v::fsync(), "always", true},
    {"fsync", v::fsync(), "never", true},
    {"fsync", v::fsync(), "interval:100", true},
    {"fsync", v::fsync(), "interval:1s", true},
    {"fsync", v::fsync(), "interval:0", false},
    {"fsync", v::fsync(), "interval:", false},
    {"fsync", v::fsync(), "sometimes", false},
    {"listeners", v::listener_list(), "http://0.0.0.0:8081", true},
    {"listeners", v::listener_list(), "http://a:1, https://b.example.com:8443/", true},
    {"listeners", v::listener_list(), "http://[::]:8081", true},
    {"listeners", v::listener_list(), "http://:8081", true},
    {"listeners", v::listener_list(), "INTERNAL://host:9000", true},
    {"listeners", v::listener_list(), "http://host", false},
    {"listeners", v::listener_list(), "host:8081", false},
    {"listeners", v::listener_list(), "http://host:99999", false},
    {"listeners", v::listener_list(), "http://host:80/path", false},
    {"listeners", v::listener_list(), "http://ho st:80", false},
    {"listeners", v::listener_list(), "http://[::1:80", false},
    {"protocol_map", v::protocol_map(), "INTERNAL:http,EXTERNAL:https", true},
    {"protocol_map", v::protocol_map(), "INTERNAL:ftp", false},
    {"protocol_map", v::protocol_map(), "INTERNAL", false},
    {"bootstrap", v::bootstrap_servers(), "k1:9092,SASL_SSL://k2:9093", true},
    {"bootstrap", v::bootstrap_servers(), "", true},
    {"bootstrap", v::bootstrap_servers(), "k1", false},
    {"bootstrap", v::bootstrap_servers(), ":9092", false},
    {"topic", v::kafka_topic_name(), "_schemas", true},
    {"topic", v::kafka_topic_name(), "my.topic-1", true},
    {"topic", v::kafka_topic_name(), "", false},
    {"topic", v::kafka_topic_name(), "..", false},
    {"topic", v::kafka_topic_name(), "bad topic", false},
    {"topic", v::kafka_topic_name(), std::string(250, 'a'), false},
    {"headers", v::header_names(), "X-Trace-Id, traceparent", true},
    {"headers", v::header_names(), "Bad Header", false},
    {"non_empty", v::non_empty_string(), "x", true},
    {"non_empty", v::non_empty_string(), "  ", false},
    {"or_empty", v::or_empty(v::integer(1, 2)), "", true},
    {"or_empty", v::or_empty(v::integer(1, 2)), "3", false},
};

INSTANTIATE_TEST_SUITE_P(Table, ValidatorCases, testing::ValuesIn(validator_cases));

TEST(Validators, ExpectedTextDescribesTheRule) {
  EXPECT_EQ(validators::integer(0, 10).expected, "an integer in [0, 10]");
  EXPECT_EQ(validators::one_of({"a", "b"}).expected, "one of a, b");
  EXPECT_EQ(validators::or_empty(validators::boolean()).expected, "empty or true or false");
}

TEST(Validators, ListenerErrorsExplainTheProblem) {
  auto detail = validators::listener_list().check("http://host:99999");
  ASSERT_TRUE(detail);
  EXPECT_NE(detail->find("port must be a number in [0, 65535]"), std::string::npos) << *detail;
}

TEST(Parsers, Durations) {
  EXPECT_EQ(parse_duration("500"), 500ms);
  EXPECT_EQ(parse_duration("30s"), 30s);
  EXPECT_EQ(parse_duration(" 2 m "), 2min);
  EXPECT_EQ(parse_duration("1h"), 1h);
  EXPECT_EQ(parse_duration("1d"), std::nullopt);
  EXPECT_EQ(parse_duration("9223372036854775807h"), std::nullopt);
}

TEST(Parsers, Sizes) {
  EXPECT_EQ(parse_size("16MiB"), 16u << 20);
  EXPECT_EQ(parse_size("64kib"), 64u << 10);
  EXPECT_EQ(parse_size("7"), 7u);
}

TEST(Parsers, Lists) {
  EXPECT_EQ(split_list(" a , b,,c "), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(split_list("").empty());
  EXPECT_TRUE(split_list(" , ").empty());
}

TEST(Parsers, Fsync) {
  auto p = parse_fsync("interval:250ms");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->mode, fsync_policy::kind::interval);
  EXPECT_EQ(p->interval, 250ms);
  EXPECT_EQ(p->to_string(), "interval:250");
  EXPECT_EQ(parse_fsync("NEVER")->mode, fsync_policy::kind::never);
}

TEST(Parsers, Listeners) {
  auto l = parse_listener("HTTPS://Example.com:8443/", {});
  ASSERT_TRUE(l);
  EXPECT_EQ(l->scheme, "https");
  EXPECT_EQ(l->host, "Example.com");
  EXPECT_EQ(l->port, 8443);
  EXPECT_EQ(l->name, "");
  auto v6 = parse_listener("http://[::1]:8081", {});
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->url(), "http://[::1]:8081");
  auto any = parse_listener("http://:8081", {});
  ASSERT_TRUE(any);
  EXPECT_EQ(any->host, "0.0.0.0");
}

TEST(Parsers, NamedListenersUseTheProtocolMap) {
  auto map = parse_protocol_map("internal:HTTPS");
  ASSERT_TRUE(map);
  auto l = parse_listener("Internal://10.0.0.1:9000", *map);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->name, "INTERNAL");
  EXPECT_EQ(l->scheme, "https");
  EXPECT_FALSE(parse_listener("OTHER://10.0.0.1:9000", *map));
}

TEST(Parsers, BootstrapServers) {
  auto b = parse_bootstrap_server("sasl_ssl://k1:9093");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->first, "SASL_SSL");
  EXPECT_EQ(b->second, "k1:9093");
  auto plain = parse_bootstrap_server("[::1]:9092");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->first, "");
  EXPECT_EQ(plain->second, "[::1]:9092");
}

}  // namespace
}  // namespace tessera::config
