"""Confluent's Python client (confluent-kafka) against a real tessera.

Reads go through a second, fresh client wherever the first one would answer from its cache,
so every assertion is about what the server said.
"""

from __future__ import annotations

import json
import struct

import pytest
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import MessageField, SerializationContext

from tessera_process import free_port

USER_V1 = {
    "type": "record", "name": "User", "namespace": "tessera.test",
    "fields": [{"name": "name", "type": "string"}, {"name": "age", "type": "int"}],
}
# Adds a field with a default: BACKWARD compatible with v1.
USER_V2 = {**USER_V1, "fields": USER_V1["fields"] + [{"name": "email", "type": ["null", "string"], "default": None}]}
# Changes a field's type: not BACKWARD compatible with v1.
USER_BAD = {**USER_V1, "fields": [{"name": "name", "type": "int"}, {"name": "age", "type": "int"}]}


def avro(schema: dict) -> Schema:
    return Schema(json.dumps(schema), "AVRO")


def client(url: str, **conf) -> SchemaRegistryClient:
    return SchemaRegistryClient({"url": url, **conf})


def expect_error(fn, status: int, code: int) -> SchemaRegistryError:
    with pytest.raises(SchemaRegistryError) as info:
        fn()
    assert (info.value.http_status_code, info.value.error_code) == (status, code), info.value
    return info.value


def test_register_and_read_back(tessera):
    writer = client(tessera.url)
    subject = "users-value"
    id1 = writer.register_schema(subject, avro(USER_V1))
    assert isinstance(id1, int) and id1 > 0

    reader = client(tessera.url)
    # Same schema again (fresh client, so the server answers): same id, no new version.
    assert reader.register_schema(subject, avro(USER_V1)) == id1
    got = client(tessera.url).get_schema(id1)
    assert got.schema_type == "AVRO"
    assert json.loads(got.schema_str) == USER_V1

    latest = client(tessera.url).get_latest_version(subject)
    assert (latest.schema_id, latest.subject, latest.version) == (id1, subject, 1)
    assert json.loads(latest.schema.schema_str) == USER_V1

    id2 = writer.register_schema(subject, avro(USER_V2))
    assert id2 != id1
    fresh = client(tessera.url)
    assert fresh.get_versions(subject) == [1, 2]
    assert fresh.get_latest_version(subject).version == 2
    assert fresh.get_version(subject, 1).schema_id == id1
    assert fresh.get_subjects() == [subject]
    assert sorted(fresh.get_subjects_by_schema_id(id2)) == [subject]


def test_lookup_schema(tessera):
    c = client(tessera.url)
    sid = c.register_schema("lookup-value", avro(USER_V1))
    found = client(tessera.url).lookup_schema("lookup-value", avro(USER_V1))
    assert (found.schema_id, found.version, found.subject) == (sid, 1, "lookup-value")
    # Whitespace and key order do not matter to a lookup: the server canonicalizes.
    spaced = Schema(json.dumps(USER_V1, indent=3), "AVRO")
    assert client(tessera.url).lookup_schema("lookup-value", spaced).schema_id == sid
    expect_error(lambda: client(tessera.url).lookup_schema("lookup-value", avro(USER_V2)), 404, 40403)
    expect_error(lambda: client(tessera.url).lookup_schema("no-such-subject", avro(USER_V1)), 404, 40401)


def test_compatibility_and_config(tessera):
    c = client(tessera.url)
    subject = "compat-value"
    c.register_schema(subject, avro(USER_V1))
    assert c.get_compatibility() == "BACKWARD"  # server default
    assert c.test_compatibility(subject, avro(USER_V2)) is True
    assert c.test_compatibility(subject, avro(USER_BAD)) is False
    assert c.test_compatibility(subject, avro(USER_BAD), version=1) is False
    err = expect_error(lambda: c.register_schema(subject, avro(USER_BAD)), 409, 409)
    assert "incompatible" in err.error_message

    assert c.set_compatibility(subject, "NONE") == {"compatibility": "NONE"}
    assert client(tessera.url).get_compatibility(subject) == "NONE"
    assert c.test_compatibility(subject, avro(USER_BAD)) is True
    assert c.register_schema(subject, avro(USER_BAD)) > 0
    expect_error(lambda: c.set_compatibility(subject, "SOMETIMES"), 422, 42203)

    c.set_compatibility(level="FULL")
    assert client(tessera.url).get_compatibility() == "FULL"
    assert client(tessera.url).get_config(subject).compatibility_level.value == "NONE"
    c.delete_config(subject)
    expect_error(lambda: client(tessera.url).get_compatibility(subject), 404, 40408)


def test_delete_subject(tessera):
    c = client(tessera.url)
    subject = "doomed-value"
    c.register_schema(subject, avro(USER_V1))
    c.register_schema(subject, avro(USER_V2))
    c.register_schema("kept-value", avro(USER_V1))
    assert c.delete_subject(subject) == [1, 2]
    fresh = client(tessera.url)
    assert fresh.get_subjects() == ["kept-value"]
    assert sorted(fresh.get_subjects(deleted=True)) == [subject, "kept-value"]
    expect_error(lambda: client(tessera.url).get_latest_version(subject), 404, 40401)
    assert c.delete_subject(subject, permanent=True) == [1, 2]
    assert client(tessera.url).get_subjects(deleted=True) == ["kept-value"]
    expect_error(lambda: client(tessera.url).delete_subject(subject), 404, 40401)


def test_avro_serializer_round_trip(tessera):
    ctx = SerializationContext("orders", MessageField.VALUE)
    record = {"name": "Ada", "age": 36}
    serializer = AvroSerializer(client(tessera.url), json.dumps(USER_V1))
    data = serializer(record, ctx)

    # Confluent wire format: magic byte 0, 4-byte big-endian schema id, Avro binary.
    registered = client(tessera.url).get_latest_version("orders-value")
    assert data[0] == 0
    assert struct.unpack(">I", data[1:5])[0] == registered.schema_id
    # The deserializer has no schema of its own: it must fetch the writer's schema by id.
    deserializer = AvroDeserializer(client(tessera.url))
    assert deserializer(data, ctx) == record

    # A reader schema with an extra defaulted field resolves against the writer's.
    reader = AvroDeserializer(client(tessera.url), json.dumps(USER_V2))
    assert reader(data, ctx) == {**record, "email": None}


def test_first_url_dead_second_serves(tessera):
    dead = f"http://127.0.0.1:{free_port()}"
    # Short retry waits keep the test quick; the client still tries the dead URL first.
    c = client(f"{dead},{tessera.url}", **{"max.retries": 1, "retries.wait.ms": 10})
    sid = c.register_schema("failover-value", avro(USER_V1))
    assert client(f"{dead},{tessera.url}").get_schema(sid).schema_str
    fresh = client(f"{dead}, {tessera.url}/", **{"max.retries": 1, "retries.wait.ms": 10})
    assert fresh.get_latest_version("failover-value").schema_id == sid
    assert fresh.lookup_schema("failover-value", avro(USER_V1)).version == 1
    # With only dead URLs the client must fail: the test above is not vacuous.
    with pytest.raises(Exception):
        client(dead, **{"max.retries": 0}).get_subjects()
