#pragma once
/// The production log backend: the single-partition, compacted `_schemas` topic, read and
/// written exactly as Confluent Schema Registry does (spec/confluent-internals.md §2.10-2.11).
///
/// Write path: records go to partition 0 through an idempotent producer with acks=all; append()
/// returns when every record is acknowledged (offset of the last one) or fails after
/// kafkastore.timeout.ms with 50002, since an unacknowledged record may still be written later.
/// Read path: a consumer that assign()s partition 0 (never subscribes, never commits) and
/// returns the records with their real offsets and timestamps; compaction leaves offset gaps.
/// Startup: create or verify the topic, then write a NOOP and read it back, as Confluent's
/// KafkaStore#init does, so a node that cannot write or cannot read fails at once.
///
/// Fencing (kafka_options::transactional_id set, as when nodes elect a primary): data records go
/// only through a transactional producer that fence() initialises. init_transactions bumps the
/// producer epoch of that transactional.id on the broker, so a deposed primary's producer is
/// rejected from then on and its open transaction is aborted; the reader uses read_committed, so
/// nothing such a node wrote after losing the role is ever applied anywhere (docs/design/election.md).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "kafkastore/client_config.h"
#include "kafkastore/kafka_options.h"
#include "kafkastore/rdkafka_handles.h"
#include "tessera/storage/backend.h"

namespace tessera::kafkastore {

class kafka_backend final : public storage::log_backend {
 public:
  /// Connects, creates or verifies the topic, writes the startup NOOP and reads it back, all
  /// within kafkastore.init.timeout.ms. Errors name the broker list and the step that failed.
  /// `retriable` (if given) tells whether trying again may help: false for configuration errors
  /// and a topic that breaks Confluent's rules, true for an unreachable or slow cluster.
  static result<std::shared_ptr<kafka_backend>> open(kafka_options options, bool* retriable = nullptr);

  ~kafka_backend() override;
  kafka_backend(const kafka_backend&) = delete;
  kafka_backend& operator=(const kafka_backend&) = delete;

  /// Produces the records in order to partition 0 and waits for all acknowledgements.
  result<storage::offset_t> append(std::span<const storage::raw_record> records) override;
  /// Consumes from `from`; called by one reader thread at a time.
  result<std::vector<storage::log_entry>> read(storage::offset_t from, std::size_t max,
                                               std::chrono::milliseconds wait) override;
  /// The consumer's position: past transaction markers, which are never returned as records.
  storage::offset_t read_position() override;
  /// The partition's high watermark, asked of the leader.
  result<storage::offset_t> end_offset() override;
  /// Fails later calls and wakes waiting writers; the handles live until destruction.
  void close() override;
  /// Kind "kafka", the cluster id and the topic name. librdkafka 2.0.2 does not expose topic
  /// ids, so `topic_id` stays empty (a snapshot is also checked against the record at its offset).
  storage::log_identity identity() const override { return {"kafka", cluster_id_, options_.topic, ""}; }

  /// Makes this node the topic's only data writer: (re)creates the transactional producer and
  /// initialises it, which fences every older producer with the same transactional.id. No-op
  /// without a transactional_id.
  result<void> fence();
  /// Stops writing data until the next fence(); appends fail with 50001 meanwhile.
  void relinquish();
  /// True while appends may be written (always without a transactional_id).
  bool can_write() const;

  /// The Kafka cluster id (for GET /v1/metadata/id); empty if the cluster did not say.
  const std::string& cluster_id() const { return cluster_id_; }
  /// Offset of the NOOP written at startup.
  storage::offset_t startup_noop_offset() const { return startup_noop_offset_; }

 private:
  /// Delivery reports of one append: the first error and the highest acknowledged offset.
  struct pending_write {
    std::size_t remaining = 0;
    storage::offset_t last_offset = -1;
    RdKafka::ErrorCode error = RdKafka::ERR_NO_ERROR;
    RdKafka::Message::Status status = RdKafka::Message::MSG_STATUS_PERSISTED;
    bool abandoned = false;  ///< the appender timed out and left; log the late outcome
  };

