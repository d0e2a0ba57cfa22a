#!/usr/bin/env python3
"""Harvest one hashtag from 3 loopback instances of 1,500 statuses each into SQLite, two ways.

    python bench/harvest.py [--rounds N] [--latency SECONDS]

tootkit.store.harvest into a fresh Archive, against the floor: a bare asyncio
loop with the same concurrency (the three instances at once, asyncio.gather),
one httpx.AsyncClient for all of them following the Link header's next max_id,
each page parsed with orjson and stored with one INSERT OR IGNORE executemany
and one commit, into a fresh SQLite file in WAL mode with synchronous=NORMAL,
as the archive is. Each round runs both, alternating which goes first, each
into its own new file; the time covers opening the file through the last
page stored. Every instance is tests/support/fakeserver.py in its own process.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import httpx
import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._measure import alternating  # noqa: E402
from tests.support.mockserver import run_fake_server  # noqa: E402
from tootkit.store import Archive, HarvestSpec, harvest  # noqa: E402

PER_INSTANCE = 1500
FIRSTS = ("0", "2000", "4000")  # where each instance's statuses start, so that none is shared
TOTAL = PER_INSTANCE * len(FIRSTS)
ROUNDS = 7
TAG = "fake"

NEXT_LINK = re.compile(r'<([^>]*)>\s*;\s*rel="next"')
MAX_ID = re.compile(r"[?&]max_id=([^&#]+)")

FLOOR_SCHEMA = "CREATE TABLE statuses (uri TEXT PRIMARY KEY, id TEXT NOT NULL, raw BLOB NOT NULL)"


def next_max_id(link: str | None) -> str | None:
    """The ``max_id`` of the ``rel="next"`` URL in a ``Link`` header, or None."""
    if not link:
        return None
    found = NEXT_LINK.search(link)
    if found is None:
        return None
    cursor = MAX_ID.search(found.group(1))
    return cursor.group(1) if cursor else None


async def floor_instance(base: str, db: sqlite3.Connection, http: httpx.AsyncClient) -> None:
    url = f"{base}/api/v1/timelines/tag/{TAG}"
    params: dict[str, str | int] = {"limit": 40}
    while True:
        response = await http.get(url, params=params)
        response.raise_for_status()
        items = orjson.loads(response.content)
        if not items:
            break
        rows = [(item["uri"], item["id"], orjson.dumps(item)) for item in items]
        db.executemany("INSERT OR IGNORE INTO statuses (uri, id, raw) VALUES (?, ?, ?)", rows)
        db.commit()
        max_id = next_max_id(response.headers.get("link"))
        if max_id is None:
            break
        params = {"limit": 40, "max_id": max_id}


def open_floor_db(path: Path) -> sqlite3.Connection:
    """A new SQLite file for the floor, set up as the archive is: WAL, synchronous=NORMAL."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(FLOOR_SCHEMA)
    db.commit()
    return db


def run_floor(bases: list[str], path: Path) -> tuple[float, int]:
    async def all_instances(db: sqlite3.Connection) -> None:
        # One client for every instance: the cheapest a bare loop can be.
        async with httpx.AsyncClient() as http:
            await asyncio.gather(*(floor_instance(base, db, http) for base in bases))

    started = time.perf_counter()
    db = open_floor_db(path)
    try:
        asyncio.run(all_instances(db))
        seconds = time.perf_counter() - started
        (count,) = db.execute("SELECT count(*) FROM statuses").fetchone()
    finally:
        db.close()
    assert count == TOTAL, f"the floor stored {count:,} statuses, not {TOTAL:,}"
    return seconds, count


def run_tootkit(bases: list[str], path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    archive = Archive(path, create=True)
    try:
        results = asyncio.run(
            harvest(archive, HarvestSpec(tags=[TAG], instances=bases, options={"retry": False}))
        )
        seconds = time.perf_counter() - started
        count = archive.count()
    finally:
        archive.close()
    failed = [(r.instance, r.reason) for r in results if not r.ok]
    assert not failed, f"tootkit harvest failed: {failed}"
    assert count == TOTAL, f"tootkit stored {count:,} statuses, not {TOTAL:,}"
    return seconds, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"default {ROUNDS}")
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        help="seconds each server waits before a page, as a network would (default 0: loopback)",
    )
    options = parser.parse_args()
    rounds = options.rounds
    if rounds < 1:
        parser.error("--rounds must be at least 1")

    contenders: list[tuple[str, Callable[[list[str], Path], tuple[float, int]]]] = [
        ("bare httpx.AsyncClient + orjson + sqlite3 (floor)", run_floor),
        ("tootkit.store.harvest", run_tootkit),
    ]
    times: dict[str, list[float]] = {name: [] for name, _ in contenders}
    counts: dict[str, int] = {}
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="tootkit-bench-") as folder:
        servers = [
            stack.enter_context(
                run_fake_server(PER_INSTANCE, first=first, latency=str(options.latency))
            )
            for first in FIRSTS
        ]
        bases = [s.base_url for s in servers]
        files = (Path(folder) / f"{n}.sqlite" for n in range(1_000_000))
        for _, fn in contenders:
            fn(bases, next(files))  # warm up: imports, generated code, the servers' pages
        for name, fn in alternating(contenders, rounds):
            seconds, counts[name] = fn(bases, next(files))
            times[name].append(seconds)

    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians[contenders[0][0]]
    print(
        f"harvest of {len(FIRSTS)} loopback instances x {PER_INSTANCE:,} statuses into SQLite, "
        f"median of {rounds} rounds, {options.latency * 1000:g} ms latency a page; "
        f"Python {sys.version.split()[0]}"
    )
    print(f"{'harvester':50} {'seconds':>8} {'statuses':>9} {'statuses/s':>11} {'x floor':>8}")
    for name, seconds in medians.items():
        print(
            f"{name:50} {seconds:8.3f} {counts[name]:9,} {counts[name] / seconds:11,.0f} "
            f"{seconds / floor:8.2f}"
        )
    print(f"tootkit / floor: {medians[contenders[1][0]] / floor:.2f}x")


if __name__ == "__main__":
    main()
