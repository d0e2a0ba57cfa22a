# This file is generated from the async source src/tootkit/_async/links.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""The two ways a stream reaches the server: :class:`WebSocketLink` and :class:`SSELink`.

A link is one connection attempt. It opens, carries the streams it was given
(and those added while it is open), yields their events as
:class:`~tootkit._core.websocket.Message` values, and ends by raising: a
:class:`Dropped` to reconnect, or the error that ends the stream. What to do
next (pause, reconnect, backfill) is the stream's business, the same for both.
"""

from __future__ import annotations

import contextlib
import queue
import socket
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING

import httpx
from httpx_ws import (
    WebSocketSession,
    WebSocketDisconnect,
    WebSocketInvalidTypeReceived,
    WebSocketNetworkError,
    WebSocketUpgradeError,
    connect_ws,
)

from tootkit._concurrency import FanIn, Held
from tootkit._core.sse import SSEDecoder
from tootkit._core.websocket import close_error, Message, NOT_HERE, parse_message, StreamName
from tootkit.errors import APIError

if TYPE_CHECKING:
    from tootkit._sync.seam import StreamingSeam

__all__ = ["Link", "SSELink", "WebSocketLink", "Dropped", "NotHere"]

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


class Link:
    """What both links offer the stream."""

    kind = ""
    stopped = False
    """Set by :meth:`stop` or :meth:`close`: the reader ends at its next look up."""
    names: tuple[StreamName, ...] = ()
    """The streams the link carries now."""

    def stop(self) -> None:
        """Ask the reader to end; safe from any task or thread, as it does no I/O."""
        self.stopped = True

    def open(self) -> None:
        """Connect; raise :class:`NotHere`, :class:`Dropped` or the server's error if that fails."""
        raise NotImplementedError

    def messages(self) -> Iterator[Message]:
        """The event messages as they come; ends by raising :class:`Dropped` or an error."""
        raise NotImplementedError

    def add(self, name: StreamName) -> None:
        """Carry one more stream from now on."""
        raise NotImplementedError

    def remove(self, name: StreamName) -> None:
        """Stop carrying a stream."""
        raise NotImplementedError

    def close(self) -> None:
        """Close the connection (safe to call twice, and from another thread in the sync twin)."""
        raise NotImplementedError


def _upgrade_refusal(
    seam: StreamingSeam, transport: str, response: httpx.Response
) -> Exception:
    """What a refused connection means: reconnect later, try the other transport, or stop."""
    code = response.status_code
    if code in seam.retry_statuses:
        return Dropped(f"the streaming server answered {code}")
    if code < 400 or code in NOT_HERE:  # a redirect, too, is not a stream
        return NotHere(transport, code, seam.refusal(response) if code >= 400 else None)
    return seam.refusal(response)


