"""Confluent's Python JSON Schema and Protobuf serializers against a real tessera.

No Kafka broker: a serializer only needs a SerializationContext and the registry. Each test
checks the bytes on the wire (magic byte + schema id) against what the registry answered, and
reads back through a second, fresh client so every assertion is about what the server said.
The Protobuf message classes are generated at test time with protoc into a temporary folder.
"""

from __future__ import annotations

import base64
import importlib
import json
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext, SerializationError
from google.protobuf import descriptor_pb2


def client(url: str) -> SchemaRegistryClient:
    return SchemaRegistryClient({"url": url})


def framed_id(data: bytes) -> int:
    """The schema id of Confluent's wire format: magic byte 0, then a big-endian int32."""
    assert data[0] == 0, data[:8]
    return struct.unpack(">I", data[1:5])[0]


def compact(doc: dict) -> str:
    return json.dumps(doc, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------
# JSON Schema

ADDRESS = {
    "type": "object",
    "properties": {"street": {"type": "string"}, "city": {"type": "string"}},
    "required": ["city"],
}
CUSTOMER = {
    "type": "object",
    "title": "Customer",
    "properties": {
        "name": {"type": "string"},
        "address": {"$ref": "address.schema.json"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["name", "address"],
}
DIALECTS = {
    "draft-07": "http://json-schema.org/draft-07/schema#",
    "2020-12": "https://json-schema.org/draft/2020-12/schema",
}
CUSTOMER_VALUE = {"name": "ada", "address": {"street": "1 Loop Rd", "city": "London"}, "tags": ["vip"]}


def with_dialect(doc: dict, dialect: str) -> dict:
    return {"$schema": DIALECTS[dialect], **doc}


def register_address(url: str, dialect: str) -> SchemaReference:
    sid = client(url).register_schema("address-value", Schema(compact(with_dialect(ADDRESS, dialect)), "JSON"))
    assert sid > 0
    return SchemaReference("address.schema.json", "address-value", 1)


def customer_schema(dialect: str, ref: SchemaReference) -> Schema:
    return Schema(compact(with_dialect(CUSTOMER, dialect)), "JSON", references=[ref])


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_json_schema_auto_register_round_trip_with_reference(tessera, dialect):
    ref = register_address(tessera.url, dialect)
    schema = customer_schema(dialect, ref)
    ctx = SerializationContext("customers", MessageField.VALUE)
    ser = JSONSerializer(schema, client(tessera.url))
    data = ser(CUSTOMER_VALUE, ctx)

    latest = client(tessera.url).get_latest_version("customers-value")
    assert framed_id(data) == latest.schema_id
    assert [(r.name, r.subject, r.version) for r in latest.schema.references] == [
        ("address.schema.json", "address-value", 1)]

    # A fresh client and no reader schema: the deserializer fetches the writer schema by id and
    # resolves its reference through the registry.
    de = JSONDeserializer(None, schema_registry_client=client(tessera.url))
    assert de(data, ctx) == CUSTOMER_VALUE

    # The payload is validated against the referenced schema too: `city` is required there.
    with pytest.raises(SerializationError):
        ser({"name": "bob", "address": {"street": "no city"}}, ctx)


def test_json_schema_fetched_back_identically_by_id(tessera):
    ref = register_address(tessera.url, "draft-07")
    schema = customer_schema("draft-07", ref)
    data = JSONSerializer(schema, client(tessera.url))(CUSTOMER_VALUE, SerializationContext("c", MessageField.VALUE))
    got = client(tessera.url).get_schema(framed_id(data))
    assert got.schema_type == "JSON"
    assert got.schema_str == schema.schema_str
    assert [(r.name, r.subject, r.version) for r in got.references] == [(ref.name, ref.subject, ref.version)]
    # The fetched schema looks up to the same id (what a serializer with auto-register off does).
    found = client(tessera.url).lookup_schema("c-value", got)
    assert found.schema_id == framed_id(data)


def test_json_schema_use_latest_version_and_lookup(tessera):
    ref = register_address(tessera.url, "draft-07")
    schema = customer_schema("draft-07", ref)
    sid = client(tessera.url).register_schema("orders-value", schema)
    ctx = SerializationContext("orders", MessageField.VALUE)

    latest = JSONSerializer(schema, client(tessera.url),
                            conf={"auto.register.schemas": False, "use.latest.version": True})
    data = latest(CUSTOMER_VALUE, ctx)
    assert framed_id(data) == sid

    # auto-register off, use.latest.version off: the serializer looks the schema up.
    looked_up = JSONSerializer(schema, client(tessera.url), conf={"auto.register.schemas": False})
    assert framed_id(looked_up(CUSTOMER_VALUE, ctx)) == sid
    # Nothing was registered by either serializer.
    assert client(tessera.url).get_versions("orders-value") == [1]

    # With a reader schema given, the deserializer validates against it.
    de = JSONDeserializer(schema, schema_registry_client=client(tessera.url))
    assert de(data, ctx) == CUSTOMER_VALUE

    # A schema the subject does not have: lookup fails, nothing is registered.
    other = Schema(compact({"type": "object", "properties": {"x": {"type": "integer"}}}), "JSON")
    with pytest.raises(SchemaRegistryError) as info:
        JSONSerializer(other, client(tessera.url), conf={"auto.register.schemas": False})({"x": 1}, ctx)
    assert info.value.error_code == 40403
    assert client(tessera.url).get_versions("orders-value") == [1]


# ---------------------------------------------------------------------------------------------
# Protobuf

ADDRESS_PROTO = """syntax = "proto3";
package tessera.test;

message Address {
  string street = 1;
  string city = 2;
}
"""
CUSTOMER_PROTO = """syntax = "proto3";
package tessera.test;

import "tessera/test/address.proto";
import "google/protobuf/timestamp.proto";

message Note {
  string text = 1;
}

message Customer {
  string name = 1;
  Address address = 2;
  google.protobuf.Timestamp since = 3;
  repeated string tags = 4;
  oneof contact {
    string email = 5;
    string phone = 6;
  }
  Tier tier = 7;
  map<string, int64> counters = 8;
  enum Tier {
    TIER_UNSPECIFIED = 0;
    GOLD = 1;
  }
}
"""


@pytest.fixture(scope="module")
def protos(tmp_path_factory):
    """The generated modules (customer_pb2, address_pb2), built once per module with protoc."""
    protoc = shutil.which("protoc")
    if protoc is None:
        pytest.fail("protoc not found (Debian protobuf-compiler)", pytrace=False)
    root = tmp_path_factory.mktemp("protos")
    src = root / "src"
    out = root / "gen"
    (src / "tessera/test").mkdir(parents=True)
    out.mkdir()
    (src / "tessera/test/address.proto").write_text(ADDRESS_PROTO)
    (src / "tessera/test/customer.proto").write_text(CUSTOMER_PROTO)
    subprocess.run([protoc, f"-I{src}", "-I/usr/include", f"--python_out={out}",
                    "tessera/test/address.proto", "tessera/test/customer.proto"], check=True)
    for d in (out / "tessera", out / "tessera/test"):
        (d / "__init__.py").touch()
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("tessera.test.customer_pb2")
    finally:
        sys.path.remove(str(out))


def make_customer(pb):
    c = pb.Customer(name="ada", tags=["vip", "early"], email="ada@example.com", tier=pb.Customer.GOLD)
    c.address.street = "1 Loop Rd"
    c.address.city = "London"
    c.since.seconds = 1_700_000_000
    c.counters["logins"] = 42
    return c


def descriptor_of(schema_b64: str) -> descriptor_pb2.FileDescriptorProto:
    fd = descriptor_pb2.FileDescriptorProto()
    fd.ParseFromString(base64.b64decode(schema_b64))
    return fd


def shape(fd: descriptor_pb2.FileDescriptorProto) -> dict:
    """What a reader needs from a file: package, imports, messages with their fields and enums."""
    def message(m):
        return {
            # Sorted by number: Confluent's printer (Wire) lists oneof members after the other fields.
            "fields": sorted((f.number, f.name, f.label, f.type, f.type_name,
                              f.oneof_index if f.HasField("oneof_index") else None) for f in m.field),
            "nested": {n.name: message(n) for n in m.nested_type},
            "enums": {e.name: [(v.name, v.number) for v in e.value] for e in m.enum_type},
            "oneofs": [o.name for o in m.oneof_decl],
        }
    return {
        "package": fd.package,
        "syntax": fd.syntax or "proto2",
        "dependency": sorted(fd.dependency),
        "messages": {m.name: message(m) for m in fd.message_type},
    }


def test_protobuf_auto_register_round_trip_with_import(tessera, protos):
    pb = protos
    ctx = SerializationContext("customers", MessageField.VALUE)
    ser = ProtobufSerializer(pb.Customer, client(tessera.url))
    data = ser(make_customer(pb), ctx)

    fresh = client(tessera.url)
    # The serializer registered the imported file itself, under its import path (the default
    # reference subject strategy); google/protobuf/* are known types and not registered.
    assert sorted(fresh.get_subjects()) == ["customers-value", "tessera/test/address.proto"]
    latest = fresh.get_latest_version("customers-value")
    assert framed_id(data) == latest.schema_id
    assert [(r.name, r.subject, r.version) for r in latest.schema.references] == [
        ("tessera/test/address.proto", "tessera/test/address.proto", 1)]
    # Customer is the second message of its file: message index [1] follows the id.
    assert data[5:7] == bytes([2, 2])

    de = ProtobufDeserializer(pb.Customer, {}, schema_registry_client=client(tessera.url))
    assert de(data, ctx) == make_customer(pb)


def test_protobuf_fetched_back_identically_by_id(tessera, protos):
    pb = protos
    ctx = SerializationContext("c", MessageField.VALUE)
    data = ProtobufSerializer(pb.Customer, client(tessera.url))(make_customer(pb), ctx)
    sid = framed_id(data)

    sent = descriptor_pb2.FileDescriptorProto()
    pb.DESCRIPTOR.CopyToProto(sent)
    got = client(tessera.url).get_schema(sid, fmt="serialized")
    assert got.schema_type == "PROTOBUF"
    assert shape(descriptor_of(got.schema_str)) == shape(sent)

    dep_sent = descriptor_pb2.FileDescriptorProto()
    pb.DESCRIPTOR.dependencies[0].CopyToProto(dep_sent)
    dep = client(tessera.url).get_version("tessera/test/address.proto", 1, fmt="serialized")
    assert shape(descriptor_of(dep.schema.schema_str)) == shape(dep_sent)

    # The .proto text served by default is the same schema: it looks up to the same id.
    text = client(tessera.url).get_schema(sid)
    assert "message Customer" in text.schema_str and "import \"tessera/test/address.proto\";" in text.schema_str
    assert client(tessera.url).lookup_schema("c-value", text).schema_id == sid


def test_protobuf_use_latest_version_and_lookup(tessera, protos):
    pb = protos
    ctx = SerializationContext("orders", MessageField.VALUE)
    # Register through one serializer, then use the registered version without registering.
    sid = framed_id(ProtobufSerializer(pb.Customer, client(tessera.url))(make_customer(pb), ctx))

    latest = ProtobufSerializer(pb.Customer, client(tessera.url),
                                {"auto.register.schemas": False, "use.latest.version": True})
    data = latest(make_customer(pb), ctx)
    assert framed_id(data) == sid

    looked_up = ProtobufSerializer(pb.Customer, client(tessera.url), {"auto.register.schemas": False})
    assert framed_id(looked_up(make_customer(pb), ctx)) == sid
    assert client(tessera.url).get_versions("orders-value") == [1]
    assert client(tessera.url).get_versions("tessera/test/address.proto") == [1]

    de = ProtobufDeserializer(pb.Customer, {"use.latest.version": True}, schema_registry_client=client(tessera.url))
    assert de(data, ctx) == make_customer(pb)


def test_protobuf_lookup_of_unregistered_schema_fails(tessera, protos):
    pb = protos
    ctx = SerializationContext("empty", MessageField.VALUE)
    with pytest.raises(SchemaRegistryError) as info:
        ProtobufSerializer(pb.Customer, client(tessera.url), {"auto.register.schemas": False})(make_customer(pb), ctx)
    # The imported file is looked up first, and its subject does not exist.
    assert info.value.error_code == 40401
    assert client(tessera.url).get_subjects() == []
