"""Self-check of the replay logic against the recorded data, without any server.

For every step, the recorded (golden) response is turned back into what a server could have
sent: each `$idN` symbol becomes a made-up real id, `{"text": ...}` bodies become plain text,
and array bodies of `keep` steps get decoy elements that the filter must drop. Those bytes
then go through replay.normalize() in step order, exactly as live responses would, and the
result must equal golden.json. Request building runs alongside, so every `{$idN}` placeholder
must already be bound when its step is reached and the substituted path must carry the
made-up id.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import replay

DECOY = "~decoy-not-kept~"
_MESSAGE_SYMBOL = re.compile(r"(Schema |with id |input id )\$id(\d+)")
FIRST_FAKE_ID = 7001


def _symbol_number(value: Any) -> int | None:
    if isinstance(value, str):
        m = replay.SYMBOL.fullmatch(value)
        if m:
            return int(m.group(1))
    return None


def symbol_contexts(scenario: Mapping[str, Any], golden: Sequence[Mapping[str, Any]],
                    problems: list[str] | None = None) -> dict[int, str]:
    """Symbol number -> the context it was recorded in, found by walking the recorded bodies
    with the same context rules symbolize() applies. A symbol met in two contexts means our
    context rules disagree with the recording; it is reported in `problems`."""
    found: dict[int, str] = {}

    def note(n: int | None, ctx: str, where: str) -> None:
        if n is None:
            return
        if found.setdefault(n, ctx) != ctx and problems is not None:
            problems.append(f"{where}: $id{n} met in contexts {found[n]} and {ctx}")

    for i, (step, record) in enumerate(zip(scenario["steps"], golden)):
        where = replay.step_id(scenario, i)
        body, ctx = record["body"], replay.step_context(step["p"])
        if step.get("ids") and isinstance(body, list):
            for v in body:
                note(_symbol_number(v), ctx, where)
            continue

        def walk(v: Any, cur: str) -> None:
            if isinstance(v, dict):
                if isinstance(v.get("subject"), str):
                    cur = replay.context_of(v["subject"])
                for k, x in v.items():
                    if k in ("id", "maxId"):
                        note(_symbol_number(x), cur, where)
                    elif k == "message" and isinstance(x, str):
                        for m in _MESSAGE_SYMBOL.finditer(x):
                            note(int(m.group(2)), cur, where)
                    else:
                        walk(x, cur)
            elif isinstance(v, list):
                for x in v:
                    walk(x, cur)
        walk(body, ctx)
    return found


def fake_ids(contexts: Mapping[int, str]) -> dict[int, int]:
    """Made-up server ids: numbered per context, as a registry with contexts numbers them,
    so one number recurs in several contexts and only (context, id) tells symbols apart."""
    per_ctx: dict[str, int] = {}
    out = {}
    for n in sorted(contexts):
        ctx = contexts[n]
        out[n] = FIRST_FAKE_ID + per_ctx.get(ctx, 0)
        per_ctx[ctx] = per_ctx.get(ctx, 0) + 1
    return out


def inflate_body(body: Any, id_list: bool, ids: Mapping[int, int]) -> Any:
    """Undo symbolization on a recorded body wherever symbolize() would have acted."""
    def real(v: Any) -> Any:
        n = _symbol_number(v)
        return ids[n] if n is not None else v

    if id_list and isinstance(body, list):
        return [real(v) for v in body]

    def walk(v: Any) -> Any:
        if isinstance(v, dict):
            out = {}
            for k, x in v.items():
                if k in ("id", "maxId"):
                    out[k] = real(x)
                elif k == "message" and isinstance(x, str):
                    out[k] = _MESSAGE_SYMBOL.sub(lambda m: m.group(1) + str(ids[int(m.group(2))]), x)
                else:
                    out[k] = walk(x)
            return out
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v
    return walk(body)


def add_decoys(body: Any, keep: Sequence[str] | None) -> Any:
    """Surround a kept array with elements no `keep` entry accepts; the object decoy carries
    an id, so symbolizing before filtering would allocate a symbol too many."""
    if keep is None or not isinstance(body, list):
        return body
    if replay.keep_matches(DECOY, keep) or replay.keep_matches("", keep):
        return body
    if body and all(isinstance(v, dict) for v in body):
        decoy: Any = {"subject": DECOY, "id": 99, "version": 1}
    else:
        decoy = DECOY
    return [decoy] + body + [decoy, 42]


def fake_response(step: Mapping[str, Any], record: Mapping[str, Any], ids: Mapping[int, int]) -> bytes:
    """Bytes a server could have sent for this recorded record."""
    body = record["body"]
    if isinstance(body, dict) and list(body) == ["text"] and isinstance(body["text"], str):
        return body["text"].encode("utf-8")
    body = add_decoys(inflate_body(body, bool(step.get("ids")), ids), step.get("keep"))
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


@dataclass
class SelfCheckResult:
    """Outcome of the self-check over a set of scenarios."""

    steps: int = 0
    reproduced: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every step was reproduced and no request problem was found."""
        return self.steps == self.reproduced and not self.problems


def check_scenario(scenario: Mapping[str, Any], golden: Sequence[Mapping[str, Any]],
                   result: SelfCheckResult) -> None:
    """Replay one scenario's golden records through the normalizer."""
    name = scenario["name"]
    if len(golden) != len(scenario["steps"]):
        result.problems.append(f"{name}: {len(golden)} golden records for {len(scenario['steps'])} steps")
        return
    contexts = symbol_contexts(scenario, golden, result.problems)
    ids = fake_ids(contexts)
    table = replay.SymbolTable()
    for i, (step, want) in enumerate(zip(scenario["steps"], golden)):
        sid = f"{name}#{i}"
        unbound = table.unbound_placeholders(step["p"])
        if unbound:
            result.problems.append(f"{sid}: placeholder(s) {unbound} not bound by earlier steps")
        req = replay.build_request(step, table)
        expected_path = replay.PLACEHOLDER.sub(lambda m: str(ids.get(int(m.group(1)), m.group(0))), step["p"])
        if req.path != expected_path:
            result.problems.append(f"{sid}: path {req.path}, expected {expected_path}")
        got = replay.normalize(step, want["status"], fake_response(step, want, ids), table)
        result.steps += 1
        if replay.json_equal(want, got) and replay.compare(step, want, got, None):
            result.reproduced += 1
        else:
            result.problems.append(
                f"{sid}: normalized {json.dumps(got, ensure_ascii=False)[:300]} "
                f"!= golden {json.dumps(want, ensure_ascii=False)[:300]}")
    if len(table.symbols) != len(contexts):
        result.problems.append(f"{name}: {len(table.symbols)} symbols allocated, golden has {len(contexts)}")


def run_self_check(scenarios: Sequence[Mapping[str, Any]],
                   golden: Mapping[str, Sequence[Mapping[str, Any]]]) -> SelfCheckResult:
    """Self-check every given scenario against its golden records."""
    result = SelfCheckResult()
    for sc in scenarios:
        if sc["name"] not in golden:
            result.problems.append(f"{sc['name']}: no golden records")
            continue
        check_scenario(sc, golden[sc["name"]], result)
    return result
