// kafka_backend against librdkafka's built-in mock cluster (rdkafka_mock.h): the write and read
// paths, offsets, tombstones and error mapping, with no JVM. Topic creation and validation need
// a real broker (DescribeConfigs) and are covered by tests/kafka.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <array>
#include <memory>
#include <thread>

#include "kafkastore/kafka_backend.h"
#include "storage/records_json.h"

namespace tessera::kafkastore {
namespace {

using namespace std::chrono_literals;

constexpr int produce_api = 0;  // Kafka ApiKey of Produce

struct rd_kafka_deleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
struct mock_cluster_deleter {
  void operator()(rd_kafka_mock_cluster_t* mc) const { rd_kafka_mock_cluster_destroy(mc); }
};

/// A one-broker mock cluster holding a single-partition topic.
class mock_kafka {
 public:
  explicit mock_kafka(const std::string& topic) {
    std::array<char, 256> why{};
    handle_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), why.data(), why.size()));
    if (!handle_) throw std::runtime_error(why.data());
    cluster_.reset(rd_kafka_mock_cluster_new(handle_.get(), 1));
    if (!cluster_) throw std::runtime_error("cannot create the mock cluster");
    rd_kafka_mock_topic_create(cluster_.get(), topic.c_str(), 1, 1);
  }
  std::string bootstrap() const { return rd_kafka_mock_cluster_bootstraps(cluster_.get()); }
  rd_kafka_mock_cluster_t* get() { return cluster_.get(); }

 private:
  // The cluster belongs to the handle: declared second, destroyed first.
  std::unique_ptr<rd_kafka_t, rd_kafka_deleter> handle_;
  std::unique_ptr<rd_kafka_mock_cluster_t, mock_cluster_deleter> cluster_;
};

class KafkaBackendMock : public ::testing::Test {
 protected:
  kafka_options options(std::chrono::milliseconds timeout = 5000ms) {
    kafka_options o;
    o.bootstrap_servers = {mock_.bootstrap()};
    o.topic = topic_;
    o.skip_validation = true;  // the mock has no DescribeConfigs
    o.group_id = "tessera-test";
    o.timeout = timeout;
    o.init_timeout = 20000ms;
    return o;
  }

  /// Everything from `from` until `count` entries arrived (or 10 s passed).
  static std::vector<storage::log_entry> read_n(kafka_backend& b, storage::offset_t from, std::size_t count) {
    std::vector<storage::log_entry> all;
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (all.size() < count && std::chrono::steady_clock::now() < deadline) {
      auto batch = b.read(all.empty() ? from : all.back().offset + 1, 100, 500ms);
      if (!batch) ADD_FAILURE() << batch.error().message;
      if (!batch) break;
      all.insert(all.end(), batch->begin(), batch->end());
    }
    return all;
  }

  std::string topic_ = "_schemas";
  mock_kafka mock_{topic_};
};

storage::raw_record schema_record(int version) {
  return {R"({"keytype":"SCHEMA","subject":"s","version":)" + std::to_string(version) + R"(,"magic":1})",
          R"({"subject":"s","version":)" + std::to_string(version) +
              R"(,"id":1,"schemaType":"AVRO","schema":"\"string\"","deleted":false})"};
}

TEST_F(KafkaBackendMock, StartupWritesANoopAndReadsItBack) {
  auto b = kafka_backend::open(options());
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ((*b)->startup_noop_offset(), 0);
  auto end = (*b)->end_offset();
  ASSERT_TRUE(end) << end.error().message;
  EXPECT_EQ(*end, 1);
  auto entries = read_n(**b, 0, 1);
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].record.key, R"({"keytype":"NOOP","magic":0})");
  EXPECT_FALSE(entries[0].record.value.has_value());
}

