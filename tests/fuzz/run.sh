#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/) and runs each for a short time, seeded
# from the shared test data. Fails on any crash, leak, timeout or out-of-memory, printing the
# reproducer. Usage: tests/fuzz/run.sh [seconds-per-target] [target...]
#   FUZZ_BUILD=dir   build directory (default <repo>/build-fuzz)
#   TESSERA_SHARED_DIR  shared data (default <repo>/../shared)
# Reproduce a failure: <build>/tests/fuzz/<target> <reproducer file>
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-45}"
shift || true
targets=("$@")
((${#targets[@]})) || targets=(fuzz_avro_schema fuzz_json_schema fuzz_protobuf_schema fuzz_schemas_record)
build="$(realpath -m "${FUZZ_BUILD:-$repo/build-fuzz}")"
shared="${TESSERA_SHARED_DIR:-$repo/../shared}"
jobs="${JOBS:-$(nproc)}"

command -v clang++ >/dev/null || { echo "clang++ not found: run docker/install-build-deps.sh --with-fuzz" >&2; exit 2; }
[ -d "$shared/vectors" ] || { echo "shared test data not found at $shared (set TESSERA_SHARED_DIR)" >&2; exit 2; }

# Only the fuzz targets and the libraries they link; the tests are not configured here.
CC=clang CXX=clang++ cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTESSERA_FUZZ=ON -DTESSERA_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target fuzz_targets

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$repo/tests/fuzz/ubsan.supp:${UBSAN_OPTIONS:-}"

failed=()
for t in "${targets[@]}"; do
  seeds="$build/fuzz-seeds/$t"
  corpus="$build/fuzz-corpus/$t"      # grows across local runs; CI starts empty
  artifacts="$build/fuzz-artifacts/$t"
  rm -rf "$seeds"
  mkdir -p "$corpus" "$artifacts"
  python3 "$repo/tests/fuzz/make_seeds.py" "$t" "$seeds" "$shared" "$repo"
  log="$build/fuzz-artifacts/$t.log"
  echo "== $t: ${seconds}s (log $log)"
  if "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len=16384 \
       -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "$seeds" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$log" | tail -2 || true
  else
    failed+=("$t")
    echo "!! $t failed; last lines of $log:"
    tail -60 "$log"
    for f in $(grep -oE "(Test unit written to|artifact_prefix.*; Test unit written to) [^ ]+" "$log" | awk '{print $NF}'); do
      echo "!! reproducer: $f   (run: $build/tests/fuzz/$t $f)"
    done
  fi
done

if ((${#failed[@]})); then
  echo "fuzzing failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzzing passed: ${targets[*]} (${seconds}s each)"
