"""Real statuses for the benchmarks: from ../shared/reference when present, else the cassettes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"


def _reference_statuses() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name in ("mastodon-docs.jsonl", "gotosocial-tests.jsonl", "client-fixtures.jsonl"):
        path = REFERENCE / name
        if not path.exists():
            continue
        for line in filter(None, path.read_text().split("\n")):
            entry = json.loads(line)
            if entry.get("partial"):
                continue
            body = entry["json"]
            if entry["kind"] == "status" and isinstance(body, dict):
                out.append(body)
            elif entry["kind"] == "page_of_statuses" and isinstance(body, list):
                out.extend(b for b in body if isinstance(b, dict))
    # Keep the ones that a strict reader would take: whole statuses with an author.
    return [s for s in out if isinstance(s.get("account"), dict) and "content" in s]


def _cassette_statuses() -> list[dict[str, Any]]:
    import yaml  # vcrpy depends on PyYAML

    cassette = yaml.safe_load((ROOT / "cassettes" / "tag_timeline.yaml").read_text())
    out: list[dict[str, Any]] = []
    for interaction in cassette["interactions"]:
        out.extend(json.loads(interaction["response"]["body"]["string"]))
    return out


def distinct_statuses() -> tuple[list[dict[str, Any]], str]:
    """The distinct real statuses, and where they came from."""
    base, source = _reference_statuses(), "../shared/reference"
    if not base:
        base, source = _cassette_statuses(), "cassettes/tag_timeline.yaml"
    return base, source


def statuses(count: int = 1000) -> tuple[list[dict[str, Any]], str]:
    """``count`` real statuses (cycling through the distinct ones) and where they came from."""
    base, source = distinct_statuses()
    distinct = len(base)
    return [base[i % distinct] for i in range(count)], f"{source} ({distinct} distinct)"
