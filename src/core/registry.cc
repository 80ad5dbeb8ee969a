#include "tessera/core/registry.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "storage/records_json.h"
#include "tessera/core/errors.h"

namespace tessera {

namespace {
constexpr std::size_t read_batch = 4096;
constexpr std::chrono::milliseconds read_wait{200};
}  // namespace

registry::registry(std::shared_ptr<storage::log_backend> log, registry_options options)
    : log_(std::move(log)), options_(options) {}

registry::~registry() { stop(); }

result<void> registry::start() {
  using clock = std::chrono::steady_clock;
  auto started = clock::now();
  auto end = log_->end_offset();
  if (!end) return end.error();
  start_offset_ = load_snapshot(*end);
  auto from = start_offset_;
  auto loaded = std::chrono::duration<double>(clock::now() - started).count();
  spdlog::info("replaying the schema log: offsets {} to {} ({} records at most)", from, *end,
               std::max<storage::offset_t>(*end - from, 0));
  auto replay_started = clock::now();
  reader_ = std::thread([this] { reader_loop(); });
  if (*end > from) {
    // Wait in slices so users watching the log see how far the replay got and how fast it goes.
    auto deadline = replay_started + options_.init_timeout;
    std::unique_lock lk(applied_mu_);
    for (;;) {
      auto slice = std::min(clock::now() + options_.progress_interval, deadline);
      bool done = applied_cv_.wait_until(lk, slice, [&] { return applied_ >= *end - 1 || stopping_ || reader_failure_; });
      if (reader_failure_) return errors::store_error(reader_failure_->message);
      if (stopping_ && applied_ < *end - 1) return errors::store_error("the registry is shutting down");
      if (done) break;
      auto secs = std::chrono::duration<double>(clock::now() - replay_started).count();
      auto n = records_read_.load();
      spdlog::info("replaying the schema log: {} records read, at offset {} of {}, {:.0f} records/s", n, applied_,
                   *end, secs > 0 ? n / secs : 0.0);
      if (clock::now() >= deadline) {
        return errors::write_timeout("the schema log replay did not reach offset " + std::to_string(*end - 1) +
                                     " within " + std::to_string(options_.init_timeout.count()) +
                                     " ms (kafkastore.init.timeout.ms)");
      }
    }
  }
  auto secs = std::chrono::duration<double>(clock::now() - replay_started).count();
  auto total = std::chrono::duration<double>(clock::now() - started).count();
  auto n = records_read_.load();
  {
    std::lock_guard lk(applied_mu_);
    ready_ = true;
  }
  spdlog::info("schema log replayed: {} records in {:.3f} s ({:.0f} records/s){}; ready after {:.3f} s", n, secs,
               secs > 0 ? n / secs : 0.0,
               from > 0 ? fmt::format(" after a snapshot up to offset {} loaded in {:.3f} s", from - 1, loaded) : "",
               total);
  if (!options_.snapshot_dir.empty()) snapshotter_ = std::thread([this] { snapshot_loop(); });
  return {};
}

void registry::stop() {
  bool was_ready = false;
  {
    std::lock_guard lk(applied_mu_);
    if (stopping_) return;
    stopping_ = true;
    was_ready = ready_;
  }
  log_->close();
  applied_cv_.notify_all();
  if (reader_.joinable()) reader_.join();
  if (snapshotter_.joinable()) snapshotter_.join();
  // A clean shutdown leaves a snapshot of everything applied, so the next start replays little.
  if (was_ready) {
    if (auto r = save_snapshot(); !r) spdlog::warn("snapshot at shutdown not written: {}", r.error().message);
  }
}

bool registry::ready() const {
  std::lock_guard lk(applied_mu_);
  return ready_;
}

storage::offset_t registry::applied_offset() const {
  std::lock_guard lk(applied_mu_);
  return applied_;
}

storage::log_identity registry::log_identity() const { return log_->identity(); }

void registry::reader_loop() {
  storage::offset_t next = start_offset_;
  for (;;) {
    {
      std::lock_guard lk(applied_mu_);
      if (stopping_) return;
    }
    auto batch = log_->read(next, read_batch, read_wait);
    if (!batch) {
      std::lock_guard lk(applied_mu_);
      if (stopping_) return;
      spdlog::error("schema log read failed: {}", batch.error().message);
      reader_failure_ = batch.error();
      applied_cv_.notify_all();
      return;
    }
    if (!batch->empty()) {
      std::unique_lock lk(state_mu_);
      for (const auto& entry : *batch) {
        auto decoded = storage::decode(entry.record);
        if (const auto* skipped = std::get_if<storage::skipped_record>(&decoded)) {
          spdlog::warn("skipping record at offset {} ({}): {}", entry.offset, to_string_view(skipped->kind),
                       skipped->reason);
          continue;
        }
        if (auto problem = state_.apply(std::move(std::get<storage::record>(decoded)), entry.timestamp_ms)) {
          spdlog::warn("record at offset {}: {}", entry.offset, *problem);
        }
      }
      // The snapshot records which log record its state ends with, to recognise the log later.
      state_offset_ = batch->back().offset;
      state_anchor_ = batch->back().record;
      records_read_ += batch->size();
      next = batch->back().offset + 1;
    }
    // Offsets that carry no record (Kafka transaction markers, such as the commit marker right
    // after a batch or at the end of the log) move the reader's position without a record: count
    // them as applied at once, or catch_up() would wait for them.
    bool moved = !batch->empty();
    if (auto position = log_->read_position(); position > next) {
      next = position;
      moved = true;
    }
    if (!moved) continue;
    {
      std::lock_guard lk(applied_mu_);
      applied_ = next - 1;
    }
    applied_cv_.notify_all();
  }
}

result<void> registry::wait_applied(storage::offset_t offset, std::chrono::milliseconds timeout) {
  std::unique_lock lk(applied_mu_);
  bool done = applied_cv_.wait_for(lk, timeout, [&] { return applied_ >= offset || stopping_ || reader_failure_; });
  if (reader_failure_) return errors::store_error(reader_failure_->message);
  if (stopping_ && applied_ < offset) return errors::store_error("the registry is shutting down");
  if (!done) {
    return errors::write_timeout("waiting for the schema log reader to apply offset " + std::to_string(offset));
  }
  return {};
}

result<void> registry::catch_up() {
  if (options_.before_write) {
    if (auto allowed = options_.before_write(); !allowed) return allowed.error();
  }
  return sync_with_log();
}

void registry::wait_writes_idle() { std::lock_guard write_lock(write_mu_); }

result<void> registry::sync_with_log() {
  auto end = log_->end_offset();
  if (!end) return end.error();
  if (*end == 0) return {};
  return wait_applied(*end - 1, options_.write_timeout);
}

result<storage::offset_t> registry::write(std::vector<storage::record> records) {
  std::vector<storage::raw_record> raw;
  raw.reserve(records.size());
  for (const auto& r : records) raw.push_back(storage::encode(r));
  auto offset = log_->append(raw);
  if (!offset) return offset.error();
  if (auto w = wait_applied(*offset, options_.write_timeout); !w) return w.error();
  return *offset;
}

}  // namespace tessera