class WebSocketLink(Link):
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
        self, seam: StreamingSeam, names: tuple[StreamName, ...], heartbeat: float
    ) -> None:
        self._seam = seam
        self._names = names
        self._heartbeat = heartbeat
        self._held: Held[WebSocketSession] | None = None
        self._session: WebSocketSession | None = None
        self._fan: FanIn[str, Message] = FanIn()

    def open(self) -> None:
        seam, first = self._seam, self._names[0]
        url = seam.base_url() + "/api/v1/streaming"
        # Held by a task of its own (in the async client), so that any task may close it.
        self._held = Held(
            connect_ws(
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
            session = self._held.enter()
        except WebSocketUpgradeError as refused:
            raise _upgrade_refusal(seam, "WebSocket", refused.response) from None
        self._session = session
        self.names = (first,)
        for name in self._names[1:]:
            self.add(name)
        # Frames are read as they come, whatever the consumer (or a backfill) is doing,
        # so that the server's pongs are never late and the connection is not dropped.
        self._fan.add("frames", _Frames(session, lambda: self.stopped))

    def messages(self) -> Generator[Message, None, None]:
        for _, message in self._fan:
            yield message

    def add(self, name: StreamName) -> None:
        self.names = (*self.names, name)
        self._send(name.subscribe())

    def remove(self, name: StreamName) -> None:
        self.names = tuple(n for n in self.names if n != name)
        self._send(name.unsubscribe())

    def _send(self, text: str) -> None:
        if self._session is None:
            return  # not open: the stream subscribes again when it reconnects
        # On a broken connection, the reader sees it and reconnects, subscriptions and all.
        with contextlib.suppress(WebSocketNetworkError, httpx.TransportError, OSError):
            self._session.send_text(text)

    def close(self) -> None:
        self.stopped = True
        session, self._session = self._session, None
        self._fan.close()
        if session is not None:
            # Wakes any thread of httpx-ws still blocked reading a connection that went
            # silent: closing the socket alone would leave it there for good.
            sock = session.stream.get_extra_info("socket")
            if isinstance(sock, socket.socket):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        if self._held is not None:
            self._held.release()


class _Frames:
    """The event messages of one WebSocket session, until it ends or ``stopped()``."""

    def __init__(self, session: WebSocketSession, stopped: Callable[[], bool]) -> None:
        self._session = session
        self._stopped = stopped

    def __iter__(self) -> Iterator[Message]:
        session = self._session
        while not self._stopped():
            try:
                text = session.receive_text(timeout=_POLL)
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

    def close(self) -> None:
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

    def __iter__(self) -> Iterator[Message]:
        decoder = SSEDecoder()
        try:
            for chunk in self._response.iter_bytes():
                if self._stopped():
                    raise Dropped(_STOPPED)
                for event in decoder.feed(chunk):
                    yield Message(self._streams, event.event, event.data)
        except httpx.ReadTimeout:
            raise Dropped(f"the stream was silent for {self._heartbeat:g} s") from None
        except httpx.TransportError as exc:
            raise Dropped(f"the stream dropped ({type(exc).__name__})") from None
        raise Dropped("the stream ended")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._response.close()


class SSELink(Link):
    """Server-Sent Events: one response per stream (``/api/v1/streaming/hashtag?tag=...``).

    A link with several streams (a multiplex over SSE) reads its responses
    all at once, so that user code does not change with the transport; when
    one of them drops, they all reconnect, and each is backfilled.
    """

    kind = "sse"

    def __init__(
        self,
        seam: StreamingSeam,
        names: tuple[StreamName, ...],
        heartbeat: float,
        *,
        several: bool = False,
    ) -> None:
        self._seam = seam
        self._names = names
        self._heartbeat = heartbeat
        self._readers: dict[StreamName, _SSEReader] = {}
        self._fan: FanIn[StreamName, Message] | None = FanIn() if several else None

    def open(self) -> None:
        for name in self._names:
            self.add(name)

    def add(self, name: StreamName) -> None:
        seam = self._seam
        path, params = name.sse_path()
        response = seam.open(
            seam.base_url() + path,
            params,
            {"Accept": "text/event-stream", "Cache-Control": "no-cache"},
            httpx.Timeout(10.0, read=self._heartbeat),
        )
        kind = response.headers.get("Content-Type", "text/event-stream")
        if response.status_code >= 300 or "html" in kind or "json" in kind:
            # An HTML or JSON page with a 200 is a catch-all route, not a stream.
            response.read()
            response.close()
            raise _upgrade_refusal(seam, "Server-Sent Events", response)
        reader = _SSEReader(name, response, self._heartbeat, lambda: self.stopped)
        self._readers[name] = reader
        self.names = (*self.names, name)
        if self._fan is not None:
            self._fan.add(name, reader)

    def remove(self, name: StreamName) -> None:
        self.names = tuple(n for n in self.names if n != name)
        reader = self._readers.pop(name, None)
        if self._fan is not None:
            self._fan.remove(name)
        elif reader is not None:
            reader.close()

    def messages(self) -> Iterator[Message]:
        if self._fan is not None:
            for _, message in self._fan:
                yield message
        else:
            (reader,) = self._readers.values()
            for message in reader:
                yield message

    def close(self) -> None:
        self.stopped = True
        if self._fan is not None:
            self._fan.close()
        for reader in list(self._readers.values()):
            reader.close()
        self._readers.clear()
