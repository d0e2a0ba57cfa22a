# This file is generated from the async source src/tootkit/_async/streaming/seam.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""What streaming needs of its client, named one by one: :class:`StreamingSeam`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal, TYPE_CHECKING, TypeVar

import httpx

from tootkit._sync.ratelimiter import log_wait
from tootkit._sync.runtime import Runtime
from tootkit._core.backfill import Timeline
from tootkit._core.decipher import decipher
from tootkit._core.retry import backoff, RetryPolicy
from tootkit._core.websocket import streaming_origin
from tootkit._transport import InstanceOnlyBearer
from tootkit.errors import APIError, StreamingNotSupported, TootkitError

if TYPE_CHECKING:
    from tootkit._sync.notifications import Notifications
    from tootkit._sync.paginator import Paginator
    from tootkit._sync.timelines import Timelines
    from tootkit._convert import Converter
    from tootkit.models import Instance, Notification, Status

__all__ = ["TRANSPORTS", "StreamingSeam", "StreamTransport"]

T = TypeVar("T")

StreamTransport = Literal["auto", "websocket", "sse"]
"""How streams reach the server: WebSocket, Server-Sent Events, or whichever works (``auto``)."""

TRANSPORTS = ("auto", "websocket", "sse")


class StreamingSeam:
    """The one way streaming reaches its client: connections, errors, pauses, decoding, backfills.

    The client hands it, one by one, what streams may use: its connection
    pool, its base URL, a way to ask for the instance, its timelines and
    notifications, its retry policy, runtime and ``on_wait``, and its
    converter. Nothing else of the client is reachable from a stream.
    """

    def __init__(
        self,
        http: httpx.Client,
        base_url: str,
        *,
        transport: StreamTransport,
        instance: Callable[[], Instance],
        timelines: Timelines,
        notifications: Notifications,
        retry: RetryPolicy,
        runtime: Runtime,
        on_wait: Callable[[str, float], None] | None,
        converter: Converter,
    ) -> None:
        if transport not in TRANSPORTS:
            raise ValueError(f"stream_transport must be one of {TRANSPORTS}, not {transport!r}")
        self.http = http
        """The client's connection pool: streams share its proxies, TLS settings and token rules."""
        self._home = base_url
        self._transport: StreamTransport = transport
        self._instance = instance
        self._timelines = timelines
        self._notifications = notifications
        self._retry = retry
        self._runtime = runtime
        self._on_wait = on_wait
        self._converter = converter
        self._base: str | None = None
        self._worked: str | None = None  # the transport that last opened a stream
        self._nothing: StreamingNotSupported | None = None  # both refused, under "auto"

    def base_url(self) -> str:
        """Where to stream from: the instance, or the streaming host it names on its own domain.

        Asked once per client, or until the instance answers. A streaming
        host on another domain is not used: the token goes to the configured
        instance and its subdomains only.
        """
        if self._base is None:
            try:
                named = (self._instance()).configuration.urls.streaming
            except TootkitError:
                return self._home  # asked again at the next connection
            origin = streaming_origin(named, self._home) if named else None
            self._base = self._home if origin is None else origin
            auth = self.http.auth
            if origin is not None and isinstance(auth, InstanceOnlyBearer):
                url = httpx.URL(origin)  # the token may go there too
                auth.origins.add((url.scheme, url.host, url.port))
        return self._base

    def transports(self, requested: StreamTransport | None) -> tuple[str, ...]:
        """The transports to try, in order: ``auto`` tries the one that worked last first.

        Under ``auto``, a server that refused both is not asked again.
        """
        requested = requested or self._transport
        if requested != "auto":
            return (requested,)
        if self._nothing is not None and self._worked is None:
            raise self._nothing
        if self._worked == "sse":
            return ("sse", "websocket")
        return ("websocket", "sse")

    def worked(self, transport: str) -> None:
        """Remember the transport that opened a stream, for the client's lifetime."""
        self._worked = transport

    def nothing(self, refused: list[tuple[str, int, APIError | None]], auto: bool) -> APIError:
        """The error for a server that refused every transport tried (``(name, status, error)``)."""
        said = "; ".join(f"{name} answered {status}" for name, status, _ in refused)
        last = refused[-1][2]
        error = StreamingNotSupported(
            refused[-1][1],
            error=f"this server does not stream ({said})",
            description="poll the timeline instead: a newer walk from the last id",
            method="GET",
            url=last.url if last is not None else "",
        )
        if auto and self._worked is None:
            self._nothing = error
        return error

    def open(
        self, url: str, params: dict[str, str], headers: dict[str, str], timeout: httpx.Timeout
    ) -> httpx.Response:
        """Send a streaming request; the response's body is read as it comes."""
        http = self.http
        request = http.build_request("GET", url, params=params, headers=headers, timeout=timeout)
        return http.send(request, stream=True)

    def refusal(self, response: httpx.Response) -> APIError:
        """The error for a response that refused the stream (from its body, when it was read)."""
        content = response.content if response.is_stream_consumed else b""
        url = str(response.request.url.copy_with(query=None))
        now = self._runtime.clock()
        try:
            method = response.request.method
            decipher(
                response.status_code, response.headers, content, method=method, url=url, now=now
            )
        except APIError as error:
            return error
        raise ValueError(f"not a refusal: {response.status_code}")

    @property
    def retry_statuses(self) -> frozenset[int]:
        """Statuses after which a stream reconnects instead of failing."""
        return self._retry.retry_statuses | {429}

    def pause(self, attempt: int, reason: str) -> None:
        """Wait before reconnecting, longer with each attempt, and say why."""
        wait = backoff(self._retry, attempt, self._runtime.rand)
        log_wait(reason, wait, self._on_wait)
        self._runtime.sleep(wait)

    def loads(self, data: Any, cl: type[T]) -> T:
        """Decode an event's JSON with the client's converter (and its HTML converter)."""
        return self._converter.loads(data, cl)

    def backfill(self, timeline: Timeline, after: str) -> Paginator[Status]:
        """The statuses of ``timeline`` newer than ``after``: what a stream missed while away."""
        timelines = self._timelines
        if timeline.name == "tag":
            return timelines.tag(timeline.tag or "", local=timeline.local, min_id=after)
        if timeline.name == "public":
            local, remote, media = timeline.local, timeline.remote, timeline.only_media
            return timelines.public(local=local, remote=remote, only_media=media, min_id=after)
        if timeline.name == "home":
            return timelines.home(min_id=after)
        return timelines.list(timeline.list_id or "", min_id=after)

    def newest_notification(self) -> str:
        """The id of the newest notification, in one request; ``"0"`` when there is none.

        Where the notification backfill of a stream that was not told where
        to start begins: what comes later is new to its reader.
        """
        for note in self._notifications.list(limit=1, page_size=1):
            return note.id
        return "0"  # below every id, snowflake or ULID: every later one is newer

    def notifications_after(self, after: str) -> Paginator[Notification]:
        """The notifications newer than ``after``: what a stream missed while away."""
        return self._notifications.list(min_id=after)
