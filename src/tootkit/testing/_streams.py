"""The streaming endpoints of the fake instance, and what a stream asks for (:class:`Listen`).

``GET /api/v1/streaming/...`` is answered with a :class:`Listen`, which the
fake's transport hands to ``_fanout``: that opens the body the client reads,
and sends it what happens on the fake from then on.

The WebSocket endpoint (``/api/v1/streaming``, upgraded) answers 404: an
httpx transport cannot upgrade a connection, and a 404 is what makes
tootkit's ``stream_transport="auto"`` turn to Server-Sent Events at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from tootkit._core.websocket import StreamName
from tootkit.testing._call import Answer, Call, error

if TYPE_CHECKING:
    from tootkit.testing._store import Account, Store

__all__ = ["SSE_PATHS", "Listen", "OpenStream", "health", "server_sent", "websocket"]

SSE_PATHS = (
    r"/api/v1/streaming/(?:public(?:/local|/remote)?|hashtag(?:/local)?|user(?:/notification)?)"
)
"""The Server-Sent Events paths the fake serves; ``list`` and ``direct`` are not among them."""


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
