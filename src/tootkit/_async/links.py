"""The two ways a stream reaches the server: :class:`AsyncWebSocketLink` and :class:`AsyncSSELink`.

A link is one connection attempt. It opens, carries the streams it was given
(and those added while it is open), yields their events as
:class:`~tootkit._core.websocket.Message` values, and ends by raising: a
:class:`Dropped` to reconnect, or the error that ends the stream. What to do
next (pause, reconnect, backfill) is the stream's business, the same for both.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

import contextlib
import queue
from collections.abc import AsyncGenerator, AsyncIterator
from typing import TYPE_CHECKING

import httpx
from httpx_ws import (
    AsyncWebSocketSession,
    WebSocketDisconnect,
    WebSocketInvalidTypeReceived,
    WebSocketNetworkError,
    WebSocketUpgradeError,
    aconnect_ws,
)

from tootkit._core.sse import SSEDecoder
from tootkit._core.websocket import NOT_HERE, Message, StreamName, close_error, parse_message
from tootkit._fanin import AsyncFanIn
from tootkit.errors import APIError

if TYPE_CHECKING:
    from tootkit._async.seam import AsyncStreamingSeam

__all__ = ["AsyncLink", "AsyncSSELink", "AsyncWebSocketLink", "Dropped", "NotHere"]

MAX_MESSAGE_BYTES = 4 * 1024 * 1024
"""A status with long text, many emoji and a poll is tens of KiB; httpx-ws's 64 KiB default is too tight."""

_POLL = 1.0
"""How often a quiet WebSocket reader looks up to see whether its stream was closed."""


class Dropped(Exception):
    """The connection ended or failed in a way that a reconnect may mend; ``reason`` says how."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotHere(Exception):
    """The server refused this transport (``status_code``): try the other one, if any."""

    def __init__(self, transport: str, status_code: int, error: APIError | None = None) -> None:
        super().__init__(f"{transport}: {status_code}")
        self.transport = transport
        self.status_code = status_code
        self.error = error


class AsyncLink:
    """What both links offer the stream."""

    kind = ""

    async def open(self) -> None:
        """Connect; raise :class:`NotHere`, :class:`Dropped` or the server's error if that fails."""
        raise NotImplementedError

    def messages(self) -> AsyncIterator[Message]:
        """The event messages as they come; ends by raising :class:`Dropped` or an error."""
        raise NotImplementedError

    async def add(self, name: StreamName) -> None:
        """Carry one more stream from now on."""
        raise NotImplementedError

    async def remove(self, name: StreamName) -> None:
        """Stop carrying a stream."""
        raise NotImplementedError

    async def aclose(self) -> None:
        """Close the connection (safe to call twice, and from another thread in the sync twin)."""
        raise NotImplementedError


def _upgrade_refusal(
    seam: AsyncStreamingSeam, transport: str, response: httpx.Response
) -> Exception:
    """What a refused connection means: reconnect later, try the other transport, or stop."""
    code = response.status_code
    if code in seam.retry_statuses:
        return Dropped(f"the streaming server answered {code}")
    error = seam.refusal(response) if code >= 400 else None
    if code in NOT_HERE:
        return NotHere(transport, code, error)
    assert error is not None
    return error


