"""Streams over WebSockets: :class:`AsyncWebSocketLink` (one for all) and :class:`AsyncWebSocketsLink` (one each).

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

from tootkit._async.streaming.transports import STOPPED, AsyncLink, Dropped, upgrade_refusal
from tootkit._concurrency import AsyncFanIn, AsyncHeld
from tootkit._core.websocket import Message, StreamName, close_error, parse_message

if TYPE_CHECKING:
    from tootkit._async.streaming.seam import AsyncStreamingSeam

__all__ = ["AsyncWebSocketLink", "AsyncWebSocketsLink"]

_POLL = 0.5
"""How often a quiet WebSocket reader looks up to see whether its stream was closed."""


class AsyncWebSocketLink(AsyncLink):
    """One WebSocket (``GET /api/v1/streaming``, upgraded) carrying every stream of the stream.

    The first stream is named in the upgrade's query (servers that ignore
    ``subscribe`` messages still send it), the others are subscribed to once
    the connection is open. The token goes in the upgrade's ``Authorization``
    header, through the client's own auth, never in the URL: it would end
    up in server logs. httpx-ws pings every third of ``heartbeat`` seconds;
    a ping left unanswered for two thirds of it drops the connection.
    ``label`` names every event after the one stream the link carries,
    whatever the server says (see :class:`AsyncWebSocketsLink`).
    """

    def __init__(
        self,
        seam: AsyncStreamingSeam,
        names: tuple[StreamName, ...],
        heartbeat: float,
        *,
        label: bool = False,
    ) -> None:
        self._seam = seam
        self._names = names
        self._heartbeat = heartbeat
        self._label = label
        self._held: AsyncHeld[AsyncWebSocketSession] | None = None
        self._session: AsyncWebSocketSession | None = None
        self._fan: AsyncFanIn[object, Message] = AsyncFanIn()
        self.fan = self._fan

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
            raise upgrade_refusal(seam, "WebSocket", refused.response) from None
        self._session = session
        self.names = (first,)
        for name in self._names[1:]:
            await self.add(name)
        # Frames are read as they come, whatever the consumer (or a backfill) is doing,
        # so that the server's pongs are never late and the connection is not dropped.
        label = first.labels() if self._label else None
        self._fan.add("frames", _Frames(session, lambda: self.stopped, label))

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

    def __init__(
        self,
        session: AsyncWebSocketSession,
        stopped: Callable[[], bool],
        label: tuple[str, ...] | None,
    ) -> None:
        self._session = session
        self._stopped = stopped
        self._label = label

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
            message = parse_message(text)  # an error frame raises the server's error
            if message is not None and self._label is not None:
                message = Message(self._label, message.event, message.payload)
            if message is not None:
                yield message
        raise Dropped(STOPPED)

    async def aclose(self) -> None:
        """Nothing to do: the link closes the session."""


class AsyncWebSocketsLink(AsyncLink):
    """One WebSocket per stream, read together: for servers that ignore ``subscribe`` messages.

    mastodon-mock, for one, sends only the stream named in the upgrade's
    query. Each stream gets a connection of its own, so each is sure to be
    sent; when one drops, they all reconnect, as over Server-Sent Events.
    """

    def __init__(
        self, seam: AsyncStreamingSeam, names: tuple[StreamName, ...], heartbeat: float
    ) -> None:
        self._seam = seam
        self._names = names
        self._heartbeat = heartbeat
        self._links: dict[StreamName, AsyncWebSocketLink] = {}
        self._fan: AsyncFanIn[object, Message] = AsyncFanIn()
        self.fan = self._fan

    async def open(self) -> None:
        for name in self._names:
            await self.add(name)

    async def add(self, name: StreamName) -> None:
        link = AsyncWebSocketLink(self._seam, (name,), self._heartbeat, label=True)
        try:
            await link.open()
        except BaseException:
            await link.aclose()
            raise
        self._links[name] = link
        self.names = (*self.names, name)
        self._fan.add(name, _Messages(link))

    async def remove(self, name: StreamName) -> None:
        self.names = tuple(n for n in self.names if n != name)
        self._links.pop(name, None)
        await self._fan.remove(name)  # which closes its link

    async def messages(self) -> AsyncGenerator[Message, None]:
        async for _, message in self._fan:
            yield message

    def stop(self) -> None:
        self.stopped = True
        for link in list(self._links.values()):
            link.stop()

    async def aclose(self) -> None:
        self.stop()
        await self._fan.aclose()
        for link in list(self._links.values()):
            await link.aclose()
        self._links.clear()


class _Messages:
    """The messages of one link, as a source of a fan-in."""

    def __init__(self, link: AsyncLink) -> None:
        self._link = link

    def __aiter__(self) -> AsyncIterator[Message]:
        return self._link.messages()

    async def aclose(self) -> None:
        await self._link.aclose()
