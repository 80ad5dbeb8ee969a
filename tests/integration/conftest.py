"""pytest fixtures that run the real tessera binary (see tests/python/tessera_process.py).

Binary: --tessera=PATH, else $TESSERA_BINARY, else <repo>/build/src/tessera.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

from tessera_process import ServerPool, TesseraProcess, default_binary  # noqa: E402


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--tessera", default=None, help="tessera binary under test")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # A failing test shows the logs of the servers it used, next to its traceback.
    outcome = yield
    rep = outcome.get_result()
    if not rep.failed or rep.when == "teardown":
        return
    seen = set()
    for value in getattr(item, "funcargs", {}).values():
        procs = value.started if isinstance(value, ServerPool) else [value]
        for proc in procs:
            if isinstance(proc, TesseraProcess) and id(proc) not in seen:
                seen.add(id(proc))
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


@pytest.fixture
def servers(tessera_binary: Path, tmp_path: Path) -> Iterator[ServerPool]:
    """Per-test pool: `servers.start(data_dir=..., **overrides)`; all stopped afterwards."""
    pool = ServerPool(tessera_binary, tmp_path)
    try:
        yield pool
    finally:
        pool.stop_all()


@pytest.fixture
def tessera(servers: ServerPool) -> TesseraProcess:
    """A fresh in-memory tessera for one test."""
    return servers.start()
