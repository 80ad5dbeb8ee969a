"""Startup on a real broker: the local snapshot (restart replays only the tail; a snapshot of
another topic or cluster is ignored), replay progress and readiness, and an unreachable cluster
that is retried until it comes up."""

from __future__ import annotations

import struct
import subprocess
import time
from pathlib import Path

import pytest

from conftest import StartTessera, kafka_overrides
from kafka_cluster import KafkaCluster
from tessera_process import (ServerPool, TesseraProcess, _set_parent_death_signal, free_port, http_request,
                             wait_until_up)


def avro(n: int) -> str:
    return '{"type":"record","name":"S%d","fields":[{"name":"f","type":"long"}]}' % n


def ok(resp, status: int = 200):
    assert resp.status == status, f"{resp.status} {resp.text}"
    return resp.json()


def register(t: TesseraProcess, first: int, count: int) -> None:
    for n in range(first, first + count):
        ok(t.request("POST", f"/subjects/s-{n}/versions", {"schema": avro(n)}))


def assert_served(t: TesseraProcess, count: int) -> None:
    subjects = ok(t.request("GET", "/subjects"))
    assert sorted(subjects) == sorted(f"s-{n}" for n in range(count))
    for n in range(count):
        assert ok(t.request("GET", f"/subjects/s-{n}/versions/1"))["schema"] == avro(n)


def replayed_records(log: str) -> int:
    """Records replayed by the last start, from its 'schema log replayed: N records' line."""
    line = [ln for ln in log.splitlines() if "schema log replayed:" in ln][-1]
    return int(line.split("schema log replayed:")[1].split()[0])


# ---- the snapshot file, rewritten the way a snapshot of another log would look ----

def _crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def rewrite_identity(path: Path, cluster_id: str | None = None, topic: str | None = None) -> None:
    """Replace the cluster id and/or topic in a snapshot file and fix its checksum, so only the
    identity check can reject it (docs/design/snapshot-format.md)."""
    data = path.read_bytes()
    pos = 12  # magic + version
    fields = []
    for _ in range(4):  # kind, cluster id, topic, topic id
        (n,) = struct.unpack_from("<I", data, pos)
        fields.append(data[pos + 4:pos + 4 + n])
        pos += 4 + n
    if cluster_id is not None:
        fields[1] = cluster_id.encode()
    if topic is not None:
        fields[2] = topic.encode()
    body = data[:12] + b"".join(struct.pack("<I", len(f)) + f for f in fields) + data[pos:-4]
    path.write_bytes(body + struct.pack("<I", _crc32c(body)))


def test_restart_with_a_snapshot_replays_only_the_tail(servers: ServerPool, kafka: KafkaCluster, topic: str,
                                                       tmp_path: Path):
    snap_dir = tmp_path / "snap"
    with_snapshot = kafka_overrides(kafka, topic, tessera__snapshot__dir=str(snap_dir))
    a = servers.start(store="kafka", **with_snapshot)
    register(a, 0, 30)
    assert a.stop() == 0
    snapshot = snap_dir / f"kafka-{topic}.snapshot"
    assert snapshot.is_file(), a.log_tail(40)
    assert "snapshot written" in a.log_tail(40)

    # Another node (no snapshot) writes more while the first is down.
    b = servers.start(store="kafka", **kafka_overrides(kafka, topic))
    register(b, 30, 5)
    b.stop()

    a2 = servers.start(store="kafka", **with_snapshot)
    log = a2.log_tail(60)
    assert "loaded snapshot" in log, log
    # The tail: b's startup NOOP, 5 schemas, a2's startup NOOP. A full replay would be ~70.
    assert replayed_records(log) <= 10, log
    assert_served(a2, 35)
    # Ids continue after the snapshot's highest.
    assert ok(a2.request("POST", "/subjects/s-35/versions", {"schema": avro(35)})) == {"id": 36}


