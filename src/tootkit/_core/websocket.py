"""Mastodon's streaming protocol over WebSocket, as pure functions (no sockets here).

One WebSocket (``GET /api/v1/streaming``, upgraded) carries one or many streams.
The client names them in the query of the upgrade, or later in
``{"type": "subscribe", "stream": "hashtag", "tag": "python"}`` messages; the
server sends JSON text frames ``{"stream": ["hashtag", "python"], "event":
"update", "payload": "<the status as a JSON string>"}``. The events themselves
are the same as over Server-Sent Events.

Examples:
    >>> name = StreamName("hashtag", tag="python")
    >>> name.query(), name.subscribe()
    ({'stream': 'hashtag', 'tag': 'python'}, '{"type":"subscribe","stream":"hashtag","tag":"python"}')
    >>> parse_message('{"stream": ["hashtag", "python"], "event": "delete", "payload": "109"}')
    Message(streams=('hashtag', 'python'), event='delete', payload='109')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from tootkit._core.errors import error_for_response
from tootkit.errors import StreamError, TootkitError, Unauthorized

__all__ = [
    "NOT_HERE",
    "POLICY_VIOLATION",
    "Message",
    "StreamName",
    "attribute",
    "close_error",
    "frame_error",
    "parse_message",
    "streaming_origin",
    "websocket_url",
]

NOT_HERE = frozenset({200, 400, 403, 404, 405, 406, 410, 426, 501})
"""Answers that mean "no stream over this transport here", not "no stream for you".

A 200 to an upgrade request is a server that ignored the upgrade; 403 is
what proxies (and mastodon-mock) answer an upgrade they will not pass on.
A 401 is a refused token: trying the other transport would not help.
"""

POLICY_VIOLATION = 1008
"""The close code a server sends for a bad token after the upgrade (RFC 6455, 7.4.1)."""

_SSE_PATHS = {
    "/api/v1/streaming/public": "public",
    "/api/v1/streaming/public/local": "public:local",
    "/api/v1/streaming/public/remote": "public:remote",
    "/api/v1/streaming/hashtag": "hashtag",
    "/api/v1/streaming/hashtag/local": "hashtag:local",
    "/api/v1/streaming/user": "user",
    "/api/v1/streaming/user/notification": "user:notification",
    "/api/v1/streaming/list": "list",
    "/api/v1/streaming/direct": "direct",
}


@dataclass(frozen=True, slots=True)
class StreamName:
    """One stream, as Mastodon names it: ``public``, ``hashtag`` with its tag, ``list`` with its id..."""

    stream: str
    tag: str | None = None
    list: str | None = None

    @classmethod
    def from_sse(cls, path: str, params: dict[str, str]) -> StreamName:
        """The stream that an SSE path (``/api/v1/streaming/hashtag/local``) and its query name.

        Examples:
            >>> StreamName.from_sse("/api/v1/streaming/public/local", {})
            StreamName(stream='public:local', tag=None, list=None)
        """
        stream = _SSE_PATHS.get(path.rstrip("/"))
        if stream is None:
            raise ValueError(f"{path} is not a streaming path")
        if params.get("only_media") == "true" and stream.startswith("public"):
            stream += ":media"  # public:media, public:local:media, public:remote:media
        return cls(stream, tag=params.get("tag"), list=params.get("list"))

    def sse_path(self) -> tuple[str, dict[str, str]]:
        """The Server-Sent Events path and query of this stream: the inverse of :meth:`from_sse`.

        Examples:
            >>> StreamName("public:local:media").sse_path()
            ('/api/v1/streaming/public/local', {'only_media': 'true'})
        """
        stream, media = self.stream, False
        if stream.endswith(":media"):
            stream, media = stream.removesuffix(":media"), True
        path = next(path for path, name in _SSE_PATHS.items() if name == stream)
        params = {"only_media": "true"} if media else {}
        if self.tag is not None:
            params["tag"] = self.tag
        if self.list is not None:
            params["list"] = self.list
        return path, params

    def __str__(self) -> str:
        return " ".join(self.labels())

    def labels(self) -> tuple[str, ...]:
        """How Mastodon labels this stream's events: ``("hashtag", "python")``, ``("public",)``.

        Examples:
            >>> StreamName("list", list="7").labels()
            ('list', '7')
        """
        detail = self.tag if self.tag is not None else self.list
        return (self.stream,) if detail is None else (self.stream, detail)

    def query(self) -> dict[str, str]:
        """The query of an upgrade request that opens this stream."""
        query = {"stream": self.stream}
        if self.tag is not None:
            query["tag"] = self.tag
        if self.list is not None:
            query["list"] = self.list
        return query

    def subscribe(self) -> str:
        """The text frame that adds this stream to an open connection."""
        return _compact({"type": "subscribe", **self.query()})

    def unsubscribe(self) -> str:
        """The text frame that removes this stream from an open connection."""
        return _compact({"type": "unsubscribe", **self.query()})

    def matches(self, streams: tuple[str, ...]) -> bool:
        """Whether an event sent for ``streams`` (``("hashtag", "python")``) belongs to this stream.

        Mastodon names the tag or list after the stream; some servers send the
        stream alone, which then matches every stream of that kind.

        Examples:
            >>> StreamName("hashtag", tag="Python").matches(("hashtag", "python"))
            True
            >>> StreamName("hashtag", tag="python").matches(("hashtag", "rust"))
            False
        """
        if not streams or streams[0] != self.stream:
            return False
        detail = self.tag if self.tag is not None else self.list
        if len(streams) < 2 or detail is None:
            return True
        return streams[1].lower() == detail.lower()


@dataclass(frozen=True, slots=True)
class Message:
    """One event frame: the streams it was sent for, the event's name, and its payload text."""

    streams: tuple[str, ...]
    event: str
    payload: str


