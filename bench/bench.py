#!/usr/bin/env python3
"""Tessera's benchmark: one Kafka broker, Tessera (Kafka store), the peers that install here
(Karapace on the same broker, AxonOps Schema Registry on its memory backend) and nginx serving
the same response bytes as static files, all measured in one run with wrk. Writes RESULTS.md.

Run through bench/run.sh, which installs the tools first; see bench/README.md.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
LUA = BENCH_DIR / "lua"
CT = "application/vnd.schemaregistry.v1+json"

# The schema every read workload fetches, and the body that registers / looks it up.
READ_SUBJECT = "bench-read"
READ_SCHEMA = json.dumps({
    "type": "record", "name": "Payment", "namespace": "bench",
    "fields": [{"name": "id", "type": "string"}, {"name": "amount", "type": "double"},
               {"name": "currency", "type": {"type": "enum", "name": "Currency",
                                             "symbols": ["EUR", "USD", "GBP"]}},
               {"name": "note", "type": ["null", "string"], "default": None}]},
    separators=(",", ":"))
COMPAT_SUBJECT = "bench-compat"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method: str, url: str, body: object | None = None, timeout: float = 30) -> tuple[int, bytes]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": CT})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {proc.returncode}")
        try:
            status, _ = http("GET", url, timeout=2)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} not ready after {timeout}s")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class server:
    """A registry (or nginx) under test: its base URL, process and how it names things."""
    name: str
    url: str
    proc: subprocess.Popen | None = None
    version: str = ""
    kind: str = "registry"  # or "ceiling"
    paths: dict = field(default_factory=dict)  # workload → URL path (ids differ per server)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.quick = args.quick
        self.work = Path(args.workdir)
        self.work.mkdir(parents=True, exist_ok=True)
        ncpu = os.cpu_count() or 1
        # wrk on core 0, every server (and the broker) on the last core, when there are two or more.
        self.client_cpu = "0"
        self.server_cpu = str(ncpu - 1) if ncpu > 1 else "0"
        self.pinned = ncpu > 1 and shutil.which("taskset") is not None
        self.duration = args.duration or (3 if self.quick else 10)
        # Writes wait for Kafka: they need longer runs to complete a meaningful number of requests.
        self.write_duration = max(self.duration, 10 if self.quick else 20)
        self.connections = args.connections
        self.servers: list[server] = []
        self.results: dict[str, dict[str, dict]] = {}  # workload → server → figures
        self.notes: list[str] = []
        self.rss: dict[str, dict[int, float]] = {}
        self.kafka_dir = self.work / "kafka"
        self.bootstrap = ""
        self.replay_md = ""

    # ---- processes ----------------------------------------------------------------------------

    def pin_server(self, cmd: list[str]) -> list[str]:
        return (["taskset", "-c", self.server_cpu] + cmd) if self.pinned else cmd

    def spawn(self, name: str, cmd: list[str], env: dict | None = None) -> subprocess.Popen:
        logf = open(self.work / f"{name}.log", "wb")
        return subprocess.Popen(self.pin_server(cmd), stdout=logf, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})}, start_new_session=True)

    def start_kafka(self) -> None:
        script = REPO / "tests/kafka/kafka-cluster.sh"
        cmd = self.pin_server([str(script), "start", str(self.kafka_dir), "--brokers", "1",
                               "--watch-pid", str(os.getpid())])
        log("starting one Kafka broker")
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, timeout=600)
        self.bootstrap = out.stdout.strip().splitlines()[-1]
        log(f"Kafka at {self.bootstrap}")

    def stop_kafka(self) -> None:
        if self.bootstrap:
            subprocess.run([str(REPO / "tests/kafka/kafka-cluster.sh"), "stop", str(self.kafka_dir)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)

    def start_tessera(self, topic: str, name: str = "tessera") -> server:
        port = free_port()
        binary = self.args.tessera
        proc = self.spawn(name, [binary, "--override", f"listeners=http://127.0.0.1:{port}",
                                 "--override", f"kafkastore.bootstrap.servers={self.bootstrap}",
                                 "--override", f"kafkastore.topic={topic}",
                                 "--override", "kafkastore.topic.replication.factor=1",
                                 "--override", "tessera.http.threads=1",
                                 "--override", "tessera.log.level=warn"]
                          + [a for kv in self.args.tessera_override for a in ("--override", kv)])
        s = server(name, f"http://127.0.0.1:{port}", proc)
        wait_http(s.url + "/subjects", 120, proc)
        s.version = subprocess.run([binary, "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
        rev = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True).stdout.strip()
        if rev:
            s.version += f" (git {rev}; Kafka store, acks=all)"
        return s

    def start_axonops(self) -> server | None:
        binary = self.args.axonops
        if not binary or not Path(binary).exists():
            self.notes.append("AxonOps Schema Registry: not built (see the run.sh log); its columns are empty.")
            return None
        port = free_port()
        cfg = self.work / "axonops.yaml"
        cfg.write_text(f"server:\n  host: 127.0.0.1\n  port: {port}\nstorage:\n  type: memory\n"
                       "compatibility:\n  default_level: BACKWARD\nlogging:\n  level: warn\n")
        proc = self.spawn("axonops", [binary, "-config", str(cfg)], env={"GOMAXPROCS": "1"})
        s = server("axonops", f"http://127.0.0.1:{port}", proc, version=self.args.axonops_version)
        wait_http(s.url + "/subjects", 60, proc)
        return s

    def start_karapace(self) -> server | None:
        exe = shutil.which("karapace")
        if not exe:
            self.notes.append("Karapace: no release installs from PyPI on this machine's Python "
                              f"{platform.python_version()} (see bench/README.md); its columns are empty and "
                              "the targets stated against Karapace cannot be judged.")
            return None
        port = free_port()
        cfg = self.work / "karapace.json"
        cfg.write_text(json.dumps({
            "bootstrap_uri": self.bootstrap, "host": "127.0.0.1", "port": port,
            "advertised_hostname": "127.0.0.1", "topic_name": "_schemas_karapace",
            "replication_factor": 1, "karapace_registry": True, "log_level": "WARNING"}))
        proc = self.spawn("karapace", [exe, str(cfg)])
        s = server("karapace", f"http://127.0.0.1:{port}", proc, version=self.args.karapace_version)
        wait_http(s.url + "/subjects", 120, proc)
        return s

    def start_nginx(self) -> server:
        root = self.work / "nginx-root"
        root.mkdir(exist_ok=True)
        port = free_port()
        conf = self.work / "nginx.conf"
        conf.write_text(f"""
