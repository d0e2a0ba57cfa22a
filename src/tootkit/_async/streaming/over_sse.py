"""Streams over Server-Sent Events: :class:`AsyncSSELink`, one response per stream.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

import httpx

from tootkit._async.streaming.transports import STOPPED, AsyncLink, Dropped, upgrade_refusal
from tootkit._concurrency import AsyncFanIn
from tootkit._core.sse import SSEDecoder
from tootkit._core.websocket import Message, StreamName

if TYPE_CHECKING:
    from tootkit._async.streaming.seam import AsyncStreamingSeam

__all__ = ["AsyncSSELink"]


class _SSEReader:
    """One Server-Sent Events response, read as messages of one stream, until ``stopped()``."""

    def __init__(
        self,
        name: StreamName,
        response: httpx.Response,
        heartbeat: float,
        stopped: Callable[[], bool],
    ) -> None:
        self._stopped = stopped
        self._response = response
        self._heartbeat = heartbeat
        self._streams = name.labels()

    async def __aiter__(self) -> AsyncIterator[Message]:
        decoder = SSEDecoder()
        try:
            async for chunk in self._response.aiter_bytes():
                if self._stopped():
                    raise Dropped(STOPPED)
                for event in decoder.feed(chunk):
                    yield Message(self._streams, event.event, event.data)
        except httpx.ReadTimeout:
            raise Dropped(f"the stream was silent for {self._heartbeat:g} s") from None
        except httpx.TransportError as exc:
            raise Dropped(f"the stream dropped ({type(exc).__name__})") from None
        raise Dropped("the stream ended")

    async def aclose(self) -> None:
        with contextlib.suppress(Exception):
            await self._response.aclose()


class AsyncSSELink(AsyncLink):
    """Server-Sent Events: one response per stream (``/api/v1/streaming/hashtag?tag=...``).

    A link with several streams (a multiplex over SSE) reads its responses
    all at once, so that user code does not change with the transport; when
    one of them drops, they all reconnect, and each is backfilled.
    """

    def __init__(
        self,
        seam: AsyncStreamingSeam,
        names: tuple[StreamName, ...],
        heartbeat: float,
        *,
        several: bool = False,
    ) -> None:
        self._seam = seam
        self._names = names
        self._heartbeat = heartbeat
        self._readers: dict[StreamName, _SSEReader] = {}
        self.fan = AsyncFanIn() if several else None

    async def open(self) -> None:
        for name in self._names:
            await self.add(name)

    async def add(self, name: StreamName) -> None:
        seam = self._seam
        path, params = name.sse_path()
        response = await seam.open(
            await seam.base_url() + path,
            params,
            {"Accept": "text/event-stream", "Cache-Control": "no-cache"},
            httpx.Timeout(10.0, read=self._heartbeat),
        )
        kind = response.headers.get("Content-Type", "text/event-stream")
        if response.status_code >= 300 or "html" in kind or "json" in kind:
            # An HTML or JSON page with a 200 is a catch-all route, not a stream.
            await response.aread()
            await response.aclose()
            raise upgrade_refusal(seam, "Server-Sent Events", response)
        reader = _SSEReader(name, response, self._heartbeat, lambda: self.stopped)
        self._readers[name] = reader
        self.names = (*self.names, name)
        if self.fan is not None:
            self.fan.add(name, reader)

    async def remove(self, name: StreamName) -> None:
        self.names = tuple(n for n in self.names if n != name)
        reader = self._readers.pop(name, None)
        if self.fan is not None:
            await self.fan.remove(name)
        elif reader is not None:
            await reader.aclose()

    async def messages(self) -> AsyncIterator[Message]:
        if self.fan is not None:
            async for _, message in self.fan:
                yield message
        else:
            (reader,) = self._readers.values()
            async for message in reader:
                yield message

    async def aclose(self) -> None:
        self.stopped = True
        if self.fan is not None:
            await self.fan.aclose()
        for reader in list(self._readers.values()):
            await reader.aclose()
        self._readers.clear()
