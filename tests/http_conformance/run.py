#!/usr/bin/env python3
"""Replay Confluent's recorded HTTP conformance scenarios against Tessera (or any registry).

The data lives in <shared>/external/confluent-recorded/tests/http_conformance/ and its
README (Part 1) defines the procedure this runner follows. Typical uses:

    run.py --tessera build/src/tessera                       # fresh server per scenario
    run.py --tessera build/src/tessera --reset-between       # one server, README reset
    run.py --url http://127.0.0.1:8081                       # an already running registry
    run.py --scenario reg-avro --scenario versions -v        # a few scenarios, failures shown
    run.py --required required.txt --report out/report.md    # CI gate + report
    run.py --self-check                                      # test the runner, no server

Exit code: 1 if a scenario listed in --required has a failing step (or --self-check
fails), 2 on usage or environment errors (data missing, server cannot start), else 0.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Mapping, Sequence
from urllib.parse import quote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "python"))

import replay  # noqa: E402
import selfcheck  # noqa: E402
from report import RunResult, ScenarioResult, StepFailure, write_report  # noqa: E402
from tessera_process import REPO_ROOT, TesseraError, TesseraProcess, default_binary  # noqa: E402

DATA_SUBDIR = Path("external/confluent-recorded/tests/http_conformance")


class TransportError(Exception):
    """No HTTP response was obtained (refused, reset, timeout, ...)."""


class Aborted(Exception):
    """The rest of the scenario cannot run meaningfully."""


# ---------------------------------------------------------------------------------------
# HTTP

def send(base_url: str, req: replay.HttpRequest, auth: str | None, timeout: float) -> tuple[int, bytes]:
    """Send one request with its path verbatim; returns (status, raw body)."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    headers = dict(req.headers)
    headers["Connection"] = "close"
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
    try:
        conn.request(req.method, parts.path.rstrip("/") + req.path, body=req.body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    except socket.timeout as e:
        raise TransportError(f"timed out after {timeout:.0f} s") from e
    except (OSError, http.client.HTTPException) as e:
        raise TransportError(f"{type(e).__name__}: {e}") from e
    finally:
        conn.close()


def call(base_url: str, auth: str | None, timeout: float, method: str, path: str,
         body: Any = None) -> Any:
    """A helper request for reset/teardown: returns the decoded body, errors ignored."""
    step: dict[str, Any] = {"m": method, "p": path}
    if body is not None:
        step["b"] = body
    try:
        _, raw = send(base_url, replay.build_request(step, replay.SymbolTable()), auth, timeout)
    except TransportError:
        return None
    return replay.decode_body(raw)


def reset_registry(base_url: str, auth: str | None, timeout: float, scenario: Mapping[str, Any]) -> list[str]:
    """README 1.2: bring a live registry back to empty; returns notes on problems."""
    enc = lambda s: quote(s, safe="")  # noqa: E731
    call(base_url, auth, timeout, "PUT", "/mode?force=true", {"mode": "READWRITE"})
    call(base_url, auth, timeout, "DELETE", "/config")
    contexts = call(base_url, auth, timeout, "GET", "/contexts")
    for ctx in contexts if isinstance(contexts, list) else []:
        if isinstance(ctx, str) and ctx != ".":
            call(base_url, auth, timeout, "DELETE", f"/mode/{enc(':' + ctx + ':')}")
            call(base_url, auth, timeout, "DELETE", f"/config/{enc(':' + ctx + ':')}")
    notes = []
    subjects: Any = None
    for _ in range(10):
        subjects = call(base_url, auth, timeout, "GET", "/subjects?subjectPrefix=%3A*%3A&deleted=true")
        if not isinstance(subjects, list) or not subjects:
            break
        for s in subjects:
            if isinstance(s, str):
                call(base_url, auth, timeout, "DELETE", f"/mode/{enc(s)}")
                call(base_url, auth, timeout, "DELETE", f"/subjects/{enc(s)}")
                call(base_url, auth, timeout, "DELETE", f"/subjects/{enc(s)}?permanent=true")
    else:
        notes.append(f"reset could not delete every subject; left: {json.dumps(subjects)[:300]}")
    if not isinstance(subjects, list):
        notes.append(f"reset: GET /subjects did not answer a list: {json.dumps(subjects)[:300]}")
    for path in replay.scoped_setting_paths(scenario):
        call(base_url, auth, timeout, "DELETE", path)
    return notes


# ---------------------------------------------------------------------------------------
# Targets: where the scenarios run

class UrlTarget:
    """An already running registry; the README reset runs before every scenario."""

    def __init__(self, url: str, auth: str | None, timeout: float) -> None:
        self.url, self.auth, self.timeout = url.rstrip("/"), auth, timeout
        self.label = url

    def begin(self, scenario: Mapping[str, Any]) -> list[str]:
        """Prepare for a scenario; returns notes."""
        return reset_registry(self.url, self.auth, self.timeout, scenario)

    def end(self, scenario: Mapping[str, Any], table: replay.SymbolTable) -> list[str]:
        """Send the teardown requests, discarding the answers."""
        for st in scenario.get("teardown", []):
            try:
                send(self.url, replay.build_request(st, table), self.auth, self.timeout)
            except TransportError:
                pass
        return []

    def alive(self) -> bool:
        """An external server is assumed alive; transport errors show otherwise."""
        return True

    def close(self) -> None:
        """Nothing to stop."""


class SharedTesseraTarget(UrlTarget):
    """One tessera process for all scenarios, reset between them (restarted if it died)."""

    def __init__(self, make: "ProcessFactory", auth: str | None, timeout: float) -> None:
        super().__init__("", auth, timeout)
        self.make = make
        self.proc: TesseraProcess | None = None
        self.label = f"{make.binary} (one process, reset between scenarios)"

    def begin(self, scenario: Mapping[str, Any]) -> list[str]:
        notes = []
        if self.proc is None or not self.proc.alive():
            if self.proc is not None:
                notes.append(f"tessera had exited with code {self.proc.stop()}; restarted\n"
                             f"{self.proc.log_tail(30)}")
            self.proc = self.make("shared")
            self.url = self.proc.url
        return notes + super().begin(scenario)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.alive()

    def close(self) -> None:
        if self.proc is not None:
            self.proc.stop()


class FreshTesseraTarget:
    """A new tessera process with a new empty data dir for every scenario."""

    def __init__(self, make: "ProcessFactory") -> None:
        self.make = make
        self.proc: TesseraProcess | None = None
        self.url = ""
        self.label = f"{make.binary} (fresh process per scenario)"

    def begin(self, scenario: Mapping[str, Any]) -> list[str]:
        """Start the scenario's own server."""
        self.proc = self.make(scenario["name"])
        self.url = self.proc.url
        return []

    def end(self, scenario: Mapping[str, Any], table: replay.SymbolTable) -> list[str]:
        """Stop the server; a crash or an unclean stop is worth a note."""
        assert self.proc is not None
        died = not self.proc.alive()
        proc, self.proc = self.proc, None
        code = proc.stop()
        if died:
            return [f"tessera died during the scenario (exit code {code})\n{proc.log_tail(40)}"]
        if code != 0:
            return [f"tessera exited with code {code} on SIGTERM"]
        return []

    def alive(self) -> bool:
        """True while the scenario's server runs."""
        return self.proc is not None and self.proc.alive()

    def close(self) -> None:
        """Stop a server left over by an interrupted scenario."""
        if self.proc is not None:
            self.proc.stop()


class ProcessFactory:
    """Starts tessera processes with the run's settings, each with its own data dir."""

    def __init__(self, binary: Path, store: str, overrides: Mapping[str, str], workdir: Path) -> None:
        self.binary, self.store, self.overrides, self.workdir = binary, store, overrides, workdir
        self.count = 0

    def __call__(self, name: str) -> TesseraProcess:
        self.count += 1
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
        base = self.workdir / f"{self.count:03d}-{safe}"
        data_dir = base / "data"
        data_dir.mkdir(parents=True)
        proc = TesseraProcess(self.binary, overrides=self.overrides, data_dir=data_dir,
                              store=None if self.store == "file" else self.store,
                              log_path=base / "tessera.log")
        return proc.start()


# ---------------------------------------------------------------------------------------
# Running

def run_scenario(target: Any, scenario: Mapping[str, Any], golden: Sequence[Mapping[str, Any]],
                 allowed: Mapping[str, str], auth: str | None, timeout: float,
                 result: RunResult, required: bool) -> ScenarioResult:
    """Replay one scenario and compare each step with its recording."""
    res = ScenarioResult(scenario["name"], len(scenario["steps"]), required=required)
    res.notes += target.begin(scenario)
    table = replay.SymbolTable()
    abort_reason = ""
    for i, (step, want) in enumerate(zip(scenario["steps"], golden)):
        sid = replay.step_id(scenario, i)
        req = replay.build_request(step, table)
        if abort_reason:
            got: dict[str, Any] = {"status": 0, "body": {"not_run": abort_reason}}
        else:
            try:
                status, raw = send(target.url, req, auth, timeout)
                got = replay.normalize(step, status, raw, table)
            except TransportError as e:
                got = {"status": 0, "body": {"transport_error": str(e)}}
                if not target.alive():
                    abort_reason = f"tessera is no longer running (after {sid})"
                elif "timed out" in str(e):
                    abort_reason = f"{sid} timed out"
        relax = replay.relaxation(sid, want, allowed)
        if replay.compare(step, want, got, relax):
            res.passed += 1
            if relax and not replay.json_equal(want, got):
                result.relaxed += 1
        else:
            res.failures.append(StepFailure(sid, req.describe(), dict(want), got, relax))
    if abort_reason:
        res.notes.append(f"scenario aborted: {abort_reason}")
    res.notes += target.end(scenario, table)
    return res


def load_json(path: Path) -> Any:
    """Read one JSON data file."""
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_names(path: Path) -> list[str]:
    """Scenario names, one per line; blank lines and `#` comments ignored."""
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line)
    return names


