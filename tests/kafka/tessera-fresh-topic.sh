#!/usr/bin/env bash
# Runs $TESSERA_REAL_BINARY with a log topic of its own (kafkastore.topic=_schemas_<random>),
# so each tessera started by a test runner begins with an empty registry on a shared cluster.
set -euo pipefail
exec "${TESSERA_REAL_BINARY:?set TESSERA_REAL_BINARY}" "$@" \
  --override "kafkastore.topic=_schemas_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
