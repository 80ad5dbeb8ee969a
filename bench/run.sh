#!/usr/bin/env bash
# Tessera's benchmark, in one command:   bench/run.sh [--quick] [bench.py options]
#
# Installs what it needs (Debian: wrk, nginx-light; PyPI: Karapace, the newest release that
# installs on this Python; Go module proxy: AxonOps Schema Registry), builds Tessera if needed,
# then runs bench/bench.py, which starts one Kafka broker and every server, measures, stops them
# and writes bench/RESULTS.md. Set BENCH_SKIP_INSTALL=1 to use what is already installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
tools="${BENCH_TOOLS_DIR:-${HOME}/.cache/tessera/bench}"
mkdir -p "$tools"
log() { echo "[run.sh] $*" >&2; }

# Newest first; the first one pip can install on this interpreter wins. Karapace is not on
# PyPI as of this writing (no release of any version), so this normally finds nothing; see README.
KARAPACE_VERSIONS="${KARAPACE_VERSIONS:-5.0.3 4.1.1 4.0.1 3.15.0 3.4.6}"
AXONOPS_MODULE=github.com/axonops/axonops-schema-registry
AXONOPS_VERSION="${AXONOPS_VERSION:-v0.2.1}"  # newest version the Go module proxy serves here

install_debian() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v taskset >/dev/null || missing+=(util-linux)
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || missing+=(maven)
  python3 -c "import confluent_kafka" 2>/dev/null || pip install -q -r "$repo/tests/requirements.txt" >&2
  if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
}

install_karapace() {
  local venv="$tools/karapace-venv"
  if [[ -x "$venv/bin/karapace" ]]; then
    "$venv/bin/pip" show karapace 2>/dev/null | sed -n 's/^Version: //p'
    return
  fi
  python3 -m venv "$venv" >&2
  for v in $KARAPACE_VERSIONS; do
    if "$venv/bin/pip" install -q "karapace==$v" >&2 2>/dev/null; then
      echo "$v"
      return
    fi
    log "karapace==$v does not install here"
  done
}

install_axonops() {
  local bin="$tools/axonops-$AXONOPS_VERSION/schema-registry"
  if [[ ! -x "$bin" ]] && command -v go >/dev/null; then
    # `go install module@version` asks the proxy for the version list, which it refuses for this
    # module; a throwaway module that requires the exact version builds from the proxy instead.
    local mod="$tools/axonops-mod"
    rm -rf "$mod" && mkdir -p "$mod" "$(dirname "$bin")"
    printf 'module benchpeer\n\ngo 1.24\n' >"$mod/go.mod"
    log "building AxonOps Schema Registry $AXONOPS_VERSION from the Go module proxy"
    (cd "$mod" && go get "$AXONOPS_MODULE/cmd/schema-registry@$AXONOPS_VERSION" >&2 &&
      go build -o "$bin" "$AXONOPS_MODULE/cmd/schema-registry" >&2) || log "AxonOps build failed; skipped"
  fi
  [[ -x "$bin" ]] && echo "$bin" || true
}

karapace_version=""
axonops_bin=""
if [[ "${BENCH_SKIP_INSTALL:-0}" != 1 ]]; then
  install_debian
  karapace_version="$(install_karapace || true)"
  axonops_bin="$(install_axonops || true)"
else
  [[ -x "$tools/axonops-$AXONOPS_VERSION/schema-registry" ]] && axonops_bin="$tools/axonops-$AXONOPS_VERSION/schema-registry"
fi
[[ -n "$karapace_version" ]] && export PATH="$tools/karapace-venv/bin:$PATH"

if [[ ! -x "$repo/build/src/tessera" ]]; then
  log "building Tessera (RelWithDebInfo)"
  cmake -S "$repo" -B "$repo/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
fi
cmake --build "$repo/build" --target tessera -j "$(nproc)" >&2

exec python3 "$here/bench.py" --tessera "$repo/build/src/tessera" \
  --axonops "$axonops_bin" --axonops-version "$AXONOPS_MODULE $AXONOPS_VERSION (memory backend)" \
  --karapace-version "${karapace_version:+karapace $karapace_version}" \
  --command-line "bench/run.sh $*" "$@"