@pytest.mark.parametrize("change", ["topic", "cluster"])
def test_snapshot_of_another_topic_or_cluster_is_ignored(servers: ServerPool, kafka: KafkaCluster, topic: str,
                                                         tmp_path: Path, change: str):
    snap_dir = tmp_path / "snap"
    # A snapshot of another topic with 10 schemas...
    other = topic + "_other"
    a = servers.start(store="kafka", **kafka_overrides(kafka, other, tessera__snapshot__dir=str(snap_dir)))
    register(a, 0, 10)
    a.stop()
    # ...and this test's topic with 3 different ones.
    b = servers.start(store="kafka", **kafka_overrides(kafka, topic))
    for n in range(3):
        ok(b.request("POST", f"/subjects/mine-{n}/versions", {"schema": avro(100 + n)}))
    b.stop()

    source = snap_dir / f"kafka-{other}.snapshot"
    target = snap_dir / f"kafka-{topic}.snapshot"
    source.rename(target)
    if change == "cluster":
        rewrite_identity(target, topic=topic, cluster_id="another-cluster-id")
        expected = "another-cluster-id"
    else:
        expected = other

    c = servers.start(store="kafka", **kafka_overrides(kafka, topic, tessera__snapshot__dir=str(snap_dir)))
    log = c.log_tail(80)
    assert "ignoring" in log and expected in log and "replaying the whole log" in log, log
    assert sorted(ok(c.request("GET", "/subjects"))) == ["mine-0", "mine-1", "mine-2"]


def test_unreachable_cluster_is_retried_until_it_comes_up(servers: ServerPool, tmp_path: Path, topic: str):
    cluster = KafkaCluster(tmp_path / "kafka")
    cluster.start()
    bootstrap = cluster.bootstrap
    cluster.stop()  # same ports and data on the next start
    try:
        proc = TesseraProcess(servers.binary, store="kafka", log_path=tmp_path / "tessera.log",
                              overrides={"kafkastore.bootstrap.servers": bootstrap, "kafkastore.topic": topic,
                                         "kafkastore.init.timeout.ms": "5000"})
        servers.started.append(proc)
        # Started by hand (not proc.start(), which waits for readiness) from this thread: the
        # child's parent-death signal is tied to the thread that forks it.
        proc.port = free_port()
        with open(proc.log_path, "ab") as log_file:
            proc.proc = subprocess.Popen(proc.command(), stdin=subprocess.DEVNULL, stdout=log_file,
                                         stderr=subprocess.STDOUT, preexec_fn=_set_parent_death_signal)

        # Meanwhile: the listener answers "not ready", the log names the brokers and retries.
        deadline = time.monotonic() + 60
        log = ""
        while time.monotonic() < deadline:
            log = proc.log_tail(200)
            if "retrying in" in log:
                break
            time.sleep(0.5)
        assert "retrying in" in log and bootstrap in log, log
        assert proc.alive()
        health = http_request(proc.url, "GET", "/_health")
        assert health.status == 503 and health.json() == {"status": "STARTING"}
        r = http_request(proc.url, "GET", "/subjects")
        assert r.status == 503 and r.json()["error_code"] == 50002, r.text
        assert bootstrap in r.json()["message"]

        cluster.start()
        wait_until_up(proc.url, 180, proc)
        assert http_request(proc.url, "GET", "/_health").json() == {"status": "HEALTHY"}
        assert ok(proc.request("POST", "/subjects/s/versions", {"schema": avro(1)})) == {"id": 1}
    finally:
        servers.stop_all()
        cluster.stop()


def test_metadata_id_is_the_kafka_cluster_id(start_tessera: StartTessera, kafka: KafkaCluster):
    t = start_tessera()
    cluster_id = kafka.admin().list_topics(timeout=10).cluster_id
    body = ok(t.request("GET", "/v1/metadata/id"))
    assert body["scope"]["clusters"]["kafka-cluster"] == cluster_id
    assert cluster_id and cluster_id != "tessera-local"


def test_replay_logs_its_progress_and_rate(start_tessera: StartTessera):
    t = start_tessera()
    register(t, 0, 3)
    t.stop()
    t.start()
    log = t.log_tail(40)
    assert "replaying the schema log: offsets 0 to" in log, log
    assert "records/s" in log and "ready after" in log, log
