#!/usr/bin/env bash
# Runs throwaway Apache Kafka clusters (KRaft, combined controller+broker nodes) on 127.0.0.1
# for Tessera's Kafka tests, and Kafka's MirrorMaker 2 between them. The jars come from Maven
# Central through `mvn`; no Docker, no other download. Each cluster lives in its own work dir,
# so several can run at once.
#
#   kafka-cluster.sh fetch  [--version V] [--mirror]      resolve the jars into the cache only
#   kafka-cluster.sh start  DIR [--brokers 1|3] [--version V] [--node N] [--watch-pid PID]
#   kafka-cluster.sh stop   DIR [--node N] [--kill]
#   kafka-cluster.sh status DIR
#   kafka-cluster.sh bootstrap DIR                        print host:port,... of the brokers
#   kafka-cluster.sh mirror-start DIR --config FILE [--version V] [--watch-pid PID]
#   kafka-cluster.sh mirror-stop  DIR [--kill]
#
# `start` prints the bootstrap address on stdout (everything else goes to stderr). Starting a DIR
# that already holds a cluster restarts it with the same ports and data (broker-restart tests);
# `--node N` starts or stops one node only. `--watch-pid PID` stops the cluster (or MirrorMaker)
# when PID exits, so a test runner killed by a timeout leaves no JVM behind.
# `mirror-start` runs org.apache.kafka.connect.mirror.MirrorMaker (MirrorMaker 2, dedicated
# mode) with the mm2.properties FILE and its logs in DIR, and returns once it has started.
#
# Environment:
#   TESSERA_KAFKA_VERSION   Kafka version when --version is absent (default 3.9.1; 4.x works too)
#   TESSERA_KAFKA_CACHE     jar cache root (default ~/.cache/tessera); broker jars go to
#                           <root>/kafka-<version>/lib, MirrorMaker 2's to .../mirror-lib
#   TESSERA_KAFKA_HEAP      JVM heap flags per node (default "-Xms128m -Xmx512m")
#   TESSERA_KAFKA_START_TIMEOUT  seconds to wait for readiness (default 120)
set -euo pipefail

DEFAULT_VERSION="${TESSERA_KAFKA_VERSION:-3.9.1}"
CACHE_ROOT="${TESSERA_KAFKA_CACHE:-${HOME}/.cache/tessera}"
HEAP="${TESSERA_KAFKA_HEAP:--Xms128m -Xmx512m}"
START_TIMEOUT="${TESSERA_KAFKA_START_TIMEOUT:-120}"

die() { echo "kafka-cluster: $*" >&2; exit 1; }
log() { echo "kafka-cluster: $*" >&2; }

