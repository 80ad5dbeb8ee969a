"""Secondary datacenter: two Kafka clusters, the registry's topic mirrored from A to B by Kafka's
MirrorMaker 2 (IdentityReplicationPolicy, so the name is kept), DC-B nodes that are ineligible and
point at A (their writes are forwarded to A's primary), then the loss of DC A and the promotion of
DC B: its nodes repointed at cluster B, eligible, restarted one by one.

What must hold (docs/operations/secondary-datacenter.md):
- MirrorMaker copies committed records only: the primary writes through Kafka transactions, and a
  record of an aborted transaction on A must not become a committed record on B.
- Tessera replays B's copy although every offset differs from A's (no transaction markers on B),
  and a promoted node refuses the local snapshot it took while reading cluster A.
- After promotion every subject, version, id, schema and config is served as before, new writes
  succeed, and no id is reused for another schema.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from confluent_kafka import Producer

from conftest import kafka_overrides
from kafka_cluster import KafkaCluster, MirrorMaker
from tessera_process import ServerPool, TesseraProcess

GHOST_SUBJECT = "ghost-of-an-aborted-transaction"
GHOST_ID = 9999


def schema(n: int) -> str:
    return json.dumps({"type": "record", "name": f"R{n}", "fields": [{"name": "f", "type": "long"}]},
                      separators=(",", ":"))


def wait_for(what: str, check, timeout: float, interval: float = 0.2) -> Any:
    """Polls check() until it returns something truthy; fails with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    pytest.fail(f"{what} not reached after {timeout:.0f} s (last: {last!r})")


def primary_of(node: TesseraProcess) -> str | None:
    r = node.request("GET", "/master_available", timeout=5)
    return r.json().get("master_url") if r.status == 200 else None


def wait_common_primary(nodes: list[TesseraProcess], candidates: list[TesseraProcess],
                        timeout: float = 60) -> str:
    """Waits until every node names the same primary, one of `candidates`; returns its URL."""
    urls = {c.url for c in candidates}

    def agreed() -> str | None:
        seen = {primary_of(n) for n in nodes}
        return next(iter(seen)) if len(seen) == 1 and seen <= urls else None
    return wait_for("one primary among " + ", ".join(sorted(urls)), agreed, timeout)


def metric(node: TesseraProcess, name: str) -> float:
    text = node.request("GET", "/metrics").text
    m = re.search(rf"^{name} (\S+)$", text, re.M)
    assert m, f"{name} missing from /metrics:\n{text}"
    return float(m.group(1))


def ok(resp, what: str) -> Any:
    assert resp.status == 200, f"{what}: {resp.status} {resp.text}"
    return resp.json()


def registry_view(node: TesseraProcess) -> dict[str, Any]:
    """Everything a client can read back: subjects (soft-deleted included), versions with their
    id and schema, schema texts by id, and the compatibility settings."""
    view: dict[str, Any] = {"config": ok(node.request("GET", "/config"), "GET /config")}
    subjects = sorted(ok(node.request("GET", "/subjects?deleted=true"), "GET /subjects"))
    view["live_subjects"] = sorted(ok(node.request("GET", "/subjects"), "GET /subjects"))
    ids: set[int] = set()
    for s in subjects:
        versions = ok(node.request("GET", f"/subjects/{s}/versions?deleted=true"), f"versions of {s}")
        view[f"live_versions/{s}"] = node.request("GET", f"/subjects/{s}/versions").json()
        for v in versions:
            body = ok(node.request("GET", f"/subjects/{s}/versions/{v}?deleted=true"), f"{s} v{v}")
            view[f"{s}/{v}"] = (body["id"], body["schema"])
            ids.add(body["id"])
        r = node.request("GET", f"/config/{s}")
        view[f"config/{s}"] = r.json() if r.status == 200 else r.status
    for i in sorted(ids):
        view[f"id/{i}"] = ok(node.request("GET", f"/schemas/ids/{i}"), f"id {i}")["schema"]
    return view


def ids_of(view: dict[str, Any]) -> dict[int, str]:
    return {int(k[3:]): v for k, v in view.items() if k.startswith("id/")}