TEST_F(KafkaBackendMock, AppendReturnsTheLastOffsetAndReadReturnsTheBytes) {
  auto b = kafka_backend::open(options());
  ASSERT_TRUE(b) << b.error().message;
  std::vector<storage::raw_record> records{schema_record(1), schema_record(2),
                                           {R"({"keytype":"SCHEMA","subject":"s","version":1,"magic":1})", std::nullopt}};
  auto offset = (*b)->append(records);
  ASSERT_TRUE(offset) << offset.error().message;
  EXPECT_EQ(*offset, 3);
  EXPECT_EQ(*(*b)->end_offset(), 4);

  auto entries = read_n(**b, 1, 3);
  ASSERT_EQ(entries.size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(entries[i].offset, static_cast<storage::offset_t>(i + 1));
    EXPECT_EQ(entries[i].record, records[i]);
    EXPECT_GT(entries[i].timestamp_ms, 0);
  }
  EXPECT_FALSE(entries[2].record.value.has_value()) << "a tombstone is a null value, not an empty one";
}

TEST_F(KafkaBackendMock, ReadingFromAnEarlierOffsetRewinds) {
  auto b = kafka_backend::open(options());
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_TRUE((*b)->append(std::vector{schema_record(1), schema_record(2)}));
  ASSERT_EQ(read_n(**b, 0, 3).size(), 3U);
  auto again = read_n(**b, 2, 1);
  ASSERT_EQ(again.size(), 1U);
  EXPECT_EQ(again[0].offset, 2);
  EXPECT_EQ(again[0].record, schema_record(2));
}

TEST_F(KafkaBackendMock, ReadWithNothingNewReturnsEmptyAfterTheWait) {
  auto b = kafka_backend::open(options());
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_EQ(read_n(**b, 0, 1).size(), 1U);
  auto started = std::chrono::steady_clock::now();
  auto batch = (*b)->read(1, 10, 300ms);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_TRUE(batch->empty());
  EXPECT_GE(std::chrono::steady_clock::now() - started, 250ms);
}

TEST_F(KafkaBackendMock, RecordTooLargeIsSchemaTooLarge) {
  auto b = kafka_backend::open(options());
  ASSERT_TRUE(b) << b.error().message;
  rd_kafka_mock_push_request_errors(mock_.get(), produce_api, 1, RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE);
  auto offset = (*b)->append(std::vector{schema_record(1)});
  ASSERT_FALSE(offset);
  EXPECT_EQ(offset.error().code, error_code::schema_too_large) << offset.error().message;
}

TEST_F(KafkaBackendMock, NoAcknowledgementInTimeIsAnAmbiguousTimeout) {
  auto b = kafka_backend::open(options(300ms));
  ASSERT_TRUE(b) << b.error().message;
  rd_kafka_mock_broker_set_rtt(mock_.get(), 1, 1500);
  auto offset = (*b)->append(std::vector{schema_record(1)});
  ASSERT_FALSE(offset);
  EXPECT_EQ(offset.error().code, error_code::operation_timeout) << offset.error().message;
  // The outcome was unknown, not negative: the record does land once the broker answers.
  rd_kafka_mock_broker_set_rtt(mock_.get(), 1, 0);
  auto entries = read_n(**b, 1, 1);
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].record, schema_record(1));
}

TEST_F(KafkaBackendMock, CloseFailsLaterCalls) {
  auto b = kafka_backend::open(options());
  ASSERT_TRUE(b) << b.error().message;
  (*b)->close();
  (*b)->close();  // idempotent
  EXPECT_EQ((*b)->append(std::vector{schema_record(1)}).error().code, error_code::store_error);
  EXPECT_FALSE((*b)->read(0, 1, 10ms));
  EXPECT_FALSE((*b)->end_offset());
}

TEST_F(KafkaBackendMock, UnreachableClusterFailsStartupNamingTheBrokers) {
  auto o = options();
  o.bootstrap_servers = {"127.0.0.1:1"};
  o.init_timeout = 1500ms;
  auto b = kafka_backend::open(o);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("127.0.0.1:1"), std::string::npos) << b.error().message;
}

}  // namespace
}  // namespace tessera::kafkastore