  /// Forwards librdkafka's delivery reports to the backend.
  class delivery_reporter final : public RdKafka::DeliveryReportCb {
   public:
    explicit delivery_reporter(kafka_backend& owner) : owner_(owner) {}
    void dr_cb(RdKafka::Message& message) override { owner_.on_delivery(message); }

   private:
    kafka_backend& owner_;
  };

  explicit kafka_backend(kafka_options options);

  result<void> start();
  result<void> create_producer();
  result<void> create_consumer();
  result<void> replace_failed_producer();
  result<storage::offset_t> produce_and_wait(std::span<const storage::raw_record> records,
                                             std::chrono::milliseconds timeout);
  /// Queues the records on `producer` (caller keeps them contiguous); returns the pending id.
  result<std::uint64_t> enqueue(RdKafka::Producer& producer, std::span<const storage::raw_record> records,
                                std::chrono::steady_clock::time_point deadline);
  /// Waits for the delivery reports of one enqueue(); the offset of its last record.
  result<storage::offset_t> await_delivery(std::uint64_t id, std::chrono::steady_clock::time_point deadline,
                                           std::chrono::milliseconds timeout);
  /// append() through the fenced transactional producer (kafka_backend_txn.cc).
  result<storage::offset_t> append_transactional(std::span<const storage::raw_record> records);
  result<std::shared_ptr<RdKafka::Producer>> create_transactional_producer();
  /// A transactional producer after init_transactions, which fences every older producer of the
  /// transactional.id and ends its open transaction; failures name `purpose`. Caller holds txn_mu_.
  result<std::shared_ptr<RdKafka::Producer>> initialised_writer(std::chrono::milliseconds timeout,
                                                                const std::string& purpose);
  /// Ends whatever transaction a dead writer left open, by initialising (and dropping) a
  /// producer with the shared transactional.id; a live primary's next write fences anew.
  result<void> abort_dangling_transaction(std::chrono::steady_clock::time_point deadline);
  result<void> read_back(storage::offset_t offset, std::chrono::steady_clock::time_point deadline);
  result<void> assign_at(storage::offset_t offset);
  void on_delivery(RdKafka::Message& message);
  void poll_loop();
  std::shared_ptr<RdKafka::Producer> current_producer();
  std::shared_ptr<RdKafka::Producer> current_writer();

  kafka_options options_;
  client_config client_;
  std::string bootstrap_;
  std::string cluster_id_;
  storage::offset_t startup_noop_offset_ = -1;
  bool startup_fatal_ = false;  ///< start() failed in a way retrying cannot fix

  // Callback objects outlive the handles that point to them (declared first, destroyed last).
  delivery_reporter reporter_{*this};
  event_logger producer_events_{"kafkastore producer"};
  event_logger consumer_events_{"kafkastore reader"};
  event_logger writer_events_{"kafkastore primary writer"};

  std::mutex producer_mu_;  ///< guards producer_ swaps and keeps one append's records contiguous
  std::shared_ptr<RdKafka::Producer> producer_;
  std::mutex txn_mu_;  ///< one transaction (or fence) at a time; never held by the poll thread
  /// The transactional producer while this node is the fenced writer.
  mutable std::mutex writer_mu_;
  std::shared_ptr<RdKafka::Producer> writer_;
  consumer_ptr consumer_;
  storage::offset_t next_read_ = -1;  ///< where the assigned consumer stands; reader thread only
  std::string last_read_error_;       ///< repeated reader errors are logged once; reader thread only
  std::size_t read_bytes_since_trim_ = 0;  ///< record bytes consumed since the last trim; reader thread only

  std::mutex pending_mu_;
  std::condition_variable delivered_;
  std::unordered_map<std::uint64_t, pending_write> pending_;
  std::uint64_t next_write_id_ = 1;

  std::atomic<bool> closed_{false};
  std::atomic<bool> stopping_{false};
  std::thread poller_;
};

}  // namespace tessera::kafkastore
