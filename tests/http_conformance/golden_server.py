#!/usr/bin/env python3
"""Test double for test_runner.py: a process that behaves like a perfect Confluent replica.

It takes tessera's command line (`--override listeners=http://127.0.0.1:P`,
`--override tessera.data.dir=<workdir>/NNN-<scenario>/data`, ...), learns the scenario from
the data dir name that run.py's ProcessFactory gives it, and answers each request with the
recorded golden response of the next step, re-inflated to made-up ids (selfcheck.fake_ids).
Every request is first checked against what the step should put on the wire (method,
verbatim path with placeholders resolved, body bytes, Content-Type); a request that does not
match gets status 599. `GET /` that is not the expected step is a readiness probe: `{}`.

GOLDEN_SERVER_CORRUPT=<scenario>#<i> makes that step answer 418 so the runner's failure
path can be tested. It is never used against a real registry.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import replay  # noqa: E402
import selfcheck  # noqa: E402

DATA = Path(os.environ.get("TESSERA_SHARED_DIR") or HERE.parents[2] / "shared") / \
    "external/confluent-recorded/tests/http_conformance"


def parse_overrides(argv: list[str]) -> dict[str, str]:
    """`--override k=v` pairs of tessera's command line."""
    out = {}
    for i, arg in enumerate(argv):
        if arg == "--override" and i + 1 < len(argv):
            key, _, value = argv[i + 1].partition("=")
            out[key] = value
    return out


class Replayer:
    """The scenario's steps, consumed in order."""

    def __init__(self, scenario: dict, golden: list[dict]) -> None:
        self.scenario, self.golden, self.next = scenario, golden, 0
        self.ids = selfcheck.fake_ids(selfcheck.symbol_contexts(scenario, golden))
        self.table = replay.SymbolTable()
        self.table.reals.update(self.ids)
        self.corrupt = os.environ.get("GOLDEN_SERVER_CORRUPT", "")

    def answer(self, method: str, path: str, body: bytes | None, ct: str | None) -> tuple[int, bytes]:
        """Status and body for one incoming request."""
        steps = self.scenario["steps"]
        if self.next < len(steps):
            step = steps[self.next]
            want = replay.build_request(step, self.table)
            if (method, path, body or None, ct) == (want.method, want.path, want.body or None,
                                                    want.headers.get("Content-Type")):
                record = self.golden[self.next]
                sid = replay.step_id(self.scenario, self.next)
                self.next += 1
                if sid == self.corrupt:
                    return 418, b'{"error_code": 418, "message": "corrupted on purpose"}'
                return record["status"], selfcheck.fake_response(step, record, self.ids)
        if method == "GET" and path == "/":
            return 200, b"{}"
        expected = steps[self.next]["p"] if self.next < len(steps) else "(no more steps)"
        msg = f"unexpected {method} {path} ct={ct} body={body!r}; next step {expected}"
        return 599, json.dumps({"error_code": 599, "message": msg}).encode()


def main() -> int:
    """Serve until SIGTERM."""
    overrides = parse_overrides(sys.argv[1:])
    port = urlsplit(overrides["listeners"]).port
    name = Path(overrides["tessera.data.dir"]).parent.name.split("-", 1)[1]
    scenarios = {sc["name"]: sc for sc in json.loads((DATA / "scenarios.json").read_text())}
    golden = json.loads((DATA / "golden.json").read_text())
    replayer = Replayer(scenarios[name], golden[name])

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            status, payload = replayer.answer(self.command, self.path, body,
                                              self.headers.get("Content-Type"))
            self.send_response(status)
            self.send_header("Content-Type", "application/vnd.schemaregistry.v1+json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = _any

        def log_message(self, fmt: str, *args: object) -> None:
            sys.stderr.write("golden_server: " + fmt % args + "\n")

    server = HTTPServer(("127.0.0.1", port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