usage() { sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

major_of() { echo "${1%%.*}"; }

# --- jars ------------------------------------------------------------------------------------

# A logging binding: Kafka 3.x logs through slf4j + reload4j, 4.x through log4j2; neither
# binding is a compile dependency of Kafka's artifacts, so name it or the JVM logs nothing.
logging_dependency() {
  if (( $(major_of "$1") >= 4 )); then
    echo '<dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>2.24.3</version></dependency>'
  else
    echo '<dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>'
  fi
}

# resolve_jars VERSION SUBDIR ARTIFACT: resolves org.apache.kafka:ARTIFACT:VERSION and its
# run-time dependencies into <cache>/kafka-VERSION/SUBDIR (once) and prints that dir.
resolve_jars() {
  local version=$1 subdir=$2 artifact=$3
  local dir="${CACHE_ROOT}/kafka-${version}"
  local lib="${dir}/${subdir}"
  if [[ -f "${lib}/.complete" ]]; then
    echo "${lib}"
    return
  fi
  command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
  command -v java >/dev/null || die "java not found (apt-get install openjdk-17-jre-headless)"
  mkdir -p "${dir}"
  local pom="${dir}/pom-${subdir}.xml"
  cat >"${pom}" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>tessera.test</groupId>
  <artifactId>${artifact}-${version}</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>${artifact}</artifactId><version>${version}</version></dependency>
    $(logging_dependency "${version}")
  </dependencies>
</project>
EOF
  log "resolving org.apache.kafka:${artifact}:${version} from Maven Central into ${lib}"
  rm -rf "${lib}.tmp"
  if ! mvn -B -q -f "${pom}" dependency:copy-dependencies \
        -DoutputDirectory="${lib}.tmp" -DincludeScope=runtime >"${dir}/mvn-${subdir}.log" 2>&1; then
    tail -n 30 "${dir}/mvn-${subdir}.log" >&2
    die "mvn could not resolve org.apache.kafka:${artifact}:${version} (log: ${dir}/mvn-${subdir}.log)"
  fi
  [[ -f "${lib}.tmp/${artifact}-${version}.jar" ]] || die "${artifact}-${version}.jar missing after mvn"
  rm -rf "${lib}"
  mv "${lib}.tmp" "${lib}"
  touch "${lib}/.complete"
  echo "${lib}"
}

# Prints the lib dir holding kafka_2.13-<version> and everything it needs at run time.
fetch_jars() { resolve_jars "$1" lib kafka_2.13; }

# Prints the lib dir holding MirrorMaker 2 (connect-mirror) and everything it needs at run time.
fetch_mirror_jars() { resolve_jars "$1" mirror-lib connect-mirror; }

# --- helpers ---------------------------------------------------------------------------------

# N free TCP ports on 127.0.0.1, space separated (held open together so they differ). Drawn
# below the kernel's ephemeral range: the JVM binds them seconds later, and an ephemeral port
# can meanwhile become the local end of any outgoing connection on the machine.
free_ports() {
  python3 - "$1" <<'EOF'
import random, socket, sys
low = 20000
try:
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        ephemeral_start = int(f.read().split()[0])
except (OSError, ValueError):
    ephemeral_start = 32768
high = max(low + 1000, ephemeral_start)
socks, ports = [], []
while len(ports) < int(sys.argv[1]):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", random.randrange(low, high)))
    except OSError:
        s.close()
        continue
    socks.append(s)
    ports.append(s.getsockname()[1])
print(" ".join(str(p) for p in ports))
EOF
}

# A Kafka cluster id: 16 random bytes, URL-safe base64 without padding (Kafka's Uuid format).
# Never one starting with '-', which the format tool would take for an option (Kafka's own
# Uuid.randomUuid() draws again in that case too).
random_cluster_id() {
  python3 -c '
import base64, uuid
while True:
    s = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    if not s.startswith("-"):
        print(s)
        break'
}

# The pid in FILE if that process is alive.
live_pid() {
  local f=$1
  [[ -f "$f" ]] || return 1
  local pid
  pid=$(<"$f")
  kill -0 "${pid}" 2>/dev/null || return 1
  echo "${pid}"
}

node_pid() { live_pid "$1/node-$2/pid"; }

# Sends SIG to the process in PIDFILE, SIGKILLs it if it is still there after 60 s, waits for it
# and removes PIDFILE. WHAT names it in the log.
stop_process() {
  local pidfile=$1 sig=$2 what=$3
  local pid
  pid=$(live_pid "${pidfile}") || { rm -f "${pidfile}"; return 0; }
  kill "-${sig}" "${pid}" 2>/dev/null || true
  local deadline=$(( SECONDS + 60 ))
  while kill -0 "${pid}" 2>/dev/null; do
    if (( SECONDS >= deadline )); then
      log "${what} (pid ${pid}) ignored SIG${sig} for 60s; killing it"
      kill -KILL "${pid}" 2>/dev/null || true
    fi
    sleep 0.2
  done
  rm -f "${pidfile}"
}

# Runs `$0 SUBCOMMAND DIR` (detached) once PID has exited, unless MARKER is gone by then (the
# thing was stopped already); prints the watcher's pid.
run_when_gone() {
  local pid=$1 marker=$2 subcommand=$3 dir=$4
  local self
  self=$(readlink -f "$0")
  setsid bash -c 'while kill -0 "$1" 2>/dev/null && [[ -f "$2" ]]; do sleep 1; done
                  "$3" "$4" "$5" >/dev/null 2>&1' _ "${pid}" "${marker}" "${self}" "${subcommand}" "${dir}" \
    </dev/null >/dev/null 2>&1 &
  echo $!
}

load_cluster() {
  local dir=$1
  [[ -f "${dir}/cluster.env" ]] || die "${dir} holds no cluster (no cluster.env)"
  # shellcheck disable=SC1091
  source "${dir}/cluster.env"
}

port_open() {
  python3 - "$1" <<'EOF'
import socket, sys
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
except OSError:
    sys.exit(1)
EOF
}

# --- cluster layout --------------------------------------------------------------------------

write_node_config() {
  local dir=$1 n=$2 nodes=$3 broker_port=$4 controller_port=$5 voters=$6
  local node="${dir}/node-${n}"
  local rf=$(( nodes < 3 ? nodes : 3 ))
  mkdir -p "${node}/data" "${node}/logs"
  cat >"${node}/server.properties" <<EOF
process.roles=broker,controller
node.id=${n}
controller.quorum.voters=${voters}
listeners=PLAINTEXT://127.0.0.1:${broker_port},CONTROLLER://127.0.0.1:${controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:${broker_port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${node}/data
num.partitions=1
default.replication.factor=${rf}
offsets.topic.replication.factor=${rf}
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=${rf}
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
# Tessera creates its topic itself, as Confluent does; a typo must not create one silently.
auto.create.topics.enable=false
# Quick cleaner passes so compaction tests finish in seconds.
log.cleaner.backoff.ms=1000
EOF
  # Kafka 3.x: log4j 1 (reload4j); Kafka 4.x: log4j2. Both write to the node's logs dir.
  cat >"${node}/log4j.properties" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${node}/logs/server.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.org.apache.kafka.raft=INFO
EOF
  cat >"${node}/log4j2.properties" <<EOF
appender.file.type=File
appender.file.name=file
appender.file.fileName=${node}/logs/server.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
EOF
}

init_cluster() {
  local dir=$1 nodes=$2 version=$3 lib=$4
  local ports broker_ports controller_ports voters="" i
  read -r -a ports <<<"$(free_ports $(( 2 * nodes )))"
  broker_ports=("${ports[@]:0:nodes}")
  controller_ports=("${ports[@]:nodes:nodes}")
  for (( i = 1; i <= nodes; i++ )); do
    voters+="${voters:+,}${i}@127.0.0.1:${controller_ports[i-1]}"
  done
  local cluster_id
  cluster_id=$(random_cluster_id)
  local bootstrap=""
  for (( i = 1; i <= nodes; i++ )); do
    write_node_config "${dir}" "${i}" "${nodes}" "${broker_ports[i-1]}" "${controller_ports[i-1]}" "${voters}"
    bootstrap+="${bootstrap:+,}127.0.0.1:${broker_ports[i-1]}"
    java -cp "${lib}/*" -Dlog4j.configuration="file:${dir}/node-${i}/log4j.properties" \
      -Dlog4j2.configurationFile="${dir}/node-${i}/log4j2.properties" \
      kafka.tools.StorageTool format -t "${cluster_id}" -c "${dir}/node-${i}/server.properties" \
      >"${dir}/node-${i}/logs/format.log" 2>&1 \
      || { cat "${dir}/node-${i}/logs/format.log" >&2; die "formatting node ${i} failed"; }
  done
  cat >"${dir}/cluster.env" <<EOF
VERSION=${version}
NODES=${nodes}
CLUSTER_ID=${cluster_id}
BROKER_PORTS="${broker_ports[*]}"
CONTROLLER_PORTS="${controller_ports[*]}"
BOOTSTRAP=${bootstrap}
EOF
  echo "${bootstrap}" >"${dir}/bootstrap"
}

start_node() {
  local dir=$1 n=$2 lib=$3
  local node="${dir}/node-${n}"
  if node_pid "${dir}" "${n}" >/dev/null; then
    log "node ${n} already running (pid $(node_pid "${dir}" "${n}"))"
    return
  fi
  rm -f "${node}/logs/server.log"
  # setsid: the node survives the shell that started it and gets its own process group.
  # shellcheck disable=SC2086
  setsid java ${HEAP} -XX:+UseG1GC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j.configuration="file:${node}/log4j.properties" \
    -Dlog4j2.configurationFile="${node}/log4j2.properties" \
    -Dkafka.logs.dir="${node}/logs" \
    -cp "${lib}/*" kafka.Kafka "${node}/server.properties" \
    </dev/null >"${node}/logs/stdout.log" 2>&1 &
  echo $! >"${node}/pid"
}

wait_ready() {
  local dir=$1; shift
  local deadline=$(( SECONDS + START_TIMEOUT )) n pending
  local -a broker_ports
  read -r -a broker_ports <<<"${BROKER_PORTS}"
  while :; do
    pending=()
    for n in "$@"; do
      node_pid "${dir}" "${n}" >/dev/null || {
        tail -n 40 "${dir}/node-${n}/logs/stdout.log" "${dir}/node-${n}/logs/server.log" >&2 2>/dev/null || true
        die "node ${n} exited during startup (logs in ${dir}/node-${n}/logs)"
      }
      if grep -q "Kafka Server started" "${dir}/node-${n}/logs/server.log" 2>/dev/null \
          && port_open "${broker_ports[n-1]}"; then
        continue
      fi
      pending+=("${n}")
    done
    (( ${#pending[@]} == 0 )) && return
    if (( SECONDS >= deadline )); then
      die "nodes ${pending[*]} not ready after ${START_TIMEOUT}s (logs in ${dir}/node-*/logs)"
    fi
    sleep 0.5
  done
}

stop_node() { stop_process "$1/node-$2/pid" "$3" "node $2"; }

# Stops the cluster in DIR once PID has exited (runs detached).
start_watchdog() {
  local dir=$1 pid=$2
  local old
  if old=$(live_pid "${dir}/watchdog.pid"); then kill "${old}" 2>/dev/null || true; fi
  run_when_gone "${pid}" "${dir}/cluster.env" stop "${dir}" >"${dir}/watchdog.pid"
}

# --- commands --------------------------------------------------------------------------------

cmd_start() {
  local dir="" nodes=1 version="${DEFAULT_VERSION}" only="" watch=""
  while (( $# )); do
    case $1 in
      --brokers) nodes=$2; shift 2 ;;
      --version) version=$2; shift 2 ;;
      --node) only=$2; shift 2 ;;
      --watch-pid) watch=$2; shift 2 ;;
      -*) die "unknown option $1" ;;
      *) [[ -z "${dir}" ]] || die "one DIR only"; dir=$1; shift ;;
    esac
  done
  [[ -n "${dir}" ]] || usage
  [[ "${nodes}" =~ ^[1-9]$ ]] || die "--brokers must be 1..9"
  mkdir -p "${dir}"
  dir=$(readlink -f "${dir}")
  if [[ -f "${dir}/cluster.env" ]]; then
    load_cluster "${dir}"   # restart: same version, ports and data
    version=${VERSION}
  fi
  local lib
  lib=$(fetch_jars "${version}")
  local fresh=0
  if [[ ! -f "${dir}/cluster.env" ]]; then
    fresh=1
    init_cluster "${dir}" "${nodes}" "${version}" "${lib}"
    load_cluster "${dir}"
  fi
  local -a which=()
  if [[ -n "${only}" ]]; then
    (( only >= 1 && only <= NODES )) || die "--node must be 1..${NODES}"
    which=("${only}")
  else
    for (( n = 1; n <= NODES; n++ )); do which+=("${n}"); done
  fi
  # A new cluster whose node dies at startup (a port taken meanwhile, say) starts over on new
  # ports; a restart keeps its ports, so it gets one attempt.
  local attempt=1
  until ( for n in "${which[@]}"; do start_node "${dir}" "${n}" "${lib}"; done
          wait_ready "${dir}" "${which[@]}" ); do
    (( fresh && attempt < 3 )) || die "the cluster in ${dir} did not start"
    log "new cluster did not start (attempt ${attempt}); retrying on new ports"
    cmd_stop "${dir}" --kill >/dev/null 2>&1 || true
    find "${dir}" -mindepth 1 -delete
    init_cluster "${dir}" "${nodes}" "${version}" "${lib}"
    load_cluster "${dir}"
    attempt=$(( attempt + 1 ))
  done
  [[ -n "${watch}" ]] && start_watchdog "${dir}" "${watch}"
  log "Kafka ${VERSION} ready in ${dir}: ${BOOTSTRAP}"
  echo "${BOOTSTRAP}"
}

