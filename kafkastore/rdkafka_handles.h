#pragma once
/// librdkafka held in RAII: every handle, message and metadata object is owned by a
/// std::unique_ptr, the consumer is closed before it is destroyed, and librdkafka's log and
/// error events go to spdlog. Callback objects must outlive the handles they are given to.

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "tessera/core/result.h"

namespace tessera::kafkastore {

/// Closes the consumer (no group to leave: it only assign()s) before deleting it.
struct consumer_deleter {
  void operator()(RdKafka::KafkaConsumer* consumer) const;
};

using conf_ptr = std::unique_ptr<RdKafka::Conf>;
using producer_ptr = std::unique_ptr<RdKafka::Producer>;
using consumer_ptr = std::unique_ptr<RdKafka::KafkaConsumer, consumer_deleter>;
using message_ptr = std::unique_ptr<RdKafka::Message>;
using metadata_ptr = std::unique_ptr<RdKafka::Metadata>;
using topic_partition_ptr = std::unique_ptr<RdKafka::TopicPartition>;

/// Routes librdkafka's log lines and error events of one handle to spdlog, and remembers
/// whether the handle hit a fatal error (an idempotent producer must then be replaced).
class event_logger final : public RdKafka::EventCb {
 public:
  /// `name` prefixes every line, e.g. "kafkastore producer".
  explicit event_logger(std::string name) : name_(std::move(name)) {}
  /// Called by librdkafka from poll()/consume().
  void event_cb(RdKafka::Event& event) override;
  /// True once librdkafka reported ERR__FATAL for the handle.
  bool fatal() const { return fatal_.load(); }
  /// Forgets a fatal error after the handle was replaced.
  void reset() { fatal_ = false; }

 private:
  std::string name_;
  std::atomic<bool> fatal_{false};
  std::mutex mu_;
  std::string last_error_;  ///< repeated identical errors are logged once per change
};

/// A global Conf with `props` set in order; an unknown or invalid property fails naming it.
result<conf_ptr> make_conf(const std::map<std::string, std::string>& props);

/// Sets the delivery report callback on `conf`, failing with librdkafka's reason.
result<void> set_callback(RdKafka::Conf& conf, RdKafka::DeliveryReportCb* cb);
/// Sets the event callback on `conf`.
result<void> set_callback(RdKafka::Conf& conf, RdKafka::EventCb* cb);

/// Creates a producer from `conf`.
result<producer_ptr> make_producer(const RdKafka::Conf& conf);
/// Creates a consumer from `conf` (which must hold group.id).
result<consumer_ptr> make_consumer(const RdKafka::Conf& conf);

/// Partition `partition` of `topic` at `offset`, owned.
topic_partition_ptr make_partition(const std::string& topic, int partition, std::int64_t offset);

}  // namespace tessera::kafkastore
