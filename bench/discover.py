#!/usr/bin/env python3
"""Discover a hashtag across a 500-instance loopback fediverse (200 holders), two ways.

    python bench/discover.py [--rounds N] [--instances N] [--holders N] [--seed N]

- the floor: a bare asyncio crawl with one httpx.AsyncClient and orjson, doing
  what discovery does and no more: the same level-by-level snowball from the
  seed (the host of each status's ``uri``, and each holder's peers), robots.txt
  first on every host (urllib.robotparser), up to two pages of 40 of the
  hashtag's timeline (one status where only a peers list named the host),
  NodeInfo for the holders and to explain a failure, the peers of each holder,
  at most 32 hosts at once (an asyncio.Semaphore), no retry;
- ``tootkit.discovery.discover_async`` with ``peers=True``, its defaults
  otherwise (``DISCOVERY_RETRY``: a 429 waited out, a 5xx tried again, a
  refused connection not), a client per instance, depth and max_instances
  large enough to reach the whole graph.

The fediverse is tests/support/fediverse_graphs.py's ``bench_graph``: every
instance can be reached from ``i000`` through peers lists; of the 300 without
the hashtag, most are Mastodon without it and the rest are dead, want a token,
refuse, disallow the API in robots.txt or are not Mastodon. It is served by one
process (tests/support/fediverse.py), whose request log gives the requests per
instance. Each contender runs in a fresh Python process, so that its peak RSS
(``ru_maxrss``) is its own; rounds alternate the order.

Measured on the 2-core development machine (Python 3.11.7, median of 3 rounds):

    crawler                                  seconds  x floor  req/holder  req/other  peak RSS
    bare asyncio + httpx + orjson (floor)       1.83     1.00        6.28       2.24     58 MB
    tootkit.discovery.discover_async            1.96     1.07        6.28       2.24     58 MB
    the same, retry=False (as the floor)        2.05     1.12        6.28       2.24     58 MB

Both crawls make the same requests and reach the same verdicts (200 holds,
190 no-tag, 28 dead, 28 needs-token, 24 refused, 15 robots, 15 not-mastodon).
An earlier default retried a refused connection once, and each level of the
snowball waited for the backoff of its dead hosts: 2.96 s, 1.46x.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import urllib.robotparser
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._measure import alternating, child_json, peak_rss_mb  # noqa: E402
from tests.support.fediverse import run_fake_fediverse  # noqa: E402
from tests.support.fediverse_graphs import TAG, bench_graph  # noqa: E402
from tootkit.discovery import DEFAULT_CONCURRENCY, discover_async  # noqa: E402

PAGES = 2
PAGE_SIZE = 40
AGENT = "tootkit"
USER_AGENT = "tootkit-bench-floor/1 (+https://pypi.org/p/tootkit)"
TIMELINE = f"/api/v1/timelines/tag/{TAG}"
NO_MASTODON_API = {"lemmy", "misskey", "peertube"}


class Floor:
    """The bare crawl's state: one client, one cap, and what each host turned out to be."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.slots = asyncio.Semaphore(DEFAULT_CONCURRENCY)
        self.verdicts: dict[str, str] = {}

    async def get(self, url: str) -> httpx.Response:
        return await self.http.get(url)

    async def nodeinfo(self, base: str) -> str | None:
        try:
            links = orjson.loads((await self.get(f"{base}/.well-known/nodeinfo")).content)
            href = links["links"][0]["href"]
            if urlsplit(href).netloc != urlsplit(base).netloc:
                return None
            info = orjson.loads((await self.get(href)).content)
            return str(info["software"]["name"])
        except (httpx.HTTPError, orjson.JSONDecodeError, KeyError, IndexError, TypeError):
            return None

    async def timeline(self, base: str, limit: int, pages: int) -> list[Any] | str:
        """The statuses of up to ``pages`` pages, or the verdict a failure gives."""
        url: str | None = f"{base}{TIMELINE}?limit={limit}"
        seen: list[Any] = []
        for _ in range(pages):
            if url is None:
                break
            response = await self.get(url)
            if response.status_code in (401, 422):
                return "needs-token"
            if response.status_code in (403, 410):
                return "refused"
            try:
                items = orjson.loads(response.content)
            except orjson.JSONDecodeError:
                items = None
            if response.status_code != 200 or not isinstance(items, list):
                return "not-mastodon"
            seen += items
            url = response.links.get("next", {}).get("url") if items else None
        return seen

    async def probe(self, base: str, cheap: bool) -> tuple[list[str], list[str]]:
        """Probe one host; return the origins its statuses name and its peers."""
        async with self.slots:
            try:
                return await self._probe(base, cheap)
            except httpx.HTTPError:
                self.verdicts[base] = "dead"
                return [], []

    async def _probe(self, base: str, cheap: bool) -> tuple[list[str], list[str]]:
        robots = await self.get(f"{base}/robots.txt")
        if robots.status_code == 410:
            self.verdicts[base] = "refused"
            return [], []
        if robots.status_code == 200:
            parser = urllib.robotparser.RobotFileParser()
            parser.parse(robots.text.splitlines())
            if not parser.can_fetch(AGENT, TIMELINE):
                self.verdicts[base] = "robots"
                return [], []
        found = await self.timeline(base, 1 if cheap else PAGE_SIZE, 1 if cheap else PAGES)
        if cheap and found and not isinstance(found, str):
            found = await self.timeline(base, PAGE_SIZE, PAGES)
        if isinstance(found, str):
            verdict = found
            # NodeInfo tells a server without the API from one that wants a token.
            if found != "refused" and await self.nodeinfo(base) in NO_MASTODON_API:
                verdict = "not-mastodon"
            self.verdicts[base] = verdict
            return [], []
        if not found:
            self.verdicts[base] = "no-tag"
            return [], []
        self.verdicts[base] = "holds"
        await self.nodeinfo(base)
        peers = orjson.loads((await self.get(f"{base}/api/v1/instance/peers")).content)
        origins = []
        for status in found:
            if "@" in status["account"]["acct"]:
                parts = urlsplit(status["uri"])
                origins.append(f"{parts.scheme}://{parts.netloc}")
        return origins, [f"http://{name}" for name in peers]


