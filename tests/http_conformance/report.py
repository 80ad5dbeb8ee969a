"""Result records of a conformance run and their Markdown / JSON report files."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class StepFailure:
    """One step whose response did not match the recording."""

    step: str
    request: dict[str, Any]
    want: dict[str, Any]
    got: dict[str, Any]
    relaxation: str | None = None


@dataclass
class ScenarioResult:
    """Outcome of one scenario."""

    name: str
    total: int
    passed: int = 0
    required: bool = False
    failures: list[StepFailure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every step matched."""
        return self.passed == self.total


@dataclass
class RunResult:
    """Outcome of the whole run."""

    target: str
    scenarios: list[ScenarioResult] = field(default_factory=list)
    relaxed: int = 0

    @property
    def steps(self) -> int:
        """Steps run."""
        return sum(s.total for s in self.scenarios)

    @property
    def passed(self) -> int:
        """Steps that matched."""
        return sum(s.passed for s in self.scenarios)

    def percent(self) -> float:
        """Share of matching steps, in percent."""
        return 100.0 * self.passed / self.steps if self.steps else 0.0

    def summary_line(self) -> str:
        """The final stdout line."""
        return f"conformance: {self.passed}/{self.steps} steps match ({self.percent():.1f}%)"

    def failed_required(self) -> list[str]:
        """Required scenarios that have at least one failing step."""
        return [s.name for s in self.scenarios if s.required and not s.complete]


def write_report(result: RunResult, path: Path) -> None:
    """JSON when `path` ends in .json, Markdown otherwise."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".json":
        doc = {
            "target": result.target,
            "steps": result.steps,
            "passed": result.passed,
            "percent": round(result.percent(), 2),
            "relaxed": result.relaxed,
            "failed_required": result.failed_required(),
            "scenarios": [dict(asdict(s), complete=s.complete) for s in result.scenarios],
        }
        path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    path.write_text(_markdown(result), encoding="utf-8")


def _block(value: Any, limit: int = 4000) -> str:
    text = json.dumps(value, indent=1, ensure_ascii=False)
    if len(text) > limit:
        text = text[:limit] + "\n… (truncated)"
    return "```json\n" + text.replace("```", "`\u200b``") + "\n```\n"


def _markdown(result: RunResult) -> str:
    out = [
        "# HTTP conformance report\n\n",
        f"Target: {result.target}\n\n",
        f"**{result.summary_line()}**; {result.relaxed} mismatching steps passed through a "
        "documented relaxation (global rules or allowed.json).\n\n",
    ]
    failed_required = result.failed_required()
    if failed_required:
        out.append("Required scenarios with failures: " + ", ".join(failed_required) + "\n\n")
    out.append("| scenario | passed | total | required |\n|---|---|---|---|\n")
    for s in result.scenarios:
        mark = "yes" if s.required else ""
        out.append(f"| {s.name} | {s.passed} | {s.total} | {mark} |\n")
    for s in result.scenarios:
        if not s.failures and not s.notes:
            continue
        out.append(f"\n## {s.name} ({s.passed}/{s.total})\n")
        for note in s.notes:
            first, _, rest = note.partition("\n")
            out.append(f"\n> {first}\n")
            if rest:
                out.append("\n```\n" + rest.replace("```", "`\u200b``") + "\n```\n")
        for f in s.failures:
            req = f.request
            relax = f" (relaxation: {f.relaxation})" if f.relaxation else ""
            out.append(f"\n### {f.step}: {req.get('method')} `{req.get('path')}`{relax}\n\n")
            out.append("request:\n\n" + _block(req))
            out.append("want:\n\n" + _block(f.want))
            out.append("got:\n\n" + _block(f.got))
    return "".join(out)
