"""Several tessera nodes on one Kafka topic form one registry: one primary elected over Kafka's
group protocol (lowest eligible URL), writes forwarded to it from any node, failover on SIGKILL
and SIGTERM, rolling restarts under a multi-URL client, no eligible node, and a deposed primary
that cannot append (Kafka transactional fencing)."""

from __future__ import annotations

import json
import threading
import time
from typing import Callable

import pytest

from conftest import kafka_overrides
from kafka_cluster import KafkaCluster
from tessera_process import ServerPool, TesseraProcess

# Short group timings so failover tests finish quickly; the rules are the same as the defaults.
SESSION_TIMEOUT_S = 6.0
GROUP = {"kafkagroup__session__timeout__ms": str(int(SESSION_TIMEOUT_S * 1000)),
         "kafkagroup__heartbeat__interval__ms": "1000"}


def schema(tag: str) -> str:
    return json.dumps({"type": "record", "name": "R_" + tag.replace("-", "_"),
                       "fields": [{"name": "f", "type": "long"}]})


def start_nodes(servers: ServerPool, kafka: KafkaCluster, topic: str, eligible: list[bool],
                **overrides: str) -> list[TesseraProcess]:
    nodes = []
    for e in eligible:
        settings = kafka_overrides(kafka, topic, **GROUP, **overrides)
        settings["leader__eligibility"] = "true" if e else "false"
        nodes.append(servers.start(store="kafka", **settings))
    return nodes


def primary_seen_by(node: TesseraProcess) -> str | None:
    r = node.request("GET", "/master_available", timeout=5)
    return r.json().get("master_url") if r.status == 200 else None


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Polls `condition`; returns the seconds it took, fails the test after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if condition():
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


def agreed_primary(nodes: list[TesseraProcess], expected: str, timeout: float = 60) -> None:
    wait_for(lambda: all(primary_seen_by(n) == expected for n in nodes), timeout,
             f"every node to name {expected} as primary")


def register(node: TesseraProcess, subject: str, text: str, timeout: float = 30):
    return node.request("POST", f"/subjects/{subject}/versions", {"schema": text}, timeout=timeout)


def test_lowest_eligible_url_leads_and_every_node_takes_writes(servers: ServerPool, kafka: KafkaCluster,
                                                                 topic: str) -> None:
    nodes = start_nodes(servers, kafka, topic, [True, True, True, False])
    eligible_urls = sorted(n.url for n in nodes[:3])
    primary = eligible_urls[0]
    agreed_primary(nodes, primary)

    ids = {}
    for i, node in enumerate(nodes):  # the ineligible node and followers forward
        r = register(node, f"s-{i}", schema(f"s{i}"))
        assert r.status == 200, (node.url, r.status, r.text)
        ids[f"s-{i}"] = r.json()["id"]
    assert len(set(ids.values())) == len(ids)

    for i, node in enumerate(nodes):  # read-your-writes on the node that took the write
        r = node.request("GET", f"/subjects/s-{i}/versions/latest")
        assert r.status == 200 and r.json()["id"] == ids[f"s-{i}"], (node.url, r.text)
    for node in nodes:  # and, once every reader caught up, the same data everywhere
        for subject, sid in ids.items():
            wait_for(lambda: node.request("GET", f"/subjects/{subject}/versions/latest").status == 200, 10,
                     f"{subject} on {node.url}")
            assert node.request("GET", f"/subjects/{subject}/versions/latest").json()["id"] == sid
        metrics = node.request("GET", "/metrics").text
        assert f"tessera_is_primary {1 if node.url == primary else 0}" in metrics
    # The ineligible node is never primary, even as the only one left with the others gone.
    for node in nodes[:3]:
        node.stop()
    wait_for(lambda: primary_seen_by(nodes[3]) is None, 30, "the ineligible node to see no primary")
    r = register(nodes[3], "s-late", schema("late"), timeout=60)
    assert r.status == 500 and r.json()["error_code"] == 50004, r.text


def test_no_eligible_node_serves_reads_and_refuses_writes_with_50004(servers: ServerPool, kafka: KafkaCluster,
                                                                      topic: str) -> None:
    nodes = start_nodes(servers, kafka, topic, [False, False], tessera__leader__wait__ms="2000")
    time.sleep(2)  # an election happened: nobody may lead
    for node in nodes:
        assert primary_seen_by(node) is None
        assert node.request("GET", "/subjects").status == 200
        r = register(node, "x", schema("x"))
        assert r.status == 500, r.text
        assert r.headers["content-type"].startswith("application/")
        assert r.json()["error_code"] == 50004


