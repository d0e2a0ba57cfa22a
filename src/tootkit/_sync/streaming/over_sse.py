# This file is generated from the async source src/tootkit/_async/streaming/over_sse.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Streams over Server-Sent Events: :class:`SSELink`, one response per stream.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import httpx

from tootkit._sync.streaming.transports import Dropped, Link, STOPPED, upgrade_refusal
from tootkit._concurrency import FanIn
from tootkit._core.sse import SSEDecoder
from tootkit._core.websocket import Message, StreamName

if TYPE_CHECKING:
    from tootkit._sync.streaming.seam import StreamingSeam

__all__ = ["SSELink"]


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

    def __iter__(self) -> Iterator[Message]:
        decoder = SSEDecoder()
        try:
            for chunk in self._response.iter_bytes():
                if self._stopped():
                    raise Dropped(STOPPED)
                for event in decoder.feed(chunk):
                    yield Message(self._streams, event.event, event.data)
        except httpx.ReadTimeout:
            raise Dropped(f"the stream was silent for {self._heartbeat:g} s") from None
        except httpx.TransportError as exc:
            raise Dropped(f"the stream dropped ({type(exc).__name__})") from None
        raise Dropped("the stream ended")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._response.close()


class SSELink(Link):
    """Server-Sent Events: one response per stream (``/api/v1/streaming/hashtag?tag=...``).

    A link with several streams (a multiplex over SSE) reads its responses
    all at once, so that user code does not change with the transport; when
    one of them drops, they all reconnect, and each is backfilled.
    """

    def __init__(
        self,
        seam: StreamingSeam,
        names: tuple[StreamName, ...],
        heartbeat: float,
        *,
        several: bool = False,
    ) -> None:
        self._seam = seam
        self._names = names
        self._heartbeat = heartbeat
        self._readers: dict[StreamName, _SSEReader] = {}
        self.fan = FanIn() if several else None

    def open(self) -> None:
        for name in self._names:
            self.add(name)

    def add(self, name: StreamName) -> None:
        seam = self._seam
        path, params = name.sse_path()
        response = seam.open(
            seam.base_url() + path,
            params,
            {"Accept": "text/event-stream", "Cache-Control": "no-cache"},
            httpx.Timeout(10.0, read=self._heartbeat),
        )
        kind = response.headers.get("Content-Type", "text/event-stream")
        if response.status_code >= 300 or "html" in kind or "json" in kind:
            # An HTML or JSON page with a 200 is a catch-all route, not a stream.
            response.read()
            response.close()
            raise upgrade_refusal(seam, "Server-Sent Events", response)
        reader = _SSEReader(name, response, self._heartbeat, lambda: self.stopped)
        self._readers[name] = reader
        self.names = (*self.names, name)
        if self.fan is not None:
            self.fan.add(name, reader)

    def remove(self, name: StreamName) -> None:
        self.names = tuple(n for n in self.names if n != name)
        reader = self._readers.pop(name, None)
        if self.fan is not None:
            self.fan.remove(name)
        elif reader is not None:
            reader.close()

    def messages(self) -> Iterator[Message]:
        if self.fan is not None:
            for _, message in self.fan:
                yield message
        else:
            (reader,) = self._readers.values()
            for message in reader:
                yield message

    def close(self) -> None:
        self.stopped = True
        if self.fan is not None:
            self.fan.close()
        for reader in list(self._readers.values()):
            reader.close()
        self._readers.clear()
