// The read side of kafka_backend: the assigned consumer, the startup read-back and the high
// watermark. Kept apart from the write path, which has its own locking story.
#include <spdlog/spdlog.h>

#include <malloc.h>

#include <algorithm>

#include "kafkastore/kafka_backend.h"
#include "kafkastore/rdkafka_errors.h"
#include "storage/records_json.h"
#include "tessera/core/errors.h"

namespace tessera::kafkastore {

namespace {

using clock = std::chrono::steady_clock;

/// Longest single consume() call: close() is noticed quickly, and a transaction marker that
/// moved the position (read_position()) is reported within 10 ms, not after a whole wait (every
/// fenced write's catch-up waits for the previous write's marker).
constexpr std::chrono::milliseconds consume_slice{10};

/// Record bytes read after which a drained fetch queue gives freed memory back to the system.
constexpr std::size_t trim_after_bytes = 32u << 20;

/// librdkafka prefetches up to queued.max.messages.kbytes (64 MB by default) on its broker
/// thread while the reader replays. Freed, those buffers stay in that thread's malloc arena,
/// pinned by a few live allocations, and counted in RSS for good: 60 MB after replaying 100k
/// schemas, a third of the process. malloc_trim() returns their pages. A smaller queue would
/// avoid them but makes librdkafka 2.0 back off between fetches (a 100k replay went from 0.6 s
/// to 6 s at 4 MB).
void give_back_freed_memory() {
#ifdef __GLIBC__
  ::malloc_trim(0);
#endif
}

storage::log_entry to_entry(const RdKafka::Message& m) {
  storage::log_entry e;
  e.offset = m.offset();
  e.timestamp_ms = m.timestamp().timestamp;
  if (m.key_pointer() != nullptr) {
    e.record.key.assign(static_cast<const char*>(m.key_pointer()), m.key_len());
  }
  if (m.payload() != nullptr) {
    e.record.value.emplace(static_cast<const char*>(m.payload()), m.len());
  }
  return e;
}

/// Errors a reader cannot wait out: it would only spin on them.
bool is_fatal_read_error(RdKafka::ErrorCode code) {
  return code == RdKafka::ERR__FATAL || code == RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED ||
         code == RdKafka::ERR_CLUSTER_AUTHORIZATION_FAILED;
}

}  // namespace

result<void> kafka_backend::assign_at(storage::offset_t offset) {
  // unassign() first: messages fetched for the old position must not leak into the new one.
  consumer_->unassign();
  auto tp = make_partition(options_.topic, 0, offset);
  std::vector<RdKafka::TopicPartition*> parts{tp.get()};
  if (auto err = consumer_->assign(parts); err != RdKafka::ERR_NO_ERROR) {
    return call_error(err, "assigning " + options_.topic + "/0 at offset " + std::to_string(offset));
  }
  next_read_ = offset;
  return {};
}

result<void> kafka_backend::read_back(storage::offset_t offset, clock::time_point deadline) {
  if (auto r = assign_at(offset); !r) return r;
  const auto expected_key = storage::encode_key(storage::noop_key());
  while (clock::now() < deadline) {
    auto batch = read(offset, 1, std::min(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()),
                                          std::chrono::milliseconds(1000)));
    if (!batch) return batch.error();
    if (batch->empty()) continue;
    const auto& e = batch->front();
    if (e.offset != offset || e.record.key != expected_key || e.record.value) {
      return fail(error_code::store_error, "reading back the startup NOOP at offset " + std::to_string(offset) +
                                               " found another record at offset " + std::to_string(e.offset));
    }
    return {};
  }
  return fail(error_code::operation_timeout, "the startup NOOP written at offset " + std::to_string(offset) +
                                                 " could not be read back within kafkastore.init.timeout.ms");
}