cmd_stop() {
  local dir="" only="" sig=TERM
  while (( $# )); do
    case $1 in
      --node) only=$2; shift 2 ;;
      --kill) sig=KILL; shift ;;
      -*) die "unknown option $1" ;;
      *) dir=$1; shift ;;
    esac
  done
  [[ -n "${dir}" ]] || usage
  [[ -f "${dir}/cluster.env" ]] || { log "nothing to stop in ${dir}"; return 0; }
  load_cluster "${dir}"
  if [[ -n "${only}" ]]; then
    stop_node "${dir}" "${only}" "${sig}"
    return
  fi
  # Stop all nodes at once: stopping one by one makes the last ones wait for a lost quorum.
  local n
  for (( n = 1; n <= NODES; n++ )); do stop_node "${dir}" "${n}" "${sig}" & done
  wait
  if [[ -f "${dir}/watchdog.pid" ]]; then
    local w
    w=$(<"${dir}/watchdog.pid")
    # Not when the watchdog itself runs this stop (bash may exec it in the watchdog's process).
    if [[ "${w}" != "${PPID}" && "${w}" != "$$" ]]; then kill "${w}" 2>/dev/null || true; fi
    rm -f "${dir}/watchdog.pid"
  fi
}

cmd_status() {
  local dir=${1:-}
  [[ -n "${dir}" ]] || usage
  load_cluster "${dir}"
  local rc=0 n pid
  local -a broker_ports
  read -r -a broker_ports <<<"${BROKER_PORTS}"
  echo "version ${VERSION}, cluster ${CLUSTER_ID}, bootstrap ${BOOTSTRAP}"
  for (( n = 1; n <= NODES; n++ )); do
    if pid=$(node_pid "${dir}" "${n}"); then
      echo "node ${n}: running (pid ${pid}, port ${broker_ports[n-1]})"
    else
      echo "node ${n}: stopped (port ${broker_ports[n-1]})"
      rc=3
    fi
  done
  return "${rc}"
}