def parse_message(text: str) -> Message | None:
    """The event in a text frame, or None for a frame that carries none (junk).

    ``payload`` is kept as text, as SSE's ``data`` is: the same code reads both.
    A payload sent as a JSON object (some servers do) is written back to text.
    A frame that carries an error instead (Mastodon sends
    ``{"error": "...", "status": 404}`` for a list you do not own) raises it:
    see :func:`frame_error`.

    Examples:
        >>> parse_message('{"event": "update", "payload": {"id": "1"}}')
        Message(streams=(), event='update', payload='{"id":"1"}')
        >>> parse_message("not json") is None
        True
    """
    try:
        frame = json.loads(text)
    except ValueError:
        return None
    if not isinstance(frame, dict):
        return None
    if not isinstance(frame.get("event"), str):
        if "error" in frame:
            raise frame_error(frame)
        return None
    streams = frame.get("stream") or ()
    if isinstance(streams, str):
        streams = (streams,)
    payload = frame.get("payload", "")
    if not isinstance(payload, str):
        payload = _compact(payload)
    return Message(tuple(str(s) for s in streams), frame["event"], payload)


def attribute(
    names: tuple[StreamName, ...], streams: tuple[str, ...], tags: tuple[str, ...] = ()
) -> StreamName | None:
    """Which of the subscribed ``names`` an event sent for ``streams`` belongs to.

    A connection with one stream gives it every event, however the server
    labels them. With several, the label decides; where it is too vague
    (``["hashtag"]`` alone, as some servers send), the status's ``tags`` do.

    Examples:
        >>> python, rust = StreamName("hashtag", tag="python"), StreamName("hashtag", tag="rust")
        >>> attribute((python, rust), ("hashtag", "rust")) == rust
        True
        >>> attribute((python, rust), ("hashtag",), tags=("Python",)) == python
        True
        >>> attribute((python, rust), ("public",)) is None
        True
    """
    if len(names) == 1:
        return names[0]
    candidates = [name for name in names if name.matches(streams)]
    if len(candidates) > 1 and tags:
        folded = {tag.lower() for tag in tags}
        tagged = [name for name in candidates if name.tag and name.tag.lower() in folded]
        candidates = tagged or candidates
    return candidates[0] if candidates else None


