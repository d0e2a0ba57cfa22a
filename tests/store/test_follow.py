"""Following hashtags live into an archive, against fake servers on loopback.

Three fakes: one streams over WebSocket only, one over Server-Sent Events only,
one has no streaming API (it is polled). Statuses are posted while ``follow``
runs, the streams are dropped once and more are posted while they are down.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.support.follows import KINDS, post, three_fakes
from tests.support.mockserver import FakeServer, MockServer, Snac2, free_port, run_fake_server
from tootkit._convert import converter
from tootkit._core.retry import RetryPolicy
from tootkit.errors import ArchiveError
from tootkit.events import Delete, StatusUpdate, StreamEvent, StreamName, UnknownEvent, Update
from tootkit.models import Status
from tootkit.store import Archive, FollowResult, HarvestSpec, Page, Span, follow
from tootkit.store._follow import _Follower

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

QUICK = RetryPolicy(backoff_base=0.05, backoff_max=0.2)
"""Reconnects within a fraction of a second, as the tests wait for them."""

EPOCH_2025 = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture
def fakes() -> Iterator[dict[str, FakeServer]]:
    """Three fakes of five statuses each under #fake, by how they stream."""
    with three_fakes() as servers:
        yield servers


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
        if all(i in have and have[i] >= n for i, n in self.want.items()):
            self.reached.set()

    async def until(self, **want: int) -> None:
        self.want = want
        self.reached.clear()
        self.check()
        try:
            await asyncio.wait_for(self.reached.wait(), 60)
        except TimeoutError:
            raise AssertionError(f"wanted {want}, have {self.results}") from None


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


class Pages:
    """A stand-in for the writer: keeps the pages it is given."""

    def __init__(self) -> None:
        self.pages: list[Page] = []

    async def put(self, page: Page, stored: object = None) -> None:
        self.pages.append(page)


class Events:
    """A stand-in for a stream: the given events, over a transport."""

    transport = "websocket"

    def __init__(self, *events: StreamEvent) -> None:
        self._events = events

    async def __aiter__(self) -> AsyncIterator[StreamEvent]:
        for event in self._events:
            yield event


def status(id_: str, text: str, edited: str | None = None) -> Status:
    data = {
        "id": id_,
        "uri": f"https://m.example/s/{id_}",
        "created_at": "2025-01-01T00:00:00Z",
        "edited_at": edited,
        "content": f"<p>{text} #fake</p>",
        "account": {"id": "1", "acct": "a"},
    }
    return converter.loads(json.dumps(data), Status)


async def test_edits_are_new_versions_and_deletions_are_marked() -> None:
    tag = StreamName("hashtag", tag="fake")
    first, edited = status("9", "first"), status("9", "edited", "2025-01-01T00:05:00Z")
    events = Events(
        Update(status=first, stream=tag, raw=b'{"id":"9"}'),
        StatusUpdate(status=edited, stream=tag, raw=b'{"id":"9","edited":1}'),
        # mastodon-mock's name for an edit; Mastodon says status.update: not an edit here.
        UnknownEvent(event="status_update", payload={"id": "9"}, stream=tag),
        Delete(id="9", stream=tag),
    )
    spec = HarvestSpec(tags=["fake"], instances=["m.example"])
    writer = Pages()
    result = FollowResult(instance="m.example", tag="fake")
    with Archive(":memory:") as archive:
        archive.store_page("m.example", "fake", [], [], coverage=[Span(lo=None, hi=EPOCH_2025)])
        follower = _Follower(None, writer, archive, spec, result, 60)  # type: ignore[arg-type]
        await follower._read(events)  # type: ignore[arg-type]
    new, version, deletion = writer.pages
    assert (new.statuses, new.raws) == ([first], [b'{"id":"9"}'])
    assert new.coverage is not None
    assert new.coverage[0].hi_id == "9"
    assert (version.statuses, version.raws, version.coverage) == (
        [edited],
        [b'{"id":"9","edited":1}'],
        None,
    )
    assert (deletion.statuses, [id_ for id_, _ in deletion.deleted]) == ([], ["9"])
    assert (result.edits, result.deletions, result.transport) == (1, 1, "websocket")