async def floor_crawl(seed: str) -> dict[str, str]:
    """Level by level from ``seed``: each level's hosts probed at once, in host order."""
    limits = httpx.Limits(max_connections=DEFAULT_CONCURRENCY)
    headers = {"User-Agent": USER_AGENT}
    async with httpx.AsyncClient(limits=limits, headers=headers, timeout=10) as http:
        floor = Floor(http)
        level, known = {seed: False}, {seed}
        while level:
            hosts = sorted(level)
            results = await asyncio.gather(*(floor.probe(h, level[h]) for h in hosts))
            level = {}
            for origins, peers in results:
                for url in origins:
                    if url not in known:
                        level[url] = False
                for url in peers:
                    if url not in known and url not in level:
                        level[url] = True
            known.update(level)
        return floor.verdicts


async def tootkit_crawl(seed: str, instances: int, **options: Any) -> dict[str, str]:
    found = await discover_async(
        TAG, [seed], peers=True, depth=instances, max_instances=2 * instances, **options
    )
    return {report.instance: report.verdict for report in found.reports}


CONTENDERS = {
    "floor": "bare asyncio + httpx + orjson (floor)",
    "tootkit": "tootkit.discovery.discover_async",
    "no-retry": "the same, retry=False (as the floor)",
}


def one(name: str, seed: str, instances: int) -> None:
    """Run one contender in this process; print its time, verdicts and peak RSS as JSON."""
    started = time.perf_counter()
    if name == "floor":
        verdicts = asyncio.run(floor_crawl(seed))
    elif name == "tootkit":
        verdicts = asyncio.run(tootkit_crawl(seed, instances))
    else:
        verdicts = asyncio.run(tootkit_crawl(seed, instances, retry=False))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "verdicts": verdicts, "rss_mb": peak_rss_mb()}))


def _costs(log: dict[str, list[Any]], holders: set[str]) -> tuple[float, float]:
    """Average requests per holder, and per instance without the hashtag that answered."""
    held = [len(entries) for name, entries in log.items() if name in holders]
    others = [len(entries) for name, entries in log.items() if name not in holders]
    return statistics.mean(held), statistics.mean(others)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--instances", type=int, default=500)
    parser.add_argument("--holders", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20, help="the random graph's seed")
    parser.add_argument("--one", choices=sorted(CONTENDERS), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        one(options.one, options.url, options.instances)
        return
    graph = bench_graph(options.instances, options.holders, options.seed)
    holders = {spec["name"] for spec in graph["instances"][: options.holders]}
    names = list(CONTENDERS)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    with run_fake_fediverse(graph) as fediverse:
        seed = fediverse.url("i000")
        for name in alternating(names, options.rounds):
            fediverse.reset()
            command = [sys.executable, __file__, "--one", name, "--url", seed]
            result = child_json([*command, "--instances", str(options.instances)])
            result["costs"] = _costs(fediverse.log(), holders)
            runs[name].append(result)
    floor = statistics.median(r["seconds"] for r in runs["floor"])
    print(
        f"{options.instances} loopback instances, {options.holders} holding #{TAG}, "
        f"concurrency {DEFAULT_CONCURRENCY}, median of {options.rounds} rounds; "
        f"Python {sys.version.split()[0]}"
    )
    print(
        f"{'crawler':44} {'seconds':>8} {'x floor':>8} {'req/holder':>11} "
        f"{'req/other':>10} {'peak RSS':>9}"
    )
    for name, label in CONTENDERS.items():
        seconds = statistics.median(r["seconds"] for r in runs[name])
        held, others = runs[name][-1]["costs"]
        rss = max(r["rss_mb"] for r in runs[name])
        print(
            f"{label:44} {seconds:8.2f} {seconds / floor:8.2f} {held:11.2f} {others:10.2f} "
            f"{rss:7.0f} MB"
        )
    for name in names:
        print(f"{name:>8}: {dict(sorted(Counter(runs[name][-1]['verdicts'].values()).items()))}")
    print("req/other: the instances without the hashtag that answered (a dead one logs nothing)")


if __name__ == "__main__":
    main()
