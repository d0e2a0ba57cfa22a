#!/usr/bin/env python3
"""Walk a 4,000-status hashtag timeline from a loopback server, four ways, in one run.

    python bench/walk.py

tootkit sync and async, Mastodon.py's pagination_iterator, and the floor:
bare httpx plus orjson following the Link header, with httpx.Client and
with httpx.AsyncClient. Each tootkit client is also compared with the floor
of its own I/O model, since httpx's async stack costs more per request than
its sync one. The server is tests/support/fakeserver.py in its own process.
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
ROUNDS = 7


def bare(base: str, transport: httpx.BaseTransport | None = None) -> int:
    """The floor: bare httpx and orjson, following the ``Link`` header (through ``transport``)."""
    count = 0
    url: str | None = f"{base}/api/v1/timelines/tag/fake?limit=40"
    with httpx.Client(transport=transport) as http:
        while url:
            response = http.get(url)
            items = orjson.loads(response.content)
            if not items:
                break
            count += len(items)
            url = response.links.get("next", {}).get("url")
    return count


def bare_async(base: str) -> int:
    async def walk() -> int:
        count = 0
        url: str | None = f"{base}/api/v1/timelines/tag/fake?limit=40"
        async with httpx.AsyncClient() as http:
            while url:
                response = await http.get(url)
                items = orjson.loads(response.content)
                if not items:
                    break
                count += len(items)
                url = response.links.get("next", {}).get("url")
        return count

    return asyncio.run(walk())


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


def main() -> None:
    # name, function, the floor it is measured against
    walks: list[tuple[str, Callable[[str], int], str]] = [
        ("bare httpx + orjson (floor)", bare, ""),
        ("bare httpx.AsyncClient + orjson", bare_async, ""),
        ("tootkit.Client", tootkit_sync, "bare httpx + orjson (floor)"),
        ("tootkit.AsyncClient", tootkit_async, "bare httpx.AsyncClient + orjson"),
    ]
    times: dict[str, list[float]] = {name: [] for name, _, _ in walks}
    counts: dict[str, int] = {}
    with run_fake_server(COUNT) as server:
        for fn in (bare, bare_async, tootkit_sync, tootkit_async):
            fn(server.base_url)  # warm up: connections, imports, generated code
        for _ in range(ROUNDS):  # interleaved, so that a slow moment hits all alike
            for name, fn, _ in walks:
                started = time.perf_counter()
                counts[name] = fn(server.base_url)
                times[name].append(time.perf_counter() - started)
        try:
            started = time.perf_counter()
            counts["Mastodon.py pagination_iterator"] = mastodon_py(server.base_url)
            times["Mastodon.py pagination_iterator"] = [time.perf_counter() - started]
        except ImportError:
            print("(Mastodon.py is not installed: pip install mastodon.py)")
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians["bare httpx + orjson (floor)"]
    ours = medians["tootkit.Client"]
    print(
        f"walk of a {COUNT:,}-status hashtag timeline on loopback, median of {ROUNDS} rounds; "
        f"Python {sys.version.split()[0]}"
    )
    print(
        f"{'client':34} {'seconds':>8} {'statuses':>9} {'x floor':>8} {'x same-I/O floor':>17} {'x tootkit':>10}"
    )
    same = {name: floor_name for name, _, floor_name in walks}
    for name, seconds in medians.items():
        own = same.get(name) or ""
        own_ratio = f"{seconds / medians[own]:17.2f}" if own else f"{'':17}"
        print(
            f"{name:34} {seconds:8.2f} {counts[name]:9,} {seconds / floor:8.2f} "
            f"{own_ratio} {seconds / ours:10.2f}"
        )


if __name__ == "__main__":
    main()
