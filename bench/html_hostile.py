#!/usr/bin/env python3
"""Hostile HTML: how long each pathological body takes to convert (the target: under 2 s).

python bench/html_hostile.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.hostile_html import HOSTILE as CASES
from tootkit.html import to_markdown, to_text


def main() -> None:
    print(f"Python {sys.version.split()[0]}; median of 3 runs, seconds")
    print(f"{'input':30} {'size':>10} {'to_text':>9} {'to_markdown':>12}")
    for name, html in CASES.items():
        row = []
        for convert in (to_text, to_markdown):
            times = []
            for _ in range(3):
                started = time.perf_counter()
                convert(html)
                times.append(time.perf_counter() - started)
            row.append(statistics.median(times))
        print(f"{name:30} {len(html):10,} {row[0]:9.3f} {row[1]:12.3f}")


if __name__ == "__main__":
    main()
