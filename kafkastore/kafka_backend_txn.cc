// The fenced write path of kafka_backend: one transaction per append through a producer whose
// transactional.id every primary shares, so becoming primary (init_transactions) revokes the
// previous primary's right to write, even if that node still believes it is primary.
#include <spdlog/spdlog.h>

#include <optional>

#include "kafkastore/kafka_backend.h"
#include "kafkastore/rdkafka_errors.h"
#include "tessera/core/errors.h"

namespace tessera::kafkastore {

namespace {

using clock = std::chrono::steady_clock;

/// Owns librdkafka's transactional error object; empty means success.
using txn_error = std::unique_ptr<RdKafka::Error>;

std::string describe(const txn_error& e) { return e->name() + ": " + e->str(); }

/// The broker rejected this producer because another one initialised the same transactional.id.
bool is_fenced(const txn_error& e) {
  return e->code() == RdKafka::ERR__FENCED || e->code() == RdKafka::ERR_PRODUCER_FENCED ||
         e->code() == RdKafka::ERR_INVALID_PRODUCER_EPOCH;
}

/// Asks `producer` for the topic's partition metadata. A new producer learns a topic's leader
/// only from its periodic metadata scan (up to a second after the first produce), and a new
/// primary's writer is always new: without this its first write waits for that scan.
void learn_topic(RdKafka::Producer& producer, const std::string& topic, std::chrono::milliseconds timeout) {
  std::string why;
  std::unique_ptr<RdKafka::Topic> handle(RdKafka::Topic::create(&producer, topic, nullptr, why));
  RdKafka::Metadata* raw = nullptr;
  auto err = handle ? producer.metadata(false, handle.get(), &raw, static_cast<int>(timeout.count()))
                    : RdKafka::ERR__INVALID_ARG;
  metadata_ptr md(raw);
  // Not fatal: the write still finds the leader later, only slower.
  if (err != RdKafka::ERR_NO_ERROR) {
    spdlog::warn("kafkastore: the new writer could not look up {} ({}); its first write may be slow", topic,
                 handle ? RdKafka::err2str(err) : why);
  }
}

}  // namespace

std::shared_ptr<RdKafka::Producer> kafka_backend::current_writer() {
  std::lock_guard lock(writer_mu_);
  return writer_;
}

bool kafka_backend::can_write() const {
  if (options_.transactional_id.empty()) return true;
  std::lock_guard lock(writer_mu_);
  return writer_ != nullptr;
}

result<std::shared_ptr<RdKafka::Producer>> kafka_backend::create_transactional_producer() {
  auto props = client_.properties;
  props.emplace("client.id", "tessera-kafkastore-writer-" + options_.topic);
  props.emplace("log.connection.close", "false");
  // Every append hands all its records (a whole registration group) to librdkafka at once and
  // waits for them: lingering for more (5 ms by default) only delayed each write by that much.
  props.emplace("linger.ms", "0");
  props["bootstrap.servers"] = bootstrap_;
  props["transactional.id"] = options_.transactional_id;
  props["enable.idempotence"] = "true";
  props["acks"] = "all";
  auto conf = make_conf(props);
  if (!conf) return conf.error();
  if (auto r = set_callback(**conf, &reporter_); !r) return r.error();
  if (auto r = set_callback(**conf, &writer_events_); !r) return r.error();
  auto producer = make_producer(**conf);
  if (!producer) return producer.error();
  return std::shared_ptr<RdKafka::Producer>(std::move(*producer));
}

result<std::shared_ptr<RdKafka::Producer>> kafka_backend::initialised_writer(std::chrono::milliseconds timeout,
                                                                              const std::string& purpose) {
  auto producer = create_transactional_producer();
  if (!producer) return producer.error();
  txn_error err((*producer)->init_transactions(static_cast<int>(timeout.count())));
  if (err) {
    return fail(error_code::store_error,
                purpose + " (transactional.id " + options_.transactional_id + "): " + describe(err));
  }
  return producer;
}

result<void> kafka_backend::fence() {
  if (options_.transactional_id.empty()) return {};
  if (closed_) return errors::store_error("the Kafka store is closed");
  std::lock_guard txn(txn_mu_);  // never while one of our own transactions is open
  relinquish();
  auto timeout = std::max(options_.init_timeout, std::chrono::milliseconds(1000));
  auto producer = initialised_writer(timeout, "becoming the only writer of " + options_.topic);
  if (!producer) return producer.error();
  learn_topic(**producer, options_.topic, timeout);
  std::lock_guard lock(writer_mu_);
  writer_events_.reset();
  writer_ = std::move(*producer);
  spdlog::info("kafkastore: this node is now the only writer of {} (transactional.id {})", options_.topic,
               options_.transactional_id);
  return {};
}

result<void> kafka_backend::abort_dangling_transaction(clock::time_point deadline) {
  std::lock_guard txn(txn_mu_);
  auto timeout = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()),
                          std::chrono::milliseconds(1000));
  // Initialising the producer is what aborts the transaction; the producer itself is not kept.
  auto producer = initialised_writer(timeout, "aborting the unfinished transaction on " + options_.topic);
  if (!producer) return producer.error();
  spdlog::info("kafkastore: the unfinished transaction on {} was aborted", options_.topic);
  return {};
}

