"""Mastodon's streaming API on the fake instance, over Server-Sent Events.

The routes here answer ``GET /api/v1/streaming/...`` with a :class:`Listen`:
what the stream wants. The fake's transport hands it to :class:`Streams`,
which opens a :class:`~tootkit.testing._feed.Feed` for it, the body the
client reads. Every change of the store (a status posted, edited or
deleted, a notification) reaches each open feed that wants it, framed as
Mastodon frames it::

    event: update
    data: {"id": "1131", ...}

The WebSocket endpoint (``/api/v1/streaming``, upgraded) answers 404: an
httpx transport cannot upgrade a connection, and a 404 is what makes
tootkit's ``stream_transport="auto"`` turn to Server-Sent Events at once.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator

import attrs
import httpx

from tootkit._core.websocket import StreamName
from tootkit.testing._answers import Answer, Call, error
from tootkit.testing._feed import Bell, Feed
from tootkit.testing._store import Account, Notification, Status, Store

__all__ = ["SSE_PATHS", "Listen", "OpenStream", "Streams", "health", "server_sent", "websocket"]

SSE_PATHS = (
    r"/api/v1/streaming/(?:public(?:/local|/remote)?|hashtag(?:/local)?|user(?:/notification)?)"
)
"""The Server-Sent Events paths the fake serves; ``list`` and ``direct`` are not among them."""

_HELLO = b":)\n"
"""What Mastodon writes first on a stream: a comment."""


@attrs.frozen
class OpenStream:
    """A stream that a client holds open on the fake: an entry of ``fake.open_streams``.

    Attributes:
        stream: Its name, as Mastodon's streaming API names it: ``"public"``,
            ``"public:local"``, ``"public:media"``, ``"hashtag"``,
            ``"hashtag:local"``, ``"user"``, ``"user:notification"``.
        tag: The hashtag of a hashtag stream, as the client asked for it;
            None for the others.
        username: Whom the stream's token signs in as.

    Examples:
        >>> OpenStream("hashtag", "python", "bob")
        OpenStream(stream='hashtag', tag='python', username='bob')
    """

    stream: str
    tag: str | None
    username: str


@attrs.frozen
class Listen:
    """What a streaming request asked for: the body of its :class:`Answer`."""

    name: StreamName
    viewer: Account

    def open_stream(self) -> OpenStream:
        """How ``fake.open_streams`` shows it."""
        return OpenStream(self.name.stream, self.name.tag, self.viewer.username)


def server_sent(store: Store, call: Call) -> Answer:
    """GET /api/v1/streaming/public|hashtag|user...: a stream of Server-Sent Events.

    Since Mastodon 4.2, every stream needs a token, the public ones too.
    """
    if call.viewer is None:
        return error(401, "Missing access token")
    name = StreamName.from_sse(call.path, dict(call.query))
    if name.stream.startswith("hashtag") and not name.tag:
        return error(400, "No tag for stream provided")
    headers = {"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
    return Answer(200, Listen(name, call.viewer), headers)


def health(store: Store, call: Call) -> Answer:
    """GET /api/v1/streaming/health: ``OK``, as plain text."""
    return Answer(200, b"OK", {"Content-Type": "text/plain; charset=utf-8"})


def websocket(store: Store, call: Call) -> Answer:
    """GET /api/v1/streaming (a WebSocket upgrade): refused, so that clients stream over SSE."""
    return error(404, "tootkit.testing.FakeInstance streams over Server-Sent Events only")


class Streams:
    """The open streams of one fake instance, and the store's changes they are sent.

    Examples:
        >>> from tootkit.testing._store import Store
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
            return self._store.in_home(viewer, status)
        if stream == "user:notification" or stream.startswith("public:remote"):
            return False  # the fake's statuses are all local
        # Public and hashtag streams: public statuses only, never boosts.
        if status.visibility != "public" or status.reblog is not None:
            return False
        if name.tag is not None and name.tag.lower() not in status.tags:
            return False
        if stream.endswith(":media"):
            return bool(self._store.status_json(status, None)["media_attachments"])
        return True


def _frame(event: str, data: str) -> bytes:
    """One event, as Mastodon writes it on a Server-Sent Events stream."""
    return f"event: {event}\ndata: {data}\n\n".encode()


def _dropped() -> httpx.RemoteProtocolError:
    # What httpx raises when a connection is closed in the middle of a body.
    return httpx.RemoteProtocolError(
        "peer closed connection without sending complete message body (tootkit.testing)"
    )
