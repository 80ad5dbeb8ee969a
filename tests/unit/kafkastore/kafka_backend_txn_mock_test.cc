// The fenced (transactional) write path of kafka_backend against librdkafka's mock cluster:
// a primary's first write right after it fenced the previous writer, and the pace of writes.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <array>
#include <iostream>
#include <chrono>
#include <memory>

#include "kafkastore/kafka_backend.h"

namespace tessera::kafkastore {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

struct rd_kafka_deleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
struct mock_cluster_deleter {
  void operator()(rd_kafka_mock_cluster_t* mc) const { rd_kafka_mock_cluster_destroy(mc); }
};

class KafkaBackendTxnMock : public ::testing::Test {
 protected:
  KafkaBackendTxnMock() {
    std::array<char, 256> why{};
    handle_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), why.data(), why.size()));
    if (!handle_) throw std::runtime_error(why.data());
    cluster_.reset(rd_kafka_mock_cluster_new(handle_.get(), 1));
    if (!cluster_) throw std::runtime_error("cannot create the mock cluster");
    rd_kafka_mock_topic_create(cluster_.get(), "_schemas", 1, 1);
  }

  /// Confluent's default kafkastore.timeout.ms, and fencing on.
  kafka_options options() {
    kafka_options o;
    o.bootstrap_servers = {rd_kafka_mock_cluster_bootstraps(cluster_.get())};
    o.topic = "_schemas";
    o.skip_validation = true;  // the mock has no DescribeConfigs
    o.group_id = "tessera-test";
    o.timeout = 500ms;
    o.init_timeout = 20000ms;
    o.transactional_id = "schema-registry-_schemas-writer";
    return o;
  }

  std::unique_ptr<rd_kafka_t, rd_kafka_deleter> handle_;
  std::unique_ptr<rd_kafka_mock_cluster_t, mock_cluster_deleter> cluster_;
};

storage::raw_record schema_record(int version) {
  return {R"({"keytype":"SCHEMA","subject":"s","version":)" + std::to_string(version) + R"(,"magic":1})",
          R"({"subject":"s","version":)" + std::to_string(version) +
              R"(,"id":1,"schemaType":"AVRO","schema":"\"string\"","deleted":false})"};
}

long long ms_since(clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - start).count();
}

TEST_F(KafkaBackendTxnMock, FirstWriteAfterFencingIsNotHeldBack) {
  // A freshly fenced writer is a new producer that knows nothing of the topic yet; its first
  // write must not wait for librdkafka's periodic metadata scan (about a second), which every
  // new primary's first write would otherwise pay.
  auto b = kafka_backend::open(options());
  ASSERT_TRUE(b) << b.error().message;
  for (int term = 1; term <= 3; ++term) {
    ASSERT_TRUE((*b)->fence()) << "term " << term;
    auto start = clock::now();
    auto offset = (*b)->append(std::vector{schema_record(term)});
    ASSERT_TRUE(offset) << "term " << term << ": " << offset.error().message;
    EXPECT_LT(ms_since(start), 400) << "term " << term;
  }
}

TEST_F(KafkaBackendTxnMock, TransactionalWritesAreNotPacedByThePollLoop) {
  // Delivery reports of the writer are served as they arrive, not once per poll of the other
  // producer (100 ms), which would bound a primary to about ten writes a second.
  auto b = kafka_backend::open(options());
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_TRUE((*b)->fence());
  ASSERT_TRUE((*b)->append(std::vector{schema_record(0)}));
  constexpr int writes = 20;
  auto start = clock::now();
  for (int i = 1; i <= writes; ++i) {
    auto offset = (*b)->append(std::vector{schema_record(i)});
    ASSERT_TRUE(offset) << i << ": " << offset.error().message;
  }
  auto per_write = ms_since(start) / writes;
  EXPECT_LT(per_write, 60) << "average ms per write";
  std::cout << "average transactional write: " << per_write << " ms\n";
}

TEST_F(KafkaBackendTxnMock, AWriterWhoseTransactionCouldNotBeEndedIsDropped) {
  // A write that times out is aborted; when the abort times out too (the broker is slow or
  // gone), librdkafka refuses every new transaction until that abort is resumed. The writer
  // is dropped instead, so the next write fences afresh (write_permission: can_write() false),
  // and the new producer's InitProducerId settles the old transaction on the coordinator.
  // Slow by nature: a transaction gets 10 s, and so does its abort.
  auto b = kafka_backend::open(options());
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_TRUE((*b)->fence());
  ASSERT_TRUE((*b)->append(std::vector{schema_record(1)}));
  rd_kafka_mock_broker_set_rtt(cluster_.get(), 1, 11000);
  auto slow = (*b)->append(std::vector{schema_record(2)});
  ASSERT_FALSE(slow);
  rd_kafka_mock_broker_set_rtt(cluster_.get(), 1, 0);
  EXPECT_FALSE((*b)->can_write()) << "the stuck writer was kept";
  ASSERT_TRUE((*b)->fence());
  auto next = (*b)->append(std::vector{schema_record(3)});
  ASSERT_TRUE(next) << next.error().message;
}

}  // namespace
}  // namespace tessera::kafkastore
