#!/usr/bin/env bash
# Replay and snapshot figures for the closing note / bench/RESULTS.md:
# replay rate of N schema records from the memory, file and Kafka stores, startup with and
# without the snapshot, RSS after replay.
#
#   bench/replay.sh [BUILD_DIR] [N...]        (default: build, 100000)
#
# Builds replay_bench (TESSERA_BUILD_BENCH=ON), starts a throwaway Kafka broker with
# tests/kafka/kafka-cluster.sh, and prints Markdown tables. Each store and size gets a fresh log.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
build=${1:-$repo/build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000)

cmake -S "$repo" -B "$build" -DTESSERA_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target replay_bench -j2 >/dev/null
bench=$build/bench/replay_bench

work=$(mktemp -d /tmp/tessera-replay.XXXXXX)
cleanup() {
  "$repo/tests/kafka/kafka-cluster.sh" stop "$work/kafka" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
bootstrap=$("$repo/tests/kafka/kafka-cluster.sh" start "$work/kafka" --watch-pid $$ | tail -1)

echo "# Replay benchmark"
echo
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- commit: $(git -C "$repo" rev-parse --short HEAD), librdkafka $(pkg-config --modversion rdkafka), Kafka ${TESSERA_KAFKA_VERSION:-3.9.1} (1 broker, KRaft)"
echo "- command: bench/replay.sh $build ${sizes[*]}"
echo "- log: N SCHEMA records (distinct Avro records, 1000 subjects); 'open s' = opening the store"
echo "  (Kafka: metadata, topic check, startup NOOP); 'start s' = registry start (snapshot load + replay)."
echo "  RSS of the memory store includes the log itself."
for n in "${sizes[@]}"; do
  echo
  echo "## $n records"
  echo
  "$bench" --records "$n" --store memory --dir "$work/mem-$n" --snapshot
  "$bench" --records "$n" --store file --dir "$work/file-$n" --snapshot | tail -n +3
  "$bench" --records "$n" --store kafka --dir "$work/kafka-$n" --bootstrap "$bootstrap" \
    --topic "_schemas_bench_$n" --snapshot | tail -n +3
done
