#!/usr/bin/env bash
# Installs what building and testing Tessera needs on Debian 12 (bookworm): the C++ toolchain
# and libraries from Debian, and the Python packages the black-box tests use. Idempotent: it
# installs only what is missing, so `make run` / `make test` can call it every time.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git python3 python3-pip
  libboost1.81-all-dev rapidjson-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libssl-dev
  libgtest-dev libgmock-dev librdkafka-dev libprotobuf-dev libprotoc-dev protobuf-compiler
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "${1:-}" = "--with-fuzz" ]; then
  # libFuzzer targets (tests/fuzz) build with clang; libFuzzer and the sanitizer runtimes are in
  # libclang-rt-14-dev on bookworm.
  fuzz_missing=()
  for p in clang libclang-rt-14-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || fuzz_missing+=("$p")
  done
  if ((${#fuzz_missing[@]})); then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${fuzz_missing[@]}"
  fi
fi

if [ "${1:-}" = "--with-test-tools" ]; then
  # The Kafka tests run Apache Kafka from Maven Central jars: they need a JDK and Maven.
  if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless maven
  fi
  here="$(cd "$(dirname "$0")/.." && pwd)"
  python3 -m pip install -q --disable-pip-version-check -r "$here/tests/requirements.txt"
fi
