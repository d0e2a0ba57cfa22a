#!/usr/bin/env python3
"""Decode 1,000 real statuses: tootkit against orjson.loads alone and Mastodon.py.

    python bench/decode.py

Every timing is the median of several runs of decoding one JSON array of
1,000 statuses (one body, as a client gets a page), all in one process.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import statuses

import tootkit
from tootkit.models import Status


def median_seconds(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm up: cattrs generates its hooks on first use
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    items, source = statuses(1000)
    body = orjson.dumps(items)
    list_type = list[Status]
    rows: list[tuple[str, float]] = [
        ("orjson.loads alone (floor)", median_seconds(lambda: orjson.loads(body), 30)),
        ("json.loads alone", median_seconds(lambda: json.loads(body), 30)),
        (
            "tootkit.converter.loads",
            median_seconds(lambda: tootkit.converter.loads(body, list_type), 15),
        ),
    ]
    try:
        from mastodon.return_types import Status as MastoStatus
        from mastodon.return_types import try_cast_recurse

        def mastodon_py() -> Any:
            # Mastodon.py's own path: the JSON parse of requests, then its typed cast.
            return try_cast_recurse(list[MastoStatus], json.loads(body))

        rows.append(("Mastodon.py typed decode", median_seconds(mastodon_py, 3)))
    except ImportError:
        print("(Mastodon.py is not installed: pip install mastodon.py)")
    floor = rows[0][1]
    tootkit_time = rows[2][1]
    print(f"decode of {len(items)} statuses from {source}, {len(body) / 1e6:.2f} MB JSON")
    print(f"Python {sys.version.split()[0]}, tootkit {tootkit.__version__}")
    print(f"{'decoder':32} {'µs/status':>10} {'x orjson.loads':>15} {'x tootkit':>10}")
    for name, seconds in rows:
        per = seconds / len(items) * 1e6
        print(f"{name:32} {per:10.2f} {seconds / floor:15.2f} {seconds / tootkit_time:10.2f}")


if __name__ == "__main__":
    main()
