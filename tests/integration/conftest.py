"""pytest fixtures that run the real tessera binary (see tests/python/tessera_process.py).

Binary: --tessera=PATH, else $TESSERA_BINARY, else <repo>/build/src/tessera.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

from tessera_process import TesseraProcess, default_binary  # noqa: E402

StartFn = Callable[..., TesseraProcess]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--tessera", default=None, help="tessera binary under test")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Remember each phase's outcome so fixtures can print server logs for failed tests.
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


@pytest.fixture(scope="session")
def tessera_binary(pytestconfig: pytest.Config) -> Path:
    """The binary under test; a missing binary is an error, not a skip."""
    opt = pytestconfig.getoption("--tessera")
    binary = Path(opt) if opt else default_binary()
    if not binary.is_file():
        pytest.fail(f"tessera binary not found: {binary} (pass --tessera=PATH or set TESSERA_BINARY)",
                    pytrace=False)
    return binary.resolve()


class ServerPool:
    """Starts servers for one test or module and stops every one of them afterwards."""

    def __init__(self, binary: Path, workdir: Path) -> None:
        self.binary, self.workdir = binary, workdir
        self.started: list[TesseraProcess] = []

    def start(self, data_dir: Path | None = None, store: str | None = None, **overrides: str) -> TesseraProcess:
        """Start a server. Without data_dir it gets tessera.store=memory (unless `store` says
        otherwise); keyword overrides use '__' for '.', e.g. tessera__http__max__body__bytes."""
        n = len(self.started) + 1
        settings = {k.replace("__", "."): str(v) for k, v in overrides.items()}
        if data_dir is None and store is None:
            store = "memory"
        proc = TesseraProcess(self.binary, overrides=settings, data_dir=data_dir, store=store,
                              log_path=self.workdir / f"tessera-{n}.log")
        self.started.append(proc)
        return proc.start()

    def stop_all(self) -> None:
        """Stop whatever still runs."""
        for proc in self.started:
            proc.stop()

    def logs(self) -> str:
        """Log tails of every server started, for failure reports."""
        return "\n".join(f"--- tessera log {p.log_path} ---\n{p.log_tail(80)}" for p in self.started)


def _pool(request: pytest.FixtureRequest, binary: Path, workdir: Path) -> Iterator[ServerPool]:
    pool = ServerPool(binary, workdir)
    try:
        yield pool
    finally:
        pool.stop_all()
        node = request.node
        failed = any(getattr(node, f"rep_{w}", None) is not None and getattr(node, f"rep_{w}").failed
                     for w in ("setup", "call"))
        if failed and pool.started:
            sys.stderr.write("\n" + pool.logs() + "\n")


@pytest.fixture
def servers(request: pytest.FixtureRequest, tessera_binary: Path, tmp_path: Path) -> Iterator[ServerPool]:
    """Per-test pool: `servers.start(data_dir=..., **overrides)`."""
    yield from _pool(request, tessera_binary, tmp_path)


@pytest.fixture
def tessera(servers: ServerPool) -> TesseraProcess:
    """A fresh in-memory tessera for one test."""
    return servers.start()
