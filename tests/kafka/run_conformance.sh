#!/usr/bin/env bash
# Replays the recorded HTTP conformance scenarios against tessera on a real Kafka broker:
# starts a throwaway cluster, runs tests/http_conformance/run.py with tessera.store=kafka, stops
# the cluster. Every scenario gets a fresh log topic (through tessera-fresh-topic.sh), the
# equivalent of the runner's fresh data dir per scenario.
#
#   run_conformance.sh TESSERA_BINARY [run.py options...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=$(readlink -f "${1:?tessera binary}"); shift
work=$(mktemp -d "${TMPDIR:-/tmp}/tessera-kafka-conformance.XXXXXX")
trap '"${here}/kafka-cluster.sh" stop "${work}/kafka" >/dev/null 2>&1 || true; rm -rf "${work}"' EXIT
bootstrap=$("${here}/kafka-cluster.sh" start "${work}/kafka" --watch-pid $$)
TESSERA_REAL_BINARY="${binary}" python3 "${here}/../http_conformance/run.py" \
  --tessera "${here}/tessera-fresh-topic.sh" \
  --store file \
  --override tessera.store=kafka \
  --override "kafkastore.bootstrap.servers=${bootstrap}" \
  "$@"
