# This file is generated from the async source src/tootkit/_async/streaming/multiplex.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Several streams on one connection, subscribed to while it runs: :class:`Multiplex`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from tootkit._sync.streaming.stream import Connections, Stream, subscription
from tootkit._sync.streaming.transports import change
from tootkit._core.request import tag_name
from tootkit._core.websocket import StreamName
from tootkit.errors import TootkitError

if TYPE_CHECKING:
    from tootkit._sync.streaming.seam import StreamingSeam, StreamTransport

__all__ = ["Multiplex", "stream_name"]

logger = logging.getLogger("tootkit")


class Multiplex(Stream):
    """Several streams on one connection; :meth:`subscribe` and :meth:`unsubscribe` while it runs.

    Over a WebSocket, one connection carries them all (Mastodon's
    ``subscribe`` messages), or, with ``connections="per-stream"``, each
    stream has a WebSocket of its own, for servers that ignore ``subscribe``.
    Over Server-Sent Events, each stream has a connection of its own. The
    connections are read together, so that your code is the same. Every
    event says which stream it came from (``event.stream``). After a
    reconnect, every subscription is restored, and with ``backfill=True``
    each is backfilled on its own: ``user`` and ``user:notification`` with
    their notifications too, after the newest one at subscription.

    :meth:`subscribe` and :meth:`unsubscribe` never fail for the network: a
    connection that fails while they change it is reconnected, with every
    subscription, and a refusal of the server (a list you do not own) is
    raised where the multiplex is read.

    Examples:
        >>> with client.streaming.multiplex(backfill=True) as streams:  # doctest: +SKIP
        ...     for tag in ("python", "rust", "zig"):
        ...         streams.subscribe("hashtag", tag=tag)
        ...     for event in streams:
        ...         print(event.stream.tag, event.event)
    """

    def __init__(
        self,
        seam: StreamingSeam,
        *,
        transport: StreamTransport | None,
        backfill: bool,
        heartbeat_timeout: float,
        connections: Connections = "shared",
    ) -> None:
        super().__init__(
            seam,
            [],
            transport=transport,
            heartbeat_timeout=heartbeat_timeout,
            connections=connections,
        )
        self._backfill = backfill

    @property
    def streams(self) -> list[StreamName]:
        """The streams subscribed to, in order."""
        return [sub.label for sub in self._subs]

    def _subscribed_many(self) -> bool:
        return True

    def subscribe(
        self, stream: str | StreamName, *, tag: str | None = None, list: str | None = None
    ) -> StreamName:
        """Add a stream (``"hashtag"`` with ``tag=``, ``"list"`` with ``list=``, ``"user"``...).

        Returns its :class:`~tootkit.events.StreamName`, which its events carry
        as ``.stream`` and :meth:`unsubscribe` takes. Subscribing twice is a no-op.
        """
        name = stream_name(stream, tag=tag, list=list)
        if any(sub.label == name for sub in self._subs):
            return name
        sub = subscription(name, self._backfill)
        self._subs.append(sub)
        self._subscribed = True
        link = self._link
        if link is not None and [s.asked for s in self._subs].count(sub.asked) == 1:
            change(link, sub.asked, add=True)
        if link is not None and sub.notifications:
            # Its connection is open already: the next one would learn where its
            # notifications start too late, after a drop. A failure leaves it to that one.
            try:
                self._anchor(sub)
            except TootkitError as exc:
                logger.info("no start for the notifications of %s yet (%s)", name, exc)
        return name

    def unsubscribe(
        self, stream: str | StreamName, *, tag: str | None = None, list: str | None = None
    ) -> None:
        """Stop a stream; its events stop at once, even those already on their way."""
        name = stream_name(stream, tag=tag, list=list)
        gone = [sub for sub in self._subs if sub.label == name]
        self._subs = [sub for sub in self._subs if sub.label != name]
        link = self._link
        for sub in gone:
            if link is not None and sub.asked not in self._names():
                change(link, sub.asked, add=False)


def stream_name(stream: str | StreamName, *, tag: str | None, list: str | None) -> StreamName:
    """The :class:`StreamName` of ``subscribe``'s arguments; ValueError for a stream Mastodon lacks."""
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