_NO_CLOCK = datetime(1970, 1, 1, tzinfo=UTC)
"""An error frame has no ``Retry-After`` to measure against the clock."""


def frame_error(frame: dict[str, object]) -> TootkitError:
    """The error of an error frame: typed by its ``status`` as REST errors are, else a :class:`StreamError`.

    Examples:
        >>> type(frame_error({"error": "Not found", "status": 404})).__name__
        'NotFound'
        >>> str(frame_error({"error": "Missing access token"}))
        'the streaming server refused the stream: Missing access token'
    """
    message, status = str(frame.get("error") or ""), frame.get("status")
    if isinstance(status, int) and 400 <= status < 600:
        body = _compact({"error": message}).encode()
        return error_for_response(status, {}, body, method="GET", url="", now=_NO_CLOCK)
    return StreamError(message)


def close_error(code: int, reason: str = "") -> TootkitError | None:
    """The error that ends a stream closed with ``code``, or None when it should reconnect.

    A policy violation (1008) is how a server refuses a token after the
    upgrade: reconnecting would be refused again.

    Examples:
        >>> type(close_error(1008, "invalid token")).__name__, close_error(1006)
        ('Unauthorized', None)
    """
    if code == POLICY_VIOLATION:
        return Unauthorized(401, error=reason or "the server closed the stream: bad token")
    return None


def websocket_url(streaming_base: str) -> str:
    """The WebSocket URL of the streaming API under ``streaming_base`` (``https`` becomes ``wss``).

    Examples:
        >>> websocket_url("https://streaming.m.example"), websocket_url("http://127.0.0.1:3000/")
        ('wss://streaming.m.example/api/v1/streaming', 'ws://127.0.0.1:3000/api/v1/streaming')
    """
    parts = urlsplit(streaming_base)
    scheme = {"https": "wss", "http": "ws"}.get(parts.scheme, parts.scheme)
    return urlunsplit((scheme, parts.netloc, "/api/v1/streaming", "", ""))


def streaming_origin(advertised: str, base_url: str) -> str | None:
    """The ``http(s)`` origin to stream from, given the URL an instance advertises; None to stay home.

    The advertised host is used only when it is the instance's own or one of
    its subdomains: the token must not travel further. Servers advertise
    ``wss://`` even when they are reached over plain ``http://`` (behind a
    proxy, on loopback), so the scheme follows ``base_url``, never the advertisement.

    Examples:
        >>> streaming_origin("wss://streaming.m.example", "https://m.example")
        'https://streaming.m.example'
        >>> streaming_origin("wss://127.0.0.1:3000", "http://127.0.0.1:3000")
        'http://127.0.0.1:3000'
        >>> streaming_origin("wss://127.0.0.1", "http://127.0.0.1:8080")
        'http://127.0.0.1:8080'
        >>> streaming_origin("wss://evil.example", "https://m.example") is None
        True
        >>> streaming_origin("wss://m.example:99999", "https://m.example") is None
        True
    """
    base = urlsplit(base_url)
    try:
        url = urlsplit(advertised.strip())
        port = url.port
    except ValueError:  # "wss://host:99999", "wss://[::1": a server's typo, not a place to go
        return None
    host, home = (url.hostname or "").lower(), (base.hostname or "").lower()
    if not host or not (host == home or host.endswith("." + home)):
        return None
    if host == home and port is None:
        return urlunsplit((base.scheme, base.netloc.lower(), "", "", ""))  # the instance itself
    return urlunsplit((base.scheme, url.netloc.lower(), "", "", ""))


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
