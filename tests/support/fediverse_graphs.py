"""Graphs for the fake fediverse: the one the discovery tests read, and the benchmark's.

:func:`standard_graph` is 53 instances built so that each rule of discovery
shows: a chain of holders found only through one another's timelines, a
cycle, holders found only through peers lists, one of each failure, a
split-domain account, a holder beyond the depth and one beyond the pages.
:data:`VERDICTS` and :data:`VERDICTS_WITH_PEERS` say what discovery from
``seed`` (``depth=3``, ``pages=2``, no token) must conclude of each
instance it probes; the instances absent from them must not be probed
(``a4``, ``a5``, ``far1``, ``far2``, ``notag9`` and ``notag10`` are past
the depth, ``hidden`` is shown only past the two pages ``big`` shows,
``p7`` is shown only by a holder at depth 3).

    seed ─tl─> a1 ─tl─> a2 ─tl─> a3 ─tl─> a4 ─tl─> a5      (a4 is depth 4: unprobed)
    seed ─tl─> c1 ─tl─> c2 ─tl─> c1                          (a cycle)
    seed ─peers─> p1 ─tl─> p6;  a1 ─peers─> p4;  a2 ─peers─> p5 ─tl─> p7

:func:`bench_graph` draws a larger fediverse from a seed, every instance of
which can be reached from ``i000`` with peers.

Examples:
    >>> graph = standard_graph()
    >>> len(graph["instances"]), sorted(EXPECTED_HOLDS)[:3]
    (53, ['a1', 'a2', 'a3'])
"""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta
from typing import Any

TAG = "climate"
"""The hashtag the holders hold."""

OTHER_TAG = "weather"
"""What the instances without the hashtag post about."""

BASE_TIME = datetime(2025, 3, 1, tzinfo=UTC)

GTS_TOKEN = "gts1-secret"
"""The token of ``gts1`` (GoToSocial, holds the hashtag): with it, ``gts1`` holds."""

SPLIT_DOMAIN = "example.org"
"""The account domain of the split-domain status (its server is ``split``)."""


class _Builder:
    """Instances and statuses, each status numbered and timed in the order it is made."""

    def __init__(self) -> None:
        self.instances: dict[str, dict[str, Any]] = {}
        self.serial = itertools.count(1)

    def add(self, name: str, kind: str = "mastodon", **fields: Any) -> dict[str, Any]:
        spec = {"name": name, "kind": kind, "statuses": [], "peers": [], **fields}
        self.instances[name] = spec
        return spec

    def post(self, origin: str, tags: tuple[str, ...] = (TAG,), **fields: Any) -> dict[str, Any]:
        n = next(self.serial)
        when = BASE_TIME + timedelta(minutes=n)
        status = {"origin": origin, "tags": list(tags), "n": n, "user": f"user{n % 5}"}
        return {**status, "created_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"), **fields}

    def own(self, name: str, count: int, tags: tuple[str, ...] = (TAG,)) -> list[dict[str, Any]]:
        """``count`` new statuses of ``name``, on its own timeline."""
        posts = [self.post(name, tags) for _ in range(count)]
        self.instances[name]["statuses"] += posts
        return posts

    def show(self, on: str, *origins: str, **fields: Any) -> None:
        """Put on ``on``'s timeline one status from each of ``origins``."""
        for origin in origins:
            known = [
                s
                for s in self.instances[origin]["statuses"]
                if TAG in s["tags"] and s["origin"] == origin
            ]
            # The origin's own status when it has one (the same uri on both), else a new one.
            status = known[0] if known and not fields else self.post(origin, **fields)
            self.instances[on]["statuses"].append(status)

    def peers(self, name: str, *others: str) -> None:
        self.instances[name]["peers"] += list(others)

    def graph(self) -> dict[str, Any]:
        return {"instances": list(self.instances.values())}


def standard_graph() -> dict[str, Any]:
    """The discovery tests' fediverse (see the module's docstring for its shape)."""
    g = _Builder()
    for name in ("seed", "a1", "a2", "a3", "a4", "a5", "b2", "b3", "c1", "c2", "split"):
        g.add(name)
        g.own(name, 2)
    for name in ("far1", "far2", "p1", "p2", "p3", "p4", "p5", "p6", "p7"):
        g.add(name)
        g.own(name, 2)
    g.add("b1")
    g.own("b1", 50)  # two pages of 40
    g.add(
        "robots_other",
        robots="User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nDisallow: /admin/\n",
    )
    g.own("robots_other", 2)
    g.add("hidden")
    g.own("hidden", 3)
    g.add("big")
    g.show("big", "hidden")  # the oldest of 120: past the two pages read
    g.own("big", 119)
    g.add("gts1", "token", token=GTS_TOKEN, version="0.17.3")
    g.own("gts1", 4)
    g.add("gts2", "token", token="gts2-secret", auth_error=422, software="mastodon")
    g.own("gts2", 2)
    for k in range(1, 11):
        g.add(f"notag{k}")
        g.own(f"notag{k}", 3, (OTHER_TAG,))
    for k in range(1, 5):
        g.add(f"empty{k}", "empty")
    for k in range(1, 6):
        g.add(f"dead{k}", "dead")
    g.add("robots1", "robots")
    g.add("robots2", robots="User-agent: tootkit\nDisallow: /api/\n\nUser-agent: *\nDisallow:\n")
    g.own("robots2", 2)  # it holds, but tells tootkit to stay out
    g.add("gone1", "gone")
    g.add("gone2", "gone", robots_status=404)  # robots.txt missing, the API gone
    g.add("refused1", "refused")
    g.add("lemmy1", "not-mastodon")
    g.add("plain1", "not-mastodon", software=None)
    g.add("misskey1", "not-mastodon", software="misskey", version="2024.11.0")

    g.show("seed", "a1", "b1", "b2", "b3", "c1", "robots_other", "big")
    g.show("seed", "split", split=SPLIT_DOMAIN)
    g.show("seed", "notag1", "notag2", "empty1", "gts1", "gts2", "dead1", "robots1", "robots2")
    g.show("seed", "gone1", "gone2", "refused1", "lemmy1", "plain1")
    g.peers("seed", "p1", "p2", "p3", "notag5", "dead3", "empty3")
    g.show("a1", "a2", "dead2", "notag3", "seed")
    g.peers("a1", "p4", "notag6", "seed")
    g.show("a2", "a3", "notag4")
    g.peers("a2", "p5", "empty4")
    g.show("a3", "a4", "far1", "far2", "notag9")
    g.peers("a3", "dead5", "a1")
    g.show("a4", "a5", "notag10")
    g.show("b2", "b3", "empty2", "misskey1", "seed")
    g.peers("b3", "b1", "seed")
    g.show("c1", "c2")
    g.show("c2", "c1")
    g.show("p1", "p6", "notag7")
    g.peers("p2", "notag8", "dead4")
    g.show("p5", "p7")
    return g.graph()


