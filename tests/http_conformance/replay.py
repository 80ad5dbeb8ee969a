"""Pure replay logic for the recorded Confluent HTTP conformance suite (no I/O here).

Implements Part 1 of shared/external/confluent-recorded/README.md: request building (1.1),
placeholders, step context and id symbolization (1.3), response normalization and `keep`
filters (1.4), and the comparison rules with their relaxations (1.5, 1.6). run.py does the
HTTP and process work; test_runner.py and `run.py --self-check` test this module.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping
from urllib.parse import unquote

SCHEMA_REGISTRY_CT = "application/vnd.schemaregistry.v1+json"
PLACEHOLDER = re.compile(r"\{\$id(\d+)\}")
MESSAGE_ID = re.compile(r"(Schema |with id |input id )(-?\d+)")
SYMBOL = re.compile(r"\$id(\d+)")
SCOPED_SETTING = re.compile(r"^/(config|mode)/([^/?]+)")
DETAIL_MARKERS = ("details: com.fasterxml.jackson", "details: Could not parse Protobuf")


def is_int(v: Any) -> bool:
    """A JSON integer (Python's bool is an int subclass and must not count)."""
    return isinstance(v, int) and not isinstance(v, bool)


def context_of(subject: str) -> str:
    """Confluent's context of a decoded subject: `:.ctx:name` -> `.ctx`, else `.`."""
    if not subject.startswith(":."):
        return "."
    end = subject.find(":", 1)
    return subject[1:] if end < 0 else subject[1:end]


def step_context(path: str) -> str:
    """The context a step's ids live in, from the step's original (unsubstituted) path."""
    route, _, query = path.partition("?")
    segs = route.strip("/").split("/")
    if segs[0] == "contexts" and len(segs) > 1:
        ctx = unquote(segs[1])
        return ctx if ctx.startswith(".") else "." + ctx
    for i, seg in enumerate(segs[:-1]):
        if seg == "subjects":
            return context_of(unquote(segs[i + 1]))
    for pair in query.split("&") if query else ():
        key, _, value = pair.partition("=")
        if key == "subject":
            return context_of(unquote(value))  # unquote leaves '+' alone, as the rule says
    return "."


class SymbolTable:
    """(context, real id) <-> `$idN`, numbered in first-seen order; one per scenario."""

    def __init__(self) -> None:
        self.symbols: dict[tuple[str, int], str] = {}
        self.reals: dict[int, int] = {}

    def symbol(self, ctx: str, real: int) -> str:
        """The symbol of (ctx, real), allocating the next number on first sight."""
        key = (ctx, real)
        if key not in self.symbols:
            n = len(self.symbols) + 1
            self.symbols[key] = f"$id{n}"
            self.reals[n] = real
        return self.symbols[key]

    def substitute_path(self, path: str) -> str:
        """Replace every bound `{$idN}` by its real id; unbound ones stay as written."""
        def repl(m: re.Match) -> str:
            n = int(m.group(1))
            return str(self.reals[n]) if n in self.reals else m.group(0)
        return PLACEHOLDER.sub(repl, path)

    def substitute_body(self, value: Any) -> Any:
        """Replace string values that are exactly a bound `{$idN}` by the integer id."""
        if isinstance(value, str):
            m = PLACEHOLDER.fullmatch(value)
            return self.reals[int(m.group(1))] if m and int(m.group(1)) in self.reals else value
        if isinstance(value, list):
            return [self.substitute_body(v) for v in value]
        if isinstance(value, dict):
            return {k: self.substitute_body(v) for k, v in value.items()}
        return value

    def unbound_placeholders(self, path: str) -> list[str]:
        """Placeholders in `path` that no earlier response has bound."""
        return [m.group(0) for m in PLACEHOLDER.finditer(path) if int(m.group(1)) not in self.reals]


@dataclass
class HttpRequest:
    """A request ready to send: the path is used verbatim."""

    method: str
    path: str
    body: bytes | None
    headers: dict[str, str] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        """JSON-friendly view for reports."""
        out: dict[str, Any] = {"method": self.method, "path": self.path}
        if "Content-Type" in self.headers:
            out["content_type"] = self.headers["Content-Type"]
        if self.body is not None:
            out["body"] = self.body.decode("utf-8", "replace")
        return out


def build_request(step: Mapping[str, Any], table: SymbolTable) -> HttpRequest:
    """Turn a scenario step into a request: placeholders, raw/b body, Content-Type rules."""
    body: bytes | None = None
    if "raw" in step:
        body = step["raw"].encode("utf-8")
    elif "b" in step:
        # json.dumps defaults (", " / ": " separators, ASCII escapes) match how the golden
        # data was recorded; a server must not care, but replaying identically removes doubt.
        body = json.dumps(table.substitute_body(step["b"])).encode("utf-8")
    headers: dict[str, str] = {}
    if body is not None:
        ct = step.get("ct", SCHEMA_REGISTRY_CT)
        if ct:
            headers["Content-Type"] = ct
    return HttpRequest(step["m"], table.substitute_path(step["p"]), body, headers)


def decode_body(raw: bytes) -> Any:
    """Response bytes -> parsed JSON, or `{"text": ...}` for empty/blank/non-JSON text."""
    text = raw.decode("utf-8", "replace")
    if not text.strip():
        return {"text": text}
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        return {"text": text}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def keep_matches(text: str, keep: Iterable[str]) -> bool:
    """`=x` entries match exactly, all others are prefixes."""
    return any(text == k[1:] if k.startswith("=") else text.startswith(k) for k in keep)


def keep_filter(body: Any, keep: Iterable[str] | None) -> Any:
    """Keep only array elements whose match text passes `keep` (non-arrays untouched)."""
    if keep is None or not isinstance(body, list):
        return body
    keep = list(keep)

    def match_text(v: Any) -> str:
        if isinstance(v, str):
            return v
        if isinstance(v, dict):
            s = v.get("subject", "")
            return s if isinstance(s, str) else ""
        return ""
    return [v for v in body if keep_matches(match_text(v), keep)]


def symbolize(body: Any, table: SymbolTable, ctx: str, id_list: bool = False) -> Any:
    """Replace server ids by `$idN` symbols, in server key order (README 1.3)."""
    if id_list and isinstance(body, list):
        return [table.symbol(ctx, v) if is_int(v) else v for v in body]

    def walk(v: Any, cur: str) -> Any:
        if isinstance(v, dict):
            if isinstance(v.get("subject"), str):
                cur = context_of(v["subject"])
            out = {}
            for k, x in v.items():
                if k in ("id", "maxId") and is_int(x):
                    out[k] = table.symbol(cur, x)
                elif k == "message" and isinstance(x, str):
                    out[k] = MESSAGE_ID.sub(
                        lambda m: m.group(1) + table.symbol(cur, int(m.group(2))), x)
                else:
                    out[k] = walk(x, cur)
            return out
        if isinstance(v, list):
            return [walk(x, cur) for x in v]
        return v
    return walk(body, ctx)


def normalize(step: Mapping[str, Any], status: int, raw: bytes, table: SymbolTable) -> dict:
    """The stored record for one response: decode, keep-filter, symbolize."""
    body = decode_body(raw)
    body = keep_filter(body, step.get("keep"))
    body = symbolize(body, table, step_context(step["p"]), bool(step.get("ids")))
    return {"status": status, "body": body}


# ---------------------------------------------------------------------------------------
# Comparison (README 1.5)

def json_equal(a: Any, b: Any) -> bool:
    """Structural JSON equality: key order ignored, array order kept, true != 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def global_rule(want: Mapping[str, Any]) -> str | None:
    """The relaxation the README's global rules pick for a recorded response."""
    body = want["body"] if isinstance(want["body"], dict) else {}
    if want["status"] == 400 and json_equal(body.get("error_code"), 400):
        return "code"
    if json_equal(body.get("error_code"), 500):
        return "skip"
    message = body.get("message")
    if isinstance(message, str) and any(d in message for d in DETAIL_MARKERS):
        return "code"
    messages = body.get("messages")
    if isinstance(messages, list) and any(
            isinstance(m, str) and any(d in m for d in DETAIL_MARKERS) for m in messages):
        return "verdict"
    return None


def relaxation(step_id: str, want: Mapping[str, Any], allowed: Mapping[str, str]) -> str | None:
    """allowed.json wins; otherwise the global rules decide."""
    return allowed[step_id] if step_id in allowed else global_rule(want)


def _member(record: Mapping[str, Any], key: str) -> Any:
    body = record["body"]
    return body.get(key) if isinstance(body, dict) else None


def compare(step: Mapping[str, Any], want: Mapping[str, Any], got: Mapping[str, Any],
            relax: str | None) -> bool:
    """Does `got` pass against the recorded `want` under `relax` and the step's `cmp`?"""
    if relax == "skip":
        return True
    if want["status"] != got["status"]:
        return False
    if relax == "code":
        return json_equal(_member(want, "error_code"), _member(got, "error_code"))
    if relax == "verdict":
        return json_equal(_member(want, "is_compatible"), _member(got, "is_compatible"))
    cmp = step.get("cmp", "exact")
    if cmp == "status":
        return True
    if cmp == "keys":
        if not isinstance(want["body"], dict):
            return True
        return isinstance(got["body"], dict) and set(want["body"]) == set(got["body"])
    return json_equal(want["body"], got["body"])


# ---------------------------------------------------------------------------------------
# Scenario data helpers

def step_id(scenario: Mapping[str, Any], index: int) -> str:
    """`<scenario>#<i>` as used by allowed.json and reports."""
    return f"{scenario['name']}#{index}"


def scoped_setting_paths(scenario: Mapping[str, Any]) -> list[str]:
    """`/config/<seg>` and `/mode/<seg>` paths a scenario touches (reset step 5)."""
    out = set()
    for st in scenario["steps"]:
        m = SCOPED_SETTING.match(st["p"])
        if m:
            out.add(f"/{m.group(1)}/{m.group(2)}")
    return sorted(out)


def _names_non_avro_type(value: Any) -> bool:
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "schemaType" and isinstance(v, str) and v.upper() in ("JSON", "PROTOBUF"):
                return True
            if _names_non_avro_type(v):
                return True
    elif isinstance(value, list):
        return any(_names_non_avro_type(v) for v in value)
    return False


def is_avro_only(scenario: Mapping[str, Any]) -> bool:
    """True when no step or teardown names the JSON or PROTOBUF schema type."""
    for st in list(scenario["steps"]) + list(scenario.get("teardown", [])):
        if _names_non_avro_type(st.get("b")):
            return False
        if re.search(r"\b(JSON|PROTOBUF)\b", st.get("raw", "")):
            return False
        if re.search(r"(?i)schemaType=(JSON|PROTOBUF)\b", st["p"]):
            return False
    return True


def load_allowed(entries: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """allowed.json as {step id: cmp}."""
    return {e["step"]: e["cmp"] for e in entries}
