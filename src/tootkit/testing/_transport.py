""":class:`FakeTransport`: how a fake instance's answers reach an httpx client, streams included.

An ordinary answer is a whole body, as ``httpx.MockTransport`` sends it. A
stream's answer is a body that stays open: the sync client's read blocks its
thread until the fake has an event, the async client's read awaits one. No
thread and no task of the fake's own is started: the reader does the waiting.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import AsyncIterator, Callable, Iterator

import httpx

from tootkit.testing._call import Answer, error
from tootkit.testing._fanout import Streams
from tootkit.testing._feed import Feed
from tootkit.testing._streams import Listen

__all__ = ["FakeTransport", "failure"]

HELD = 10.0
"""Real seconds a new stream waits for ``fake.streams_down()`` to end before it is refused (503)."""


class FakeTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The transport of a :class:`~tootkit.testing.FakeInstance`, for sync and async clients alike.

    Make it with :meth:`FakeInstance.transport() <tootkit.testing.FakeInstance.transport>`.
    Closing it (closing its client) drops the streams it opened and still
    open, as closing a connection pool does: their readers get an error
    instead of waiting for good.

    Examples:
        >>> import httpx
        >>> from tootkit.testing import FakeInstance
        >>> fake = FakeInstance()
        >>> with httpx.Client(transport=fake.transport(), base_url=fake.url) as http:
        ...     http.get("/api/v1/streaming/health").text
        'OK'
    """

    def __init__(self, answer: Callable[[httpx.Request], Answer], streams: Streams) -> None:
        self._answer = answer
        self._streams = streams

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer a request of a sync client (``httpx.Client``)."""
        request.read()
        answer = self._answer(request)
        if isinstance(answer.body, Listen):
            # While the streams are down, a new one waits, as a connection to a
            # server that is restarting does. Refused at once, a client on the
            # fake's clock would retry as fast as the CPU allows.
            self._streams.wait_up(HELD)
        return self._respond(answer, sync=True)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer a request of an async client (``httpx.AsyncClient``)."""
        await request.aread()
        answer = self._answer(request)
        if isinstance(answer.body, Listen):
            await self._streams.async_wait_up(HELD)
        return self._respond(answer, sync=False)

    def close(self) -> None:
        """Drop the streams this transport opened and that are still open."""
        self._streams.drop(owner=self)

    async def aclose(self) -> None:
        """Drop the streams this transport opened and that are still open."""
        self._streams.drop(owner=self)

    def _respond(self, answer: Answer, *, sync: bool) -> httpx.Response:
        try:
            if isinstance(answer.body, Listen):
                return self._stream(answer, answer.body, sync=sync)
            return _whole(answer)
        except Exception as exc:
            # An answer the fake cannot send is a server error too, not an exception in user code.
            return _whole(failure(exc))

    def _stream(self, answer: Answer, listen: Listen, *, sync: bool) -> httpx.Response:
        feed = self._streams.open(listen, owner=self)
        if feed is None:
            down = error(
                503, f"The streaming server is down (fake.streams_down(), over {HELD:g} s)"
            )
            return _whole(down)
        body = _SyncBody(feed, self._streams) if sync else _AsyncBody(feed, self._streams)
        return httpx.Response(answer.status, headers=answer.headers, stream=body)


def failure(exc: Exception) -> Answer:
    """The 500 that a failure of the fake itself becomes, so that it never raises in user code."""
    detail = "".join(traceback.format_exception_only(exc)).strip()
    return error(500, f"tootkit.testing.FakeInstance failed: {detail}")


def _whole(answer: Answer) -> httpx.Response:
    """A response with the whole body: raw bytes as they are, anything else as JSON."""
    if isinstance(answer.body, bytes):
        return httpx.Response(answer.status, content=answer.body, headers=answer.headers)
    headers = {"Content-Type": "application/json; charset=utf-8", **answer.headers}
    return httpx.Response(answer.status, content=json.dumps(answer.body), headers=headers)


class _Body:
    """A stream's body: its feed, and the streams to tell when the client closes it."""

    def __init__(self, feed: Feed, streams: Streams) -> None:
        self._feed = feed
        self._streams = streams

    def _close(self) -> None:
        self._streams.close(self._feed)


class _SyncBody(_Body, httpx.SyncByteStream):
    def __iter__(self) -> Iterator[bytes]:
        while chunk := self._feed.take():
            yield chunk

    def close(self) -> None:
        self._close()


class _AsyncBody(_Body, httpx.AsyncByteStream):
    async def __aiter__(self) -> AsyncIterator[bytes]:
        while chunk := await self._feed.async_take():
            yield chunk

    async def aclose(self) -> None:
        self._close()
