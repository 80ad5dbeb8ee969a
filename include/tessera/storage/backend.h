#pragma once
/// The storage interface: a log of Confluent-format records. Every backend (memory, local file,
/// Kafka, SQL, Cassandra) implements it; the log reader turns it into registry state.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "tessera/core/result.h"
#include "tessera/storage/record.h"

namespace tessera::storage {

using offset_t = std::int64_t;

/// Which log a backend serves, as far as it can tell: a snapshot of the state is only valid for
/// the same log, and GET /v1/metadata/id reports the Kafka cluster id. Empty fields are unknown.
struct log_identity {
  std::string kind;        ///< "kafka", "file", "memory", ...
  std::string cluster_id;  ///< Kafka cluster id
  std::string topic;       ///< Kafka topic, or the local log's path
  std::string topic_id;    ///< Kafka topic UUID when the client exposes it
  bool operator==(const log_identity&) const = default;
};

struct log_entry {
  offset_t offset = 0;
  std::int64_t timestamp_ms = 0;
  raw_record record;
};

class log_backend {
 public:
  virtual ~log_backend() = default;

  /// Appends the records in order as one unit and returns the offset of the last one. When this
  /// returns, the records are as durable as the backend's policy promises. Errors: 50001
  /// (store error), 50002 (timeout; the outcome is unknown).
  virtual result<offset_t> append(std::span<const raw_record> records) = 0;

  /// Up to `max` entries with offset >= `from`, in order, waiting up to `wait` for the first one.
  /// An empty vector means nothing new arrived in time. Offsets may have gaps.
  virtual result<std::vector<log_entry>> read(offset_t from, std::size_t max,
                                              std::chrono::milliseconds wait) = 0;

  /// The offset the next appended record will get; a reader that has applied everything below
  /// it is caught up.
  virtual result<offset_t> end_offset() = 0;

  /// Where the reader stands: every offset below it has been read, including offsets that held
  /// nothing for the reader (Kafka transaction markers), so a log ending in such an offset still
  /// counts as read to the end. -1 when read() results say it all. Called by the reading thread.
  virtual offset_t read_position() { return -1; }
  /// Wakes blocked readers and refuses further calls; idempotent.
  virtual void close() = 0;

  /// The identity of the log this backend serves.
  virtual log_identity identity() const = 0;
};

}  // namespace tessera::storage
