// replay_bench: how fast a registry replays a log of N schema records, and how fast it starts
// from a snapshot. Prints one Markdown table row per measurement.
//
//   replay_bench --records N [--subjects S] [--store memory|file|kafka] [--dir DIR]
//                [--bootstrap HOST:PORT --topic T] [--client key=value]... [--snapshot]
//
// The log holds N SCHEMA records in Confluent's format (distinct Avro records, round-robin over
// S subjects). file and kafka logs are written once and reused when they already hold N
// records. With --snapshot, a snapshot is written after the full replay and a second registry
// starts from it (snapshot load + tail replay).

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "kafkastore/kafka_backend.h"
#include "storage/file_log_backend.h"
#include "storage/memory_backend.h"
#include "storage/records_json.h"
#include "tessera/core/registry.h"

namespace {

using namespace tessera;
using clock_type = std::chrono::steady_clock;

struct args {
  long records = 100000;
  long subjects = 1000;
  std::string store = "memory";
  std::filesystem::path dir = "/tmp/tessera-replay-bench";
  std::string bootstrap;
  std::string topic = "_schemas_bench";
  bool snapshot = false;
  std::map<std::string, std::string> client;  ///< extra Kafka client properties (--client k=v)
};

long rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

/// CPU seconds (user + system, all threads) used by the process so far. The machine may be
/// shared: records per CPU second says what the code costs, records per second what users see.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return sec(u.ru_utime) + sec(u.ru_stime);
}

double since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

storage::raw_record schema_record(long i, long subjects) {
  subject_version_entry v;
  v.subject = "bench-subject-" + std::to_string(i % subjects) + "-value";
  v.version = static_cast<schema_version>(i / subjects + 1);
  v.id = static_cast<schema_id>(i + 1);
  v.content.type = schema_type::avro;
  v.content.text = R"({"type":"record","name":"Rec)" + std::to_string(i) +
                   R"(","namespace":"com.example.bench","fields":[{"name":"id","type":"long"},)"
                   R"({"name":"name","type":"string"},{"name":"f)" + std::to_string(i) + R"(","type":"int"}]})";
  return storage::encode(storage::record{storage::schema_key(v.subject, v.version), v});
}

/// Appends records 0..n-1 in batches (only those the log does not hold yet).
bool fill(storage::log_backend& log, const args& a) {
  auto end = log.end_offset();
  if (!end) return false;
  // A Kafka log also holds startup NOOPs; a log that already has at least N records is reused.
  if (*end >= a.records) return true;
  // A fresh Kafka topic already holds the startup NOOPs of the opens so far.
  if (*end > 10) {
    std::cerr << "log holds " << *end << " records, fewer than " << a.records << ": use a fresh --dir/--topic\n";
    return false;
  }
  auto t = clock_type::now();
  constexpr long batch = 1000;
  std::vector<storage::raw_record> recs;
  for (long i = 0; i < a.records; i += batch) {
    recs.clear();
    for (long j = i; j < std::min(a.records, i + batch); ++j) recs.push_back(schema_record(j, a.subjects));
    auto r = log.append(recs);
    if (!r) {
      std::cerr << "append failed: " << r.error().message << "\n";
      return false;
    }
  }
  std::cerr << "wrote " << a.records << " records in " << since(t) << " s\n";
  return true;
}

result<std::shared_ptr<storage::log_backend>> open_log(const args& a, std::vector<storage::raw_record>* memory_init) {
  if (a.store == "memory") {
    return std::shared_ptr<storage::log_backend>(std::make_shared<storage::memory_backend>(*memory_init));
  }
  if (a.store == "file") {
    auto log = storage::file_log_backend::open({a.dir / "log", storage::fsync_policy::never()});
    if (!log) return log.error();
    return std::shared_ptr<storage::log_backend>(std::move(*log));
  }
  kafkastore::kafka_options o;
  o.bootstrap_servers = {a.bootstrap};
  o.topic = a.topic;
  o.replication_factor = 1;
  o.timeout = std::chrono::milliseconds(30000);
  o.client_properties = a.client;
  auto log = kafkastore::kafka_backend::open(o);
  if (!log) return log.error();
  return std::shared_ptr<storage::log_backend>(std::move(*log));
}

