"""Streams through httpx.MockTransport: unknown events, refusals, silence.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tootkit import AsyncClient, AsyncRuntime
from tootkit.errors import StreamingNotSupported, Unauthorized
from tootkit.events import Delete, StatusUpdate, StreamName, UnknownEvent, Update

STATUS = '{"id": "5", "created_at": "2025-01-01T00:00:00Z", "content": "<p>hi</p>", "account": {"id": "1"}}'


def server(stream: bytes, *, status: int = 200) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/api/v2/instance"):
            return httpx.Response(404, json={"error": "Not found"})
        if request.url.path.startswith("/api/v1/instance"):
            return httpx.Response(200, json={"uri": "m.example"})
        if status != 200:
            return httpx.Response(status, json={"error": "nope"})

        async def body() -> AsyncIterator[bytes]:
            for start in range(0, len(stream), 7):  # in small, awkward chunks
                yield stream[start : start + 7]

        return httpx.Response(200, content=body(), headers={"Content-Type": "text/event-stream"})

    return httpx.MockTransport(handler)


async def test_events_are_typed_and_unknown_ones_passed_through() -> None:
    stream = (
        b":connected\n\n"
        + f"event: update\ndata: {STATUS}\n\n".encode()
        + f"event: status.update\r\ndata: {STATUS}\r\n\r\n".encode()
        + b"event: delete\ndata: 5\n\n"
        + b"event: filters_changed\n\n"
        + b'event: announcement.reaction\ndata: {"name": "x", "count": 2}\n\n'
        + b"event: update\ndata: {not json\n\n"
    )
    async with AsyncClient("m.example", transport=server(stream), retry=False) as client:
        events = []
        async with client.streaming.public() as live:
            async for event in live:
                events.append(event)
                if len(events) == 6:
                    break
    assert isinstance(events[0], Update)
    assert events[0].status.text == "hi"
    assert isinstance(events[1], StatusUpdate)
    # The JSON as sent, for an archive that keeps it (harvest --follow).
    assert events[0].raw == events[1].raw == STATUS.encode()
    public = StreamName("public")
    assert events[2] == Delete(id="5", stream=public)
    assert events[3] == UnknownEvent(event="filters_changed", payload="", stream=public)
    assert events[4] == UnknownEvent(
        event="announcement.reaction", payload={"name": "x", "count": 2}, stream=public
    )
    assert events[5] == UnknownEvent(event="update", payload="{not json", stream=public)
    assert [e.event for e in events] == [
        "update",
        "status.update",
        "delete",
        "filters_changed",
        "announcement.reaction",
        "update",
    ]


@pytest.mark.parametrize("status", [404, 405, 426])
async def test_a_server_without_sse_gets_a_clear_error(status: int) -> None:
    async with AsyncClient("gts.example", transport=server(b"", status=status)) as client:
        with pytest.raises(StreamingNotSupported, match="WebSocket") as caught:
            async for _ in client.streaming.hashtag("x"):
                pass
    assert caught.value.status_code == status


async def test_other_errors_are_raised_as_they_are() -> None:
    async with AsyncClient("m.example", transport=server(b"", status=401)) as client:
        with pytest.raises(Unauthorized):
            async for _ in client.streaming.user():
                pass


class Enough(Exception):
    pass


async def test_the_stream_reconnects_with_growing_pauses() -> None:
    waits: list[float] = []
    calls = [0]

    def handler(request: httpx.Request) -> httpx.Response:
        if "instance" in request.url.path:
            return httpx.Response(404)
        calls[0] += 1
        if calls[0] == 3:
            return httpx.Response(200, content=f"event: update\ndata: {STATUS}\n\n".encode())
        return httpx.Response(503, text="restarting")

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 4:
            raise Enough

    runtime = AsyncRuntime(sleep=no_wait, rand=lambda: 0.5)
    transport = httpx.MockTransport(handler)
    async with AsyncClient("m.example", transport=transport, runtime=runtime) as client:
        seen = []
        with pytest.raises(Enough):
            async for event in client.streaming.public(transport="sse"):
                seen.append(event)
    assert [e.status.id for e in seen if isinstance(e, Update)] == ["5"]
    # 503, 503: longer pauses; the stream works and ends: short again; 503: longer.
    assert waits == [0.25, 0.5, 0.25, 0.5]


def upgrades_then(sse: httpx.Response, *, upgrade: int) -> tuple[httpx.MockTransport, list[str]]:
    """A server that answers WebSocket upgrades with ``upgrade`` and SSE requests with ``sse``."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if "instance" in request.url.path:
            return httpx.Response(404)
        kind = "websocket" if request.headers.get("upgrade") == "websocket" else "sse"
        seen.append(kind)
        if kind == "websocket":
            return httpx.Response(upgrade, text="Bad Gateway")
        return sse

    return httpx.MockTransport(handler), seen


async def test_a_proxy_that_fails_upgrades_is_passed_by_for_sse() -> None:
    ok = httpx.Response(200, content=f"event: update\ndata: {STATUS}\n\n".encode())
    for upgrade in (502, 503):
        transport, seen = upgrades_then(ok, upgrade=upgrade)
        async with AsyncClient("m.example", transport=transport, retry=False) as client:
            async for event in client.streaming.public():
                assert isinstance(event, Update)
                break
        assert seen == ["websocket", "sse"], upgrade


async def test_an_html_page_with_a_200_is_not_a_stream() -> None:
    page = httpx.Response(200, html="<html><body>Welcome to our instance</body></html>")
    transport, seen = upgrades_then(page, upgrade=404)
    async with AsyncClient("takahe.example", transport=transport) as client:
        with pytest.raises(StreamingNotSupported, match="Server-Sent Events answered 200"):
            async for _ in client.streaming.public():
                pass
    assert seen == ["websocket", "sse"]


async def test_a_stream_that_worked_reconnects_through_a_refusal() -> None:
    calls = [0]
    waits: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if "instance" in request.url.path:
            return httpx.Response(404)
        calls[0] += 1
        if calls[0] in (2, 3):  # a deploy: the streaming server answers 404 for a moment
            return httpx.Response(404, json={"error": "Not found"})
        status = STATUS.replace('"id": "5"', f'"id": "{calls[0]}"')
        return httpx.Response(200, content=f"event: update\ndata: {status}\n\n".encode())

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    runtime = AsyncRuntime(sleep=no_wait, rand=lambda: 0.5)
    transport = httpx.MockTransport(handler)
    async with AsyncClient("m.example", transport=transport, runtime=runtime) as client:
        seen = 0
        async for event in client.streaming.public(transport="sse"):
            seen += isinstance(event, Update)
            if seen == 2:
                break
    assert calls[0] == 4
    assert len(waits) == 3  # ended, refused, refused: each a pause, never an error
