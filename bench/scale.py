#!/usr/bin/env python3
"""Harvest one hashtag from 200 loopback instances of 200 statuses each, three ways.

    python bench/scale.py [--rounds N] [--instances N] [--statuses N] [--no-dask]

- the floor: a bare asyncio loop, httpx, orjson, and SQLite ``executemany`` of
  the raw JSON, with the same concurrency as tootkit (an asyncio.Semaphore of
  ``DEFAULT_CONCURRENCY``), one commit a page, WAL and synchronous=NORMAL;
- ``tootkit.store.harvest`` into a fresh archive, in one process;
- the same partitions as Dask tasks on a 2-worker ``LocalCluster``
  (``harvest_on_dask``), then ``merge_archives`` into one archive.

Each contender runs in a fresh Python process, so that its peak RSS
(``ru_maxrss``) is its own; the time covers the harvest (and, for Dask, the
cluster's start and the merge). Rounds alternate the order. One fake server
process serves every instance, a port each (tests/support/fakeserver.py);
neighbouring instances share half their statuses (``--stride``), as instances
of the fediverse share the posts that federate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._measure import alternating, child_json, peak_rss_mb  # noqa: E402
from bench.harvest import floor_instance as walk_instance  # noqa: E402
from bench.harvest import open_floor_db  # noqa: E402
from tests.support.mockserver import run_fake_instances  # noqa: E402
from tootkit.store import (  # noqa: E402
    DEFAULT_CONCURRENCY,
    Archive,
    HarvestSpec,
    dask_client,
    harvest,
    harvest_on_dask,
    merge_archives,
)

TAG = "fake"


async def floor_instance(
    base: str, db: sqlite3.Connection, http: httpx.AsyncClient, slots: asyncio.Semaphore
) -> None:
    """bench/harvest.py's floor for one instance, within the same cap as tootkit's."""
    async with slots:
        await walk_instance(base, db, http)


def run_floor(urls: list[str], folder: Path) -> int:
    async def every(db: sqlite3.Connection) -> None:
        slots = asyncio.Semaphore(DEFAULT_CONCURRENCY)
        limits = httpx.Limits(max_connections=DEFAULT_CONCURRENCY)
        async with httpx.AsyncClient(limits=limits) as http:
            await asyncio.gather(*(floor_instance(url, db, http, slots) for url in urls))

    db = open_floor_db(folder / "floor.sqlite")
    try:
        asyncio.run(every(db))
        return int(db.execute("SELECT count(*) FROM statuses").fetchone()[0])
    finally:
        db.close()


def run_tootkit(urls: list[str], folder: Path) -> int:
    with Archive(folder / "tootkit.sqlite", create=True) as archive:
        results = asyncio.run(
            harvest(archive, HarvestSpec(tags=[TAG], instances=urls, options={"retry": False}))
        )
        failed = [r.reason for r in results if not r.ok]
        assert not failed, failed
        return archive.count()


def run_dask(urls: list[str], folder: Path) -> int:
    with dask_client("local:2") as client:
        results = harvest_on_dask(
            client,
            folder / "parts",
            HarvestSpec(tags=[TAG], instances=urls, options={"retry": False}),
        )
    failed = [r.reason for r in results if not r.ok]
    assert not failed, failed
    merged = merge_archives(sorted((folder / "parts").glob("*.sqlite")), folder / "dask.sqlite")
    return merged.statuses


CONTENDERS = {
    "floor": ("bare asyncio + httpx + orjson + sqlite3 (floor)", run_floor),
    "tootkit": ("tootkit.store.harvest, one process", run_tootkit),
    "dask": ("tootkit on a 2-worker LocalCluster + merge", run_dask),
}


def one(name: str, urls: list[str]) -> None:
    """Run one contender in this process and print its time, count and peak RSS as JSON."""
    with tempfile.TemporaryDirectory(prefix="tootkit-scale-") as folder:
        started = time.perf_counter()
        count = CONTENDERS[name][1](urls, Path(folder))
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "count": count, "rss_mb": peak_rss_mb()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--instances", type=int, default=200)
    parser.add_argument("--statuses", type=int, default=200)
    parser.add_argument(
        "--stride",
        type=int,
        default=None,
        help="first status of instance k is k*STRIDE (default: half the statuses, so neighbours "
        "share half; STRIDE = statuses shares none)",
    )
    parser.add_argument("--no-dask", action="store_true", help="leave the LocalCluster out")
    parser.add_argument("--one", choices=sorted(CONTENDERS), help=argparse.SUPPRESS)
    parser.add_argument("--urls", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        one(options.one, json.loads(options.urls))
        return
    names = ["floor", "tootkit"] + ([] if options.no_dask else ["dask"])
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    stride = options.statuses // 2 if options.stride is None else options.stride
    with run_fake_instances(options.instances, options.statuses, stride=stride) as fake:
        expected = (options.instances - 1) * min(stride, options.statuses) + options.statuses
        for name in alternating(names, options.rounds):
            urls = json.dumps(fake.urls)
            result = child_json([sys.executable, __file__, "--one", name, "--urls", urls])
            assert result["count"] == expected, (name, result["count"], expected)
            runs[name].append(result)
    floor = statistics.median(r["seconds"] for r in runs["floor"])
    print(
        f"{options.instances} loopback instances x {options.statuses} statuses "
        f"({expected:,} distinct), concurrency {DEFAULT_CONCURRENCY}, median of "
        f"{options.rounds} rounds; Python {sys.version.split()[0]}"
    )
    print(f"{'harvester':50} {'seconds':>8} {'statuses/s':>11} {'x floor':>8} {'peak RSS':>9}")
    for name in names:
        seconds = statistics.median(r["seconds"] for r in runs[name])
        rss = max(r["rss_mb"] for r in runs[name])
        fetched = options.instances * options.statuses
        print(
            f"{CONTENDERS[name][0]:50} {seconds:8.2f} {fetched / seconds:11,.0f} "
            f"{seconds / floor:8.2f} {rss:7.0f} MB"
        )
    print("peak RSS of the Dask run is the driver's; each worker is a process of its own")


if __name__ == "__main__":
    main()
