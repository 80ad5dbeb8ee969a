"""Start, probe and stop a real `tessera` binary for black-box tests.

Shared by the HTTP conformance runner (tests/http_conformance/run.py) and the pytest
integration suites (tests/integration). Only the standard library is used, so the runner
works on a bare Python 3.11.

Contract with the server (see the brief of the test tooling):
    tessera [--config FILE] [--override key=value]...
    listeners=http://127.0.0.1:<port>, tessera.data.dir=<dir>, tessera.store=memory
and `GET /` answers `{}` once the server is up.
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 10.0
SCHEMA_REGISTRY_CT = "application/vnd.schemaregistry.v1+json"


class TesseraError(RuntimeError):
    """The server could not be started or stopped as asked."""


def default_binary() -> Path:
    """The tessera binary to test: $TESSERA_BINARY, else <repo>/build/src/tessera."""
    env = os.environ.get("TESSERA_BINARY")
    return Path(env) if env else REPO_ROOT / "build" / "src" / "tessera"


def free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago (bind to port 0, read it, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@dataclass
class HttpResponse:
    """One HTTP exchange's answer, body kept as raw bytes."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (invalid bytes replaced)."""
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body parsed as JSON; raises ValueError when it is not JSON."""
        return json.loads(self.text)


def http_request(
    base_url: str,
    method: str,
    path: str,
    body: bytes | str | Any = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 30.0,
) -> HttpResponse:
    """Send one request with http.client so `path` goes out byte for byte as given.

    A `body` that is not bytes/str is serialized as JSON and gets Confluent's content type
    unless `headers` names one. A fresh connection is used per call (Connection: close), so
    one broken exchange never poisons the next.
    """
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    hdrs = {"Connection": "close"}
    data: bytes | None = None
    if body is not None:
        if isinstance(body, bytes):
            data = body
        elif isinstance(body, str):
            data = body.encode("utf-8")
        else:
            data = json.dumps(body).encode("utf-8")
            hdrs["Content-Type"] = SCHEMA_REGISTRY_CT
    if headers:
        hdrs.update(headers)
    try:
        conn.request(method, parts.path.rstrip("/") + path, body=data, headers=hdrs)
        resp = conn.getresponse()
        payload = resp.read()
        return HttpResponse(resp.status, {k.lower(): v for k, v in resp.getheaders()}, payload)
    finally:
        conn.close()


def _set_parent_death_signal() -> None:
    """Runs in the child before exec: die with the test process even if it is SIGKILLed."""
    with contextlib.suppress(Exception):
        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


@dataclass
class TesseraProcess:
    """One tessera server process on 127.0.0.1:<free port>.

    `overrides` are passed as `--override key=value`; `data_dir` sets tessera.data.dir and
    `store` sets tessera.store. The server's stdout/stderr go to `log_path` (a temporary file
    unless given) so a failing test can show them.
    """

    binary: Path | str
    overrides: Mapping[str, str] = field(default_factory=dict)
    data_dir: Path | str | None = None
    store: str | None = None
    config: Path | str | None = None
    log_path: Path | str | None = None
    port: int = 0
    proc: subprocess.Popen | None = field(default=None, init=False, repr=False)
    returncode: int | None = field(default=None, init=False)

    @property
    def url(self) -> str:
        """Base URL of the running server, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        """Process id while started."""
        return self.proc.pid if self.proc else None

    def command(self) -> list[str]:
        """The argv used to start the server on `self.port`."""
        argv = [str(Path(self.binary).resolve())]
        if self.config is not None:
            argv += ["--config", str(self.config)]
        settings = {"listeners": self.url}
        if self.data_dir is not None:
            settings["tessera.data.dir"] = str(self.data_dir)
        if self.store is not None:
            settings["tessera.store"] = self.store
        settings.update(self.overrides)
        for key, value in settings.items():
            argv += ["--override", f"{key}={value}"]
        return argv

    def start(self, timeout: float = START_TIMEOUT_S, attempts: int = 3,
              same_port: bool = False) -> "TesseraProcess":
        """Start the server and wait until `GET /` answers 200.

        A fresh free port is picked for each attempt: another process may grab the port
        between our probe and the server's bind, which shows as an early exit. With
        `same_port`, a restart keeps the previous port (clients configured with this node's URL,
        rolling restarts) and tries only that.
        """
        if self.proc is not None and self.proc.poll() is None:
            raise TesseraError("already running")
        binary = Path(self.binary)
        if not binary.is_file() or not os.access(binary, os.X_OK):
            raise TesseraError(f"tessera binary not found or not executable: {binary}")
        if self.log_path is None:
            fd, name = tempfile.mkstemp(prefix="tessera-", suffix=".log")
            os.close(fd)
            self.log_path = name
        last_error = ""
        keep = same_port and self.port != 0
        for _ in range(1 if keep else attempts):
            if not keep:
                self.port = free_port()
            with open(self.log_path, "ab") as log:
                log.write(f"\n=== {' '.join(self.command())}\n".encode())
                log.flush()
                try:
                    self.proc = subprocess.Popen(
                        self.command(), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                        preexec_fn=_set_parent_death_signal)
                except OSError as e:
                    raise TesseraError(f"cannot run {binary}: {e}") from e
            self.returncode = None
            try:
                wait_until_up(self.url, timeout, self)
                return self
            except TesseraError as e:
                last_error = str(e)
                exited_early = self.proc.poll() is not None
                self.stop()
                if not exited_early:
                    break  # it ran but never answered: a new port will not help
        raise TesseraError(f"{last_error}\n--- server log (tail) ---\n{self.log_tail()}")

    def alive(self) -> bool:
        """True while the process runs."""
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> int | None:
        """SIGTERM, then SIGKILL after `timeout`; returns the exit code (negative = signal)."""
        return self._end(signal.SIGTERM, timeout)

    def kill(self) -> int | None:
        """SIGKILL at once, as a crash or power cut would; returns the exit code."""
        return self._end(signal.SIGKILL, STOP_TIMEOUT_S)

    def _end(self, sig: int, timeout: float) -> int | None:
        if self.proc is None:
            return self.returncode
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    self.proc.kill()
                self.proc.wait()
        self.returncode = self.proc.returncode
        self.proc = None
        return self.returncode

    def log_tail(self, lines: int = 60) -> str:
        """The last `lines` lines the server wrote."""
        if not self.log_path or not os.path.exists(self.log_path):
            return ""
        with open(self.log_path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
        return "\n".join(text.splitlines()[-lines:])

    def request(self, method: str, path: str, body: Any = None,
                headers: Mapping[str, str] | None = None, timeout: float = 30.0) -> HttpResponse:
        """http_request() against this server."""
        return http_request(self.url, method, path, body, headers, timeout)

    def __enter__(self) -> "TesseraProcess":
        return self.start() if not self.alive() else self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wait_until_up(url: str, timeout: float = START_TIMEOUT_S,
                  process: TesseraProcess | None = None) -> None:
    """Poll `GET /` until it answers 200; fail early if `process` exits meanwhile."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if process is not None and not process.alive():
            code = process.proc.returncode if process.proc else process.returncode
            raise TesseraError(f"tessera exited with code {code} during startup")
        try:
            resp = http_request(url, "GET", "/", timeout=1.0)
            if resp.status == 200:
                return
            last = f"GET / answered {resp.status}"
        except (OSError, http.client.HTTPException) as e:
            last = f"GET / failed: {e!r}"
        time.sleep(0.05)
    raise TesseraError(f"tessera at {url} did not come up within {timeout:.0f} s ({last})")


class ServerPool:
    """Starts servers for one test (or module) and stops every one of them afterwards."""

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