def shared_dir(arg: str | None) -> Path:
    """$TESSERA_SHARED_DIR wins (project convention), then --shared, then <repo>/../shared."""
    env = os.environ.get("TESSERA_SHARED_DIR")
    return Path(env or arg or REPO_ROOT.parent / "shared")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Command line."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shared", help="shared data folder (default: $TESSERA_SHARED_DIR or <repo>/../shared)")
    p.add_argument("--tessera", help="tessera binary (default: $TESSERA_BINARY or <repo>/build/src/tessera)")
    p.add_argument("--url", help="run against this already running registry instead of starting tessera")
    p.add_argument("--auth", help="user:password for HTTP basic auth on every request")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--fresh-per-scenario", dest="fresh", action="store_true", default=True,
                      help="start a new tessera with an empty data dir for every scenario (default)")
    mode.add_argument("--reset-between", dest="fresh", action="store_false",
                      help="one tessera for all scenarios, reset with the README procedure")
    p.add_argument("--store", default="memory", choices=["memory", "file"],
                   help="tessera.store for started servers; 'file' keeps the default store")
    p.add_argument("--override", action="append", default=[], metavar="KEY=VALUE",
                   help="extra --override passed to tessera (repeatable)")
    p.add_argument("--scenario", action="append", default=[], metavar="NAME",
                   help="run only these scenarios (repeatable)")
    p.add_argument("--required", type=Path, help="file of scenario names that must pass completely")
    p.add_argument("--report", type=Path, help="write failures here (.json for JSON, else Markdown)")
    p.add_argument("--timeout", type=float, default=30.0, help="per-request timeout in seconds")
    p.add_argument("--workdir", type=Path, help="keep server data dirs and logs here")
    p.add_argument("--self-check", action="store_true",
                   help="verify the runner's normalization against golden.json; no server")
    p.add_argument("--list", action="store_true", help="list scenarios (step count, avro-only)")
    p.add_argument("-v", "--verbose", action="store_true", help="print each failing step")
    return p.parse_args(argv)


