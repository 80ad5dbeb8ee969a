"""Fixtures for the Kafka store tests: a real Apache Kafka (KRaft) cluster started by
kafka-cluster.sh on free loopback ports, and tessera processes pointed at it.

Binary: --tessera=PATH, else $TESSERA_BINARY, else <repo>/build/src/tessera.
Kafka version: $TESSERA_KAFKA_VERSION (default in kafka-cluster.sh).
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path
from typing import Callable, Iterator

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "python"))
sys.path.insert(0, str(HERE))

from kafka_cluster import KafkaCluster  # noqa: E402
from tessera_process import ServerPool, TesseraProcess, default_binary  # noqa: E402


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--tessera", default=None, help="tessera binary under test")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # A failing test shows the logs of the servers it used.
    outcome = yield
    rep = outcome.get_result()
    if not rep.failed or rep.when == "teardown":
        return
    pool = item.funcargs.get("servers") if hasattr(item, "funcargs") else None
    if isinstance(pool, ServerPool):
        for proc in pool.started:
            rep.sections.append((f"tessera log {proc.log_path}", proc.log_tail(80)))


@pytest.fixture(scope="session")
def tessera_binary(pytestconfig: pytest.Config) -> Path:
    """The binary under test; a missing binary is an error, not a skip."""
    opt = pytestconfig.getoption("--tessera")
    binary = Path(opt) if opt else default_binary()
    if not binary.is_file():
        pytest.fail(f"tessera binary not found: {binary} (pass --tessera=PATH or set TESSERA_BINARY)",
                    pytrace=False)
    return binary.resolve()


@pytest.fixture(scope="session")
def kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaCluster]:
    """One single-broker cluster shared by the tests that do not restart it."""
    cluster = KafkaCluster(tmp_path_factory.mktemp("kafka-shared"))
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def topic(request: pytest.FixtureRequest) -> str:
    """A fresh log topic name per test, so tests never see each other's records."""
    return f"_schemas_{request.node.name[:40]}_{uuid.uuid4().hex[:8]}".replace("[", "_").replace("]", "_")


@pytest.fixture
def servers(tessera_binary: Path, tmp_path: Path) -> Iterator[ServerPool]:
    """Per-test pool of tessera processes; all stopped afterwards."""
    pool = ServerPool(tessera_binary, tmp_path)
    try:
        yield pool
    finally:
        pool.stop_all()


StartTessera = Callable[..., TesseraProcess]


def kafka_overrides(cluster: KafkaCluster, topic: str, **overrides: str) -> dict[str, str]:
    """ServerPool.start keyword overrides for a Kafka-backed tessera ('__' stands for '.')."""
    # One election group per topic, so nodes of different tests never elect each other; the
    # advertised host is the loopback address the test listeners bind to.
    settings = {"kafkastore__bootstrap__servers": cluster.bootstrap, "kafkastore__topic": topic,
                "schema__registry__group__id": f"sr-{topic}", "host__name": "127.0.0.1"}
    settings.update(overrides)
    return settings


@pytest.fixture
def start_tessera(servers: ServerPool, kafka: KafkaCluster, topic: str) -> StartTessera:
    """start_tessera(**overrides) → a running tessera on the shared cluster and this test's topic."""
    def start(**overrides: str) -> TesseraProcess:
        return servers.start(store="kafka", **kafka_overrides(kafka, topic, **overrides))
    return start
