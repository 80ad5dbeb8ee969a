"""Durability of the local log store (tessera.data.dir) across SIGTERM and SIGKILL restarts."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from urllib.parse import quote

from tessera_process import TesseraProcess

SUBJECTS = [f"restart.s{i}" for i in range(5)]
VERSIONS_PER_SUBJECT = 4


def record_schema(name: str, extra_fields: int) -> str:
    """A record with `extra_fields` defaulted fields: each version is BACKWARD compatible."""
    fields = [{"name": "id", "type": "long"}]
    fields += [{"name": f"f{i}", "type": "string", "default": ""} for i in range(extra_fields)]
    return json.dumps({"type": "record", "name": name, "fields": fields})


def ok(resp, status: int = 200):
    assert resp.status == status, f"{resp.status} {resp.text}"
    return resp.json()


def register(server: TesseraProcess, subject: str, schema: str) -> int:
    body = ok(server.request("POST", f"/subjects/{quote(subject, safe='')}/versions", {"schema": schema}))
    assert isinstance(body.get("id"), int), body
    return body["id"]


def snapshot(server: TesseraProcess) -> dict:
    """Everything a client can read about the registry's contents."""
    snap: dict = {
        "subjects": ok(server.request("GET", "/subjects")),
        "subjects_deleted": sorted(ok(server.request("GET", "/subjects?deleted=true"))),
        "config": ok(server.request("GET", "/config")),
        "schemas": {},
        "subject": {},
    }
    for s in snap["subjects_deleted"]:
        q = quote(s, safe="")
        entry = {"versions_deleted": ok(server.request("GET", f"/subjects/{q}/versions?deleted=true")),
                 "versions": {}}
        live = server.request("GET", f"/subjects/{q}/versions")
        entry["live"] = live.json() if live.status == 200 else live.status
        for v in entry["versions_deleted"]:
            entry["versions"][v] = ok(server.request("GET", f"/subjects/{q}/versions/{v}?deleted=true"))
            sid = entry["versions"][v]["id"]
            snap["schemas"][sid] = ok(server.request("GET", f"/schemas/ids/{sid}"))
        cfg = server.request("GET", f"/config/{q}")
        entry["config"] = cfg.json() if cfg.status == 200 else cfg.status
        snap["subject"][s] = entry
    return snap


def populate(server: TesseraProcess) -> dict[tuple[str, int], int]:
    """Several subjects, several versions, one shared schema, a config, some deletions."""
    ids: dict[tuple[str, int], int] = {}
    for v in range(1, VERSIONS_PER_SUBJECT + 1):
        for s in SUBJECTS:
            ids[(s, v)] = register(server, s, record_schema(s.replace(".", "_"), v - 1))
    # The same schema under another subject reuses its id.
    shared = register(server, "restart.shared", record_schema("restart_s0", 0))
    assert shared == ids[("restart.s0", 1)]
    ok(server.request("PUT", "/config/restart.s1", {"compatibility": "FULL"}))
    ok(server.request("PUT", "/config", {"compatibility": "FORWARD"}))
    assert ok(server.request("DELETE", "/subjects/restart.s2/versions/2")) == 2
    assert ok(server.request("DELETE", "/subjects/restart.s3")) == [1, 2, 3, 4]
    return ids


def restart(server: TesseraProcess, how: str) -> int | None:
    code = server.stop() if how == "term" else server.kill()
    server.start()
    return code


def test_sigterm_restart_keeps_everything(servers, tmp_path: Path):
    server = servers.start(data_dir=tmp_path / "data", store="file")
    ids = populate(server)
    before = snapshot(server)
    assert len(before["schemas"]) == len(set(ids.values())) == len(SUBJECTS) * VERSIONS_PER_SUBJECT
    assert before["subject"]["restart.s2"]["live"] == [1, 3, 4]
    assert before["subject"]["restart.s3"]["live"] == 404

    code = restart(server, "term")
    assert code == 0, f"graceful stop exited with {code}"
    assert snapshot(server) == before

    # Registration continues: new versions follow on, new ids are fresh, dedup still works.
    assert register(server, "restart.s0", record_schema("restart_s0", 0)) == ids[("restart.s0", 1)]
    new_id = register(server, "restart.s0", record_schema("restart_s0", VERSIONS_PER_SUBJECT))
    assert new_id > max(ids.values())
    assert ok(server.request("GET", "/subjects/restart.s0/versions")) == [1, 2, 3, 4, 5]
    other = register(server, "restart.new", json.dumps({"type": "enum", "name": "E", "symbols": ["A"]}))
    assert other > new_id

    # A second restart reads the log that two processes appended to.
    after_second_writer = snapshot(server)
    assert restart(server, "term") == 0
    assert snapshot(server) == after_second_writer


