"""Following hashtags live into an archive, against fake servers on loopback.

Three fakes: one streams over WebSocket only, one over Server-Sent Events only,
one has no streaming API (it is polled). Statuses are posted while ``follow``
runs, the streams are dropped once and more are posted while they are down.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.mockserver import FakeServer, run_fake_server
from tootkit._core.retry import RetryPolicy
from tootkit.store import Archive, FollowResult, HarvestSpec, follow

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

QUICK = RetryPolicy(backoff_base=0.05, backoff_max=0.2)
"""Reconnects within a fraction of a second, as the tests wait for them."""

KINDS = {"websocket": 0, "sse": 10_000, "none": 20_000}
"""Each fake's transport and the index of its first status: no two share a status."""


@pytest.fixture
def fakes() -> Iterator[dict[str, FakeServer]]:
    """Three fakes of five statuses each under #fake, by how they stream."""
    with (
        run_fake_server(5, stream_transport="websocket", first="0") as ws,
        run_fake_server(5, stream_transport="sse", first="10000") as sse,
        run_fake_server(5, stream_transport="none", first="20000") as poll,
    ):
        yield {"websocket": ws, "sse": sse, "none": poll}


def expected_uris(fakes: dict[str, FakeServer], posted: dict[str, int]) -> set[str]:
    """The uri of every status each fake holds: its five, and what was posted to it."""
    uris = set()
    for kind, server in fakes.items():
        first = KINDS[kind]
        for index in range(first, first + 5 + posted.get(kind, 0)):
            uris.add(server.timeline.status_uri(index))
    return uris


def stored(db: Path) -> tuple[list[str], list[tuple[str, str]]]:
    with contextlib.closing(sqlite3.connect(db)) as con:
        uris = [row[0] for row in con.execute("SELECT uri FROM statuses")]
        sightings = list(con.execute("SELECT uri, instance FROM sightings"))
    return uris, sightings


def post(server: FakeServer, count: int) -> None:
    for number in range(count):
        server.http.post("/api/v1/statuses", data={"status": f"live {number} #fake"})


class Watch:
    """Progress of a follow, and an event set once each instance has stored as many as wanted."""

    def __init__(self) -> None:
        self.results: dict[str, FollowResult] = {}
        self.want: dict[str, int] = {}
        self.reached = asyncio.Event()

    def __call__(self, result: FollowResult) -> None:
        self.results[result.instance] = result
        self.check()

    def check(self) -> None:
        have = {i: r.statuses for i, r in self.results.items()}
        if all(have.get(i, 0) >= n for i, n in self.want.items()):
            self.reached.set()

    async def until(self, **want: int) -> None:
        self.want = want
        self.reached.clear()
        self.check()
        await asyncio.wait_for(self.reached.wait(), 60)


def key(server: FakeServer) -> str:
    return server.base_url.removeprefix("http://")


async def test_follow_stores_every_status_once_across_transports_and_a_drop(
    tmp_path: Path, fakes: dict[str, FakeServer]
) -> None:
    ws, sse, poll = fakes["websocket"], fakes["sse"], fakes["none"]
    spec = HarvestSpec(
        tags=["fake"], instances=[s.base_url for s in fakes.values()], options={"retry": QUICK}
    )
    db = tmp_path / "live.sqlite"
    watch = Watch()
    with Archive(db, create=True) as archive:
        task = asyncio.create_task(follow(archive, spec, poll_every=0.2, on_progress=watch))
        listening = ("hashtag", "fake")
        await asyncio.to_thread(ws.wait_listening, listening)
        await asyncio.to_thread(sse.wait_listening, listening)
        for server in fakes.values():
            await asyncio.to_thread(post, server, 10)
        await watch.until(**{key(s): 10 for s in fakes.values()})
        # Both streams cut; ten more posted while they are down, then they come back.
        for server in (ws, sse):
            await asyncio.to_thread(server.http.post, "/_fake/drop")
        await asyncio.to_thread(post, ws, 5)
        await asyncio.to_thread(post, sse, 5)
        for server in (ws, sse):
            await asyncio.to_thread(server.http.post, "/_fake/up")
        await watch.until(**{key(ws): 15, key(sse): 15})
        for server in (ws, sse):  # each stream comes back
            await asyncio.to_thread(server.wait_listening, listening)
        task.cancel()
        results = await task
    assert not Path(f"{db}-wal").exists()  # closed: one file
    for server in (ws, sse):  # each stream was cut once and opened again
        assert server.http.get("/_fake/stats").json()["stream_connections"] >= 2
    uris, sightings = stored(db)
    posted = {"websocket": 15, "sse": 15, "none": 10}
    assert len(uris) == len(set(uris)) == 15 + 40
    assert set(uris) == expected_uris(fakes, posted)
    assert len(sightings) == len(set(sightings)) == 55
    summary = {r.instance: (r.transport, r.statuses) for r in results}
    assert summary == {key(ws): ("websocket", 15), key(sse): ("sse", 15), key(poll): ("poll", 10)}


@pytest.mark.parametrize("transport", ["websocket", "sse"])
async def test_a_reconnect_backfills_from_the_newest_status_stored(
    tmp_path: Path, transport: str
) -> None:
    # No poll in the test's time: what was posted while the stream was down comes
    # from the backfill of the reconnect, which starts at the newest id stored.
    with run_fake_server(5, stream_transport=transport) as server:
        spec = HarvestSpec(tags=["fake"], instances=[server.base_url], options={"retry": QUICK})
        watch = Watch()
        with Archive(tmp_path / "live.sqlite", create=True) as archive:
            task = asyncio.create_task(follow(archive, spec, poll_every=600, on_progress=watch))
            await asyncio.to_thread(server.wait_listening, ("hashtag", "fake"))
            await asyncio.to_thread(post, server, 3)
            await watch.until(**{key(server): 3})
            newest = server.timeline.id_of(7)
            server.reset()
            await asyncio.to_thread(server.http.post, "/_fake/drop")
            await asyncio.to_thread(post, server, 4)
            await asyncio.to_thread(server.http.post, "/_fake/up")
            await watch.until(**{key(server): 7})
            task.cancel()
            results = await task
            assert archive.count() == 12
        timelines = [r for r in server.requests() if r.startswith("/api/v1/timelines/")]
        # One page from the newest id stored, and the empty page above it that ends the walk.
        assert timelines[0] == f"/api/v1/timelines/tag/fake?min_id={newest}&limit=40"
        assert len(timelines) == 2
        assert results[0].transport == transport
