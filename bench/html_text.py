#!/usr/bin/env python3
"""HTML to text: tootkit.html.to_text on real post bodies, against BeautifulSoup's get_text.

    python bench/html_text.py

Bodies come from ../shared/reference when present, else from the cassettes.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import REFERENCE, statuses

from tootkit.html import to_markdown, to_text


def bodies() -> tuple[list[str], str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("content"), str) and "account" in node:
                found.append(node["content"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in ("mastodon-docs.jsonl", "gotosocial-tests.jsonl", "client-fixtures.jsonl"):
        path = REFERENCE / name
        if path.exists():
            for line in filter(None, path.read_text().split("\n")):
                walk(json.loads(line)["json"])
    if found:
        return found, f"../shared/reference ({len(found)} bodies)"
    items, source = statuses(1000)
    return [s["content"] for s in items], source


def rate(fn: Any, items: list[str], rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for body in items:
            fn(body)
        times.append(time.perf_counter() - start)
    return len(items) / statistics.median(times)


def main() -> None:
    items, source = bodies()
    items = (items * (3000 // len(items) + 1))[:3000]
    print(f"HTML to text on {len(items)} bodies from {source}; Python {sys.version.split()[0]}")
    rows = [
        ("tootkit.html.to_text", rate(to_text, items)),
        ("tootkit.html.to_markdown", rate(to_markdown, items)),
    ]
    try:
        from bs4 import BeautifulSoup

        rows.append(
            (
                "BeautifulSoup(html.parser).get_text",
                rate(lambda b: BeautifulSoup(b, "html.parser").get_text(), items, 3),
            )
        )
    except ImportError:
        print("(BeautifulSoup is not installed: pip install beautifulsoup4)")
    print(f"{'converter':40} {'bodies/s':>10}")
    for name, per_second in rows:
        print(f"{name:40} {per_second:10,.0f}")


if __name__ == "__main__":
    main()
