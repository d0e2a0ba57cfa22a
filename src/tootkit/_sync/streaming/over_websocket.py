# This file is generated from the async source src/tootkit/_async/streaming/over_websocket.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Streams over WebSockets: :class:`WebSocketLink` (one for all) and :class:`WebSocketsLink` (one each).
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

from tootkit._sync.streaming.transports import Dropped, Link, STOPPED, upgrade_refusal
from tootkit._concurrency import FanIn, Held
from tootkit._core.websocket import close_error, Message, parse_message, StreamName

if TYPE_CHECKING:
    from tootkit._sync.streaming.seam import StreamingSeam

__all__ = ["WebSocketLink", "WebSocketsLink"]

_POLL = 0.5
"""How often a quiet WebSocket reader looks up to see whether its stream was closed."""


class WebSocketLink(Link):
    """One WebSocket (``GET /api/v1/streaming``, upgraded) carrying every stream of the stream.

    The first stream is named in the upgrade's query (servers that ignore
    ``subscribe`` messages still send it), the others are subscribed to once
    the connection is open. The token goes in the upgrade's ``Authorization``
    header, through the client's own auth, never in the URL: it would end
    up in server logs. httpx-ws pings every third of ``heartbeat`` seconds;
    a ping left unanswered for two thirds of it drops the connection.
    ``label`` names every event after the one stream the link carries,
    whatever the server says (see :class:`WebSocketsLink`).
    """

    def __init__(
        self,
        seam: StreamingSeam,
        names: tuple[StreamName, ...],
        heartbeat: float,
        *,
        label: bool = False,
    ) -> None:
        self._seam = seam
        self._names = names
        self._heartbeat = heartbeat
        self._label = label
        self._held: Held[WebSocketSession] | None = None
        self._session: WebSocketSession | None = None
        self._fan: FanIn[object, Message] = FanIn()
        self.fan = self._fan

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
            raise upgrade_refusal(seam, "WebSocket", refused.response) from None
        self._session = session
        self.names = (first,)
        for name in self._names[1:]:
            self.add(name)
        # Frames are read as they come, whatever the consumer (or a backfill) is doing,
        # so that the server's pongs are never late and the connection is not dropped.
        label = first.labels() if self._label else None
        self._fan.add("frames", _Frames(session, lambda: self.stopped, label))

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

    def __init__(
        self,
        session: WebSocketSession,
        stopped: Callable[[], bool],
        label: tuple[str, ...] | None,
    ) -> None:
        self._session = session
        self._stopped = stopped
        self._label = label

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
            message = parse_message(text)  # an error frame raises the server's error
            if message is not None and self._label is not None:
                message = Message(self._label, message.event, message.payload)
            if message is not None:
                yield message
        raise Dropped(STOPPED)

    def close(self) -> None:
        """Nothing to do: the link closes the session."""


class WebSocketsLink(Link):
    """One WebSocket per stream, read together: for servers that ignore ``subscribe`` messages.

    mastodon-mock, for one, sends only the stream named in the upgrade's
    query. Each stream gets a connection of its own, so each is sure to be
    sent; when one drops, they all reconnect, as over Server-Sent Events.
    """

    def __init__(
        self, seam: StreamingSeam, names: tuple[StreamName, ...], heartbeat: float
    ) -> None:
        self._seam = seam
        self._names = names
        self._heartbeat = heartbeat
        self._links: dict[StreamName, WebSocketLink] = {}
        self._fan: FanIn[object, Message] = FanIn()
        self.fan = self._fan

    def open(self) -> None:
        for name in self._names:
            self.add(name)

    def add(self, name: StreamName) -> None:
        link = WebSocketLink(self._seam, (name,), self._heartbeat, label=True)
        try:
            link.open()
        except BaseException:
            link.close()
            raise
        self._links[name] = link
        self.names = (*self.names, name)
        self._fan.add(name, _Messages(link))

    def remove(self, name: StreamName) -> None:
        self.names = tuple(n for n in self.names if n != name)
        self._links.pop(name, None)
        self._fan.remove(name)  # which closes its link

    def messages(self) -> Generator[Message, None, None]:
        for _, message in self._fan:
            yield message

    def stop(self) -> None:
        self.stopped = True
        for link in list(self._links.values()):
            link.stop()

    def close(self) -> None:
        self.stop()
        self._fan.close()
        for link in list(self._links.values()):
            link.close()
        self._links.clear()


class _Messages:
    """The messages of one link, as a source of a fan-in."""

    def __init__(self, link: Link) -> None:
        self._link = link

    def __iter__(self) -> Iterator[Message]:
        return self._link.messages()

    def close(self) -> None:
        self._link.close()