def inject_aborted_schema(cluster: KafkaCluster, topic: str) -> None:
    """Writes a SCHEMA record (subject GHOST_SUBJECT, id GHOST_ID) in a transaction and aborts
    it, as a deposed primary's unfinished write would end. No reader may ever apply it."""
    key = json.dumps({"keytype": "SCHEMA", "subject": GHOST_SUBJECT, "version": 1, "magic": 1},
                     separators=(",", ":")).encode()
    value = json.dumps({"subject": GHOST_SUBJECT, "version": 1, "id": GHOST_ID, "schema": '"string"',
                        "deleted": False}, separators=(",", ":")).encode()
    p = Producer({"bootstrap.servers": cluster.bootstrap, "transactional.id": f"dc-test-aborter-{topic}"})
    p.init_transactions(30)
    p.begin_transaction()
    p.produce(topic, key=key, value=value, partition=0)
    assert p.flush(30) == 0
    p.abort_transaction(30)


def mm2_properties(a: KafkaCluster, b: KafkaCluster, topic: str) -> str:
    return "\n".join([
        "clusters = A, B",
        f"A.bootstrap.servers = {a.bootstrap}",
        f"B.bootstrap.servers = {b.bootstrap}",
        "A->B.enabled = true",
        "B->A.enabled = false",
        f"A->B.topics = {re.escape(topic)}",
        # Keep the topic's name on B, so promoted nodes keep their kafkastore.topic.
        "replication.policy.class = org.apache.kafka.connect.mirror.IdentityReplicationPolicy",
        # MirrorMaker's consumer reads uncommitted records by default: aborted transactions of
        # a deposed primary would become committed records on B.
        "A.consumer.isolation.level = read_committed",
        # Single-broker test clusters.
        "replication.factor = 1",
        "offset-syncs.topic.replication.factor = 1",
        "checkpoints.topic.replication.factor = 1",
        "heartbeats.topic.replication.factor = 1",
        "config.storage.replication.factor = 1",
        "offset.storage.replication.factor = 1",
        "status.storage.replication.factor = 1",
        # Only the registry's records: no heartbeats, checkpoints, group offsets or ACLs.
        "emit.heartbeats.enabled = false",
        "emit.checkpoints.enabled = false",
        "sync.group.offsets.enabled = false",
        "sync.topic.acls.enabled = false",
        "refresh.topics.interval.seconds = 5",
        "",
    ])


@pytest.fixture
def clusters(tmp_path: Path) -> Iterator[tuple[KafkaCluster, KafkaCluster]]:
    a = KafkaCluster(tmp_path / "kafka-a")
    b = KafkaCluster(tmp_path / "kafka-b")
    try:
        a.start()
        b.start()
        yield a, b
    finally:
        a.stop()
        b.stop()