def main(argv: Sequence[str]) -> int:
    """Entry point; returns the exit code."""
    args = parse_args(argv)
    data = shared_dir(args.shared) / DATA_SUBDIR
    try:
        scenarios = load_json(data / "scenarios.json")
        golden = load_json(data / "golden.json")
        allowed = replay.load_allowed(load_json(data / "allowed.json"))
    except OSError as e:
        print(f"error: cannot read the recorded data in {data}: {e}", file=sys.stderr)
        return 2
    by_name = {sc["name"]: sc for sc in scenarios}
    required = read_names(args.required) if args.required else []
    unknown = [n for n in args.scenario + required if n not in by_name]
    if unknown:
        print(f"error: unknown scenario(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    selected = [by_name[n] for n in dict.fromkeys(args.scenario)] if args.scenario else scenarios

    if args.list:
        for sc in selected:
            print(f"{sc['name']} {len(sc['steps'])}{' avro-only' if replay.is_avro_only(sc) else ''}")
        return 0
    if args.self_check:
        res = selfcheck.run_self_check(selected, golden)
        for problem in res.problems:
            print(problem)
        print(f"self-check: {res.reproduced}/{res.steps} steps reproduce golden.json"
              f"{'' if res.ok else f', {len(res.problems)} problem(s)'}")
        return 0 if res.ok else 1

    # ctest stops a timed-out test with SIGTERM: turn it into an exception so servers stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = None
    if args.url:
        target: Any = UrlTarget(args.url, args.auth, args.timeout)
    else:
        binary = Path(args.tessera) if args.tessera else default_binary()
        overrides = dict(o.split("=", 1) for o in args.override if "=" in o)
        if args.workdir:
            args.workdir.mkdir(parents=True, exist_ok=True)
            workdir = Path(tempfile.mkdtemp(prefix="run-", dir=args.workdir))
        else:
            tmp = tempfile.TemporaryDirectory(prefix="tessera-conformance-")
            workdir = Path(tmp.name)
        make = ProcessFactory(binary, args.store, overrides, workdir)
        target = FreshTesseraTarget(make) if args.fresh else SharedTesseraTarget(make, args.auth, args.timeout)

    result = RunResult(target.label)
    required_set = set(required)
    try:
        for sc in selected:
            started = time.monotonic()
            res = run_scenario(target, sc, golden[sc["name"]], allowed, args.auth, args.timeout,
                               result, sc["name"] in required_set)
            result.scenarios.append(res)
            flag = "  [required: FAILING]" if res.required and not res.complete else ""
            print(f"{res.name} {res.passed}/{res.total}{flag}  ({time.monotonic() - started:.1f}s)", flush=True)
            for note in res.notes:
                print(f"  note: {note.splitlines()[0]}")
            if args.verbose:
                for f in res.failures:
                    print(f"  --- {f.step} {f.request['method']} {f.request['path']}")
                    print(f"      want: {json.dumps(f.want, ensure_ascii=False)[:400]}")
                    print(f"      got:  {json.dumps(f.got, ensure_ascii=False)[:400]}")
    except TesseraError as e:
        print(f"error: could not start tessera: {e}", file=sys.stderr)
        return 2
    finally:
        target.close()
        if tmp is not None:
            tmp.cleanup()

    if args.report:
        write_report(result, args.report)
        print(f"report: {args.report}")
    failing = result.failed_required()
    if required:
        ran = [n for n in required if n in {s.name for s in result.scenarios}]
        print(f"required: {len(ran) - len(failing)}/{len(ran)} scenarios pass completely"
              + (f"; failing: {', '.join(failing)}" if failing else ""))
    print(result.summary_line())
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
