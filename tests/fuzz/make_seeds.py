#!/usr/bin/env python3
"""Writes the seed corpus of one fuzz target from the shared test data, at run time.

Usage: make_seeds.py TARGET OUT_DIR SHARED_DIR REPO_DIR

Seeds are schema texts (and pairs, and reference + pair triples) from ../shared/vectors and
../shared/external/confluent-recorded, and `_schemas` records from tests/data/golden/records,
joined with the separator the targets split on (fuzz_schema_input.h). Nothing is stored in the
repository.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

SEP = "\n@@@@\n"
TYPE_OF = {"fuzz_avro_schema": "AVRO", "fuzz_json_schema": "JSON", "fuzz_protobuf_schema": "PROTOBUF"}


def text(schema) -> str:
    return schema if isinstance(schema, str) else json.dumps(schema)


def lenient_json(path: Path):
    # diff-schema-examples-2020-12.json has trailing commas (see vectors/README.md).
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", path.read_text()))


def recorded(shared: Path, kind: str) -> list[str]:
    corpus = json.loads((shared / "external/confluent-recorded/tests/golden/corpus.json").read_text())
    out = [c["schema"] for c in corpus["schemas"] if c["type"] == kind]
    out += [c["old"] + SEP + c["new"] for c in corpus["compat"] if c["type"] == kind]
    out += [SEP.join(c["versions"][:2]) for c in corpus["chains"] if set(c["types"]) == {kind}]
    for scenario in json.loads((shared / "external/confluent-recorded/tests/http_conformance/scenarios.json").read_text()):
        for step in scenario["steps"]:
            body = step.get("b")
            if isinstance(body, dict) and isinstance(body.get("schema"), str) and \
                    body.get("schemaType", "AVRO") == kind:
                out.append(body["schema"])
    return out


def vector_pairs(shared: Path, kind: str) -> list[str]:
    root = shared / "vectors/schema-registry"
    out = []
    if kind == "JSON":
        for f in sorted((root / "json-schema-provider/src/test/resources").glob("*.json")):
            data = lenient_json(f)
            for case in data if isinstance(data, list) else [data]:
                if "original_schema" in case:
                    out.append(text(case["original_schema"]) + SEP + text(case["update_schema"]))
                else:
                    out.append(text(case))
    elif kind == "PROTOBUF":
        base = root / "protobuf-provider/src/test/resources"
        for f in sorted(base.glob("*.json")):
            for case in json.loads(f.read_text()):
                pair = []
                for side in ("original_schema", "update_schema"):
                    s = case[side]
                    if s.endswith(".proto"):
                        s = (base / s).read_text()
                    pair.append(s)
                deps = case.get("original_dependencies") or []
                dep = next((d["dependency"] for d in deps if "dependency" in d), None)
                out.append((dep + SEP if dep else "") + SEP.join(pair))
        for f in sorted((root / "protobuf-types/src/main/proto").rglob("*.proto")):
            out.append(f.read_text())
    elif kind == "AVRO":
        tests = (shared / "vectors/avro/share/test/data/schema-tests.txt").read_text()
        out += [m.strip() for m in re.findall(r"<<INPUT\n(.*?)\nINPUT", tests, re.S)]
        out += [m.strip() for m in re.findall(r"<<INPUT (.*?)\n", tests)]
    return out


def records(repo: Path) -> list[str]:
    out = []
    for f in sorted((repo / "tests/data/golden/records").glob("*.txt")):
        key = None
        for line in f.read_text().splitlines() + ["@ end"]:
            if line.startswith("@ ") and key is not None:
                out.append(key if value is None else key + SEP + value)
                key = None
            elif line.startswith("key "):
                key, value = line[4:].lstrip(" "), None
                key = "" if key == "<empty>" else key
            elif line.startswith("value ") and key is not None:
                v = line[6:].lstrip(" ")
                value = None if v == "<null>" else ("" if v == "<empty>" else v)
    return out


def main() -> int:
    target, out_dir, shared, repo = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    if target == "fuzz_schemas_record":
        seeds = records(repo)
    else:
        kind = TYPE_OF[target]
        seeds = recorded(shared, kind) + vector_pairs(shared, kind)
    out_dir.mkdir(parents=True, exist_ok=True)
    for s in seeds:
        data = s.encode()
        (out_dir / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"{target}: {len(seeds)} seeds from the shared data")
    return 0 if seeds else 1


if __name__ == "__main__":
    sys.exit(main())
