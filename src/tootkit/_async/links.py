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
import socket
from collections.abc import AsyncGenerator, AsyncIterator, Callable
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

from tootkit._concurrency import AsyncFanIn, AsyncHeld
from tootkit._core.sse import SSEDecoder
from tootkit._core.websocket import NOT_HERE, Message, StreamName, close_error, parse_message
from tootkit.errors import APIError

if TYPE_CHECKING:
    from tootkit._async.seam import AsyncStreamingSeam

__all__ = ["AsyncLink", "AsyncSSELink", "AsyncWebSocketLink", "Dropped", "NotHere"]

_POLL = 0.5
"""How often a quiet WebSocket reader looks up to see whether its stream was closed."""

_STOPPED = "the stream was closed"


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
    stopped = False
    """Set by :meth:`stop` or :meth:`aclose`: the reader ends at its next look up."""
    names: tuple[StreamName, ...] = ()
    """The streams the link carries now."""

    def stop(self) -> None:
        """Ask the reader to end; safe from any task or thread, as it does no I/O."""
        self.stopped = True

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
    if code < 400 or code in NOT_HERE:  # a redirect, too, is not a stream
        return NotHere(transport, code, seam.refusal(response) if code >= 400 else None)
    return seam.refusal(response)


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
        self._held: AsyncHeld[AsyncWebSocketSession] | None = None
        self._session: AsyncWebSocketSession | None = None
        self._fan: AsyncFanIn[str, Message] = AsyncFanIn()

    async def open(self) -> None:
        seam, first = self._seam, self._names[0]
        url = await seam.base_url() + "/api/v1/streaming"
        # Held by a task of its own (in the async client), so that any task may close it.
        self._held = AsyncHeld(
            aconnect_ws(
                url,
                seam.http,
                params=first.query(),
                headers={"Cache-Control": "no-cache"},  # a fresh dict: httpx-ws adds to it
                timeout=httpx.Timeout(10.0),
                keepalive_ping_interval_seconds=self._heartbeat / 3,
                keepalive_ping_timeout_seconds=self._heartbeat * 2 / 3,
            )
        )
        try:
            session = await self._held.enter()
        except WebSocketUpgradeError as refused:
            raise _upgrade_refusal(seam, "WebSocket", refused.response) from None
        self._session = session
        self.names = (first,)
        for name in self._names[1:]:
            await self.add(name)
        # Frames are read as they come, whatever the consumer (or a backfill) is doing,
        # so that the server's pongs are never late and the connection is not dropped.
        self._fan.add("frames", _Frames(session, lambda: self.stopped))

    async def messages(self) -> AsyncGenerator[Message, None]:
        async for _, message in self._fan:
            yield message

    async def add(self, name: StreamName) -> None:
        self.names = (*self.names, name)
        await self._send(name.subscribe())

    async def remove(self, name: StreamName) -> None:
        self.names = tuple(n for n in self.names if n != name)
        await self._send(name.unsubscribe())

    async def _send(self, text: str) -> None:
        if self._session is None:
            return  # not open: the stream subscribes again when it reconnects
        # On a broken connection, the reader sees it and reconnects, subscriptions and all.
        with contextlib.suppress(WebSocketNetworkError, httpx.TransportError, OSError):
            await self._session.send_text(text)

    async def aclose(self) -> None:
        self.stopped = True
        session, self._session = self._session, None
        await self._fan.aclose()
        if session is not None:
            # Wakes any thread of httpx-ws still blocked reading a connection that went
            # silent: closing the socket alone would leave it there for good.
            sock = session.stream.get_extra_info("socket")
            if isinstance(sock, socket.socket):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        if self._held is not None:
            await self._held.release()


class _Frames:
    """The event messages of one WebSocket session, until it ends or ``stopped()``."""

    def __init__(self, session: AsyncWebSocketSession, stopped: Callable[[], bool]) -> None:
        self._session = session
        self._stopped = stopped

    async def __aiter__(self) -> AsyncIterator[Message]:
        session = self._session
        while not self._stopped():
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
            except Exception as exc:
                if self._stopped():
                    break
                raise Dropped(f"the stream failed ({type(exc).__name__})") from None
            message = parse_message(text)
            if message is not None:
                yield message
        raise Dropped(_STOPPED)

    async def aclose(self) -> None:
        """Nothing to do: the link closes the session."""


class _SSEReader:
    """One Server-Sent Events response, read as messages of one stream, until ``stopped()``."""

    def __init__(
        self,
        name: StreamName,
        response: httpx.Response,
        heartbeat: float,
        stopped: Callable[[], bool],
    ) -> None:
        self._stopped = stopped
        self._name = name
        self._response = response
        self._heartbeat = heartbeat
        details = (name.tag, name.list)
        self._streams = (name.stream, *(detail for detail in details if detail is not None))

    async def __aiter__(self) -> AsyncIterator[Message]:
        decoder = SSEDecoder()
        try:
            async for chunk in self._response.aiter_bytes():
                if self._stopped():
                    raise Dropped(_STOPPED)
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
        kind = response.headers.get("Content-Type", "text/event-stream")
        if response.status_code >= 300 or "html" in kind or "json" in kind:
            # An HTML or JSON page with a 200 is a catch-all route, not a stream.
            await response.aread()
            await response.aclose()
            raise _upgrade_refusal(seam, "Server-Sent Events", response)
        reader = _SSEReader(name, response, self._heartbeat, lambda: self.stopped)
        self._readers[name] = reader
        self.names = (*self.names, name)
        if self._fan is not None:
            self._fan.add(name, reader)

    async def remove(self, name: StreamName) -> None:
        self.names = tuple(n for n in self.names if n != name)
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
        self.stopped = True
        if self._fan is not None:
            await self._fan.aclose()
        for reader in list(self._readers.values()):
            await reader.aclose()
        self._readers.clear()
