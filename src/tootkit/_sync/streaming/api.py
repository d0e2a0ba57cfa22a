# This file is generated from the async source src/tootkit/_async/streaming/api.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""The streaming API of a client (``client.streaming``): :class:`Streaming`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tootkit._sync.streaming.multiplex import Multiplex
from tootkit._sync.streaming.stream import Connections, Stream, subscription
from tootkit._core.request import tag_name
from tootkit._core.websocket import StreamName

if TYPE_CHECKING:
    from tootkit._sync.streaming.seam import StreamingSeam, StreamTransport

__all__ = ["DEFAULT_HEARTBEAT_TIMEOUT", "Streaming"]

DEFAULT_HEARTBEAT_TIMEOUT = 45.0
"""Mastodon sends a heartbeat comment every 15 s; three missed ones mean a dead connection."""


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

    def _open(
        self,
        name: StreamName,
        transport: StreamTransport | None,
        backfill: bool,
        heartbeat_timeout: float,
        *,
        from_public: bool = False,
        since_id: str | None = None,
        since_notification_id: str | None = None,
    ) -> Stream:
        for given in (since_id, since_notification_id):
            if given is not None and not backfill:
                raise ValueError("since ids say where a backfill starts: give backfill=True too")
        sub = subscription(name, backfill, from_public=from_public)
        sub.statuses.last_id = since_id  # where the first backfill starts (None: none)
        sub.notes.last_id = since_notification_id  # None: the newest at connection
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
        since_id: str | None = None,
        transport: StreamTransport | None = None,
        heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT,
    ) -> Stream:
        """New public statuses with a hashtag (stream ``hashtag[:local]``).

        ``from_public=True`` reads the public stream and keeps the statuses
        that carry the tag: for GoToSocial, whose hashtag stream accepts a
        subscription and then delivers nothing. It costs the whole public
        stream's traffic; the backfill still reads the tag's timeline.

        ``since_id`` (with ``backfill=True``) is the newest status the caller
        already holds: the first connection then backfills what was posted
        after it, as every reconnect does, so that a reader resuming from an
        archive misses nothing between its last status and the stream.

        See https://docs.joinmastodon.org/methods/streaming/#hashtag.

        Examples:
            >>> stream = client.streaming.hashtag("python", backfill=True, since_id="1131")  # doctest: +SKIP
        """
        stream = StreamName("hashtag:local" if local else "hashtag", tag=tag_name(name))
        return self._open(
            stream,
            transport,
            backfill,
            heartbeat_timeout,
            from_public=from_public,
            since_id=since_id,
        )

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
        since_id: str | None = None,
        since_notification_id: str | None = None,
        transport: StreamTransport | None = None,
        heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT,
    ) -> Stream:
        """Your home timeline and notifications (stream ``user``); needs a token.

        With ``backfill=True``, each reconnect first yields what came while
        the stream was down, oldest first and marked ``backfilled=True``:
        the home timeline's statuses after the last status yielded, then the
        notifications after the last notification yielded (``GET
        /api/v1/notifications`` with ``min_id``, paged as needed). What the
        stream then sends again is dropped, so that every notification (a
        mention for a bot) is yielded exactly once, live or backfilled.

        Where the notification backfill starts before the stream has
        yielded any: after ``since_notification_id`` when given (the newest
        notification the caller already handled; the first connection then
        backfills from it too), else after the newest notification at the
        first connection, which costs one request (``limit=1``) once per
        stream, and only with ``backfill=True``: a stream without backfill
        sends nothing more than it did. ``since_id`` does the same for the
        home timeline, which has no such default: its backfill starts at
        the first status the stream yields.

        A token that may not read notifications (a 403 there) streams on
        without their backfill, with a warning in the log.

        See https://docs.joinmastodon.org/methods/streaming/#user.

        Examples:
            >>> stream = client.streaming.user(backfill=True, since_notification_id=saved)  # doctest: +SKIP
            >>> for event in stream:  # doctest: +SKIP
            ...     if isinstance(event, NotificationEvent) and event.notification.type == "mention":
            ...         answer(event.notification)
        """
        return self._open(
            StreamName("user"),
            transport,
            backfill,
            heartbeat_timeout,
            since_id=since_id,
            since_notification_id=since_notification_id,
        )

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
        connections: Connections = "shared",
    ) -> Multiplex:
        """Several streams on one connection: subscribe to them, then iterate.

        ``connections="per-stream"`` opens one WebSocket per stream instead,
        for servers that ignore ``subscribe`` messages and send only the
        first stream (mastodon-mock); Server-Sent Events always have one
        connection per stream. See :class:`Multiplex`.
        """
        return Multiplex(
            self._seam,
            transport=transport,
            backfill=backfill,
            heartbeat_timeout=heartbeat_timeout,
            connections=connections,
        )
