#include "kafkastore/kafka_backend.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "kafkastore/rdkafka_errors.h"
#include "kafkastore/topic_admin.h"
#include "storage/records_json.h"
#include "tessera/core/errors.h"

namespace tessera::kafkastore {

namespace {

using clock = std::chrono::steady_clock;

/// Longest wait for the first metadata answer of one startup attempt.
constexpr std::chrono::milliseconds max_reach_time{15000};
/// How long the startup NOOP may stay unreadable before an open transaction is taken for a dead
/// writer's (see start()).
constexpr std::chrono::milliseconds dangling_transaction_wait{3000};

std::chrono::milliseconds left(clock::time_point deadline) {
  return std::max(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()),
                  std::chrono::milliseconds(1));
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

/// Sets `key` unless the user already chose a value.
void set_default(std::map<std::string, std::string>& props, const std::string& key, const std::string& value) {
  props.emplace(key, value);
}

/// Sets `key` to the value correctness depends on, saying so if the user asked for another.
void force(std::map<std::string, std::string>& props, const std::string& key, const std::string& value) {
  auto it = props.find(key);
  if (it != props.end() && it->second != value) {
    spdlog::warn("kafkastore.{}={} ignored: the Kafka store needs {}={}", key, it->second, key, value);
  }
  props[key] = value;
}

}  // namespace

kafka_backend::kafka_backend(kafka_options options) : options_(std::move(options)) {}

result<std::shared_ptr<kafka_backend>> kafka_backend::open(kafka_options options, bool* retriable) {
  std::shared_ptr<kafka_backend> backend(new kafka_backend(std::move(options)));
  auto r = backend->start();
  if (retriable != nullptr) *retriable = !r && !backend->startup_fatal_;
  if (!r) {
    auto e = r.error();
    e.message = "Kafka store (" + backend->bootstrap_ + ", topic " + backend->options_.topic + "): " + e.message;
    return e;
  }
  return backend;
}

kafka_backend::~kafka_backend() {
  close();
  if (auto w = current_writer()) w->flush(static_cast<int>(std::min<long long>(options_.timeout.count(), 2000)));
  // Flush what is still queued (timed-out writes that may yet land), briefly: the outcome was
  // already reported as unknown and the reader of the next start will see what landed.
  if (auto p = current_producer()) p->flush(static_cast<int>(std::min<long long>(options_.timeout.count(), 2000)));
  stopping_ = true;
  if (poller_.joinable()) poller_.join();
}

result<void> kafka_backend::start() {
  auto deadline = clock::now() + options_.init_timeout;
  bootstrap_ = join(options_.bootstrap_servers);
  // Configuration errors first: retrying cannot fix them.
  startup_fatal_ = true;
  if (bootstrap_.empty()) return fail(error_code::store_error, "kafkastore.bootstrap.servers is empty");
  auto translated = translate_client_properties(options_.client_properties);
  if (!translated) return translated.error();
  client_ = std::move(*translated);
  for (const auto& note : client_.notes) spdlog::info("{}", note);

  if (auto r = create_producer(); !r) return r;
  startup_fatal_ = false;
  poller_ = std::thread([this] { poll_loop(); });

  // Reaching the cluster gets its own, shorter bound, so an unreachable cluster is reported
  // (and retried by the caller) quickly rather than at the end of kafkastore.init.timeout.ms.
  spdlog::info("connecting to the Kafka cluster at {} (topic {})", bootstrap_, options_.topic);
  auto producer = current_producer();
  auto md = fetch_metadata(*producer, std::min(deadline, clock::now() + max_reach_time));
  if (!md) return fail(md.error().code, "cannot reach the Kafka cluster: " + md.error().message);
  auto brokers = (*md)->brokers()->size();
  cluster_id_ = producer->clusterid(static_cast<int>(left(deadline).count()));
  spdlog::info("Kafka cluster {} reached: {} live broker(s)", cluster_id_.empty() ? "(no id)" : cluster_id_, brokers);

  if (options_.skip_validation) {
    spdlog::info("kafkastore.topic.skip.validation=true: topic {} is neither created nor checked", options_.topic);
  } else {
    auto state = create_or_verify_topic(*producer, {options_.topic, options_.replication_factor, options_.topic_config},
                                        deadline);
    if (!state) {
      startup_fatal_ = is_rule_violation(state.error());
      return state.error();
    }
  }
  if (auto r = create_consumer(); !r) {
    startup_fatal_ = true;
    return r;
  }

  // Confluent's init: write a NOOP, then read it back, so both directions are proven to work
  // before the registry replays and serves.
  const storage::raw_record noop{storage::encode_key(storage::noop_key()), std::nullopt};
  auto offset = produce_and_wait(std::span(&noop, 1), left(deadline));
  if (!offset) return fail(offset.error().code, "writing the startup NOOP: " + offset.error().message);
  startup_noop_offset_ = *offset;
  // A primary killed in the middle of a write leaves its transaction open, and read_committed
  // readers (this one included) cannot pass it until it ends: the broker aborts it only after
  // its transaction timeout. A healthy transaction takes milliseconds, so a NOOP still unreadable
  // after a few seconds means a dead one: it is aborted by taking over the transactional.id.
  auto read = read_back(*offset, options_.transactional_id.empty()
                                     ? deadline
                                     : std::min(deadline, clock::now() + dangling_transaction_wait));
  if (!read && read.error().code == error_code::operation_timeout && !options_.transactional_id.empty()) {
    spdlog::warn("kafkastore: the startup NOOP at offset {} is not readable after {} ms: an unfinished transaction "
                 "(a primary that stopped in the middle of a write) holds {} back; aborting it",
                 *offset, dangling_transaction_wait.count(), options_.topic);
    if (auto r = abort_dangling_transaction(deadline); !r) return r;
    read = read_back(*offset, deadline);
  }
  if (!read) return read;
  spdlog::info("Kafka store ready: topic {}, startup NOOP at offset {}", options_.topic, *offset);
  return {};
}

result<void> kafka_backend::create_producer() {
  auto props = client_.properties;
  set_default(props, "client.id", "tessera-kafkastore-producer-" + options_.topic);
  set_default(props, "log.connection.close", "false");  // idle disconnects are not errors
  // Metadata requests for a missing topic must not create it with broker defaults.
  set_default(props, "allow.auto.create.topics", "false");
  set_default(props, "linger.ms", "0");  // see create_transactional_producer
  force(props, "bootstrap.servers", bootstrap_);
  force(props, "enable.idempotence", "true");
  force(props, "acks", "all");
  auto conf = make_conf(props);
  if (!conf) return conf.error();
  if (auto r = set_callback(**conf, &reporter_); !r) return r;
  if (auto r = set_callback(**conf, &producer_events_); !r) return r;
  auto producer = make_producer(**conf);
  if (!producer) return producer.error();
  std::lock_guard lock(producer_mu_);
  producer_ = std::shared_ptr<RdKafka::Producer>(std::move(*producer));
  return {};
}

result<void> kafka_backend::create_consumer() {
  auto props = client_.properties;
  // librdkafka warns about producer-only keys on a consumer; drop the ones we set ourselves.
  props.erase("acks");
  props.erase("enable.idempotence");
  set_default(props, "client.id", "KafkaStore-reader-" + options_.topic);
  set_default(props, "log.connection.close", "false");
  // A re-assign (startup read-back, then replay from 0 or from a snapshot) waits for the fetch
  // in flight at the old position, which the broker holds up to this long at the log end:
  // librdkafka's 500 ms made every start 0.5-1 s slower.
  set_default(props, "fetch.wait.max.ms", "100");
  // librdkafka stops fetching while its queue holds queued.min.messages (100000) and, before
  // 2.1, resumes only after about a second: a replay read 100k records, then sat idle until the
  // fetcher woke (1M records: 6.4 s, half of it idle; 20000 made it 32 s). Count is no
  // measure of memory anyway; queued.max.messages.kbytes (64 MB) still bounds the queue.
  set_default(props, "queued.min.messages", "10000000");
  force(props, "bootstrap.servers", bootstrap_);
  // Never used to commit (the reader assign()s), but librdkafka's consumer requires one.
  force(props, "group.id", options_.group_id.empty() ? std::string("schema-registry") : options_.group_id);
  force(props, "enable.auto.commit", "false");
  force(props, "enable.auto.offset.store", "false");
  force(props, "auto.offset.reset", "earliest");
  force(props, "enable.partition.eof", "false");
  // Only committed records are applied: a deposed primary's aborted transaction never counts.
  // Records of non-transactional producers (Confluent, Karapace) are committed by definition.
  force(props, "isolation.level", "read_committed");
  auto conf = make_conf(props);
  if (!conf) return conf.error();
  if (auto r = set_callback(**conf, &consumer_events_); !r) return r;
  auto consumer = make_consumer(**conf);
  if (!consumer) return consumer.error();
  consumer_ = std::move(*consumer);
  return {};
}

std::shared_ptr<RdKafka::Producer> kafka_backend::current_producer() {
  std::lock_guard lock(producer_mu_);
  return producer_;
}

void kafka_backend::poll_loop() {
  // Delivery reports and error events are served here, never on the appending threads, so an
  // appender that timed out leaves nothing behind to poll.
  // While a transactional writer exists every write goes through it, so the wait is on its
  // queue: poll() returns as soon as a report arrives. Waiting on the other producer instead
  // held each of the writer's reports back for up to 100 ms.
  while (!stopping_) {
    auto producer = current_producer();
    auto writer = current_writer();
    if (writer) {
      writer->poll(100);
      if (producer) producer->poll(0);
    } else if (producer) {
      producer->poll(100);
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

result<void> kafka_backend::replace_failed_producer() {
  std::shared_ptr<RdKafka::Producer> old;
  {
    std::lock_guard lock(producer_mu_);
    if (!producer_events_.fatal()) return {};  // another appender already replaced it
    std::string why;
    producer_->fatal_error(why);
    spdlog::error("kafkastore producer hit a fatal error ({}); replacing it", why);
    old = std::move(producer_);
  }
  old->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
  {
    // Writers still waiting on the old producer learn their outcome is unknown.
    std::lock_guard lock(pending_mu_);
    for (auto& [id, p] : pending_) {
      if (p.error == RdKafka::ERR_NO_ERROR) {
        p.error = RdKafka::ERR__FATAL;
        p.status = RdKafka::Message::MSG_STATUS_POSSIBLY_PERSISTED;
      }
      p.remaining = 0;
    }
    std::erase_if(pending_, [](const auto& kv) { return kv.second.abandoned; });
  }
  delivered_.notify_all();
  producer_events_.reset();
  return create_producer();
}

result<storage::offset_t> kafka_backend::append(std::span<const storage::raw_record> records) {
  if (closed_) return errors::store_error("the Kafka store is closed");
  if (records.empty()) return fail(error_code::internal, "append called with no records");
  if (!options_.transactional_id.empty()) return append_transactional(records);
  if (producer_events_.fatal()) {
    if (auto r = replace_failed_producer(); !r) return r.error();
  }
  return produce_and_wait(records, options_.timeout);
}

result<storage::offset_t> kafka_backend::produce_and_wait(std::span<const storage::raw_record> records,
                                                          std::chrono::milliseconds timeout) {
  auto deadline = clock::now() + timeout;
  result<std::uint64_t> id = fail(error_code::internal, "not queued");
  {
    std::lock_guard lock(producer_mu_);  // one append's records stay contiguous on the partition
    if (!producer_) return errors::store_error("the Kafka producer could not be recreated after a fatal error");
    id = enqueue(*producer_, records, deadline);
  }
  if (!id) return id.error();
  return await_delivery(*id, deadline, timeout);
}

result<std::uint64_t> kafka_backend::enqueue(RdKafka::Producer& producer, std::span<const storage::raw_record> records,
                                             clock::time_point deadline) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(pending_mu_);
    id = next_write_id_++;
    pending_[id].remaining = records.size();
  }
  // The id travels as librdkafka's per-message opaque pointer; no heap object to free later.
  void* opaque = reinterpret_cast<void*>(static_cast<std::uintptr_t>(id));
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    // RK_MSG_COPY: librdkafka copies the bytes and never writes through these pointers.
    void* payload = r.value ? const_cast<char*>(r.value->data()) : nullptr;
    std::size_t len = r.value ? r.value->size() : 0;
    RdKafka::ErrorCode err;
    while ((err = producer.produce(options_.topic, 0, RdKafka::Producer::RK_MSG_COPY, payload, len, r.key.data(),
                                   r.key.size(), 0, opaque)) == RdKafka::ERR__QUEUE_FULL &&
           clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the poll thread drains the queue
    }
    if (err == RdKafka::ERR_NO_ERROR) continue;
    std::lock_guard plock(pending_mu_);
    auto& p = pending_[id];
    p.remaining -= records.size() - i;
    if (i == 0) {
      pending_.erase(id);
      return write_error(err, RdKafka::Message::MSG_STATUS_NOT_PERSISTED, "queueing a record for " + options_.topic);
    }
    // Earlier records of this append are on their way: the outcome is partial and unknown.
    p.abandoned = true;
    if (p.remaining == 0) pending_.erase(id);
    return errors::write_timeout("only " + std::to_string(i) + " of " + std::to_string(records.size()) +
                                 " records could be queued for " + options_.topic + ": " + RdKafka::err2str(err));
  }
  return id;
}

result<storage::offset_t> kafka_backend::await_delivery(std::uint64_t id, clock::time_point deadline,
                                                        std::chrono::milliseconds timeout) {
  std::unique_lock lock(pending_mu_);
  delivered_.wait_until(lock, deadline, [&] { return pending_[id].remaining == 0 || closed_; });
  auto& p = pending_[id];
  if (p.remaining != 0) {
    p.abandoned = true;
    if (closed_) return errors::store_error("the Kafka store was closed while a write was in flight");
    return errors::write_timeout("no acknowledgement from Kafka for topic " + options_.topic + " within " +
                                 std::to_string(timeout.count()) + " ms (kafkastore.timeout.ms)");
  }
  auto done = p;
  pending_.erase(id);
  if (done.error != RdKafka::ERR_NO_ERROR) {
    // A later record may have been written after an earlier one failed: then it is ambiguous.
    auto status = done.last_offset >= 0 ? RdKafka::Message::MSG_STATUS_POSSIBLY_PERSISTED : done.status;
    return write_error(done.error, status, "writing to topic " + options_.topic);
  }
  return done.last_offset;
}

void kafka_backend::on_delivery(RdKafka::Message& message) {
  auto id = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(message.msg_opaque()));
  {
    std::lock_guard lock(pending_mu_);
    auto it = pending_.find(id);
    if (it == pending_.end() || it->second.remaining == 0) return;
    auto& p = it->second;
    if (message.err() != RdKafka::ERR_NO_ERROR) {
      if (p.error == RdKafka::ERR_NO_ERROR) {
        p.error = message.err();
        p.status = message.status();
      }
    } else {
      p.last_offset = std::max<storage::offset_t>(p.last_offset, message.offset());
    }
    if (--p.remaining == 0 && p.abandoned) {
      // The appender already answered 50002; say how it really ended, for operators.
      if (p.error == RdKafka::ERR_NO_ERROR) {
        spdlog::warn("a write that timed out was acknowledged later, up to offset {}", p.last_offset);
      } else {
        spdlog::warn("a write that timed out failed later: {}", RdKafka::err2str(p.error));
      }
      pending_.erase(it);
    }
  }
  delivered_.notify_all();
}

void kafka_backend::close() {
  {
    std::lock_guard lock(pending_mu_);
    if (closed_.exchange(true)) return;
  }
  delivered_.notify_all();
}

}  // namespace tessera::kafkastore
