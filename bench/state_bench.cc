// state_bench: the registry state alone, without a store or threads: how many heap bytes one
// schema costs once applied, and how fast records decode and apply. The figures are stable
// enough to compare two builds, and the tool is small enough to run under callgrind or massif.
//
//   state_bench --records N [--shape rss|replay] [--subjects S]
//
// Shapes: `rss` is bench.py's Memory phase (each schema a distinct Avro record under its own
// subject, version 1); `replay` is replay_bench's log (distinct Avro records round-robin over S
// subjects). Heap bytes come from mallinfo2() (in-use bytes, malloc's own chunk overhead
// included), taken before and after the apply, with the encoded log already built.
// Under `valgrind --tool=callgrind --instr-atstart=no` only the decode+apply loop is measured.

#include <malloc.h>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "storage/records_json.h"
#include "tessera/core/registry_state.h"

namespace {

using namespace tessera;

std::size_t heap_in_use() {
  auto m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

storage::raw_record rss_record(long i) {
  // bench.py's produce_schemas(): subject rss-<id>, version 1.
  subject_version_entry v;
  v.subject = "rss-" + std::to_string(i);
  v.version = 1;
  v.id = static_cast<schema_id>(i);
  v.content.text = R"({"type":"record","name":"Rss)" + std::to_string(i) +
                   R"(","namespace":"bench","fields":[{"name":"id","type":"long"},{"name":"f)" + std::to_string(i) +
                   R"(","type":"string"},{"name":"note","type":["null","string"],"default":null}]})";
  return storage::encode(storage::record{storage::schema_key(v.subject, v.version), v});
}

storage::raw_record replay_record(long i, long subjects) {
  // replay_bench's schema_record().
  subject_version_entry v;
  v.subject = "bench-subject-" + std::to_string(i % subjects) + "-value";
  v.version = static_cast<schema_version>(i / subjects + 1);
  v.id = static_cast<schema_id>(i + 1);
  v.content.text = R"({"type":"record","name":"Rec)" + std::to_string(i) +
                   R"(","namespace":"com.example.bench","fields":[{"name":"id","type":"long"},)"
                   R"({"name":"name","type":"string"},{"name":"f)" + std::to_string(i) + R"(","type":"int"}]})";
  return storage::encode(storage::record{storage::schema_key(v.subject, v.version), v});
}

}  // namespace

int main(int argc, char** argv) {
  long records = 100000;
  long subjects = 1000;
  std::string shape = "rss";
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto v = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (k == "--records") records = std::stol(v());
    else if (k == "--subjects") subjects = std::stol(v());
    else if (k == "--shape") shape = v();
    else {
      std::cerr << "usage: state_bench --records N [--shape rss|replay] [--subjects S]\n";
      return 2;
    }
  }
  if (shape != "rss" && shape != "replay") {
    std::cerr << "unknown shape " << shape << "\n";
    return 2;
  }
  std::vector<storage::raw_record> log;
  log.reserve(static_cast<std::size_t>(records));
  std::size_t text_bytes = 0;
  for (long i = 1; i <= records; ++i) {
    log.push_back(shape == "rss" ? rss_record(i) : replay_record(i - 1, subjects));
    text_bytes += log.back().value->size();
  }
  auto state = std::make_unique<registry_state>();
  auto before = heap_in_use();
  auto t = std::chrono::steady_clock::now();
  std::size_t problems = 0;
  CALLGRIND_START_INSTRUMENTATION;
  for (const auto& r : log) {
    auto decoded = storage::decode(r);
    auto* rec = std::get_if<storage::record>(&decoded);
    if (rec == nullptr || state->apply(std::move(*rec), 1)) ++problems;
  }
  CALLGRIND_STOP_INSTRUMENTATION;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  auto after = heap_in_use();
  std::printf("shape %s, %ld records (%.0f value bytes each): %.0f heap bytes per schema, %.0f records/s%s\n",
              shape.c_str(), records, static_cast<double>(text_bytes) / records,
              static_cast<double>(after - before) / records, records / secs,
              problems ? (", " + std::to_string(problems) + " problems").c_str() : "");
  return problems ? 1 : 0;
}