def test_a_follower_answers_registered_schemas_while_no_primary_is_elected(servers: ServerPool, kafka: KafkaCluster,
                                                                          topic: str) -> None:
    """Producers re-register their schema at startup: a follower answers that itself, as
    Confluent does, so it keeps working while the group has no primary."""
    nodes = start_nodes(servers, kafka, topic, [True, False], tessera__leader__wait__ms="3000")
    agreed_primary(nodes, nodes[0].url)
    follower = nodes[1]
    first = register(follower, "known", schema("known"))
    assert first.status == 200, first.text
    nodes[0].kill()  # the only eligible node: no primary until it is back
    started = time.monotonic()
    again = register(follower, "known", schema("known"), timeout=5)
    assert again.status == 200 and again.json() == first.json(), again.text
    assert time.monotonic() - started < 2
    # A schema that needs a write waits for a primary, and fails when none comes: 50003 while the
    # dead primary is still the one the group names, 50004 once the group has none.
    new = register(follower, "other", schema("other"), timeout=30)
    assert new.status == 500 and new.json()["error_code"] in (50003, 50004), new.text


class Writer(threading.Thread):
    """Registers new schemas through one node until stopped; keeps every answer with its time."""

    def __init__(self, node: TesseraProcess, prefix: str) -> None:
        super().__init__(daemon=True)
        self.node, self.prefix = node, prefix
        self.acked: dict[str, int] = {}
        self.ok_times: list[float] = []
        self.ok_spans: list[tuple[float, float]] = []  # (sent, answered) of each acknowledged write
        self.errors: list[str] = []
        self.stop_flag = threading.Event()

    def run(self) -> None:
        n = 0
        while not self.stop_flag.is_set():
            subject = f"{self.prefix}-{n}"
            sent = time.monotonic()
            try:
                r = register(self.node, subject, schema(subject), timeout=60)
            except OSError as e:
                self.errors.append(repr(e))
                time.sleep(0.05)
                continue
            if r.status == 200:
                self.acked[subject] = r.json()["id"]
                self.ok_times.append(time.monotonic())
                self.ok_spans.append((sent, self.ok_times[-1]))
                n += 1
            else:
                self.errors.append(f"{r.status} {r.text}")
                time.sleep(0.05)

    def finish(self) -> None:
        self.stop_flag.set()
        self.join(90)


def assert_same_registry(nodes: list[TesseraProcess], acked: dict[str, int]) -> None:
    """Every acknowledged registration on every node, and no id names two schemas."""
    by_id: dict[int, str] = {}
    for node in nodes:
        wait_for(lambda: node.request("GET", "/_health").status == 200, 60, f"{node.url} ready")
        for subject, sid in acked.items():
            # A node the write did not go through applies it a moment later (its reader's next
            # fetch): a write missing after that is lost.
            r = node.request("GET", f"/subjects/{subject}/versions/latest")
            deadline = time.monotonic() + 5
            while r.status == 404 and time.monotonic() < deadline:
                time.sleep(0.1)
                r = node.request("GET", f"/subjects/{subject}/versions/latest")
            assert r.status == 200, f"{node.url} lost acknowledged {subject}: {r.status} {r.text}"
            assert r.json()["id"] == sid, (node.url, subject, r.json()["id"], sid)
            text = r.json()["schema"]
            assert by_id.setdefault(sid, text) == text, f"id {sid} names two schemas"


@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM"])
def test_primary_failover_under_load(servers: ServerPool, kafka: KafkaCluster, topic: str, signal_name: str) -> None:
    nodes = start_nodes(servers, kafka, topic, [True, True, True])
    primary_url = sorted(n.url for n in nodes)[0]
    agreed_primary(nodes, primary_url)
    primary = next(n for n in nodes if n.url == primary_url)
    followers = [n for n in nodes if n is not primary]
    writer = Writer(followers[-1], "load")
    writer.start()
    wait_for(lambda: len(writer.acked) >= 5, 30, "writes to flow")

    before = len(writer.ok_times)
    stopped_at = time.monotonic()
    if signal_name == "SIGKILL":
        primary.kill()
    else:
        primary.stop()
    wait_for(lambda: len(writer.ok_times) > before and writer.ok_times[-1] > stopped_at, 60,
             "a write accepted by the new primary")
    first_ok = next(t for t in writer.ok_times if t > stopped_at)
    gap = first_ok - stopped_at
    writer_count = len(writer.acked)
    wait_for(lambda: len(writer.acked) >= writer_count + 5, 30, "writes to keep flowing")
    writer.finish()
    # The first write acknowledged after the stop may be one the old primary finished on its
    # way out; the write that met the failover is the slowest one answered after the stop.
    slowest = max(end - sent for sent, end in writer.ok_spans if end > stopped_at)
    print(f"{signal_name}: first write on the new primary {gap:.2f} s after the primary went away, "
          f"slowest write across the failover {slowest:.2f} s; "
          f"{len(writer.acked)} acknowledged, {len(writer.errors)} failed: {writer.errors[:3]}")
    # SIGKILL: the group notices after the session timeout. SIGTERM: LeaveGroup, at once.
    limit = SESSION_TIMEOUT_S + 5 if signal_name == "SIGKILL" else 3.0
    assert gap < limit, f"{signal_name}: writes resumed after {gap:.1f} s (limit {limit:.0f} s)"
    assert slowest < limit, f"{signal_name}: one write took {slowest:.1f} s across the failover (limit {limit:.0f} s)"
    assert writer.errors == [], writer.errors[:5]
    new_primary = sorted(n.url for n in followers)[0]
    agreed_primary(followers, new_primary)
    assert_same_registry(followers, writer.acked)