# --- MirrorMaker 2 ---------------------------------------------------------------------------

mirror_pid() { live_pid "$1/mirror.pid"; }

cmd_mirror_start() {
  local dir="" config="" version="${DEFAULT_VERSION}" watch=""
  while (( $# )); do
    case $1 in
      --config) config=$2; shift 2 ;;
      --version) version=$2; shift 2 ;;
      --watch-pid) watch=$2; shift 2 ;;
      -*) die "unknown option $1" ;;
      *) [[ -z "${dir}" ]] || die "one DIR only"; dir=$1; shift ;;
    esac
  done
  [[ -n "${dir}" && -n "${config}" ]] || usage
  [[ -f "${config}" ]] || die "no MirrorMaker config ${config}"
  mkdir -p "${dir}/logs"
  dir=$(readlink -f "${dir}")
  config=$(readlink -f "${config}")
  if mirror_pid "${dir}" >/dev/null; then
    log "MirrorMaker already running in ${dir} (pid $(mirror_pid "${dir}"))"
    return
  fi
  local lib
  lib=$(fetch_mirror_jars "${version}")
  cat >"${dir}/log4j.properties" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${dir}/logs/mirror.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
  cat >"${dir}/log4j2.properties" <<EOF
appender.file.type=File
appender.file.name=file
appender.file.fileName=${dir}/logs/mirror.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
EOF
  rm -f "${dir}/logs/mirror.log"
  # shellcheck disable=SC2086
  setsid java ${HEAP} -XX:+UseG1GC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j.configuration="file:${dir}/log4j.properties" \
    -Dlog4j2.configurationFile="${dir}/log4j2.properties" \
    -cp "${lib}/*" org.apache.kafka.connect.mirror.MirrorMaker "${config}" \
    </dev/null >"${dir}/logs/stdout.log" 2>&1 &
  echo $! >"${dir}/mirror.pid"
  local deadline=$(( SECONDS + START_TIMEOUT ))
  until grep -q "Kafka MirrorMaker started" "${dir}/logs/mirror.log" 2>/dev/null; do
    if ! mirror_pid "${dir}" >/dev/null; then
      tail -n 40 "${dir}/logs/stdout.log" "${dir}/logs/mirror.log" >&2 2>/dev/null || true
      die "MirrorMaker exited during startup (logs in ${dir}/logs)"
    fi
    (( SECONDS < deadline )) || die "MirrorMaker not started after ${START_TIMEOUT}s (logs in ${dir}/logs)"
    sleep 0.5
  done
  if [[ -n "${watch}" ]]; then run_when_gone "${watch}" "${dir}/mirror.pid" mirror-stop "${dir}" >/dev/null; fi
  log "MirrorMaker ${version} running in ${dir} (pid $(<"${dir}/mirror.pid"))"
}

cmd_mirror_stop() {
  local dir="" sig=TERM
  while (( $# )); do
    case $1 in
      --kill) sig=KILL; shift ;;
      -*) die "unknown option $1" ;;
      *) dir=$1; shift ;;
    esac
  done
  [[ -n "${dir}" ]] || usage
  stop_process "${dir}/mirror.pid" "${sig}" "MirrorMaker"
}

main() {
  (( $# )) || usage
  local cmd=$1; shift
  case ${cmd} in
    fetch)
      local version="${DEFAULT_VERSION}" mirror=""
      while (( $# )); do
        case $1 in
          --version) version=$2; shift 2 ;;
          --mirror) mirror=1; shift ;;
          *) die "unknown option $1" ;;
        esac
      done
      fetch_jars "${version}"
      [[ -z "${mirror}" ]] || fetch_mirror_jars "${version}" ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    bootstrap) load_cluster "${1:?DIR}"; echo "${BOOTSTRAP}" ;;
    mirror-start) cmd_mirror_start "$@" ;;
    mirror-stop) cmd_mirror_stop "$@" ;;
    -h|--help|help) usage ;;
    *) die "unknown command ${cmd}" ;;
  esac
}

main "$@"
