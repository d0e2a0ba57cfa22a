"""Which open stream is sent which change of the fake, and how: :class:`Streams`.

Mastodon fans a new status out to the streams that want it (its
``FanOutOnWriteService``): the public and hashtag streams take public
statuses, a user's stream its home timeline and notifications. The fake
does the same for every change of its store (a status posted, edited or
deleted, a notification), and writes each as Mastodon writes it::

    event: update
    data: {"id": "1131", ...}
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator

import httpx

from tootkit._core.websocket import StreamName
from tootkit.testing._feed import Bell, Feed
from tootkit.testing._routes import in_home
from tootkit.testing._store import Account, Notification, Status, Store
from tootkit.testing._streams import Listen, OpenStream

__all__ = ["Streams"]

_HELLO = b":)\n"
"""What Mastodon writes first on a stream: a comment."""


class Streams:
    """The open streams of one fake instance, and the store's changes they are sent.

    Examples:
        >>> from tootkit.testing._store import Store
        >>> from tootkit.testing._streams import Listen
        >>> store = Store("https://fake.test", "snowflake")
        >>> streams = Streams(store)
        >>> bob = store.add_account("bob")
        >>> feed = streams.open(Listen(StreamName("hashtag", tag="python"), bob))
        >>> _ = store.create(bob, "hello #python")
        >>> feed.take(), feed.take()[:13]
        (b':)\\n', b'event: update')
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._bell = Bell()
        self._open: dict[Feed, tuple[Listen, object]] = {}  # what it wants, who opened it
        self._down = 0
        store.watchers.append(self._publish)

    def open(self, listen: Listen, owner: object = None) -> Feed | None:
        """A new feed for ``listen``, open from now on; None while the streams are down.

        ``owner`` (a transport) may drop the feeds it opened, and only those.
        """
        with self._bell.lock:
            if self._down:
                return None
            feed = Feed(_HELLO)
            self._open[feed] = (listen, owner)
            self._bell.ring()
        return feed

    def close(self, feed: Feed) -> None:
        """End a feed the client closed."""
        with self._bell.lock:
            self._open.pop(feed, None)
            self._bell.ring()
        feed.end()

    def drop(self, owner: object = None) -> int:
        """Drop every open feed (of ``owner`` only, if given), as closed connections; return how many."""
        with self._bell.lock:
            feeds = [f for f, (_, by) in self._open.items() if owner is None or by is owner]
            for feed in feeds:
                del self._open[feed]
            self._bell.ring()
        for feed in feeds:
            feed.end(_dropped())
        return len(feeds)

    @contextlib.contextmanager
    def down(self) -> Iterator[None]:
        """Drop the open feeds, and open none until the block ends."""
        with self._bell.lock:
            self._down += 1
        try:
            self.drop()
            yield
        finally:
            with self._bell.lock:
                self._down -= 1
                self._bell.ring()

    def _up(self) -> bool | None:
        return True if not self._down else None

    def wait_up(self, timeout: float) -> bool:
        """Block until the streams are no longer down; False if ``timeout`` passes first."""
        return self._bell.wait_for(self._up, timeout) is not None

    async def async_wait_up(self, timeout: float) -> bool:
        """:meth:`wait_up`, awaited."""
        return await self._bell.async_wait_for(self._up, timeout) is not None

    def listed(self) -> list[OpenStream]:
        """The open streams, oldest first."""
        with self._bell.lock:
            return self._listed()

    def _listed(self) -> list[OpenStream]:
        return [listen.open_stream() for listen, _ in self._open.values()]

    def _at_least(self, count: int) -> list[OpenStream] | None:
        return self._listed() if len(self._open) >= count else None

    def wait(self, count: int, timeout: float) -> list[OpenStream] | None:
        """Block until ``count`` streams are open: the open streams, or None after ``timeout``."""
        return self._bell.wait_for(lambda: self._at_least(count), timeout)

    async def async_wait(self, count: int, timeout: float) -> list[OpenStream] | None:
        """:meth:`wait`, awaited."""
        return await self._bell.async_wait_for(lambda: self._at_least(count), timeout)

    def _publish(self, event: str, subject: Status | Notification) -> None:
        with self._bell.lock:
            listening = [(feed, listen) for feed, (listen, _) in self._open.items()]
        for feed, listen in listening:
            try:
                chunk = self._chunk(event, subject, listen)
            except Exception:
                # A failure of the fake ends that stream, as a server that broke would;
                # the request that made the change is still answered.
                with self._bell.lock:
                    self._open.pop(feed, None)
                feed.end(_dropped())
                continue
            if chunk is not None:
                feed.push(chunk)

    def _chunk(self, event: str, subject: Status | Notification, listen: Listen) -> bytes | None:
        """The SSE chunk of ``event`` for one stream, or None if it is not for that stream."""
        store, viewer = self._store, listen.viewer
        if isinstance(subject, Notification):
            if not listen.name.stream.startswith("user") or subject.owner is not viewer:
                return None
            return _frame(event, json.dumps(store.notification_json(subject)))
        if not self._wants(listen.name, viewer, subject):
            return None
        if event == "delete":
            return _frame(event, subject.id)
        return _frame(event, json.dumps(store.status_json(subject, viewer)))

    def _wants(self, name: StreamName, viewer: Account, status: Status) -> bool:
        """Whether a status goes to a stream, as Mastodon fans statuses out."""
        stream = name.stream
        if stream == "user":
            return in_home(self._store, viewer, status)
        if stream == "user:notification" or stream.startswith("public:remote"):
            return False  # the fake's statuses are all local
        # Public and hashtag streams: public statuses only, never boosts.
        if status.visibility != "public" or status.reblog is not None:
            return False
        if name.tag is not None and name.tag.lower() not in status.tags:
            return False
        if stream.endswith(":media"):
            return bool(status.media)
        return True


def _frame(event: str, data: str) -> bytes:
    """One event, as Mastodon writes it on a Server-Sent Events stream."""
    return f"event: {event}\ndata: {data}\n\n".encode()


def _dropped() -> httpx.RemoteProtocolError:
    # What httpx raises when a connection is closed in the middle of a body.
    return httpx.RemoteProtocolError(
        "peer closed connection without sending complete message body (tootkit.testing)"
    )
