"""Tests of tessera_process.py itself, with a tiny stand-in server that honours tessera's
command line (`--override listeners=...`) and answers `GET /` with `{}`; no tessera needed."""

from __future__ import annotations

import socket
import stat
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from tessera_process import ServerPool, TesseraError, TesseraProcess, free_port, http_request  # noqa: E402

STAND_IN = """#!/usr/bin/env python3
import http.server, signal, sys
if "--ignore-term" in sys.argv:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
else:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
listen = [a.split("=", 1)[1] for a in sys.argv if a.startswith("listeners=")][0]
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")
    def log_message(self, *args):
        pass
print("args:", " ".join(sys.argv[1:]), flush=True)
http.server.HTTPServer(("127.0.0.1", int(listen.rsplit(":", 1)[1])), Handler).serve_forever()
"""


def script(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def stand_in(tmp_path: Path, *extra: str) -> Path:
    path = tmp_path / "stand-in.py"
    path.write_text(STAND_IN)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    if not extra:
        return path
    return script(tmp_path, "wrapper", f'exec "{path}" "$@" {" ".join(extra)}')


def test_start_serves_and_stop_is_graceful(tmp_path):
    proc = TesseraProcess(stand_in(tmp_path), data_dir=tmp_path / "d", store="memory",
                          log_path=tmp_path / "log")
    proc.start()
    try:
        assert proc.alive()
        assert "--override" in proc.command() and f"listeners={proc.url}" in proc.command()
        assert "tessera.store=memory" in proc.command()
        assert f"tessera.data.dir={tmp_path / 'd'}" in proc.command()
        assert http_request(proc.url, "GET", "/").json() == {}
    finally:
        code = proc.stop()
    assert code == 0
    assert not proc.alive()
    with pytest.raises(OSError):
        http_request(proc.url, "GET", "/", timeout=1)


def test_kill_then_restart(tmp_path):
    proc = TesseraProcess(stand_in(tmp_path))
    with proc:
        first = proc.port
        assert proc.kill() == -9
        proc.start()
        assert proc.alive() and http_request(proc.url, "GET", "/").status == 200
    assert not proc.alive()
    assert first > 0


def test_missing_binary(tmp_path):
    with pytest.raises(TesseraError, match="not found"):
        TesseraProcess(tmp_path / "nope").start()


def test_early_exit_reports_the_log(tmp_path):
    bad = script(tmp_path, "bad", 'echo "cannot bind: $*" >&2; exit 3')
    proc = TesseraProcess(bad, log_path=tmp_path / "bad.log")
    with pytest.raises(TesseraError) as info:
        proc.start(timeout=5)
    assert "exited with code 3" in str(info.value)
    assert "cannot bind: --override listeners=http://127.0.0.1:" in str(info.value)
    # Three attempts, each on a fresh port.
    assert (tmp_path / "bad.log").read_text().count("cannot bind") == 3


def test_never_answering_server_times_out_and_is_stopped(tmp_path):
    mute = script(tmp_path, "mute", "exec sleep 30")
    proc = TesseraProcess(mute, log_path=tmp_path / "mute.log")
    with pytest.raises(TesseraError, match="did not come up"):
        proc.start(timeout=1)
    assert not proc.alive()


def test_stop_escalates_to_sigkill(tmp_path):
    proc = TesseraProcess(stand_in(tmp_path, "--ignore-term"), log_path=tmp_path / "s.log")
    proc.start()
    assert proc.stop(timeout=1) == -9
    assert "--ignore-term" in proc.log_tail()


def test_server_pool_stops_everything(tmp_path):
    pool = ServerPool(stand_in(tmp_path), tmp_path)
    a = pool.start(data_dir=tmp_path / "data", tessera__http__max__body__bytes="10")
    b = pool.start()
    assert "tessera.http.max.body.bytes=10" in a.command()
    assert "tessera.store=memory" not in a.command() and "tessera.store=memory" in b.command()
    assert a.port != b.port and a.alive() and b.alive()
    pool.stop_all()
    assert not a.alive() and not b.alive()
    assert "tessera.http.max.body.bytes=10" in pool.logs()


def test_free_port_is_bindable():
    port = free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