void kafka_backend::relinquish() {
  std::shared_ptr<RdKafka::Producer> old;
  {
    std::lock_guard lock(writer_mu_);
    old = std::move(writer_);
  }
  // An open transaction of ours is aborted by the next primary's init_transactions anyway;
  // dropping the handle here only stops this node from starting new ones.
  if (old) spdlog::info("kafkastore: this node no longer writes to {}", options_.topic);
}

result<storage::offset_t> kafka_backend::append_transactional(std::span<const storage::raw_record> records) {
  std::lock_guard txn(txn_mu_);  // one transaction at a time, records contiguous
  auto writer = current_writer();
  if (!writer) {
    return fail(error_code::unknown_leader,
                "this node is not the primary: it may not write to " + options_.topic + " until it is elected");
  }
  // A transaction is several round trips (partition registration, produce, commit markers), the
  // first after a fence more still: kafkastore.timeout.ms (500 ms by default, sized for one
  // acknowledgement) would fail healthy writes, so it gets the registry's write budget.
  const auto budget = std::max(options_.timeout, std::chrono::milliseconds(10000));
  auto deadline = clock::now() + budget;
  // A fenced or fatally failed producer can never write again: drop it, so the next write
  // fences anew (write_permission) if this node is still the elected primary.
  auto drop_writer = [&] {
    std::lock_guard lock(writer_mu_);
    if (writer_ == writer) writer_.reset();
  };
  auto drop_if_dead = [&](const txn_error& e) {
    if (!is_fenced(e) && !e->is_fatal()) return false;
    drop_writer();
    spdlog::warn("kafkastore: this node was fenced off {} ({}); it stops writing until it is the primary again",
                 options_.topic, describe(e));
    return true;
  };
  auto give_up = [&](const txn_error& e, const std::string& step) -> error {
    if (drop_if_dead(e)) {
      return {error_code::store_error, "this node was fenced off " + options_.topic +
                                           " by a newer primary; the write was not applied (" + describe(e) + ")"};
    }
    return {error_code::store_error, step + " on " + options_.topic + " failed: " + describe(e)};
  };
  // Returns the abort's own failure, if any, so a fence discovered here is not missed. A writer
  // whose abort did not finish refuses every new transaction (librdkafka wants the same call
  // resumed): it is dropped too, so the next write fences afresh and the new producer's
  // InitProducerId settles the old transaction on the coordinator.
  auto abort_open = [&]() -> std::optional<error> {
    txn_error e(writer->abort_transaction(static_cast<int>(budget.count())));
    if (!e) return std::nullopt;
    spdlog::warn("kafkastore: aborting a failed transaction: {}", describe(e));
    if (is_fenced(e) || e->is_fatal()) return give_up(e, "aborting a transaction");
    drop_writer();
    return std::nullopt;
  };

  if (txn_error e(writer->begin_transaction()); e) return give_up(e, "beginning a transaction");
  auto id = enqueue(*writer, records, deadline);
  if (!id) {
    if (auto fenced = abort_open()) return *fenced;
    return id.error();
  }
  auto offset = await_delivery(*id, deadline, budget);
  if (!offset) {
    // Nothing is visible to read_committed readers until the commit: aborting makes the
    // failure clean, unless the abort itself fails (then the next primary aborts it).
    if (auto fenced = abort_open()) return *fenced;
    if (offset.error().code == error_code::operation_timeout) {
      return fail(error_code::operation_timeout, offset.error().message + "; the transaction was aborted");
    }
    return offset.error();
  }
  auto commit_timeout = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()),
                                 std::chrono::milliseconds(1000));
  txn_error e(writer->commit_transaction(static_cast<int>(commit_timeout.count())));
  if (!e) return *offset;
  if (e->txn_requires_abort()) {
    if (auto fenced = abort_open()) return *fenced;
    return fail(error_code::store_error, "committing the write to " + options_.topic +
                                             " failed and it was rolled back: " + describe(e));
  }
  if (is_fenced(e) || e->is_fatal()) return give_up(e, "committing a transaction");
  // Retriable (typically a timeout): the commit may still complete; the outcome is unknown.
  // The writer is stuck in that commit, so it is dropped as after an unfinished abort.
  drop_writer();
  return errors::write_timeout("committing the write to " + options_.topic + ": " + describe(e));
}

}  // namespace tessera::kafkastore
