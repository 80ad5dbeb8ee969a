#!/usr/bin/env python3
"""RSS of a fresh Tessera on the Kafka store with 0, 1k, 10k and 100k schemas in its log: the
Memory phase of bench/bench.py (run.sh) on its own, so a change to the state's footprint can be
measured in a few minutes without the whole benchmark.

    bench/rss.py [--tessera build/src/tessera] [--bootstrap HOST:PORT] [--counts 1000,10000,100000]
                 [--override key=value ...]

Without --bootstrap it starts a throwaway broker with tests/kafka/kafka-cluster.sh and stops it
afterwards. Records are written straight to the topic (as bench.py does: each a distinct Avro
record under its own subject), and RSS is read once the last id answers and one second passed.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import REPO, free_port, rss_mb, rss_while_filling, server, wait_http  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tessera", default=str(REPO / "build/src/tessera"))
    p.add_argument("--bootstrap", default="")
    p.add_argument("--counts", default="1000,10000,100000")
    p.add_argument("--override", action="append", default=[], help="extra --override for Tessera")
    p.add_argument("--restart", action="store_true",
                   help="then start a second Tessera on the same topic and give its RSS after the replay")
    p.add_argument("--hold", type=float, default=0, help="seconds to keep Tessera running at the end (to inspect it)")
    a = p.parse_args()
    counts = [int(c) for c in a.counts.split(",") if c]
    work = Path(tempfile.mkdtemp(prefix="tessera-rss."))
    cluster = REPO / "tests/kafka/kafka-cluster.sh"
    bootstrap = a.bootstrap
    started_kafka = False
    proc = None
    t = None
    try:
        if not bootstrap:
            out = subprocess.run([str(cluster), "start", str(work / "kafka"), "--watch-pid", str(os.getpid())],
                                 check=True, stdout=subprocess.PIPE, text=True, timeout=600)
            bootstrap = out.stdout.strip().splitlines()[-1]
            started_kafka = True
        topic = f"_schemas_rss_{int(time.time())}"
        def start(name: str):
            port = free_port()
            cmd = [a.tessera, "--override", f"listeners=http://127.0.0.1:{port}",
                   "--override", f"kafkastore.bootstrap.servers={bootstrap}",
                   "--override", f"kafkastore.topic={topic}",
                   "--override", "kafkastore.topic.replication.factor=1",
                   "--override", "tessera.http.threads=1",
                   "--override", "tessera.log.level=warn"]
            for kv in a.override:
                cmd += ["--override", kv]
            logf = open(work / f"{name}.log", "wb")
            proc = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
            t = server(name, f"http://127.0.0.1:{port}", proc)
            wait_http(t.url + "/subjects", 600, proc)
            return t

        t = start("tessera")
        proc = t.proc
        time.sleep(1)
        rows = [(0, rss_mb(proc.pid))]
        print(f"schemas 0: RSS {rows[-1][1]:.1f} MB", flush=True)
        for n, mb in rss_while_filling(bootstrap, topic, t, counts):
            rows.append((n, mb))
            print(f"schemas {n}: RSS {mb:.1f} MB", flush=True)
        print("| " + " | ".join(f"{n} schemas" for n, _ in rows) + " |")
        print("|" + "--:|" * len(rows))
        print("| " + " | ".join(f"{mb:.1f} MB" for _, mb in rows) + " |", flush=True)
        if a.restart:
            t.stop()
            started = time.time()
            t = start("tessera-restart")
            proc = t.proc
            took = time.time() - started
            time.sleep(1)
            print(f"restart with {rows[-1][0]} schemas in the log: ready in {took:.1f} s, RSS {rss_mb(proc.pid):.1f} MB",
                  flush=True)
        if a.hold > 0:
            print(f"holding pid {proc.pid} for {a.hold:.0f} s", flush=True)
            time.sleep(a.hold)
    finally:
        if t is not None:
            t.stop()
        if started_kafka:
            subprocess.run([str(cluster), "stop", str(work / "kafka")], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=120)


if __name__ == "__main__":
    main()