def test_rolling_restarts_under_a_multi_url_client(servers: ServerPool, kafka: KafkaCluster, topic: str) -> None:
    from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
    from confluent_kafka.schema_registry.error import SchemaRegistryError

    nodes = start_nodes(servers, kafka, topic, [True, True, True])
    agreed_primary(nodes, sorted(n.url for n in nodes)[0])
    client = SchemaRegistryClient({"url": ",".join(n.url for n in nodes), "max.retries": 5,
                                   "retries.wait.ms": 200, "retries.max.wait.ms": 2000, "timeout": 60})
    acked: dict[str, int] = {}
    failures: list[str] = []
    stop = threading.Event()
    # A second client reads each new id back (its cache cannot answer for it).
    reader = SchemaRegistryClient({"url": ",".join(n.url for n in nodes), "max.retries": 5,
                                   "retries.wait.ms": 200, "retries.max.wait.ms": 2000, "timeout": 60})

    def read_back(sid: int, text: str) -> None:
        # Another node may not have read the write yet (followers are eventually consistent).
        for attempt in range(20):
            try:
                got = reader.get_schema(sid)
                break
            except SchemaRegistryError as e:
                if e.error_code != 40403 or attempt == 19:
                    raise
                time.sleep(0.1)
        if json.loads(got.schema_str) != json.loads(text):
            failures.append(f"id {sid} read back as another schema")

    def work() -> None:
        n = 0
        while not stop.is_set():
            subject = f"roll-{n}"
            text = schema(subject)
            try:
                sid = client.register_schema(subject, Schema(text, "AVRO"))
                acked[subject] = sid
                read_back(sid, text)
            except Exception as e:  # noqa: BLE001 - the client's own error after its retries
                failures.append(f"{subject}: {e!r}")
            n += 1

    t = threading.Thread(target=work, daemon=True)
    t.start()
    wait_for(lambda: len(acked) >= 5, 30, "registrations to flow")
    restarts = 0
    for _ in range(2):
        for node in nodes:
            node.stop()
            node.start(same_port=True)
            restarts += 1
            wait_for(lambda: primary_seen_by(node) is not None, 60, f"{node.url} to rejoin")
            time.sleep(1)
    stop.set()
    t.join(120)
    print(f"rolling restarts: {restarts} node restarts, {len(acked)} registrations acknowledged, "
          f"{len(failures)} failed after the client's retries: {failures[:5]}")
    assert_same_registry(nodes, acked)
    assert failures == [], failures[:5]


def test_a_deposed_primary_cannot_append(servers: ServerPool, kafka: KafkaCluster, topic: str) -> None:
    """Another producer initialising the primaries' transactional.id fences the primary off:
    its next write is refused and leaves nothing in the topic; the write after that fences
    back (this node is still the elected primary) and succeeds."""
    from confluent_kafka import Consumer, Producer

    node = start_nodes(servers, kafka, topic, [True])[0]
    agreed_primary([node], node.url)
    assert register(node, "before", schema("before")).status == 200

    group_id = f"sr-{topic}"
    usurper = Producer({"bootstrap.servers": kafka.bootstrap, "transactional.id": f"{group_id}-{topic}-writer"})
    usurper.init_transactions(30)  # what a newly elected primary does first

    r = register(node, "fenced", schema("fenced"))
    assert r.status == 500 and r.json()["error_code"] == 50001, r.text
    assert node.request("GET", "/subjects/fenced/versions").status == 404

    again = register(node, "after", schema("after"))
    assert again.status == 200, again.text

    consumer = Consumer({"bootstrap.servers": kafka.bootstrap, "group.id": f"check-{topic}",
                         "auto.offset.reset": "earliest", "isolation.level": "read_committed"})
    consumer.subscribe([topic])
    subjects = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "after" not in subjects:
        m = consumer.poll(0.5)
        if m is None or m.error() or m.value() is None:
            continue
        key = json.loads(m.key())
        if key.get("keytype") == "SCHEMA":
            subjects.append(key["subject"])
    consumer.close()
    assert subjects == ["before", "after"], subjects