async def test_snac2_has_no_stream_and_is_polled(tmp_path: Path, snac2: Snac2) -> None:
    spec = HarvestSpec(tags=["snactest"], instances=[snac2.base_url])
    watch = Watch()
    with Archive(tmp_path / "snac.sqlite", create=True) as archive:
        task = asyncio.create_task(follow(archive, spec, poll_every=0.2, on_progress=watch))
        snac = snac2.base_url.removeprefix("http://")
        await watch.until(**{snac: 0})  # caught up: following from now on
        auth = {"Authorization": f"Bearer {snac2.tokens['alice']}"}
        async with httpx.AsyncClient(base_url=snac2.base_url, headers=auth) as http:
            answer = await http.post("/api/v1/statuses", data={"status": "live #snactest"})
            answer.raise_for_status()
        await watch.until(**{snac: 1})
        task.cancel()
        (result,) = await task
        assert archive.count() == 6  # the fixture's five, and the live one
    assert (result.transport, result.statuses) == ("poll", 1)
    assert result.note.startswith("polled: ")


class FullArchive(Archive):
    """An archive whose disk fills up once the follow is live."""

    full = False

    def store_pages(self, pages: Sequence[Page]) -> list[int]:
        if self.full:
            raise ArchiveError(f"{self.path}: the disk is full")
        return super().store_pages(pages)


async def test_an_archive_that_fills_up_stops_the_follow_with_its_error(tmp_path: Path) -> None:
    with run_fake_server(5, stream_transport="sse") as server:
        spec = HarvestSpec(tags=["fake"], instances=[server.base_url], options={"retry": QUICK})
        with FullArchive(tmp_path / "full.sqlite", create=True) as archive:
            task = asyncio.create_task(follow(archive, spec, poll_every=600))
            await asyncio.to_thread(server.wait_listening, ("hashtag", "fake"))
            archive.full = True
            await asyncio.to_thread(post, server, 1)
            with pytest.raises(ArchiveError, match="the disk is full"):
                await asyncio.wait_for(task, 30)
            assert archive.count() == 5  # what was stored before stays


