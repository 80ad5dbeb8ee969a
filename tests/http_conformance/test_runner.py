"""Tests of the conformance runner itself (no tessera needed): pytest -q test_runner.py"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import replay  # noqa: E402
import run  # noqa: E402
import selfcheck  # noqa: E402

DATA = run.shared_dir(None) / run.DATA_SUBDIR


@pytest.fixture(scope="module")
def data():
    if not (DATA / "scenarios.json").exists():
        pytest.fail(f"recorded data not found in {DATA} (set TESSERA_SHARED_DIR)")
    return (run.load_json(DATA / "scenarios.json"), run.load_json(DATA / "golden.json"),
            replay.load_allowed(run.load_json(DATA / "allowed.json")))


# --- the data matches what the README says about it ------------------------------------

def test_counts_and_relaxations_match_readme(data):
    scenarios, golden, allowed = data
    assert len(scenarios) == 75
    assert sum(len(sc["steps"]) for sc in scenarios) == 1553
    assert sorted(golden) == sorted(sc["name"] for sc in scenarios)
    counts = collections.Counter()
    for sc in scenarios:
        for i, want in enumerate(golden[sc["name"]]):
            sid = replay.step_id(sc, i)
            counts[(replay.relaxation(sid, want, allowed), sid in allowed)] += 1
    assert counts == {("code", False): 39, ("skip", False): 7, ("verdict", False): 1,
                      ("skip", True): 8, ("code", True): 1, (None, False): 1497}


def test_required_list_names_existing_avro_only_scenarios(data):
    scenarios, _, _ = data
    by_name = {sc["name"]: sc for sc in scenarios}
    names = run.read_names(HERE / "required.txt")
    assert names, "required.txt is empty"
    assert len(names) == len(set(names))
    for n in names:
        assert n in by_name, n
    assert not replay.is_avro_only(by_name["reg-json"])
    assert not replay.is_avro_only(by_name["reg-proto"])
    assert replay.is_avro_only(by_name["reg-avro"])


# --- self-check: golden responses re-inflated and normalized again ------------------------

def test_self_check_reproduces_every_golden_record(data):
    scenarios, golden, _ = data
    res = selfcheck.run_self_check(scenarios, golden)
    assert res.problems == []
    assert res.reproduced == res.steps == 1553


def test_self_check_notices_filtering_after_symbolizing(data, monkeypatch):
    scenarios, golden, _ = data

    def wrong_order(step, status, raw, table):
        body = replay.symbolize(replay.decode_body(raw), table, replay.step_context(step["p"]),
                                bool(step.get("ids")))
        return {"status": status, "body": replay.keep_filter(body, step.get("keep"))}
    monkeypatch.setattr(replay, "normalize", wrong_order)
    assert not selfcheck.run_self_check(scenarios, golden).ok


def test_self_check_notices_a_context_blind_symbol_table(data, monkeypatch):
    scenarios, golden, _ = data
    original = replay.SymbolTable.symbol
    monkeypatch.setattr(replay.SymbolTable, "symbol", lambda self, ctx, real: original(self, ".", real))
    assert not selfcheck.run_self_check(scenarios, golden).ok


# --- contexts -----------------------------------------------------------------------------

@pytest.mark.parametrize("subject, ctx", [
    (":.ctx:a", ".ctx"), (":.ctx", ".ctx"), (":.:a", "."), ("a", "."), (":abc:x", "."),
    ("", "."), (":.a-b:c:d", ".a-b"),
])
def test_context_of(subject, ctx):
    assert replay.context_of(subject) == ctx


@pytest.mark.parametrize("path, ctx", [
    ("/contexts/.x/subjects", ".x"),
    ("/contexts/x", ".x"),
    ("/contexts", "."),
    ("/subjects/%3A.c%3Aa/versions", ".c"),
    ("/subjects/%3A.c%3Aa", ".c"),
    ("/subjects", "."),
    ("/schemas/ids/{$id1}?subject=%3A.q%3Ax", ".q"),
    ("/schemas/ids/1?x=1&subject=%3A.q%3Ax&subject=%3A.r%3Ay", ".q"),
    ("/schemas/ids/1?subject=:.p+q:x", ".p+q"),
    ("/config/%3A.c%3Aa", "."),
    ("/compatibility/subjects/%3A.k%3As/versions/latest", ".k"),
    ("/", "."),
])
def test_step_context(path, ctx):
    assert replay.step_context(path) == ctx


# --- placeholders and requests ------------------------------------------------------------

def test_placeholders_bound_and_unbound():
    t = replay.SymbolTable()
    assert t.symbol(".", 41) == "$id1"
    assert t.symbol(".ctx", 41) == "$id2"  # same id, other context: new symbol
    assert t.symbol(".", 41) == "$id1"
    assert t.substitute_path("/schemas/ids/{$id2}/x/{$id3}") == "/schemas/ids/41/x/{$id3}"
    assert t.unbound_placeholders("/a/{$id1}/{$id7}") == ["{$id7}"]
    body = {"id": "{$id1}", "{$id1}": "k", "list": ["{$id2}", "x{$id1}", "{$id9}"], "n": 5}
    assert t.substitute_body(body) == {"id": 41, "{$id1}": "k", "list": [41, "x{$id1}", "{$id9}"], "n": 5}


def test_build_request_content_type_rules():
    t = replay.SymbolTable()
    r = replay.build_request({"m": "POST", "p": "/subjects/a%2Fb//versions/", "b": {"schema": "é"}}, t)
    assert r.path == "/subjects/a%2Fb//versions/"
    assert r.body == json.dumps({"schema": "é"}).encode()
    assert r.headers == {"Content-Type": replay.SCHEMA_REGISTRY_CT}
    r = replay.build_request({"m": "POST", "p": "/", "raw": "", "b": {"x": 1}}, t)
    assert r.body == b"" and r.headers == {"Content-Type": replay.SCHEMA_REGISTRY_CT}
    r = replay.build_request({"m": "POST", "p": "/", "b": {}, "ct": ""}, t)
    assert r.body == b"{}" and r.headers == {}
    r = replay.build_request({"m": "POST", "p": "/", "b": {}, "ct": "text/plain"}, t)
    assert r.headers == {"Content-Type": "text/plain"}
    r = replay.build_request({"m": "DELETE", "p": "/mode"}, t)
    assert r.body is None and r.headers == {}


# --- normalization ------------------------------------------------------------------------

@pytest.mark.parametrize("raw, body", [
    (b"", {"text": ""}),
    (b"  \n", {"text": "  \n"}),
    (b"syntax = \"proto3\";", {"text": "syntax = \"proto3\";"}),
    (b"NaN", {"text": "NaN"}),
    (b"[1, 2]", [1, 2]),
    (b"7", 7),
    (b"{\"a\": \"\xff\"}", {"a": "\ufffd"}),
])
def test_decode_body(raw, body):
    assert replay.json_equal(replay.decode_body(raw), body)


def test_keep_filter():
    keep = ["p.", "=.", "=.p-x"]
    body = ["p.a", "q.a", ".", ".p", ".p-x", {"subject": "p.b"}, {"subject": "z"}, {"id": 1}, 3, None]
    assert replay.keep_filter(body, keep) == ["p.a", ".", ".p-x", {"subject": "p.b"}]
    assert replay.keep_filter({"subject": "z"}, keep) == {"subject": "z"}
    assert replay.keep_filter(["z"], None) == ["z"]


def test_symbolize_walks_in_server_order_and_switches_context():
    t = replay.SymbolTable()
    body = [
        {"subject": ":.c:x", "id": 5, "references": [{"id": 6}]},
        {"subject": "y", "id": 5, "maxId": 7, "version": 5, "ok": True, "id2": 8},
        {"error_code": 40403, "message": "Schema 0 not found; with id -3; input id 5; id 9"},
        {"id": True, "maxId": 1.5},
    ]
    got = replay.symbolize(body, t, ".")
    assert got == [
        {"subject": ":.c:x", "id": "$id1", "references": [{"id": "$id2"}]},
        {"subject": "y", "id": "$id3", "maxId": "$id4", "version": 5, "ok": True, "id2": 8},
        {"error_code": 40403, "message": "Schema $id5 not found; with id $id6; input id $id3; id 9"},
        {"id": True, "maxId": 1.5},
    ]


def test_symbolize_id_lists_and_bare_values():
    t = replay.SymbolTable()
    assert replay.symbolize([3, True, 4, "x"], t, ".ctx", id_list=True) == ["$id1", True, "$id2", "x"]
    assert replay.symbolize(3, t, ".", id_list=False) == 3
    assert replay.symbolize({"id": 3}, t, ".", id_list=True) == {"id": "$id3"}
    assert t.reals == {1: 3, 2: 4, 3: 3}


# --- comparison ---------------------------------------------------------------------------

def test_json_equal_is_strict_about_types_but_not_key_order():
    assert replay.json_equal({"a": 1, "b": [1, 2]}, {"b": [1, 2], "a": 1})
    assert not replay.json_equal([1, 2], [2, 1])
    assert not replay.json_equal({"a": True}, {"a": 1})
    assert not replay.json_equal({"a": 0}, {"a": False})
    assert not replay.json_equal({"a": None}, {})
    assert not replay.json_equal("1", 1)


def test_compare_rules():
    step = {"m": "GET", "p": "/"}
    want = {"status": 422, "body": {"error_code": 42201, "message": "a"}}
    assert replay.compare(step, want, {"status": 500, "body": 1}, "skip")
    assert not replay.compare(step, want, {"status": 400, "body": want["body"]}, "code")
    assert replay.compare(step, want, {"status": 422, "body": {"error_code": 42201, "message": "b"}}, "code")
    assert not replay.compare(step, want, {"status": 422, "body": {"error_code": 42202}}, "code")
    assert not replay.compare(step, want, {"status": 422, "body": {"error_code": 42201, "message": "b"}}, None)
    verdict = {"status": 200, "body": {"is_compatible": False, "messages": ["x"]}}
    assert replay.compare(step, verdict, {"status": 200, "body": {"is_compatible": False}}, "verdict")
    assert not replay.compare(step, verdict, {"status": 200, "body": {"is_compatible": True}}, "verdict")
    keys = {"m": "GET", "p": "/v1/metadata/id", "cmp": "keys"}
    want = {"status": 200, "body": {"scope": {"a": 1}}}
    assert replay.compare(keys, want, {"status": 200, "body": {"scope": {"b": 2}}}, None)
    assert not replay.compare(keys, want, {"status": 200, "body": {"scope": 1, "x": 2}}, None)
    assert not replay.compare(keys, want, {"status": 200, "body": ["scope"]}, None)
    assert replay.compare({"m": "GET", "p": "/", "cmp": "status"}, want, {"status": 200, "body": 5}, None)


def test_global_rules():
    assert replay.global_rule({"status": 400, "body": {"error_code": 400, "message": "x"}}) == "code"
    assert replay.global_rule({"status": 500, "body": {"error_code": 500}}) == "skip"
    assert replay.global_rule({"status": 422, "body": {
        "error_code": 42201, "message": "Invalid schema, details: com.fasterxml.jackson.x"}}) == "code"
    assert replay.global_rule({"status": 200, "body": {
        "is_compatible": False, "messages": ["details: Could not parse Protobuf"]}}) == "verdict"
    assert replay.global_rule({"status": 200, "body": [1]}) is None


def test_scoped_setting_paths():
    sc = {"steps": [{"p": "/config/a.b?x=1"}, {"p": "/mode/%3A.c%3A"}, {"p": "/config"},
                    {"p": "/config/a.b"}, {"p": "/subjects/config/x"}]}
    assert replay.scoped_setting_paths(sc) == ["/config/a.b", "/mode/%3A.c%3A"]


# --- README reset procedure against a small fake registry -------------------------------

class _ResetFake(BaseHTTPRequestHandler):
    log: list[str] = []
    subjects = [":.ctx:a", "b"]

    def _any(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        _ResetFake.log.append(f"{self.command} {self.path}")
        body: object = {}
        if self.path == "/contexts":
            body = [".", ".ctx"]
        elif self.path.startswith("/subjects?"):
            body = list(_ResetFake.subjects)
        elif self.command == "DELETE" and self.path.endswith("?permanent=true"):
            _ResetFake.subjects = [s for s in _ResetFake.subjects
                                   if self.path != f"/subjects/{run.quote(s, safe='')}?permanent=true"]
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_PUT = do_DELETE = do_POST = _any

    def log_message(self, *args):
        pass


def test_reset_procedure_follows_readme():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ResetFake)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        scenario = {"name": "s", "steps": [{"m": "PUT", "p": "/config/s.a"}, {"m": "GET", "p": "/mode/s.b"}]}
        notes = run.reset_registry(url, None, 5.0, scenario)
    finally:
        server.shutdown()
        server.server_close()
    assert notes == []
    assert _ResetFake.log == [
        "PUT /mode?force=true", "DELETE /config", "GET /contexts",
        "DELETE /mode/%3A.ctx%3A", "DELETE /config/%3A.ctx%3A",
        "GET /subjects?subjectPrefix=%3A*%3A&deleted=true",
        "DELETE /mode/%3A.ctx%3Aa", "DELETE /subjects/%3A.ctx%3Aa", "DELETE /subjects/%3A.ctx%3Aa?permanent=true",
        "DELETE /mode/b", "DELETE /subjects/b", "DELETE /subjects/b?permanent=true",
        "GET /subjects?subjectPrefix=%3A*%3A&deleted=true",
        "DELETE /config/s.a", "DELETE /mode/s.b",
    ]


# --- the whole runner over the wire, against golden_server.py (a perfect replica) ----------

def _run(tmp_path, *args, env_extra=None):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, str(HERE / "run.py"), "--tessera", str(HERE / "golden_server.py"),
                           *args], capture_output=True, text=True, env=env, timeout=600)


def test_runner_end_to_end_against_a_perfect_replica(tmp_path):
    report = tmp_path / "report.json"
    proc = _run(tmp_path, "--required", str(HERE / "required.txt"), "--report", str(report))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == "conformance: 1553/1553 steps match (100.0%)"
    assert "reg-avro 32/32" in proc.stdout
    doc = json.loads(report.read_text())
    assert doc["passed"] == doc["steps"] == 1553 and doc["failed_required"] == []


def test_runner_reports_a_failing_required_scenario(tmp_path):
    req = tmp_path / "req.txt"
    req.write_text("# comment\nroot\n\nreg-avro  # trailing comment\n")
    report = tmp_path / "report.md"
    proc = _run(tmp_path, "--scenario", "root", "--scenario", "reg-avro", "--required", str(req),
                "--report", str(report), env_extra={"GOLDEN_SERVER_CORRUPT": "reg-avro#3"})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "reg-avro 31/32" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "conformance: 38/39 steps match (97.4%)"
    text = report.read_text()
    assert "### reg-avro#3: GET `/subjects/reg-avro.a/versions/1`" in text
    assert "corrupted on purpose" in text
    # A failure outside the required list does not fail the run.
    proc = _run(tmp_path, "--scenario", "root", "--scenario", "reg-avro", "--required", str(req),
                env_extra={"GOLDEN_SERVER_CORRUPT": "versions#0"})
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_runner_rejects_unknown_scenarios_and_missing_binaries(tmp_path):
    proc = _run(tmp_path, "--scenario", "no-such-scenario")
    assert proc.returncode == 2 and "unknown scenario" in proc.stderr
    proc = subprocess.run([sys.executable, str(HERE / "run.py"), "--tessera", str(tmp_path / "nope"),
                           "--scenario", "root"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "could not start tessera" in proc.stderr
