"""One live stream, reconnecting and backfilling: :class:`AsyncStream`.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar

import attrs
import orjson

from tootkit._async.streaming.over_sse import AsyncSSELink
from tootkit._async.streaming.over_websocket import AsyncWebSocketLink, AsyncWebSocketsLink
from tootkit._async.streaming.transports import MENDABLE, AsyncLink, Dropped, NotHere
from tootkit._concurrency import async_sleep
from tootkit._core.backfill import Timeline, carries_notifications, read_from, timeline_of
from tootkit._core.snowflake import newer_id
from tootkit._core.websocket import Message, StreamName, attribute
from tootkit.errors import APIError, DecodeError, Forbidden
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
    from tootkit._async.paginator import AsyncPaginator
    from tootkit._async.streaming.seam import AsyncStreamingSeam, StreamTransport

__all__ = ["AsyncStream", "Connections", "Subscription", "subscription"]

logger = logging.getLogger("tootkit")

Connections = Literal["shared", "per-stream"]
"""How a multiplex reaches the server over WebSockets: one for all its streams, or one each."""

_IDLE = 0.2
"""How often a multiplex with no stream left looks for a new subscription."""


class _Track:
    """What a stream yielded of one kind (statuses, or notifications): where its backfill starts.

    ``last_id`` is the newest id yielded (or the one the caller gave): the
    next backfill reads what is newer. The ids yielded lately drop what a
    backfill and the stream both deliver.
    """

    def __init__(self, size: int = 10_000) -> None:
        self.last_id: str | None = None
        self._order: deque[str] = deque()
        self._ids: set[str] = set()
        self._size = size

    def take(self, id_: str) -> bool:
        """Remember ``id_`` as yielded; False if it was already."""
        if id_ in self._ids:
            return False
        self._ids.add(id_)
        self._order.append(id_)
        if len(self._order) > self._size:
            self._ids.discard(self._order.popleft())
        # The newest id seen, not the last: federated statuses come out of order.
        self.last_id = newer_id(self.last_id, id_)
        return True


Item = TypeVar("Item", Status, Notification)


async def _fresh(
    pager: AsyncPaginator[Item], track: _Track
) -> AsyncGenerator[tuple[Item, bytes | None], None]:
    """The items of ``pager`` that ``track`` has not yielded, oldest first, each with its JSON if kept."""
    async for page in pager.pages():
        raws = page.raw or [None] * len(page.items)
        # Oldest first, as the stream would have sent them.
        for item, raw in zip(reversed(page.items), reversed(raws), strict=True):
            if track.take(item.id):
                yield item, raw


@dataclass(eq=False)
class Subscription:
    """One stream of a connection: what events say (``label``) and what the server is asked (``asked``).

    The two differ for a hashtag read from the public stream (``from_public``),
    where ``tag`` keeps the statuses that carry it. ``timeline`` is where its
    backfill reads (None: no backfill); ``notifications`` says whether its
    backfill reads the notifications too.
    """

    label: StreamName
    asked: StreamName
    timeline: Timeline | None
    tag: str | None = None
    notifications: bool = False
    statuses: _Track = field(default_factory=_Track)
    # Notification ids are not status ids: the two could meet ("5"), so each has its own.
    notes: _Track = field(default_factory=_Track)

    def keeps(self, status: Status | None) -> bool:
        return self.tag is None or status is None or self.tag in _tags(status)


def subscription(name: StreamName, backfill: bool, *, from_public: bool = False) -> Subscription:
    """A stream with its backfill: the timeline that holds what the stream sends, and its notifications."""
    timeline = timeline_of(name) if backfill else None
    notifications = backfill and carries_notifications(name)
    if from_public:
        tag = (name.tag or "").lower()
        return Subscription(name, read_from(name), timeline, tag=tag, notifications=notifications)
    return Subscription(name, name, timeline, notifications=notifications)


def _tags(status: Status) -> tuple[str, ...]:
    return tuple(tag.name.lower() for tag in status.tags)


class AsyncStream:
    """A live stream of events; iterate it with ``async for``, and close it (or use ``async with``).

    It reaches the server over a WebSocket or Server-Sent Events (see the
    client's ``stream_transport``). When the connection drops, or stays
    silent past ``heartbeat_timeout`` seconds, the stream reconnects by
    itself, after a pause that grows exponentially with full jitter. With
    ``backfill=True`` it then fetches what was posted while it was away from
    the matching timeline, starting after the last status it yielded, and
    drops what it has already yielded: you see every status exactly once.
    A stream that carries notifications (``user``) backfills them the same
    way, after the last notification it yielded (see ``streaming.user()``
    for where the first backfill starts).

    A server's refusal (a bad token, a list you do not own) is raised where
    the stream is read, as a :class:`~tootkit.errors.TootkitError`, and ends it.
    """

    def __init__(
        self,
        seam: AsyncStreamingSeam,
        subscriptions: list[Subscription],
        *,
        transport: StreamTransport | None,
        heartbeat_timeout: float,
        connections: Connections = "shared",
    ) -> None:
        if connections not in ("shared", "per-stream"):
            raise ValueError(f"connections must be 'shared' or 'per-stream', not {connections!r}")
        self._seam = seam
        self._subs = subscriptions
        self._transport = transport
        self._heartbeat_timeout = heartbeat_timeout
        self._connections = connections
        self._closed = False
        self._subscribed = bool(subscriptions)
        self._link: AsyncLink | None = None
        self._generator: AsyncGenerator[StreamEvent, None] | None = None
        self.reconnects = 0
        """How many times the stream has reconnected."""
        self.last_status_id: str | None = None
        """The id of the last status yielded: where a backfill starts."""
        self.last_notification_id: str | None = None
        """The id of the newest notification yielded: where a notification backfill starts."""
        self.transport: str | None = None
        """The transport of the current (or last) connection: ``"websocket"`` or ``"sse"``."""

    def __aiter__(self) -> AsyncGenerator[StreamEvent, None]:
        if self._generator is None:
            self._generator = self._events()
        return self._generator

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection and end the iteration; from any task (or thread, in the sync twin).

        A reader elsewhere ends within half a second (over SSE, at the
        connection's next chunk), as its connection is closed under it. Only
        the flag is set and the connection closed here: the reader's own
        task (thread) finishes the iteration, so that it never finds it
        running elsewhere.
        """
        self._closed = True
        link = self._link
        if link is not None:
            link.stop()
            await link.aclose()

    def _names(self) -> tuple[StreamName, ...]:
        return tuple(dict.fromkeys(sub.asked for sub in self._subs))

    async def _events(self) -> AsyncGenerator[StreamEvent, None]:
        seam = self._seam
        attempt = 0
        while not self._closed:
            if not self._names():
                if not self._subscribed:
                    raise ValueError("subscribe to a stream before reading the multiplex")
                await async_sleep(_IDLE)  # every stream was unsubscribed: wait for the next
                continue
            reason = "the stream ended"
            try:
                link = await self._connect()
                self._link = link
                try:
                    if self._closed:
                        return  # closed while it connected
                    await self._catch_up(link)
                    # After a reconnect, or on the first connection of a stream told
                    # where its reader stopped (``since_id``): what was posted meanwhile.
                    for sub in list(self._subs):
                        async for update in self._fill(sub):
                            yield update
                        async for note in self._fill_notifications(sub):
                            yield note
                    async for message in link.messages():
                        attempt = 0  # the stream works again: back to short pauses
                        event = self._event(message)
                        if event is not None:
                            yield event
                finally:
                    self._link = None
                    await link.aclose()
            except Dropped as dropped:
                reason = dropped.reason
            except MENDABLE as exc:  # a refusal or a failure while it (re)subscribed
                reason = f"the stream could not connect ({type(exc).__name__})"
            if self._closed:
                return
            if not self._names():
                continue  # ended by the last unsubscribe, not by the server
            attempt += 1
            self.reconnects += 1
            where = ", ".join(str(name) for name in self._names())
            await seam.pause(attempt, f"{reason}; reconnecting to {where}")

    def _link_for(self, kind: str) -> AsyncLink:
        names, heartbeat = self._names(), self._heartbeat_timeout
        if kind == "sse":
            return AsyncSSELink(self._seam, names, heartbeat, several=self._subscribed_many())
        if self._connections == "per-stream":
            return AsyncWebSocketsLink(self._seam, names, heartbeat)
        return AsyncWebSocketLink(self._seam, names, heartbeat)

    def _subscribed_many(self) -> bool:
        """Whether streams may come and go (a multiplex): the links then read several at once."""
        return False

    async def _connect(self) -> AsyncLink:
        """Open a link over the first transport that the server accepts.

        Under ``auto``, a transport that is refused, or that fails before this
        stream ever connected (a proxy that answers 502 to upgrades), makes way
        for the other. A stream that streamed before and is now refused
        everywhere is a server restarting: it reconnects later.
        """
        seam = self._seam
        refused: list[tuple[str, int, APIError | None]] = []
        dropped: Dropped | None = None
        kinds = seam.transports(self._transport)
        for number, kind in enumerate(kinds, 1):
            link = self._link_for(kind)
            try:
                await link.open()
            except NotHere as not_here:
                await link.aclose()
                refused.append((not_here.transport, not_here.status_code, not_here.error))
                continue
            except Dropped as failed:
                await link.aclose()
                if number == len(kinds) or self.transport is not None:
                    raise
                dropped = dropped or failed
                continue
            except BaseException:
                await link.aclose()
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

    async def _catch_up(self, link: AsyncLink) -> None:
        """Subscribe the link to what was subscribed to, or from, while it connected."""
        wanted = self._names()
        for name in wanted:
            if name not in link.names:
                await link.add(name)
        for name in link.names:
            if name not in wanted:
                await link.remove(name)

    async def _fill(self, sub: Subscription) -> AsyncGenerator[Update, None]:
        """The statuses newer than the last one of ``sub``, oldest first, each with its JSON."""
        if sub.timeline is None or sub.statuses.last_id is None:
            return
        pager = self._seam.backfill(sub.timeline, sub.statuses.last_id)
        async for status, raw in _fresh(pager.keeping_raw(as_bytes=True), sub.statuses):
            self.last_status_id = newer_id(self.last_status_id, status.id)
            yield Update(status=status, backfilled=True, stream=sub.label, raw=raw)

    async def _fill_notifications(
        self, sub: Subscription
    ) -> AsyncGenerator[NotificationEvent, None]:
        """The notifications newer than the last one of ``sub``, oldest first.

        A stream not told where to start learns it on its first connection
        instead: the newest notification then (one request, once per stream).
        A token that may not read notifications (403) gets no notification
        backfill, rather than no stream.
        """
        if not sub.notifications:
            return
        try:
            if sub.notes.last_id is None:
                await self._anchor(sub)
                return
            pager = self._seam.notifications_after(sub.notes.last_id)
            async for note, _ in _fresh(pager, sub.notes):
                self.last_notification_id = newer_id(self.last_notification_id, note.id)
                yield NotificationEvent(notification=note, backfilled=True, stream=sub.label)
        except Forbidden as refused:
            logger.warning(
                "the token may not read notifications (%s): %s is not backfilled with them",
                refused.error,
                sub.label,
            )
            sub.notifications = False

    async def _anchor(self, sub: Subscription) -> None:
        """Start the notification backfill of ``sub`` after the newest notification there is now."""
        newest = await self._seam.newest_notification()
        # A notification the stream yielded meanwhile may be newer still.
        sub.notes.last_id = newer_id(sub.notes.last_id, newest)

    def _event(self, message: Message) -> StreamEvent | None:
        """The typed event of a message, credited to its stream; None to drop it."""
        if not self._subs:
            return None  # every stream was unsubscribed since
        event = self._parse(message, self._subs[0].label)
        status = event.status if isinstance(event, Update | StatusUpdate) else None
        subs = [sub for sub in self._subs if sub.keeps(status)]
        tags = _tags(status) if status is not None else ()
        name = attribute(tuple(sub.asked for sub in subs), message.streams, tags)
        sub = next((sub for sub in subs if sub.asked == name), None)
        if sub is None:
            return None  # for a stream unsubscribed since, or a status without the tag
        if isinstance(event, Update):
            if not sub.statuses.take(event.status.id):
                return None  # already yielded by the backfill
            self.last_status_id = newer_id(self.last_status_id, event.status.id)
        if isinstance(event, NotificationEvent):
            note_id = event.notification.id
            if not sub.notes.take(note_id):
                return None  # already yielded by the backfill
            self.last_notification_id = newer_id(self.last_notification_id, note_id)
        return event if event.stream == sub.label else attrs.evolve(event, stream=sub.label)

    def _parse(self, message: Message, stream: StreamName) -> StreamEvent:
        name, data = message.event, message.payload
        loads = self._seam.loads
        try:
            if name == "update":
                return Update(status=loads(data, Status), stream=stream, raw=data.encode())
            if name == "status.update":
                return StatusUpdate(status=loads(data, Status), stream=stream, raw=data.encode())
            if name == "notification":
                return NotificationEvent(notification=loads(data, Notification), stream=stream)
            if name == "delete":
                return Delete(id=data.strip().strip('"'), stream=stream)
        except DecodeError as exc:
            logger.warning("could not read a %r event (%s); passed on as raw", name, exc.reason)
        payload: Any
        try:
            payload = orjson.loads(data)
        except orjson.JSONDecodeError:
            payload = data
        return UnknownEvent(event=name, payload=payload, stream=stream)
