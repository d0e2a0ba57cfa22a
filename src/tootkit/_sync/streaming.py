# This file is generated from the async source src/tootkit/_async/streaming.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Streaming (``client.streaming``): WebSocket or Server-Sent Events, reconnecting and backfilling.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any, TYPE_CHECKING

import httpx
import orjson

from tootkit._sync._backend import sleep
from tootkit._sync.links import Dropped, Link, NotHere, SSELink, WebSocketLink
from tootkit._sync.paginator import Paginator
from tootkit._core.request import tag_name
from tootkit._core.snowflake import newer_id
from tootkit._core.websocket import attribute, Message, StreamName
from tootkit.errors import APIError, DecodeError
from tootkit.events import (
    Delete,
    NotificationEvent,
    StatusUpdate,
    StreamEvent,
    UnknownEvent,
    Update,
)
from tootkit.models import Notification, Status

if TYPE_CHECKING:
    from tootkit._sync.seam import StreamingSeam, StreamTransport

__all__ = ["Multiplex", "Stream", "Streaming"]

logger = logging.getLogger("tootkit")

_IDLE = 0.2
"""How often a multiplex with no stream left looks for a new subscription."""

DEFAULT_HEARTBEAT_TIMEOUT = 45.0
"""Mastodon sends a heartbeat comment every 15 s; three missed ones mean a dead connection."""


class _Recent:
    """The ids seen lately, to drop what a backfill and the stream both deliver."""

    def __init__(self, size: int = 10_000) -> None:
        self._order: deque[str] = deque()
        self._ids: set[str] = set()
        self._size = size

    def add(self, id_: str) -> bool:
        """Remember ``id_``; False if it was already there."""
        if id_ in self._ids:
            return False
        self._ids.add(id_)
        self._order.append(id_)
        if len(self._order) > self._size:
            self._ids.discard(self._order.popleft())
        return True


@dataclass(eq=False)
class _Subscription:
    """One stream of a connection: what events say (``label``) and what the server is asked (``asked``).

    The two differ for a hashtag read from the public stream (``from_public``),
    where ``tag`` keeps the statuses that carry it.
    """

    label: StreamName
    asked: StreamName
    backfill: Callable[[str], Paginator[Status]] | None
    tag: str | None = None
    last_status_id: str | None = None
    seen: _Recent = field(default_factory=_Recent)

    def keeps(self, status: Status | None) -> bool:
        return self.tag is None or status is None or self.tag in _tags(status)


def _tags(status: Status) -> tuple[str, ...]:
    return tuple(tag.name.lower() for tag in status.tags)