result<std::vector<storage::log_entry>> kafka_backend::read(storage::offset_t from, std::size_t max,
                                                            std::chrono::milliseconds wait) {
  if (closed_) return errors::store_error("the Kafka store is closed");
  from = std::max<storage::offset_t>(from, 0);
  if (from != next_read_) {
    if (auto r = assign_at(from); !r) return r.error();
  }
  std::vector<storage::log_entry> out;
  auto deadline = clock::now() + wait;
  while (out.size() < max) {
    auto now = clock::now();
    // Block only for the first record; after that take what is already fetched.
    auto slice = out.empty() ? std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now),
                                          std::chrono::milliseconds(0), consume_slice)
                             : std::chrono::milliseconds(0);
    message_ptr msg(consumer_->consume(static_cast<int>(slice.count())));
    if (closed_) return errors::store_error("the Kafka store is closed");
    auto err = msg->err();
    if (err == RdKafka::ERR_NO_ERROR) {
      if (msg->offset() < from) continue;  // a leftover of an earlier position
      out.push_back(to_entry(*msg));
      read_bytes_since_trim_ += msg->len() + msg->key_len();
      next_read_ = msg->offset() + 1;
      continue;
    }
    if (err != RdKafka::ERR__TIMED_OUT && err != RdKafka::ERR__PARTITION_EOF) {
      if (is_fatal_read_error(err)) return call_error(err, "reading " + options_.topic);
      // Brokers restarting, leaders moving: librdkafka reconnects and refetches by itself.
      std::string text = RdKafka::err2str(err) + ": " + msg->errstr();
      if (text != last_read_error_) {
        spdlog::warn("kafkastore reader: {} (retrying)", text);
        last_read_error_ = std::move(text);
      }
    }
    if (!out.empty() || clock::now() >= deadline) break;
    // Transaction markers move the position without yielding a record: return at once so
    // the caller sees it (read_position()) instead of waiting out the whole `wait`.
    if (read_position() > from) break;
  }
  if (!out.empty()) last_read_error_.clear();
  // Caught up (the fetch queue is drained) after a large read: the replay's prefetch buffers
  // are all freed now.
  if (out.size() < max && read_bytes_since_trim_ >= trim_after_bytes) {
    read_bytes_since_trim_ = 0;
    give_back_freed_memory();
  }
  return out;
}

storage::offset_t kafka_backend::read_position() {
  if (closed_ || !consumer_) return -1;
  auto tp = make_partition(options_.topic, 0, RdKafka::Topic::OFFSET_INVALID);
  std::vector<RdKafka::TopicPartition*> parts{tp.get()};
  if (consumer_->position(parts) != RdKafka::ERR_NO_ERROR || tp->err() != RdKafka::ERR_NO_ERROR) return -1;
  return std::max<storage::offset_t>(tp->offset(), next_read_);
}

result<storage::offset_t> kafka_backend::end_offset() {
  if (closed_) return errors::store_error("the Kafka store is closed");
  // A ListOffsets round trip to the leader (timestamp -1 = "latest" = the high watermark), so
  // "caught up" means caught up with the cluster, not with what this consumer last fetched.
  // Not query_watermark_offsets(): before librdkafka 2.3.0 it ignores its timeout and blocks
  // until the leader is back when the broker is down (librdkafka #2588, fixed by #4460).
  // At least 1 s: a read-only query, and a failure fails the caller's whole operation.
  auto timeout = std::max(options_.timeout, std::chrono::milliseconds(1000));
  // Asked through the producer's connections: the reader's connection to the leader is usually
  // parked in a long-poll Fetch (fetch.wait.max.ms), and a broker answers one request per
  // connection at a time, so asking there costs up to 500 ms on every write.
  auto producer = current_producer();
  if (!producer) return errors::store_error("the Kafka producer could not be recreated after a fatal error");
  auto tp = make_partition(options_.topic, 0, RdKafka::Topic::OFFSET_END);
  std::vector<RdKafka::TopicPartition*> parts{tp.get()};
  auto err = producer->offsetsForTimes(parts, static_cast<int>(timeout.count()));
  if (err == RdKafka::ERR_NO_ERROR) err = tp->err();
  if (err != RdKafka::ERR_NO_ERROR) return call_error(err, "asking the end offset of " + options_.topic);
  if (tp->offset() < 0) return fail(error_code::store_error, "the end offset of " + options_.topic + " is unknown");
  return tp->offset();
}

}  // namespace tessera::kafkastore
