"""Streams over WebSocket and Server-Sent Events, against real server processes on loopback.

mastodon-mock serves the happy path over WebSocket; the fake server
(tests/support/fakeserver.py) streams over one transport or the other, and
misbehaves on purpose: drops, silence, bad tokens, refused upgrades.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import Seed
from tests.support.mockserver import FakeServer, MockServer, run_fake_server
from tootkit import AsyncClient, AsyncRuntime
from tootkit.errors import StreamingNotSupported, Unauthorized
from tootkit.events import StreamName, Update

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]

TRANSPORTS = ["websocket", "sse"]


PUBLIC = ("public", None)


def stream_requests(server: FakeServer) -> list[str]:
    return [path for path in server.requests() if path.startswith("/api/v1/streaming")]


@pytest.fixture(params=TRANSPORTS)
def only(request: pytest.FixtureRequest) -> Iterator[FakeServer]:
    """A server that streams over one transport only: WebSocket (as GoToSocial) or SSE."""
    with run_fake_server(0, stream_transport=request.param) as server:
        server.transport = request.param  # type: ignore[attr-defined]
        yield server


async def test_the_default_transport_finds_the_one_the_server_has(only: FakeServer) -> None:
    async with AsyncClient(only.base_url) as client:
        async with client.streaming.public() as stream:
            only.post_when_listening("hello from another user #news")
            async for event in stream:
                assert isinstance(event, Update)
                assert event.stream == StreamName("public")
                break
        assert stream.transport == only.transport  # type: ignore[attr-defined]
        # The choice is remembered: the next stream goes straight to what worked.
        only.reset()
        async with client.streaming.hashtag("news") as again:
            only.post_when_listening("more #news", wants=(("hashtag", "news"),))
            async for event in again:
                assert event.stream == StreamName("hashtag", tag="news")
                break
    assert len(stream_requests(only)) == 1


async def test_a_multiplex_carries_three_hashtags_and_drops_one_on_request(
    only: FakeServer,
) -> None:
    got: list[str | None] = []
    async with AsyncClient(only.base_url) as client, client.streaming.multiplex() as streams:
        for tag in ("red", "green", "blue"):
            await streams.subscribe("hashtag", tag=tag)
        colours = tuple(("hashtag", tag) for tag in ("red", "green", "blue"))
        only.post_when_listening("a #red one", "a #green one", "a #blue one", wants=colours)
        async for event in streams:
            got.append(event.stream.tag)
            if len(got) == 3:
                await streams.unsubscribe("hashtag", tag="green")
                only.post_when_listening(
                    "#green again", "#blue again", wants=(("hashtag", "blue"),)
                )
            if len(got) == 4:
                break
        assert streams.streams == [
            StreamName("hashtag", tag="red"),
            StreamName("hashtag", tag="blue"),
        ]
    assert sorted(got[:3]) == ["blue", "green", "red"]
    assert got[3] == "blue"  # #green, posted first, no longer arrives
    # One WebSocket; or a refused upgrade, then one SSE response per hashtag.
    expected = 1 if only.transport == "websocket" else 1 + 3  # type: ignore[attr-defined]
    assert len(stream_requests(only)) == expected


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_dropped_stream_with_backfill_yields_every_status_once(transport: str) -> None:
    plan = {"stream_total": "120", "stream_drop_at": "50", "stream_gap": "15"}
    with run_fake_server(0, stream_transport=transport, **plan) as server:
        got: list[str] = []
        async with (
            AsyncClient(server.base_url) as client,
            client.streaming.hashtag("fake", backfill=True) as stream,
        ):
            async for event in stream:
                if isinstance(event, Update):
                    got.append(event.status.id)
                if len(got) >= 120:
                    break
        assert stream.transport == transport
        assert got == [server.timeline.id_of(i) for i in range(120)]
        assert stream.reconnects == 1


@pytest.mark.parametrize("refusal", ["close", "401"])
async def test_a_bad_token_ends_the_stream_after_one_attempt(refusal: str) -> None:
    options = {"stream_transport": "websocket", "stream_token": "good", "stream_auth": refusal}
    with run_fake_server(0, **options) as server:
        async with AsyncClient(server.base_url, access_token="bad") as client:
            with pytest.raises(Unauthorized):
                async for _ in client.streaming.user():
                    pass
        assert len(stream_requests(server)) == 1
        assert server.http.get("/_fake/stats").json()["stream_connections"] <= 1


async def test_a_silent_websocket_is_dropped_and_reopened() -> None:
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)  # the fake clock: the pause before reconnecting takes no time

    runtime = AsyncRuntime(sleep=no_wait, rand=lambda: 0.5)
    with run_fake_server(0, stream_transport="websocket", stream_silent_first="1") as server:
        async with AsyncClient(server.base_url, runtime=runtime) as client:
            stream = client.streaming.public(transport="websocket", heartbeat_timeout=1.5)
            async with stream:
                # The silent first connection wants nothing: this waits for the second.
                server.post_when_listening("after the silence")
                async for event in stream:
                    assert isinstance(event, Update)
                    break
        assert stream.reconnects == 1
        assert len(waits) == 1


async def test_a_hashtag_can_be_read_from_the_public_stream() -> None:
    with run_fake_server(0, stream_transport="websocket") as server:
        async with (
            AsyncClient(server.base_url) as client,
            client.streaming.hashtag("wanted", from_public=True) as stream,
        ):
            # Both go to the public stream, which the tag is read from.
            server.post_when_listening("a #other post", "a #wanted post")
            async for event in stream:
                assert isinstance(event, Update)
                assert [tag.name for tag in event.status.tags] == ["wanted"]
                assert event.stream == StreamName("hashtag", tag="wanted")
                break
        assert stream_requests(server) == ["/api/v1/streaming?stream=public"]


async def test_a_server_that_does_not_stream_is_told_once() -> None:
    with run_fake_server(0, stream_transport="none") as server:
        async with AsyncClient(server.base_url) as client:
            with pytest.raises(StreamingNotSupported, match="WebSocket answered 404"):
                async for _ in client.streaming.public():
                    pass
            with pytest.raises(StreamingNotSupported):
                async for _ in client.streaming.hashtag("x"):
                    pass
        assert stream_requests(server) == [
            "/api/v1/streaming?stream=public",
            "/api/v1/streaming/public",
        ]


def keep_posting(server: MockServer, token: str, *texts: str) -> threading.Event:
    """Post ``texts`` in turn, a few times a second, until the event returned is set.

    mastodon-mock keeps no record of who listens: posting until the test has
    heard is what waits for its stream to be there, however slow the connect.
    """
    heard = threading.Event()
    headers = {"Authorization": f"Bearer {token}"}

    def post() -> None:
        turn = 0
        try:
            while not heard.wait(0.2):
                text = texts[turn % len(texts)]
                server.http.post("/api/v1/statuses", data={"status": text}, headers=headers)
                turn += 1
            # mastodon-mock notices a closed WebSocket only when it next sends on it.
            server.http.post("/api/v1/statuses", data={"status": texts[0]}, headers=headers)
        except (RuntimeError, httpx.HTTPError):
            return  # the session ended: its server is gone

    threading.Thread(target=post, daemon=True).start()
    return heard


async def test_mastodon_mock_streams_over_websocket(
    base_url: str, mock_server: MockServer, seed: Seed
) -> None:
    async with AsyncClient(base_url) as client:
        for stream in (client.streaming.public(), client.streaming.hashtag("wsprobe")):
            heard = keep_posting(mock_server, seed.alice_token, "alice says #wsprobe")
            try:
                async with stream:
                    async for event in stream:
                        assert isinstance(event, Update)
                        assert event.status.account.username == "alice"
                        break
            finally:
                heard.set()
            assert stream.transport == "websocket"


async def test_a_multiplex_with_a_websocket_per_stream_hears_every_stream_of_mastodon_mock(
    base_url: str, mock_server: MockServer, seed: Seed
) -> None:
    # mastodon-mock ignores subscribe messages: one shared WebSocket hears only its first stream.
    got: set[str | None] = set()
    heard = keep_posting(mock_server, seed.alice_token, "one #perstreama", "two #perstreamb")
    try:
        async with (
            AsyncClient(base_url) as client,
            client.streaming.multiplex(transport="websocket", connections="per-stream") as streams,
        ):
            for tag in ("perstreama", "perstreamb"):
                await streams.subscribe("hashtag", tag=tag)
            async for event in streams:
                assert isinstance(event, Update)
                assert event.stream.tag in [tag.name for tag in event.status.tags]
                got.add(event.stream.tag)
                if len(got) == 2:
                    break
    finally:
        heard.set()
    assert got == {"perstreama", "perstreamb"}


# unasync: begin-skip
# Tasks are async only; tests/test_sync_stream_threads.py does the same with threads.
async def test_a_stream_closed_from_another_task_ends_its_reader(only: FakeServer) -> None:
    import asyncio

    async with AsyncClient(only.base_url) as client:
        stream = client.streaming.public()

        async def read() -> str:
            async for _ in stream:
                pass
            return "ended"

        reader = asyncio.create_task(read())
        await asyncio.to_thread(only.wait_listening, PUBLIC)  # the reader is connected
        await stream.aclose()
        assert await asyncio.wait_for(reader, 5) == "ended"


async def test_a_slow_consumer_keeps_its_websocket() -> None:
    import asyncio

    with run_fake_server(0, stream_transport="websocket") as server:
        async with AsyncClient(server.base_url) as client:
            stream = client.streaming.public(heartbeat_timeout=1.5)
            async with stream:
                server.post_when_listening("one", "two", "three")
                got = 0
                async for _ in stream:
                    got += 1
                    if got == 1:
                        await asyncio.sleep(3.0)  # twice the heartbeat: pongs must still flow
                    if got == 3:
                        break
            assert stream.reconnects == 0


async def test_a_subscription_made_while_connecting_is_sent(only: FakeServer) -> None:
    import asyncio

    async with AsyncClient(only.base_url) as client, client.streaming.multiplex() as streams:
        await streams.subscribe("hashtag", tag="first")

        async def read() -> str | None:
            async for event in streams:
                return event.stream.tag
            return None

        reader = asyncio.create_task(read())
        await asyncio.sleep(0)  # the reader is connecting
        await streams.subscribe("hashtag", tag="second")
        only.post_when_listening("the #second one", wants=(("hashtag", "second"),))
        assert await asyncio.wait_for(reader, 10) == "second"


# unasync: end-skip