class Stream:
    """A live stream of events; iterate it with ``for``, and close it (or use ``with``).

    It reaches the server over a WebSocket or Server-Sent Events (see the
    client's ``stream_transport``). When the connection drops, or stays
    silent past ``heartbeat_timeout`` seconds, the stream reconnects by
    itself, after a pause that grows exponentially with full jitter. With
    ``backfill=True`` it then fetches what was posted while it was away from
    the matching timeline, starting after the last status it yielded, and
    drops what it has already yielded: you see every status exactly once.
    """

    def __init__(
        self,
        seam: StreamingSeam,
        subscriptions: list[_Subscription],
        *,
        transport: StreamTransport | None,
        heartbeat_timeout: float,
    ) -> None:
        self._seam = seam
        self._subs = subscriptions
        self._transport = transport
        self._heartbeat_timeout = heartbeat_timeout
        self._closed = False
        self._subscribed = bool(subscriptions)
        self._link: Link | None = None
        self._generator: Generator[StreamEvent, None, None] | None = None
        self.reconnects = 0
        """How many times the stream has reconnected."""
        self.last_status_id: str | None = None
        """The id of the last status yielded: where a backfill starts."""
        self.transport: str | None = None
        """The transport of the current (or last) connection: ``"websocket"`` or ``"sse"``."""

    def __iter__(self) -> Generator[StreamEvent, None, None]:
        if self._generator is None:
            self._generator = self._events()
        return self._generator

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection and end the iteration; from any task (or thread, in the sync twin).

        A reader elsewhere ends within half a second (over SSE, at the
        connection's next chunk), as its connection is closed under it.
        """
        self._closed = True
        link = self._link
        if link is not None:
            link.stop()
            link.close()
        if self._generator is not None:
            # Running elsewhere (sleeping before a reconnect, say): it sees the
            # flag and ends on its own.
            with contextlib.suppress(RuntimeError, ValueError):
                self._generator.close()

    def _names(self) -> tuple[StreamName, ...]:
        return tuple(dict.fromkeys(sub.asked for sub in self._subs))

    def _events(self) -> Generator[StreamEvent, None, None]:
        seam = self._seam
        attempt = 0
        while not self._closed:
            if not self._names():
                if not self._subscribed:
                    raise ValueError("subscribe to a stream before reading the multiplex")
                sleep(_IDLE)  # every stream was unsubscribed: wait for the next
                continue
            reason = "the stream ended"
            try:
                link = self._connect()
                self._link = link
                try:
                    if self._closed:
                        return  # closed while it connected
                    self._catch_up(link)
                    if self.reconnects:
                        for sub in list(self._subs):
                            for status in self._fill(sub):
                                self.last_status_id = newer_id(self.last_status_id, status.id)
                                yield Update(status=status, backfilled=True, stream=sub.label)
                    for message in link.messages():
                        attempt = 0  # the stream works again: back to short pauses
                        event = self._event(message)
                        if event is not None:
                            yield event
                finally:
                    self._link = None
                    link.close()
            except Dropped as dropped:
                reason = dropped.reason
            except httpx.TransportError as exc:
                reason = f"the stream could not connect ({type(exc).__name__})"
            if self._closed:
                return
            if not self._names():
                continue  # ended by the last unsubscribe, not by the server
            attempt += 1
            self.reconnects += 1
            where = ", ".join(str(name) for name in self._names())
            seam.pause(attempt, f"{reason}; reconnecting to {where}")

    def _connect(self) -> Link:
        """Open a link over the first transport that the server accepts.

        Under ``auto``, a transport that is refused, or that fails before this
        stream ever connected (a proxy that answers 502 to upgrades), makes way
        for the other. A stream that streamed before and is now refused
        everywhere is a server restarting: it reconnects later.
        """
        seam, names = self._seam, self._names()
        refused: list[tuple[str, int, APIError | None]] = []
        dropped: Dropped | None = None
        kinds = seam.transports(self._transport)
        for number, kind in enumerate(kinds, 1):
            link: Link
            if kind == "websocket":
                link = WebSocketLink(seam, names, self._heartbeat_timeout)
            else:
                several = isinstance(self, Multiplex)
                link = SSELink(seam, names, self._heartbeat_timeout, several=several)
            try:
                link.open()
            except NotHere as not_here:
                link.close()
                refused.append((not_here.transport, not_here.status_code, not_here.error))
                continue
            except Dropped as failed:
                link.close()
                if number == len(kinds) or self.transport is not None:
                    raise
                dropped = dropped or failed
                continue
            except BaseException:
                link.close()
                raise
            seam.worked(kind)
            self.transport = kind
            return link
        if dropped is not None:
            raise dropped
        if self.transport is not None:
            said = "; ".join(f"{name} answered {status}" for name, status, _ in refused)
            raise Dropped(f"the server refused the stream it sent before ({said})")
        raise seam.nothing(refused, auto=len(kinds) > 1)

    def _catch_up(self, link: Link) -> None:
        """Subscribe the link to what was subscribed to, or from, while it connected."""
        wanted = self._names()
        for name in wanted:
            if name not in link.names:
                link.add(name)
        for name in link.names:
            if name not in wanted:
                link.remove(name)

    def _fill(self, sub: _Subscription) -> Generator[Status, None, None]:
        if sub.backfill is None or sub.last_status_id is None:
            return
        for page in sub.backfill(sub.last_status_id).pages():
            for status in reversed(page.items):  # oldest first, as the stream would have sent them
                if sub.seen.add(status.id):
                    sub.last_status_id = newer_id(sub.last_status_id, status.id)
                    yield status

    def _event(self, message: Message) -> StreamEvent | None:
        """The typed event of a message, credited to its stream; None to drop it."""
        event = self._parse(message)
        status = event.status if isinstance(event, Update | StatusUpdate) else None
        subs = [sub for sub in self._subs if sub.keeps(status)]
        tags = _tags(status) if status is not None else ()
        name = attribute(tuple(sub.asked for sub in subs), message.streams, tags)
        sub = next((sub for sub in subs if sub.asked == name), None)
        if sub is None:
            return None  # for a stream unsubscribed since, or a status without the tag
        if isinstance(event, Update):
            if not sub.seen.add(event.status.id):
                return None  # already yielded by the backfill
            # The newest id seen, not the last: federated statuses come out of order.
            sub.last_status_id = newer_id(sub.last_status_id, event.status.id)
            self.last_status_id = newer_id(self.last_status_id, event.status.id)
        return _credited(event, sub.label)

    def _parse(self, message: Message) -> StreamEvent:
        name, data = message.event, message.payload
        loads = self._seam.loads
        try:
            if name == "update":
                return Update(status=loads(data, Status))
            if name == "status.update":
                return StatusUpdate(status=loads(data, Status))
            if name == "notification":
                return NotificationEvent(notification=loads(data, Notification))
            if name == "delete":
                return Delete(id=data.strip().strip('"'))
        except DecodeError as exc:
            logger.warning("could not read a %r event (%s); passed on as raw", name, exc.reason)
        payload: Any
        try:
            payload = orjson.loads(data)
        except orjson.JSONDecodeError:
            payload = data
        return UnknownEvent(event=name, payload=payload)


def _credited(event: StreamEvent, stream: StreamName) -> StreamEvent:
    """``event`` with ``stream`` set (events are frozen, and cheap to rebuild)."""
    if isinstance(event, Update):
        return Update(status=event.status, backfilled=event.backfilled, stream=stream)
    if isinstance(event, StatusUpdate):
        return StatusUpdate(status=event.status, stream=stream)
    if isinstance(event, Delete):
        return Delete(id=event.id, stream=stream)
    if isinstance(event, NotificationEvent):
        return NotificationEvent(notification=event.notification, stream=stream)
    return UnknownEvent(event=event.event, payload=event.payload, stream=stream)


class Multiplex(Stream):
    """Several streams on one connection; :meth:`subscribe` and :meth:`unsubscribe` while it runs.

    Over a WebSocket, one connection carries them all (Mastodon's
    ``subscribe`` messages). Over Server-Sent Events, each stream has a
    connection of its own, read together, so that your code is the same.
    Every event says which stream it came from (``event.stream``). After a
    reconnect, every subscription is restored, and with ``backfill=True``
    each is backfilled on its own.

    Examples:
        >>> with client.streaming.multiplex(backfill=True) as streams:  # doctest: +SKIP
        ...     for tag in ("python", "rust", "zig"):
        ...         streams.subscribe("hashtag", tag=tag)
        ...     for event in streams:
        ...         print(event.stream.tag, event.event)
    """

    def __init__(
        self,
        streaming: Streaming,
        *,
        transport: StreamTransport | None,
        backfill: bool,
        heartbeat_timeout: float,
    ) -> None:
        super().__init__(
            streaming._seam, [], transport=transport, heartbeat_timeout=heartbeat_timeout
        )
        self._streaming = streaming
        self._backfill = backfill

    @property
    def streams(self) -> list[StreamName]:
        """The streams subscribed to, in order."""
        return [sub.label for sub in self._subs]

    def subscribe(
        self, stream: str | StreamName, *, tag: str | None = None, list: str | None = None
    ) -> StreamName:
        """Add a stream (``"hashtag"`` with ``tag=``, ``"list"`` with ``list=``, ``"user"``...).

        Returns its :class:`~tootkit.events.StreamName`, which its events carry
        as ``.stream`` and :meth:`unsubscribe` takes. Subscribing twice is a no-op.
        """
        name = _name(stream, tag=tag, list=list)
        if any(sub.label == name for sub in self._subs):
            return name
        sub = self._streaming._subscription(name, self._backfill)
        self._subs.append(sub)
        self._subscribed = True
        link = self._link
        if link is not None and [s.asked for s in self._subs].count(sub.asked) == 1:
            link.add(sub.asked)
        return name

    def unsubscribe(
        self, stream: str | StreamName, *, tag: str | None = None, list: str | None = None
    ) -> None:
        """Stop a stream; its events stop at once, even those already on their way."""
        name = _name(stream, tag=tag, list=list)
        gone = [sub for sub in self._subs if sub.label == name]
        self._subs = [sub for sub in self._subs if sub.label != name]
        link = self._link
        for sub in gone:
            if link is not None and sub.asked not in self._names():
                link.remove(sub.asked)


def _name(stream: str | StreamName, *, tag: str | None, list: str | None) -> StreamName:
    if isinstance(stream, StreamName):
        return stream
    if stream.startswith("hashtag") and tag is None:
        raise ValueError("a hashtag stream needs tag=")
    if stream == "list" and list is None:
        raise ValueError("a list stream needs list=")
    if stream.startswith("hashtag"):
        tag = tag_name(tag or "")
    try:
        name = StreamName(stream, tag=tag, list=None if list is None else str(list))
        name.sse_path()
    except StopIteration:
        raise ValueError(f"{stream!r} is not a stream Mastodon knows") from None
    return name


class Streaming:
    """The streaming API (``/api/v1/streaming``), over WebSocket or Server-Sent Events.

    Every method returns an :class:`Stream`; :meth:`multiplex` returns an
    :class:`Multiplex`, several streams on one connection. ``transport``
    overrides the client's ``stream_transport`` for one stream. See the
    "Streaming" docs page.

    Examples:
        >>> with client.streaming.hashtag("python", backfill=True) as stream:  # doctest: +SKIP
        ...     for event in stream:
        ...         if event.event == "update":
        ...             print(event.status.text)
    """

    def __init__(self, seam: StreamingSeam) -> None:
        self._seam = seam

    def _subscription(
        self, name: StreamName, backfill: bool, *, from_public: bool = False
    ) -> _Subscription:
        """A stream with its backfill: the timeline that holds what the stream sends."""
        timelines = self._seam.timelines
        stream = name.stream
        fill: Callable[[str], Paginator[Status]] | None = None
        if stream.startswith("hashtag"):
            tag, local = name.tag or "", stream == "hashtag:local"

            def fill(after: str) -> Paginator[Status]:
                return timelines.tag(tag, local=local, min_id=after)

        elif stream.startswith("public"):
            local, remote = ":local" in stream, ":remote" in stream
            media = stream.endswith(":media")

            def fill(after: str) -> Paginator[Status]:
                return timelines.public(local=local, remote=remote, only_media=media, min_id=after)

        elif stream == "user":

            def fill(after: str) -> Paginator[Status]:
                return timelines.home(min_id=after)

        elif stream == "list":
            list_id = name.list or ""

            def fill(after: str) -> Paginator[Status]:
                return timelines.list(list_id, min_id=after)

        asked, keep = name, None
        if from_public:
            asked = StreamName("public:local" if stream == "hashtag:local" else "public")
            keep = (name.tag or "").lower()
        return _Subscription(name, asked, fill if backfill else None, tag=keep)

    def _open(
        self,
        name: StreamName,
        transport: StreamTransport | None,
        backfill: bool,
        heartbeat_timeout: float,
        *,
        from_public: bool = False,
    ) -> Stream:
        sub = self._subscription(name, backfill, from_public=from_public)
        return Stream(
            self._seam, [sub], transport=transport, heartbeat_timeout=heartbeat_timeout
        )

    def hashtag(
        self,
        name: str,
        *,
        local: bool = False,
        backfill: bool = False,
        from_public: bool = False,
        transport: StreamTransport | None = None,
        heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT,
    ) -> Stream:
        """New public statuses with a hashtag (stream ``hashtag[:local]``).

        ``from_public=True`` reads the public stream and keeps the statuses
        that carry the tag: for GoToSocial, whose hashtag stream accepts a
        subscription and then delivers nothing. It costs the whole public
        stream's traffic; the backfill still reads the tag's timeline.

        See https://docs.joinmastodon.org/methods/streaming/#hashtag.
        """
        stream = StreamName("hashtag:local" if local else "hashtag", tag=tag_name(name))
        return self._open(stream, transport, backfill, heartbeat_timeout, from_public=from_public)

    def public(
        self,
        *,
        local: bool = False,
        remote: bool = False,
        only_media: bool = False,
        backfill: bool = False,
        transport: StreamTransport | None = None,
        heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT,
    ) -> Stream:
        """New public statuses (stream ``public[:local|:remote][:media]``).

        See https://docs.joinmastodon.org/methods/streaming/#public.
        """
        stream = "public" + (":local" if local else ":remote" if remote else "")
        name = StreamName(stream + (":media" if only_media else ""))
        return self._open(name, transport, backfill, heartbeat_timeout)

    def user(
        self,
        *,
        backfill: bool = False,
        transport: StreamTransport | None = None,
        heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT,
    ) -> Stream:
        """Your home timeline and notifications (stream ``user``); needs a token.

        A backfill fills in the home timeline; notifications missed while
        disconnected are in :meth:`~tootkit.Client.notifications`.

        See https://docs.joinmastodon.org/methods/streaming/#user.
        """
        return self._open(StreamName("user"), transport, backfill, heartbeat_timeout)

    def list(
        self,
        list_id: str,
        *,
        backfill: bool = False,
        transport: StreamTransport | None = None,
        heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT,
    ) -> Stream:
        """New statuses of the accounts in one of your lists (stream ``list``).

        See https://docs.joinmastodon.org/methods/streaming/#list.
        """
        name = StreamName("list", list=str(list_id))
        return self._open(name, transport, backfill, heartbeat_timeout)

    def multiplex(
        self,
        *,
        backfill: bool = False,
        transport: StreamTransport | None = None,
        heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT,
    ) -> Multiplex:
        """Several streams on one connection: subscribe to them, then iterate.

        See :class:`Multiplex`.
        """
        return Multiplex(
            self, transport=transport, backfill=backfill, heartbeat_timeout=heartbeat_timeout
        )