async def test_an_edit_and_a_delete_while_following_reach_the_archive_and_the_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both versions are kept; then the deletion wins: no text, and left out of the export."""
    from tests.support.cli import run

    tag = StreamName("hashtag", tag="fake")
    first, edited = status("9", "first"), status("9", "edited", "2025-01-01T00:05:00Z")
    other = status("10", "another")
    spec = HarvestSpec(tags=["fake"], instances=["m.example"])
    writer = Pages()
    result = FollowResult(instance="m.example", tag="fake")
    db = tmp_path / "live.sqlite"
    with Archive(db, create=True) as archive:
        follower = _Follower(None, writer, archive, spec, result, 60)  # type: ignore[arg-type]
        raw = [converter.unstructure(s) for s in (first, edited, other)]
        await follower._read(  # type: ignore[arg-type]
            Events(
                Update(status=first, stream=tag, raw=json.dumps(raw[0]).encode()),
                Update(status=other, stream=tag, raw=json.dumps(raw[2]).encode()),
                StatusUpdate(status=edited, stream=tag, raw=json.dumps(raw[1]).encode()),
            )
        )
        archive.store_pages(writer.pages)
        texts = [text for _, text, _ in archive.versions(first.uri or "")]
        assert texts == ["first #fake", "edited #fake"]
        writer.pages.clear()
        await follower._read(Events(Delete(id="9", stream=tag)))  # type: ignore[arg-type]
        archive.store_pages(writer.pages)
        assert archive.deleted_at(first.uri or "") is not None
        assert archive.versions(first.uri or "") == []
    out = tmp_path / "out.jsonl"
    assert run("export", str(db), "--format", "jsonl", "-o", str(out)) == 0
    exported = [json.loads(line)["uri"] for line in out.read_text().splitlines()]
    assert exported == [other.uri]
    assert "1 deleted status" in capsys.readouterr().err


async def test_mastodon_mock_is_followed_over_its_stream(
    tmp_path: Path, mock_server: MockServer
) -> None:
    tag = f"live{uuid.uuid4().hex[:8]}"
    await asyncio.to_thread(mock_server.post_status, f"before #{tag}")
    spec = HarvestSpec(tags=[tag], instances=[mock_server.base_url])
    watch = Watch()
    host = mock_server.base_url.removeprefix("http://")
    with Archive(tmp_path / "mock.sqlite", create=True) as archive:
        task = asyncio.create_task(follow(archive, spec, poll_every=30, on_progress=watch))
        await watch.until(**{host: 0})  # caught up
        for n in range(3):
            await asyncio.to_thread(mock_server.post_status, f"live {n} #{tag}")
        await watch.until(**{host: 3})
        task.cancel()
        (result,) = await task
        assert archive.count() == 4
    assert result.transport in ("websocket", "sse")


async def test_an_instance_down_past_its_timeout_is_reported_retried_and_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Polled (no stream), it goes away for longer than instance_timeout: reported down,
    tried again every RETRY_DOWN seconds (shortened here), followed again once it is back."""
    monkeypatch.setattr("tootkit.store._follow.RETRY_DOWN", 0.3)
    port = free_port()
    with contextlib.ExitStack() as stack:
        fine = stack.enter_context(run_fake_server(5, stream_transport="none", first="10000"))
        first_life = run_fake_server(5, port=port, stream_transport="none")
        down = first_life.__enter__()
        spec = HarvestSpec(
            tags=["fake"],
            instances=[down.base_url, fine.base_url],
            instance_timeout=0.5,
            options={"retry": False},
        )
        seen: list[tuple[str, bool]] = []
        watch = Watch()

        def progress(result: FollowResult) -> None:
            seen.append((result.instance, result.down))
            watch(result)

        with Archive(tmp_path / "down.sqlite", create=True) as archive:
            task = asyncio.create_task(follow(archive, spec, poll_every=0.1, on_progress=progress))
            await watch.until(**{key(down): 0, key(fine): 0})  # caught up: following
            first_life.__exit__(None, None, None)  # gone: connections refused
            for _ in range(200):
                if (key(down), True) in seen:
                    break
                await asyncio.sleep(0.05)
            assert (key(down), True) in seen  # reported down
            await asyncio.to_thread(post, fine, 2)  # the other goes on meanwhile
            await watch.until(**{key(fine): 2})
            back = stack.enter_context(run_fake_server(5, port=port, stream_transport="none"))
            await asyncio.to_thread(post, back, 3)
            await watch.until(**{key(down): 3})  # tried again, and followed again
            for _ in range(100):  # and reported up again
                if [d for i, d in seen if i == key(down)][-1] is False:
                    break
                await asyncio.sleep(0.05)
            task.cancel()
            results = {r.instance: r for r in await task}
    assert not results[key(down)].down
    assert results[key(down)].error is None
    assert results[key(fine)].statuses == 2


async def test_gotosocial_is_followed_through_its_public_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GoToSocial's hashtag stream is silent: by its NodeInfo, the public stream is read."""

    async def gotosocial(client: object) -> str:
        return "gotosocial"

    monkeypatch.setattr("tootkit.store._follow._software", gotosocial)
    with run_fake_server(5, stream_transport="websocket") as server:
        spec = HarvestSpec(tags=["fake"], instances=[server.base_url], options={"retry": QUICK})
        watch = Watch()
        with Archive(tmp_path / "gts.sqlite", create=True) as archive:
            task = asyncio.create_task(follow(archive, spec, poll_every=30, on_progress=watch))
            await asyncio.to_thread(server.wait_listening, ("public", None))
            await asyncio.to_thread(post, server, 3)
            await watch.until(**{key(server): 3})
            task.cancel()
            (result,) = await task
    assert (result.transport, result.statuses) == ("websocket", 3)
