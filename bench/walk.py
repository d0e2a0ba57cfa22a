#!/usr/bin/env python3
"""Walk a 4,000-status hashtag timeline from a loopback server, four ways, in one run.

    python bench/walk.py

tootkit sync and async, Mastodon.py's pagination_iterator, and the floor:
bare httpx plus orjson following the Link header. The server is
tests/support/fakeserver.py in its own process.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tootkit  # noqa: E402
from tests.support.mockserver import run_fake_server  # noqa: E402

COUNT = 4000


def bare(base: str) -> int:
    count = 0
    url: str | None = f"{base}/api/v1/timelines/tag/fake?limit=40"
    with httpx.Client() as http:
        while url:
            response = http.get(url)
            items = orjson.loads(response.content)
            if not items:
                break
            count += len(items)
            url = response.links.get("next", {}).get("url")
    return count


def tootkit_sync(base: str) -> int:
    with tootkit.Client(base) as client:
        return sum(1 for _ in client.timelines.tag("fake"))


def tootkit_async(base: str) -> int:
    async def walk() -> int:
        async with tootkit.AsyncClient(base) as client:
            return len([s async for s in client.timelines.tag("fake")])

    return asyncio.run(walk())


def mastodon_py(base: str) -> int:
    from mastodon import Mastodon

    api = Mastodon(api_base_url=base, version_check_mode="none", ratelimit_method="throw")
    first = api.timeline_hashtag("fake", limit=40)
    return sum(1 for _ in api.pagination_iterator(first))


def median(fn: Callable[[str], int], base: str, rounds: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(rounds):
        started = time.perf_counter()
        count = fn(base)
        times.append(time.perf_counter() - started)
    return statistics.median(times), count


def main() -> None:
    rows: list[tuple[str, float, int]] = []
    with run_fake_server(COUNT) as server:
        for name, fn, rounds in [
            ("bare httpx + orjson (floor)", bare, 5),
            ("tootkit.Client", tootkit_sync, 5),
            ("tootkit.AsyncClient", tootkit_async, 5),
            ("Mastodon.py pagination_iterator", mastodon_py, 1),
        ]:
            try:
                seconds, count = median(fn, server.base_url, rounds)
            except ImportError:
                print(f"({name}: not installed)")
                continue
            rows.append((name, seconds, count))
    floor = rows[0][1]
    print(
        f"walk of a {COUNT:,}-status hashtag timeline on loopback; Python {sys.version.split()[0]}"
    )
    print(f"{'client':34} {'seconds':>8} {'statuses':>9} {'x floor':>8}")
    for name, seconds, count in rows:
        print(f"{name:34} {seconds:8.2f} {count:9,} {seconds / floor:8.2f}")


if __name__ == "__main__":
    main()