/// Opens the log and starts a registry on it; prints one table row.
bool measure(const args& a, const std::string& label, bool use_snapshot, std::vector<storage::raw_record>* init) {
  auto t = clock_type::now();
  auto log = open_log(a, init);
  if (!log) {
    std::cerr << "cannot open the log: " << log.error().message << "\n";
    return false;
  }
  double open_s = since(t);
  registry_options o;
  o.init_timeout = std::chrono::milliseconds(600000);
  if (use_snapshot) o.snapshot_dir = a.dir / "snapshot";
  auto reg = std::make_unique<registry>(*log, o);
  auto t2 = clock_type::now();
  double cpu0 = cpu_seconds();
  auto r = reg->start();
  double start_s = since(t2);
  double cpu_s = cpu_seconds() - cpu0;
  if (!r) {
    std::cerr << "start failed: " << r.error().message << "\n";
    return false;
  }
  auto end = (*log)->end_offset();
  long n = end ? static_cast<long>(*end) : -1;
  std::printf("| %s | %s | %ld | %.3f | %.3f | %.3f | %.0f | %.0f | %.1f |\n", a.store.c_str(), label.c_str(), n,
              open_s, start_s, cpu_s, start_s > 0 ? a.records / start_s : 0.0, cpu_s > 0 ? a.records / cpu_s : 0.0,
              rss_kb() / 1024.0);
  std::fflush(stdout);
  if (use_snapshot) {
    auto s = reg->save_snapshot();
    if (!s) std::cerr << "snapshot not written: " << s.error().message << "\n";
  }
  reg->stop();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  args a;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto v = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (k == "--records") a.records = std::stol(v());
    else if (k == "--subjects") a.subjects = std::stol(v());
    else if (k == "--store") a.store = v();
    else if (k == "--dir") a.dir = v();
    else if (k == "--bootstrap") a.bootstrap = v();
    else if (k == "--topic") a.topic = v();
    else if (k == "--snapshot") a.snapshot = true;
    else if (k == "--client") {
      auto kv = v();
      auto eq = kv.find('=');
      if (eq == std::string::npos) {
        std::cerr << "--client takes key=value\n";
        return 2;
      }
      a.client[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    else {
      std::cerr << "usage: replay_bench --records N [--subjects S] [--store memory|file|kafka] [--dir DIR] "
                   "[--bootstrap HOST:PORT --topic T] [--client key=value]... [--snapshot]\n";
      return 2;
    }
  }
  // Log lines (librdkafka warnings) go to stderr so stdout is only the table.
  spdlog::set_default_logger(spdlog::stderr_color_mt("replay_bench"));
  spdlog::set_level(spdlog::level::warn);
  std::vector<storage::raw_record> init;
  if (a.store == "memory") {
    init.reserve(static_cast<std::size_t>(a.records));
    for (long i = 0; i < a.records; ++i) init.push_back(schema_record(i, a.subjects));
  } else {
    auto log = open_log(a, nullptr);
    if (!log) {
      std::cerr << "cannot open the log: " << log.error().message << "\n";
      return 1;
    }
    if (!fill(**log, a)) return 1;
    (*log)->close();
  }
  std::filesystem::remove_all(a.dir / "snapshot");
  std::printf("| store | start | log end offset | open s | start s | start CPU s | records/s | records/CPU s | RSS MB |\n"
              "|---|---|---|---|---|---|---|---|---|\n");
  if (!measure(a, "full replay", a.snapshot, &init)) return 1;
  if (a.snapshot && !measure(a, "snapshot + tail", true, &init)) return 1;
  return 0;
}
