"""Tessera on a three-broker cluster: replication of the created topic, and a partition leader
killed in the middle of writes."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

import pytest

from conftest import kafka_overrides
from kafka_cluster import KafkaCluster
from tessera_process import ServerPool
from test_kafka_failures import Writer, assert_all_acked_present


@pytest.fixture(scope="module")
def kafka3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaCluster]:
    cluster = KafkaCluster(tmp_path_factory.mktemp("kafka3"), brokers=3)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.mark.parametrize("asked,expected", [("3", 3), ("2", 2), ("5", 3)])
def test_replication_factor_is_capped_at_live_brokers(servers: ServerPool, kafka3: KafkaCluster, topic: str,
                                                      asked: str, expected: int):
    servers.start(store="kafka", **kafka_overrides(kafka3, topic, kafkastore__topic__replication__factor=asked))
    assert kafka3.topic_layout(topic) == (1, expected)


def test_killing_the_partition_leader_loses_no_acknowledged_write(servers: ServerPool, kafka3: KafkaCluster,
                                                                  topic: str):
    t = servers.start(store="kafka", **kafka_overrides(kafka3, topic,
                                                       kafkastore__topic__config__min__insync__replicas="2"))
    writer = Writer(t)
    writer.start()
    deadline = time.monotonic() + 60
    while len(writer.acked) < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    admin = kafka3.admin()
    leader = admin.list_topics(topic, timeout=30).topics[topic].partitions[0].leader
    kafka3.stop(node=leader, kill=True)
    acked_at_kill = len(writer.acked)
    deadline = time.monotonic() + 90
    while len(writer.acked) < acked_at_kill + 10 and time.monotonic() < deadline:
        time.sleep(0.2)
    writer.finish()
    try:
        assert len(writer.acked) >= acked_at_kill + 10, f"no recovery; last failures {writer.failures[-3:]}"
        new_leader = admin.list_topics(topic, timeout=30).topics[topic].partitions[0].leader
        assert new_leader != leader
        assert_all_acked_present(t, writer.acked)
        replay = servers.start(store="kafka", **kafka_overrides(kafka3, topic))
        assert_all_acked_present(replay, writer.acked)
    finally:
        kafka3.start(node=leader)