class AsyncWebSocketLink(AsyncLink):
    """One WebSocket (``GET /api/v1/streaming``, upgraded) carrying every stream of the stream.

    The first stream is named in the upgrade's query (servers that ignore
    ``subscribe`` messages still send it), the others are subscribed to once
    the connection is open. The token goes in the upgrade's ``Authorization``
    header, through the client's own auth, never in the URL: it would end
    up in server logs. httpx-ws pings every third of ``heartbeat`` seconds;
    a ping left unanswered for two thirds of it drops the connection.
    """

    kind = "websocket"

    def __init__(
        self, seam: AsyncStreamingSeam, names: tuple[StreamName, ...], heartbeat: float
    ) -> None:
        self._seam = seam
        self._names = names
        self._heartbeat = heartbeat
        self._stack = contextlib.AsyncExitStack()
        self._session: AsyncWebSocketSession | None = None

    async def open(self) -> None:
        seam, first = self._seam, self._names[0]
        url = await seam.base_url() + "/api/v1/streaming"
        try:
            self._session = await self._stack.enter_async_context(
                aconnect_ws(
                    url,
                    seam.http,
                    params=first.query(),
                    headers={"Cache-Control": "no-cache"},  # a fresh dict: httpx-ws adds to it
                    timeout=httpx.Timeout(10.0),
                    keepalive_ping_interval_seconds=self._heartbeat / 3,
                    keepalive_ping_timeout_seconds=self._heartbeat * 2 / 3,
                    max_message_size_bytes=MAX_MESSAGE_BYTES,
                )
            )
        except WebSocketUpgradeError as refused:
            raise _upgrade_refusal(seam, "WebSocket", refused.response) from None
        for name in self._names[1:]:
            await self.add(name)

    async def messages(self) -> AsyncGenerator[Message, None]:
        session = self._session
        assert session is not None
        while True:
            try:
                text = await session.receive_text(timeout=_POLL)
            except (TimeoutError, queue.Empty):
                continue  # quiet is fine: the pings say whether the server is there
            except WebSocketInvalidTypeReceived:
                continue  # a binary frame: not part of Mastodon's protocol
            except WebSocketDisconnect as closed:
                error = close_error(closed.code, closed.reason or "")
                if error is not None:
                    raise error from None
                raise Dropped(f"the server closed the stream (code {closed.code})") from None
            except WebSocketNetworkError:
                raise Dropped("the stream dropped, or stopped answering pings") from None
            message = parse_message(text)
            if message is not None:
                yield message

    async def add(self, name: StreamName) -> None:
        await self._send(name.subscribe())

    async def remove(self, name: StreamName) -> None:
        await self._send(name.unsubscribe())

    async def _send(self, text: str) -> None:
        if self._session is None:
            return  # not open: the stream subscribes again when it reconnects
        # On a broken connection, the reader sees it and reconnects, subscriptions and all.
        with contextlib.suppress(WebSocketNetworkError, httpx.TransportError, OSError):
            await self._session.send_text(text)

    async def aclose(self) -> None:
        self._session = None
        with contextlib.suppress(Exception):  # closing a broken connection may fail: it is closed
            await self._stack.aclose()


class _SSEReader:
    """One Server-Sent Events response, read as messages of one stream."""

    def __init__(self, name: StreamName, response: httpx.Response, heartbeat: float) -> None:
        self._name = name
        self._response = response
        self._heartbeat = heartbeat
        details = (name.tag, name.list)
        self._streams = (name.stream, *(detail for detail in details if detail is not None))

    async def __aiter__(self) -> AsyncIterator[Message]:
        decoder = SSEDecoder()
        try:
            async for chunk in self._response.aiter_bytes():
                for event in decoder.feed(chunk):
                    yield Message(self._streams, event.event, event.data)
        except httpx.ReadTimeout:
            raise Dropped(f"the stream was silent for {self._heartbeat:g} s") from None
        except httpx.TransportError as exc:
            raise Dropped(f"the stream dropped ({type(exc).__name__})") from None
        raise Dropped("the stream ended")

    async def aclose(self) -> None:
        with contextlib.suppress(Exception):
            await self._response.aclose()


class AsyncSSELink(AsyncLink):
    """Server-Sent Events: one response per stream (``/api/v1/streaming/hashtag?tag=...``).

    A link with several streams (a multiplex over SSE) reads its responses
    all at once, so that user code does not change with the transport; when
    one of them drops, they all reconnect, and each is backfilled.
    """

    kind = "sse"

    def __init__(
        self,
        seam: AsyncStreamingSeam,
        names: tuple[StreamName, ...],
        heartbeat: float,
        *,
        several: bool = False,
    ) -> None:
        self._seam = seam
        self._names = names
        self._heartbeat = heartbeat
        self._readers: dict[StreamName, _SSEReader] = {}
        self._fan: AsyncFanIn[StreamName, Message] | None = AsyncFanIn() if several else None

    async def open(self) -> None:
        for name in self._names:
            await self.add(name)

    async def add(self, name: StreamName) -> None:
        seam = self._seam
        path, params = name.sse_path()
        response = await seam.open(
            await seam.base_url() + path,
            params,
            {"Accept": "text/event-stream", "Cache-Control": "no-cache"},
            httpx.Timeout(10.0, read=self._heartbeat),
        )
        if response.status_code >= 300:
            await response.aread()
            await response.aclose()
            raise _upgrade_refusal(seam, "Server-Sent Events", response)
        reader = _SSEReader(name, response, self._heartbeat)
        self._readers[name] = reader
        if self._fan is not None:
            self._fan.add(name, reader)

    async def remove(self, name: StreamName) -> None:
        reader = self._readers.pop(name, None)
        if self._fan is not None:
            await self._fan.remove(name)
        elif reader is not None:
            await reader.aclose()

    async def messages(self) -> AsyncIterator[Message]:
        if self._fan is not None:
            async for _, message in self._fan:
                yield message
        else:
            (reader,) = self._readers.values()
            async for message in reader:
                yield message

    async def aclose(self) -> None:
        if self._fan is not None:
            await self._fan.aclose()
        for reader in list(self._readers.values()):
            await reader.aclose()
        self._readers.clear()
