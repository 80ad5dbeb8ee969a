"""Python face of kafka-cluster.sh: start, stop and inspect a throwaway KRaft cluster, plus raw
topic access through confluent-kafka (the reference client) to check Tessera's bytes."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic

SCRIPT = Path(__file__).resolve().parent / "kafka-cluster.sh"


@dataclass
class KafkaCluster:
    """A cluster in its own work dir; `bootstrap` is host:port,..."""

    workdir: Path
    brokers: int = 1
    bootstrap: str = ""

    def start(self, node: int | None = None) -> "KafkaCluster":
        """Start (or restart, same ports and data) the cluster or one node of it."""
        args = [str(SCRIPT), "start", str(self.workdir), "--brokers", str(self.brokers),
                "--watch-pid", str(os.getpid())]
        if node is not None:
            args += ["--node", str(node)]
        out = subprocess.run(args, check=True, stdout=subprocess.PIPE, text=True, timeout=600)
        self.bootstrap = out.stdout.strip().splitlines()[-1]
        if node is None:
            self.wait_for_brokers(self.brokers)
        return self

    def wait_for_brokers(self, count: int, timeout: float = 60.0) -> None:
        """Wait until the metadata lists `count` brokers: a node that says "started" may not be
        unfenced yet, and topic creation caps replication at the brokers it lists."""
        admin = self.admin()
        deadline = time.monotonic() + timeout
        seen = 0
        while time.monotonic() < deadline:
            try:
                seen = len(admin.list_topics(timeout=5).brokers)
            except Exception:  # noqa: BLE001 - the cluster is still coming up
                seen = 0
            if seen >= count:
                return
            time.sleep(0.2)
        raise RuntimeError(f"only {seen} of {count} brokers registered after {timeout:.0f} s")

    def stop(self, node: int | None = None, kill: bool = False) -> None:
        """Stop the cluster (SIGTERM, or SIGKILL with kill=True) or one node of it."""
        args = [str(SCRIPT), "stop", str(self.workdir)]
        if node is not None:
            args += ["--node", str(node)]
        if kill:
            args.append("--kill")
        subprocess.run(args, check=True, timeout=120)

    def admin(self) -> AdminClient:
        """An admin client on this cluster."""
        return AdminClient({"bootstrap.servers": self.bootstrap})

    def create_topic(self, name: str, partitions: int = 1, config: dict[str, str] | None = None) -> None:
        """Create a topic as another tool would (replication 1)."""
        admin = self.admin()  # must outlive the futures
        futures = admin.create_topics([NewTopic(name, partitions, 1, config=config or {})])
        futures[name].result(30)

    def topic_config(self, name: str) -> dict[str, str]:
        """Effective topic configs."""
        res = ConfigResource(ConfigResource.Type.TOPIC, name)
        admin = self.admin()
        entries = admin.describe_configs([res])[res].result(30)
        return {k: v.value for k, v in entries.items()}

    def topic_layout(self, name: str) -> tuple[int, int]:
        """(partition count, replicas of partition 0)."""
        admin = self.admin()
        md = admin.list_topics(name, timeout=30)
        t = md.topics[name]
        if t.error is not None:
            raise RuntimeError(str(t.error))
        return len(t.partitions), len(t.partitions[0].replicas)

    def read_topic(self, name: str, timeout: float = 30.0,
                   isolation: str = "read_committed") -> list[tuple[int, bytes | None, bytes | None]]:
        """Every record of partition 0 as (offset, key, value); value None = tombstone.
        isolation="read_uncommitted" also returns the records of aborted transactions."""
        c = Consumer({"bootstrap.servers": self.bootstrap, "group.id": "tessera-test-raw-reader",
                      "enable.auto.commit": False, "auto.offset.reset": "earliest",
                      "enable.partition.eof": True, "isolation.level": isolation})
        try:
            _, high = c.get_watermark_offsets(TopicPartition(name, 0), timeout=timeout)
            c.assign([TopicPartition(name, 0, 0)])
            out: list[tuple[int, bytes | None, bytes | None]] = []
            deadline = time.monotonic() + timeout
            # Stop at end of partition: transaction markers take offsets but are never returned,
            # so the last record's offset can stay below high - 1.
            while time.monotonic() < deadline:
                msg = c.poll(0.5)
                if msg is None:
                    continue
                if msg.error() is not None:
                    if msg.error().code() == KafkaError._PARTITION_EOF and c.position(
                            [TopicPartition(name, 0)])[0].offset >= high:
                        break
                    continue
                out.append((msg.offset(), msg.key(), msg.value()))
            return out
        finally:
            c.close()

    def produce(self, topic: str, records: list[tuple[bytes, bytes | None]]) -> None:
        """Produce key/value records to partition 0, as Confluent's KafkaStore does."""
        p = Producer({"bootstrap.servers": self.bootstrap, "acks": "all", "enable.idempotence": True})
        errors: list[str] = []
        for key, value in records:
            p.produce(topic, value=value, key=key, partition=0,
                      on_delivery=lambda err, _msg: errors.append(str(err)) if err else None)
        assert p.flush(30) == 0, "records still queued"
        assert not errors, errors


@dataclass
class MirrorMaker:
    """Kafka's MirrorMaker 2 (dedicated mode) run by kafka-cluster.sh with `config` (an
    mm2.properties file); its logs go to `workdir`/logs."""

    workdir: Path
    config: Path

    def start(self) -> "MirrorMaker":
        """Start it and wait until it says it has started."""
        subprocess.run([str(SCRIPT), "mirror-start", str(self.workdir), "--config", str(self.config),
                        "--watch-pid", str(os.getpid())], check=True, timeout=600)
        return self

    def stop(self) -> None:
        """Stop it (SIGTERM, SIGKILL after 60 s)."""
        subprocess.run([str(SCRIPT), "mirror-stop", str(self.workdir)], check=True, timeout=120)

    def log(self) -> str:
        """Its log so far."""
        path = self.workdir / "logs" / "mirror.log"
        return path.read_text(errors="replace") if path.exists() else ""