def test_mirror_to_secondary_dc_then_promote(clusters: tuple[KafkaCluster, KafkaCluster], servers: ServerPool,
                                             topic: str, tmp_path: Path):
    a, b = clusters
    dc_a = [servers.start(store="kafka", **kafka_overrides(a, topic)) for _ in range(2)]
    # DC B's nodes keep a local snapshot of the registry state. Written for cluster A, it must
    # not be used once they read cluster B's copy, whose offsets are all different.
    snapshot_dirs = [tmp_path / f"snapshots-b{i}" for i in range(2)]
    dc_b = [servers.start(store="kafka", **kafka_overrides(a, topic, leader__eligibility="false",
                                                          tessera__snapshot__dir=str(d)))
            for d in snapshot_dirs]
    nodes = dc_a + dc_b
    primary = wait_common_primary(nodes, dc_a)

    # B's copy exists before MirrorMaker starts, with the layout Tessera verifies at startup.
    b.create_topic(topic, 1, {"cleanup.policy": "compact"})
    config = tmp_path / "mm2.properties"
    config.write_text(mm2_properties(a, b, topic))
    mirror = MirrorMaker(tmp_path / "mm2", config).start()
    try:
        # Phase 1: writes through every node; DC B's are forwarded to DC A's primary.
        ok(dc_b[0].request("PUT", "/config", {"compatibility": "NONE"}), "PUT /config via DC B")
        registered: dict[int, int] = {}
        for i in range(12):
            node = nodes[i % 4]
            subject = f"s-{i % 5}"
            registered[i] = ok(node.request("POST", f"/subjects/{subject}/versions", {"schema": schema(i)}),
                               f"register {i} via {node.url}")["id"]
            # Read-your-writes on the node that took the request, forwarded or not.
            latest = ok(node.request("GET", f"/subjects/{subject}/versions/latest"), "latest")
            assert latest["id"] == registered[i], latest
        ok(dc_b[1].request("PUT", "/config/s-1", {"compatibility": "FULL"}), "PUT /config/s-1 via DC B")
        ok(dc_b[0].request("DELETE", "/subjects/s-4/versions/1"), "soft delete via DC B")
        assert len(set(registered.values())) == 12
        for n in dc_b:
            assert metric(n, "tessera_is_primary") == 0 and metric(n, "tessera_primary_known") == 1

        # A write that was never committed: neither A's nodes nor, after mirroring, B's may see it.
        inject_aborted_schema(a, topic)

        # The primary goes away (SIGTERM): the other A node fences it and takes over, so A's log
        # holds transactions of two producer epochs; DC B's writes keep being forwarded.
        old = next(n for n in dc_a if n.url == primary)
        old.stop()
        survivor = next(n for n in dc_a if n is not old)
        primary = wait_common_primary([survivor] + dc_b, [survivor])
        for i in range(12, 16):
            node = dc_b[i % 2]
            registered[i] = ok(node.request("POST", f"/subjects/s-{i % 5}/versions", {"schema": schema(i)}),
                               f"register {i} via {node.url} after failover")["id"]
        assert len(set(registered.values())) == 16
        expected = registry_view(survivor)
        assert GHOST_SUBJECT not in json.dumps(expected)
        for n in dc_b:
            assert registry_view(n) == expected

        # MirrorMaker has copied every committed record, and only those, in order.
        committed_a = [(k, v) for _, k, v in a.read_topic(topic)]
        raw_a = a.read_topic(topic, isolation="read_uncommitted")
        assert any(v and GHOST_SUBJECT.encode() in v for _, _, v in raw_a), "the aborted record is not on A"

        def mirrored() -> list | None:
            got = b.read_topic(topic, timeout=10, isolation="read_uncommitted")
            return got if [(k, v) for _, k, v in got] == committed_a else None
        raw_b = wait_for("B's copy equal to A's committed records", mirrored, 90, interval=1)
        # Offsets differ: A's log has transaction markers (and the aborted record), B's has none.
        assert [o for o, _, _ in raw_b] == list(range(len(raw_b)))
        assert raw_a[-1][0] > raw_b[-1][0], (raw_a[-1][0], raw_b[-1][0])
    finally:
        mirror.stop()

    # Phase 2: DC A is lost. DC B's nodes are repointed at cluster B, eligible, one at a time.
    survivor.stop()
    a.stop()
    promoted: list[TesseraProcess] = []
    for n, snapshots in zip(dc_b, snapshot_dirs):
        n.stop()
        assert list(snapshots.glob("*.snapshot")), "no snapshot was written at shutdown"
        fresh = servers.start(store="kafka", **kafka_overrides(b, topic, tessera__snapshot__dir=str(snapshots)))
        promoted.append(fresh)
        log = Path(fresh.log_path).read_text(errors="replace")
        assert "it was written for kafka cluster" in log and "replaying the whole log" in log, \
            "the snapshot taken on cluster A was not refused"
        assert registry_view(fresh) == expected, "the promoted node serves other data than DC A had"
        wait_common_primary(promoted, promoted)

    # New writes succeed on both nodes, with ids above every id DC A allocated.
    old_ids = ids_of(expected)
    new_ids: dict[str, int] = {}
    for i, subject in enumerate(["s-0", "s-2", "s-3", "s-4", "new-a", "new-b"]):
        node = promoted[i % 2]
        new_ids[subject] = ok(node.request("POST", f"/subjects/{subject}/versions", {"schema": schema(100 + i)}),
                              f"register into {subject} via {node.url} after promotion")["id"]
    assert not set(new_ids.values()) & set(old_ids), f"an id was reused: {new_ids} vs {sorted(old_ids)}"
    assert len(set(new_ids.values())) == len(new_ids)
    assert min(new_ids.values()) > max(old_ids)
    # The replayed state still decides: s-0's next version follows DC A's four, s-1 keeps its
    # FULL compatibility, a schema registered before keeps its id under a new subject, and the
    # aborted record never existed.
    last = ok(promoted[1].request("GET", "/subjects/s-0/versions/latest"), "latest of s-0")
    assert last["version"] == 5 and last["id"] == new_ids["s-0"], last
    refused = promoted[0].request("POST", "/subjects/s-1/versions", {"schema": schema(200)})
    assert refused.status == 409, refused.text
    again = ok(promoted[1].request("POST", "/subjects/copy/versions", {"schema": schema(3)}), "re-register")
    assert again["id"] == registered[3]
    ghost = promoted[0].request("GET", f"/schemas/ids/{GHOST_ID}")
    assert ghost.status == 404 and ghost.json()["error_code"] == 40403, ghost.text
    final = [registry_view(n) for n in promoted]
    assert final[0] == final[1]
    for key, value in expected.items():
        if key.startswith("id/") or re.fullmatch(r"s-\d/\d+", key) or key.startswith("config/"):
            assert final[0][key] == value, key