VERDICTS: dict[str, str] = {
    **dict.fromkeys(
        ["seed", "a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "split", "robots_other", "big"],
        "holds",
    ),
    **dict.fromkeys(["notag1", "notag2", "notag3", "notag4", "empty1", "empty2"], "no-tag"),
    **dict.fromkeys(["gts1", "gts2"], "needs-token"),
    **dict.fromkeys(["gone1", "gone2", "refused1"], "refused"),
    **dict.fromkeys(["robots1", "robots2"], "robots"),
    **dict.fromkeys(["dead1", "dead2"], "dead"),
    **dict.fromkeys(["lemmy1", "plain1", "misskey1"], "not-mastodon"),
}
"""The verdict on every instance discovery probes from ``seed`` without peers."""

VERDICTS_WITH_PEERS: dict[str, str] = {
    **VERDICTS,
    **dict.fromkeys(["p1", "p2", "p3", "p4", "p5", "p6"], "holds"),
    **dict.fromkeys(["notag5", "notag6", "notag7", "notag8", "empty3", "empty4"], "no-tag"),
    **dict.fromkeys(["dead3", "dead4", "dead5"], "dead"),
}
"""The same with ``peers=True``: ``dead5``, named only by the peers of ``a3`` (depth 3),
is probed, for peers are bounded by ``max_instances`` alone; ``p7``, shown only
by ``p5`` (depth 3), is past the depth."""

EXPECTED_HOLDS = {name for name, verdict in VERDICTS.items() if verdict == "holds"}
EXPECTED_HOLDS_WITH_PEERS = {n for n, v in VERDICTS_WITH_PEERS.items() if v == "holds"}

FOUND_VIA: dict[str, str] = {
    "a1": "seed",
    "a2": "a1",
    "a3": "a2",
    "c2": "c1",
    "split": "seed",
    "notag3": "a1",
    "misskey1": "b2",
}
"""The instance whose timeline led discovery to some others (``peers``: a peers list)."""

FOUND_VIA_WITH_PEERS: dict[str, str] = {
    **FOUND_VIA,
    "p1": "peers",
    "p4": "peers",
    "p5": "peers",
    "p6": "p1",
    "notag8": "peers",
}


def bench_graph(instances: int = 500, holders: int = 200, seed: int = 20) -> dict[str, Any]:
    """A fediverse of ``instances``, ``holders`` of which hold :data:`TAG`; the same for a seed.

    ``i000`` is the seed and holds. Each holder shows its own statuses (1 to
    60) and a few federated from other instances; every holder is in the
    peers list of an earlier one and every other instance in some holder's,
    so that discovery with peers reaches the whole graph. Of the instances
    without the hashtag, most are Mastodon without it; the rest are dead,
    need a token, refuse, disallow the API in robots.txt or are not Mastodon.
    """
    rng = random.Random(seed)
    g = _Builder()
    names = [f"i{k:03d}" for k in range(instances)]
    holding, others = names[:holders], names[holders:]
    for name in holding:
        g.add(name)
        g.own(name, rng.randint(1, 60))
    kinds = ["mastodon", "empty", "dead", "token", "refused", "robots", "not-mastodon", "gone"]
    for name in others:
        kind = rng.choices(kinds, weights=[45, 20, 10, 8, 5, 5, 5, 2])[0]
        g.add(name, kind, **({"token": f"{name}-token"} if kind == "token" else {}))
        if kind == "mastodon":
            g.own(name, rng.randint(1, 5), (OTHER_TAG,))
    for position, name in enumerate(holding):
        g.show(name, *rng.sample([h for h in holding if h != name], min(5, holders - 1)))
        g.show(name, *rng.sample(others, min(2, len(others))))
        if position:
            g.peers(rng.choice(holding[:position]), name)  # reachable from the seed
        g.peers(name, *rng.sample(names, min(8, instances)))
    for name in others:
        g.peers(rng.choice(holding), name)
    for spec in g.instances.values():
        spec["peers"] = list(dict.fromkeys(p for p in spec["peers"] if p != spec["name"]))
    return g.graph()
