"""What streaming needs of its client, and nothing more: :class:`AsyncStreamingSeam`.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeVar

import httpx

from tootkit._async.ratelimiter import log_wait
from tootkit._core.retry import backoff
from tootkit._core.websocket import streaming_origin
from tootkit.errors import APIError, StreamingNotSupported, TootkitError

if TYPE_CHECKING:
    from tootkit._async.client import AsyncClient
    from tootkit._async.timelines import AsyncTimelines

__all__ = ["TRANSPORTS", "AsyncStreamingSeam", "StreamTransport"]

T = TypeVar("T")

StreamTransport = Literal["auto", "websocket", "sse"]
"""How streams reach the server: WebSocket, Server-Sent Events, or whichever works (``auto``)."""

TRANSPORTS = ("auto", "websocket", "sse")


class AsyncStreamingSeam:
    """The one way streaming reaches its client: connections, errors, pauses, decoding.

    Streams go through it instead of the client's private attributes, so that
    what a stream may do with the client is written in one place.
    """

    def __init__(self, client: AsyncClient) -> None:
        self._client = client
        self._base: str | None = None
        self._worked: str | None = None  # the transport that last opened a stream
        self._nothing: StreamingNotSupported | None = None  # both refused, under "auto"
        self.timelines: AsyncTimelines = client.timelines
        """Where a backfill reads what was posted while a stream was away."""

    async def base_url(self) -> str:
        """Where to stream from: the instance, or the streaming host it names on its own domain.

        Asked once per client, or until the instance answers. A streaming
        host on another domain is not used: the token goes to the configured
        instance and its subdomains only.
        """
        if self._base is None:
            client = self._client
            try:
                named = (await client.instance()).configuration.urls.streaming
            except TootkitError:
                return client.base_url  # asked again at the next connection
            origin = streaming_origin(named, client.base_url) if named else None
            self._base = client.base_url if origin is None else origin
            if origin is not None:
                client._trust_origin(httpx.URL(origin))
        return self._base

    @property
    def http(self) -> httpx.AsyncClient:
        """The client's connection pool: WebSockets share its proxies, TLS settings and token rules."""
        return self._client._http

    def transports(self, requested: StreamTransport | None) -> tuple[str, ...]:
        """The transports to try, in order: ``auto`` tries the one that worked last first.

        Under ``auto``, a server that refused both is not asked again.
        """
        requested = requested or self._client._stream_transport
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

    async def open(
        self, url: str, params: dict[str, str], headers: dict[str, str], timeout: httpx.Timeout
    ) -> httpx.Response:
        """Send a streaming request; the response's body is read as it comes."""
        http = self._client._http
        request = http.build_request("GET", url, params=params, headers=headers, timeout=timeout)
        return await http.send(request, stream=True)

    def refusal(self, response: httpx.Response) -> APIError:
        """The error for a response that refused the stream (from its body, when it was read)."""
        content = response.content if response.is_stream_consumed else b""
        try:
            self._client._decipher(response, content)
        except APIError as error:
            return error
        raise ValueError(f"not a refusal: {response.status_code}")

    @property
    def retry_statuses(self) -> frozenset[int]:
        """Statuses after which a stream reconnects instead of failing."""
        return self._client._retry.retry_statuses | {429}

    async def pause(self, attempt: int, reason: str) -> None:
        """Wait before reconnecting, longer with each attempt, and say why."""
        client = self._client
        wait = backoff(client._retry, attempt, client.runtime.rand)
        log_wait(reason, wait, client._on_wait)
        await client.runtime.sleep(wait)

    def loads(self, data: Any, cl: type[T]) -> T:
        """Decode an event's JSON with the client's converter (and its HTML converter)."""
        return self._client._converter.loads(data, cl)
