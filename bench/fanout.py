#!/usr/bin/env python3
"""20 hashtags walked concurrently on the async client, against one after another.

    python bench/fanout.py

Each hashtag is a 400-status timeline on its own loopback server process,
which answers after a simulated 20 ms of network latency per page.
"""

from __future__ import annotations

import asyncio
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tootkit  # noqa: E402
from tests.support.mockserver import run_fake_server  # noqa: E402

TAGS = 20


async def walk(base: str) -> int:
    async with tootkit.AsyncClient(base) as client:
        return len([s async for s in client.timelines.tag("fake")])


async def sequential(bases: list[str]) -> int:
    return sum([await walk(base) for base in bases])


async def concurrent(bases: list[str]) -> int:
    return sum(await asyncio.gather(*(walk(base) for base in bases)))


def main() -> None:
    with ExitStack() as stack:
        servers = [stack.enter_context(run_fake_server(400, latency="0.02")) for _ in range(TAGS)]
        bases = [s.base_url for s in servers]
        rows = []
        for name, fn in [("one after another", sequential), ("concurrently (gather)", concurrent)]:
            started = time.perf_counter()
            total = asyncio.run(fn(bases))
            rows.append((name, time.perf_counter() - started, total))
    print(
        f"{TAGS} hashtag timelines of 400 statuses, 20 ms latency a page; Python {sys.version.split()[0]}"
    )
    for name, seconds, total in rows:
        print(f"{name:24} {seconds:6.2f} s  {total:,} statuses  {rows[0][1] / seconds:5.1f}x")


if __name__ == "__main__":
    main()
