"""Tessera on a real Kafka broker: the bytes it writes to the log topic, the records of other
writers it serves, deletes surviving a fresh replay, and Confluent's topic rules."""

from __future__ import annotations

import json
import time

import pytest

from conftest import StartTessera, kafka_overrides
from kafka_cluster import KafkaCluster
from tessera_process import ServerPool, TesseraError

ORDER = '{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}'
NOOP = (b'{"keytype":"NOOP","magic":0}', None)


def ok(resp, status: int = 200):
    assert resp.status == status, f"{resp.status} {resp.text}"
    return resp.json()


def avro(name: str) -> str:
    return json.dumps({"type": "record", "name": name, "fields": [{"name": "id", "type": "long"}]},
                      separators=(",", ":"))


def wait_for(predicate, timeout: float = 15.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_registered_records_are_confluents_bytes(start_tessera: StartTessera, kafka: KafkaCluster, topic: str):
    t = start_tessera()
    assert ok(t.request("POST", "/subjects/orders-value/versions", {"schema": ORDER})) == {"id": 1}
    ok(t.request("PUT", "/config/orders-value", {"compatibility": "FULL"}))
    ok(t.request("PUT", "/config", {"compatibility": "BACKWARD"}))

    records = [(k, v) for _, k, v in kafka.read_topic(topic)]
    # No schemaType for Avro: SR's SchemaTypeConverter maps AVRO to null and NON_EMPTY drops it
    # (see src/storage/records_json_values.cc; spec §2.12's example prints it, SR does not).
    assert records == [
        NOOP,
        (b'{"keytype":"SCHEMA","subject":"orders-value","version":1,"magic":1}',
         b'{"subject":"orders-value","version":1,"id":1,"schema":'
         + json.dumps(ORDER).encode() + b',"deleted":false}'),
        (b'{"keytype":"CONFIG","subject":"orders-value","magic":0}',
         b'{"subject":"orders-value","compatibilityLevel":"FULL"}'),
        (b'{"keytype":"CONFIG","magic":0}', b'{"compatibilityLevel":"BACKWARD"}'),
    ]


def test_records_of_another_producer_are_served(start_tessera: StartTessera, kafka: KafkaCluster, topic: str):
    kafka.create_topic(topic, config={"cleanup.policy": "compact"})
    kafka.produce(topic, [
        (b'{"keytype":"SCHEMA","subject":"payments-value","version":1,"magic":1}',
         b'{"subject":"payments-value","version":1,"id":7,"schemaType":"AVRO","schema":"\\"string\\"",'
         b'"deleted":false}'),
        # Karapace's forms: the global config key with "subject":null, no schemaType for Avro.
        (b'{"keytype":"CONFIG","subject":null,"magic":0}', b'{"compatibilityLevel":"NONE"}'),
        (b'{"keytype":"SCHEMA","subject":"users-value","version":1,"magic":0}',
         b'{"subject":"users-value","version":1,"id":3,"schema":"\\"long\\"","deleted":false}'),
        # A keytype from a newer registry is skipped, not fatal.
        (b'{"keytype":"ASSOC","tenant":"default","subject":"x","magic":0}', b'{"subject":"x"}'),
        NOOP,
    ])
    t = start_tessera()
    assert ok(t.request("GET", "/subjects")) == ["payments-value", "users-value"]
    assert ok(t.request("GET", "/schemas/ids/7")) == {"schema": '"string"'}
    assert ok(t.request("GET", "/subjects/users-value/versions/1"))["id"] == 3
    assert ok(t.request("GET", "/config"))["compatibilityLevel"] == "NONE"

    # Records written while tessera runs are picked up by its reader.
    kafka.produce(topic, [(b'{"keytype":"SCHEMA","subject":"payments-value","version":2,"magic":1}',
                           b'{"subject":"payments-value","version":2,"id":9,"schemaType":"AVRO",'
                           b'"schema":"\\"bytes\\"","deleted":false}')])
    wait_for(lambda: t.request("GET", "/schemas/ids/9").status == 200, what="id 9 served")
    assert ok(t.request("GET", "/subjects/payments-value/versions")) == [1, 2]
    # Our next id follows the highest one in the log.
    assert ok(t.request("POST", "/subjects/other/versions", {"schema": ORDER})) == {"id": 10}


def test_deletes_survive_a_fresh_replay(start_tessera: StartTessera, kafka: KafkaCluster, topic: str):
    t = start_tessera()
    ok(t.request("PUT", "/config", {"compatibility": "NONE"}))
    for name in ("A", "B", "C"):
        ok(t.request("POST", "/subjects/s/versions", {"schema": avro(name)}))
    ok(t.request("POST", "/subjects/gone/versions", {"schema": avro("G")}))
    assert ok(t.request("DELETE", "/subjects/s/versions/1")) == 1
    assert ok(t.request("DELETE", "/subjects/s/versions/1?permanent=true")) == 1
    assert ok(t.request("DELETE", "/subjects/s/versions/2")) == 2
    assert ok(t.request("DELETE", "/subjects/gone")) == [1]
    assert ok(t.request("DELETE", "/subjects/gone?permanent=true")) == [1]

    probes = ["/subjects", "/subjects?deleted=true", "/subjects/s/versions", "/subjects/s/versions?deleted=true",
              "/subjects/s/versions/2", "/subjects/s/versions/1", "/subjects/gone/versions", "/schemas/ids/1",
              "/schemas/ids/2", "/schemas/ids/4", "/schemas?deleted=true", "/config"]
    before = {p: (r.status, r.json()) for p in probes for r in [t.request("GET", p)]}
    assert before["/subjects"][1] == ["s"]
    assert before["/subjects/s/versions?deleted=true"][1] == [2, 3]
    t.stop()

    # Hard deletes are tombstones: null values, never empty ones.
    tombstones = [k for _, k, v in kafka.read_topic(topic) if v is None and b"NOOP" not in k]
    assert b'{"keytype":"SCHEMA","subject":"s","version":1,"magic":1}' in tombstones
    assert b'{"keytype":"SCHEMA","subject":"gone","version":1,"magic":1}' in tombstones

    again = start_tessera()
    after = {p: (r.status, r.json()) for p in probes for r in [again.request("GET", p)]}
    assert after == before


def test_created_topic_follows_confluents_rules(start_tessera: StartTessera, kafka: KafkaCluster, topic: str):
    start_tessera(kafkastore__topic__config__min__compaction__lag__ms="1234",
                  kafkastore__topic__config__cleanup__policy="delete")
    assert kafka.topic_layout(topic) == (1, 1)  # replication: min(live brokers, 3)
    config = kafka.topic_config(topic)
    assert config["cleanup.policy"] == "compact"  # forced, whatever the topic config says
    assert config["min.compaction.lag.ms"] == "1234"


@pytest.mark.parametrize("partitions,policy,message", [
    (2, "compact", "exactly 1 partition"),
    (1, "delete", "cleanup.policy=delete"),
    (1, "compact,delete", "cleanup.policy=compact,delete"),
])
def test_unsuitable_existing_topic_stops_startup(servers: ServerPool, kafka: KafkaCluster, topic: str,
                                                 partitions: int, policy: str, message: str):
    kafka.create_topic(topic, partitions, {"cleanup.policy": policy})
    with pytest.raises(TesseraError):
        servers.start(store="kafka", **kafka_overrides(kafka, topic))
    log = servers.started[-1].log_tail(200)
    assert message in log, log
    assert topic in log, log


def test_skip_validation_accepts_any_topic(start_tessera: StartTessera, kafka: KafkaCluster, topic: str):
    kafka.create_topic(topic, 1, {"cleanup.policy": "delete"})
    t = start_tessera(kafkastore__topic__skip__validation="true")
    assert ok(t.request("POST", "/subjects/s/versions", {"schema": ORDER})) == {"id": 1}


def test_java_only_client_properties_are_skipped_with_a_log_line(start_tessera: StartTessera):
    t = start_tessera(kafkastore__key__serializer="org.apache.kafka.common.serialization.ByteArraySerializer",
                      kafkastore__ssl__truststore__location="/nonexistent/truststore.jks",
                      kafkastore__client__id="tessera-under-test")
    assert ok(t.request("POST", "/subjects/s/versions", {"schema": ORDER})) == {"id": 1}
    log = t.log_tail(200)
    assert "kafkastore.key.serializer" in log and "skipped" in log, log
    assert "kafkastore.ssl.truststore.location" in log, log


def test_invalid_client_property_stops_startup(servers: ServerPool, kafka: KafkaCluster, topic: str):
    with pytest.raises(TesseraError):
        servers.start(store="kafka", **kafka_overrides(kafka, topic, kafkastore__linger__ms="not-a-number"))
    assert "kafkastore.linger.ms" in servers.started[-1].log_tail(100)


def test_two_nodes_on_one_topic_see_each_others_writes(start_tessera: StartTessera):
    a = start_tessera()
    b = start_tessera()
    assert ok(a.request("POST", "/subjects/s/versions", {"schema": ORDER})) == {"id": 1}
    wait_for(lambda: b.request("GET", "/schemas/ids/1").status == 200, what="node b sees id 1")
    assert ok(b.request("GET", "/subjects/s/versions/1"))["schema"] == ORDER