def test_sigkill_loses_no_acknowledged_registration(servers, tmp_path: Path):
    server = servers.start(data_dir=tmp_path / "data", store="file")
    acked: dict[str, int] = {}
    for i in range(30):
        subject = f"kill.s{i % 3}"
        acked[f"{subject}#{i // 3 + 1}"] = register(server, subject, record_schema(f"k{i % 3}", i // 3))
    # No pause: the last acknowledgement must already be durable when the process dies.
    restart(server, "kill")
    for key, sid in acked.items():
        subject, version = key.split("#")
        got = ok(server.request("GET", f"/subjects/{subject}/versions/{version}"))
        assert (got["id"], got["version"], got["subject"]) == (sid, int(version), subject)

    fresh = register(server, "kill.after", record_schema("after", 0))
    assert fresh > max(acked.values())


def test_sigkill_during_concurrent_writes(servers, tmp_path: Path):
    server = servers.start(data_dir=tmp_path / "data", store="file")
    acked: list[tuple[str, int, int]] = []  # (subject, version, id)
    stop = threading.Event()

    def writer(w: int) -> None:
        n = 0
        while not stop.is_set() and n < 400:
            subject = f"burst.w{w}"
            try:
                resp = server.request("POST", f"/subjects/{subject}/versions",
                                      {"schema": record_schema(f"b{w}", n)}, timeout=5)
            except OSError:
                return  # the server died under us: expected
            if resp.status != 200:
                return
            sid = resp.json()["id"]
            acked.append((subject, n + 1, sid))
            n += 1

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(3)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 10
    while len(acked) < 30 and time.monotonic() < deadline:
        time.sleep(0.01)
    server.kill()
    stop.set()
    for t in threads:
        t.join(timeout=10)
    assert len(acked) >= 30, f"only {len(acked)} registrations before the kill"

    server.start()
    for subject, version, sid in list(acked):
        got = ok(server.request("GET", f"/subjects/{subject}/versions/{version}"))
        assert (got["id"], got["version"]) == (sid, version), (subject, version)
    # Ids in use after the restart (acknowledged or not) are never handed out again.
    in_use = set()
    for subject in ok(server.request("GET", "/subjects")):
        for v in ok(server.request("GET", f"/subjects/{subject}/versions")):
            in_use.add(ok(server.request("GET", f"/subjects/{subject}/versions/{v}"))["id"])
    fresh = register(server, "burst.after", record_schema("after", 0))
    assert fresh not in in_use and fresh > max(in_use)


def test_restart_from_a_snapshot_serves_the_same_contents(servers, tmp_path: Path):
    """tessera.snapshot.dir on the file store: a restart loads the snapshot and replays only
    the records after it, and serves exactly what a full replay serves."""
    snap_dir = tmp_path / "snap"
    server = servers.start(data_dir=tmp_path / "data", store="file", tessera__snapshot__dir=str(snap_dir))
    populate(server)
    before = snapshot(server)
    assert restart(server, "term") == 0
    assert (snap_dir / "file.snapshot").is_file()
    log = server.log_tail(30)
    assert "loaded snapshot" in log, log
    assert "schema log replayed: 0 records" in log, log
    assert snapshot(server) == before

    # A crash after more writes: the snapshot is older than the log; the tail is replayed.
    register(server, "restart.tail", record_schema("restart_tail", 0))
    after = snapshot(server)
    assert restart(server, "kill") is not None
    assert snapshot(server) == after
    assert "schema log replayed: 1 records" in server.log_tail(30)

    # The same data without the snapshot (a full replay) serves the same.
    server.stop()
    plain = servers.start(data_dir=tmp_path / "data", store="file")
    assert snapshot(plain) == after