worker_processes 1;
daemon off;
pid {self.work}/nginx.pid;
error_log {self.work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type {CT};
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  sendfile on;
  tcp_nodelay on;
  open_file_cache max=100;
  server {{
    listen 127.0.0.1:{port};
    root {root};
  }}
}}
""")
        proc = self.spawn("nginx", ["nginx", "-c", str(conf), "-p", str(self.work)])
        time.sleep(0.5)
        version = subprocess.run(["nginx", "-v"], stderr=subprocess.PIPE, text=True).stderr.strip()
        s = server("nginx", f"http://127.0.0.1:{port}", proc, version=version, kind="ceiling")
        s.paths["root"] = str(root)
        return s

    # ---- seeding ------------------------------------------------------------------------------

    def seed(self, s: server) -> None:
        """Registers the read schema and the 100-version compatibility subject on `s`."""
        status, body = http("POST", f"{s.url}/subjects/{READ_SUBJECT}/versions", {"schema": READ_SCHEMA})
        if status != 200:
            raise RuntimeError(f"{s.name}: seeding failed: {status} {body[:200]!r}")
        sid = json.loads(body)["id"]
        s.paths["get_by_id"] = f"/schemas/ids/{sid}"
        s.paths["get_latest"] = f"/subjects/{READ_SUBJECT}/versions/latest"
        # 100 versions, each adding an optional field: compatible in both directions.
        http("PUT", f"{s.url}/config/{COMPAT_SUBJECT}", {"compatibility": "FULL_TRANSITIVE"})
        for v in range(1, 101):
            status, body = http("POST", f"{s.url}/subjects/{COMPAT_SUBJECT}/versions",
                                {"schema": compat_schema(v)})
            if status != 200:
                raise RuntimeError(f"{s.name}: compat seeding v{v} failed: {status} {body[:200]!r}")

    def publish_static(self, nginx: server, ref: server) -> None:
        """Copies `ref`'s exact response bytes for the GET workloads into nginx's root."""
        root = Path(nginx.paths["root"])
        for w in ("get_by_id", "get_latest"):
            status, body = http("GET", ref.url + ref.paths[w])
            assert status == 200, (w, status)
            target = root / ref.paths[w].lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            nginx.paths[w] = ref.paths[w]

    # ---- measuring ----------------------------------------------------------------------------

    def wrk(self, s: server, path: str, scenario: str | None = None, script_args: list[str] | None = None,
            connections: int | None = None, duration: float | None = None) -> dict:
        script = self.work / f"wrk-{scenario or 'get'}.lua"
        parts = [(LUA / f"{scenario}.lua").read_text()] if scenario else []
        parts.append((LUA / "report.lua").read_text())
        script.write_text("\n".join(parts))
        c = connections or self.connections
        d = duration or self.duration
        cmd = ["wrk", "-t1", f"-c{c}", f"-d{d}s", "--timeout", "10s", "-s", str(script), s.url + path]
        if script_args:
            cmd += ["--"] + script_args
        if self.pinned:
            cmd = ["taskset", "-c", self.client_cpu] + cmd
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             timeout=d + 600)
        m = re.search(r"WRKJSON (\{.*\})", out.stdout)
        if not m:
            raise RuntimeError(f"wrk produced no summary: {out.stdout[-500:]}")
        r = json.loads(m.group(1))
        r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
        r["errors"] = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
        return r

    def record(self, workload: str, s: server, r: dict) -> None:
        self.results.setdefault(workload, {})[s.name] = r
        log(f"{workload:22s} {s.name:9s} {r['rps']:10.0f} req/s  p50 {r['p50'] / 1000:.2f} ms  "
            f"p99 {r['p99'] / 1000:.2f} ms  errors {r['errors']}")

    def check(self, s: server, method: str, path: str, body: object | None, expect: str) -> None:
        """One request before measuring: a workload that only produces errors measures nothing."""
        status, got = http(method, s.url + path, body)
        if status != 200 or expect not in got.decode(errors="replace"):
            raise RuntimeError(f"{s.name} {method} {path}: {status} {got[:300]!r}")

    def run_reads(self, targets: list[server], nginx: server) -> None:
        for w in ("get_by_id", "get_latest"):
            for s in targets + [nginx]:
                self.check(s, "GET", s.paths[w], None, "schema")
                self.wrk(s, s.paths[w], duration=1)  # warm-up
                self.record(w, s, self.wrk(s, s.paths[w]))

    def run_posts(self, targets: list[server]) -> None:
        body = self.work / "read-body.json"
        body.write_text(json.dumps({"schema": READ_SCHEMA}))
        compat_body = self.work / "compat-body.json"
        compat_body.write_text(json.dumps({"schema": compat_schema(101)}))
        for s in targets:
            self.check(s, "POST", f"/subjects/{READ_SUBJECT}", {"schema": READ_SCHEMA}, '"version"')
            self.record("lookup", s, self.wrk(s, f"/subjects/{READ_SUBJECT}", "post_file", [str(body)]))
        for s in targets:
            self.check(s, "POST", f"/subjects/{READ_SUBJECT}/versions", {"schema": READ_SCHEMA}, '"id"')
            self.record("register_existing", s,
                        self.wrk(s, f"/subjects/{READ_SUBJECT}/versions", "post_file", [str(body)],
                                 duration=self.write_duration))
        for s in targets:
            path = f"/compatibility/subjects/{COMPAT_SUBJECT}/versions"
            self.check(s, "POST", path, {"schema": compat_schema(101)}, '"is_compatible":true')
            self.record("compat_100_transitive", s, self.wrk(s, path, "post_file", [str(compat_body)]))

    def run_new_registrations(self, targets: list[server]) -> None:
        for s in targets:
            for workload, c in (("register_new_seq", 1), ("register_new_64", 64)):
                prefix = f"{workload.replace('_', '')}{int(time.time())}"
                self.record(workload, s, self.wrk(s, "/", "new_schemas", [prefix], connections=c,
                                                  duration=self.write_duration))

    def run_rss(self) -> None:
        """RSS of a fresh Tessera once 1k, 10k (and 100k) schemas are in its log, and of AxonOps
        after 1k registrations (it has no log to fill; its registrations are slow)."""
        counts = [1000, 10000] if self.quick else [1000, 10000, 100000]
        topic = f"_schemas_rss_{int(time.time())}"
        t = self.start_tessera(topic, "tessera-rss")
        try:
            self.rss.setdefault("tessera", {})[0] = rss_mb(t.proc.pid)
            for n, mb in rss_while_filling(self.bootstrap, topic, t, counts):
                self.rss["tessera"][n] = mb
                log(f"rss tessera with {n} schemas: {mb:.1f} MB")
        finally:
            t.stop()
        a = self.start_axonops()
        if a is None:
            return
        try:
            self.rss.setdefault("axonops", {})[0] = rss_mb(a.proc.pid)
            r = self.wrk(a, "/", "new_schemas", ["rss1k", "1000"], connections=64, duration=120)
            registered = r["requests"] - r["errors"]
            time.sleep(1)
            self.rss["axonops"][1000] = rss_mb(a.proc.pid)
            if registered < 1000:
                self.notes.append(f"AxonOps RSS '1k' column: only {registered} registrations completed in 120 s.")
        finally:
            a.stop()

    def run_replay(self) -> None:
        script = BENCH_DIR / "replay.sh"
        if not script.exists():
            self.notes.append("Startup time / replay rate (10k, 100k, 1M records, with and without the snapshot): "
                              "pending; bench/replay.sh (snapshot/replay work, branch wt-snapshot) is not on "
                              "this branch yet.")
            return
        env = {**os.environ, "BENCH_KAFKA_BOOTSTRAP": self.bootstrap, "TESSERA_BINARY": self.args.tessera,
               "BENCH_QUICK": "1" if self.quick else "0", "BENCH_WORKDIR": str(self.work / "replay"),
               "BENCH_SERVER_CPU": self.server_cpu if self.pinned else ""}
        sizes = ["10000"] if self.quick else ["10000", "100000", "1000000"]
        log(f"running bench/replay.sh for {', '.join(sizes)} records")
        # replay.sh (wt-snapshot) starts its own broker and prints Markdown tables.
        out = subprocess.run(["bash", str(script), str(Path(self.args.tessera).resolve().parent.parent), *sizes],
                             env=env, stdout=subprocess.PIPE, text=True, timeout=3600)
        self.replay_md = out.stdout.strip()
        if out.returncode != 0:
            self.notes.append(f"bench/replay.sh exited with {out.returncode}.")

    # ---- the whole run ------------------------------------------------------------------------

    def run(self) -> None:
        started = time.time()
        self.loadavg_before = os.getloadavg()
        nginx = None
        try:
            self.start_kafka()
            t = self.start_tessera(f"_schemas_bench_{int(time.time())}")
            self.servers.append(t)
            for starter in (self.start_karapace, self.start_axonops):
                if (peer := starter()) is not None:
                    self.servers.append(peer)
            log("seeding " + ", ".join(s.name for s in self.servers))
            with concurrent.futures.ThreadPoolExecutor(len(self.servers)) as pool:
                for f in [pool.submit(self.seed, s) for s in self.servers]:
                    f.result()
            nginx = self.start_nginx()
            self.publish_static(nginx, t)
            self.run_reads(self.servers, nginx)
            self.run_posts(self.servers)
            self.run_new_registrations(self.servers)
            for s in self.servers:
                self.rss.setdefault(s.name, {})["after_run"] = rss_mb(s.proc.pid)
            for s in self.servers:
                s.stop()
            self.run_rss()
            self.run_replay()
        finally:
            for s in self.servers + ([nginx] if nginx else []):
                s.stop()
            self.stop_kafka()
        self.loadavg_after = os.getloadavg()
        self.elapsed = time.time() - started
        self.servers.append(nginx)
        Path(self.args.out).write_text(self.markdown())
        log(f"wrote {self.args.out} in {self.elapsed:.0f} s")

    # ---- report -------------------------------------------------------------------------------

    def markdown(self) -> str:
        from report import render  # bench/report.py
        return render(self)


def produce_schemas(bootstrap: str, topic: str, start: int, end: int) -> None:
    """Writes SCHEMA records for ids start+1..end (subject rss-<id>, version 1) to the log topic."""
    from confluent_kafka import Producer  # tests/requirements.txt

    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 20,
                  "enable.idempotence": True})
    for i in range(start + 1, end + 1):
        subject = f"rss-{i}"
        schema = json.dumps({"type": "record", "name": f"Rss{i}", "namespace": "bench",
                             "fields": [{"name": "id", "type": "long"}, {"name": f"f{i}", "type": "string"},
                                        {"name": "note", "type": ["null", "string"], "default": None}]},
                            separators=(",", ":"))
        key = json.dumps({"keytype": "SCHEMA", "subject": subject, "version": 1, "magic": 1}, separators=(",", ":"))
        value = json.dumps({"subject": subject, "version": 1, "id": i, "schema": schema, "deleted": False},
                           separators=(",", ":"))
        while True:
            try:
                p.produce(topic, key=key.encode(), value=value.encode(), partition=0)
                break
            except BufferError:
                p.poll(0.1)
        p.poll(0)
    if p.flush(120) != 0:
        raise RuntimeError("records not delivered")


def rss_while_filling(bootstrap: str, topic: str, t: server, counts: list[int]):
    """Yields (n, RSS MB of `t`) once each count of schemas is in `topic` and applied by `t`.
    The records are written straight to the topic, as Confluent would have written them: the
    state is the same as after registering them, and it takes seconds, not hours."""
    done = 0
    for n in counts:
        produce_schemas(bootstrap, topic, done, n)
        done = n
        deadline = time.time() + 600
        while http("GET", f"{t.url}/schemas/ids/{n}")[0] != 200:
            if time.time() > deadline:
                raise RuntimeError(f"tessera did not apply {n} schemas")
            time.sleep(0.5)
        time.sleep(1)
        yield n, rss_mb(t.proc.pid)


def compat_schema(version: int) -> str:
    fields = [{"name": "id", "type": "string"}]
    fields += [{"name": f"o{k}", "type": ["null", "string"], "default": None} for k in range(2, version + 1)]
    return json.dumps({"type": "record", "name": "Evolving", "namespace": "bench", "fields": fields},
                      separators=(",", ":"))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true", help="shorter runs and fewer schemas (a few minutes)")
    p.add_argument("--tessera", default=str(REPO / "build/src/tessera"))
    p.add_argument("--axonops", default="", help="AxonOps schema-registry binary (skipped when empty)")
    p.add_argument("--axonops-version", default="")
    p.add_argument("--karapace-version", default="")
    p.add_argument("--duration", type=float, default=0, help="seconds per measurement (default 10, quick 3)")
    p.add_argument("--connections", type=int, default=32, help="wrk connections for throughput workloads")
    p.add_argument("--tessera-override", action="append", default=[], metavar="KEY=VALUE",
                   help="extra --override for Tessera (recorded in RESULTS.md)")
    p.add_argument("--workdir", default=f"/tmp/tessera-bench-{os.getpid()}")
    p.add_argument("--out", default=str(BENCH_DIR / "RESULTS.md"))
    p.add_argument("--command-line", default=" ".join(sys.argv))
    args = p.parse_args()
    sys.path.insert(0, str(BENCH_DIR))
    bench(args).run()


if __name__ == "__main__":
    main()
