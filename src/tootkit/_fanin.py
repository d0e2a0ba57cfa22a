"""Many streams read as one: :class:`AsyncFanIn` (tasks) and :class:`FanIn` (threads).

Both are written by hand, side by side, because the two differ in kind: the
async one runs a task per source, the sync one a thread per source. The
async streaming code names ``AsyncFanIn``; its generated sync twin names
``FanIn``. Sources are streams: iterables of items with a close method.

A source that ends or fails ends the whole fan-in, with its error: a stream
of several streams that silently lost one would be worse than none.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Generic, Protocol, TypeVar

__all__ = ["AsyncFanIn", "FanIn"]

T = TypeVar("T")
K = TypeVar("K")
T_co = TypeVar("T_co", covariant=True)

_BUFFER = 256
"""Items waiting to be read, per fan-in: a slow reader stops the sources, memory stays flat."""


class _Ended(Exception):
    """A source ran out: streams do not, unless they were closed."""


class _AsyncSource(Protocol[T_co]):
    def __aiter__(self) -> AsyncIterator[T_co]: ...

    def aclose(self) -> Awaitable[None]: ...


class _Source(Protocol[T_co]):
    def __iter__(self) -> Iterator[T_co]: ...

    def close(self) -> None: ...


class AsyncFanIn(Generic[K, T]):
    """Read several async sources at once; iterate ``(key, item)`` pairs as they come.

    Examples:
        >>> fan = AsyncFanIn()  # doctest: +SKIP
        >>> fan.add("python", stream)  # doctest: +SKIP
        >>> async for key, event in fan:  # doctest: +SKIP
        ...     print(key, event)
    """

    def __init__(self) -> None:
        self._queue: asyncio.Queue[tuple[K, T | None, BaseException | None]] = asyncio.Queue(
            _BUFFER
        )
        self._tasks: dict[K, asyncio.Task[None]] = {}
        self._sources: dict[K, _AsyncSource[T]] = {}

    def add(self, key: K, source: _AsyncSource[T]) -> None:
        """Start reading ``source``; its items come out paired with ``key``."""
        self._sources[key] = source
        self._tasks[key] = asyncio.get_running_loop().create_task(self._pump(key, source))

    async def _pump(self, key: K, source: _AsyncSource[T]) -> None:
        try:
            async for item in source:
                await self._queue.put((key, item, None))
            await self._queue.put((key, None, _Ended(f"the stream {key} ended")))
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # handed to the reader, who raises it
            await self._queue.put((key, None, exc))

    async def remove(self, key: K) -> None:
        """Stop reading the source of ``key`` and close it; items it already gave are dropped."""
        task, source = self._tasks.pop(key, None), self._sources.pop(key, None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if source is not None:
            await source.aclose()

    async def __aiter__(self) -> AsyncIterator[tuple[K, T]]:
        while self._tasks:
            key, item, error = await self._queue.get()
            if key not in self._tasks:
                continue  # from a source removed since
            if error is not None:
                raise error
            assert item is not None
            yield key, item

    async def aclose(self) -> None:
        """Stop and close every source."""
        for key in list(self._tasks):
            await self.remove(key)


class FanIn(Generic[K, T]):
    """Read several sources at once, a thread each; iterate ``(key, item)`` pairs as they come.

    Examples:
        >>> fan = FanIn()  # doctest: +SKIP
        >>> fan.add("python", stream)  # doctest: +SKIP
        >>> for key, event in fan:  # doctest: +SKIP
        ...     print(key, event)
    """

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[K, T | None, BaseException | None]] = queue.Queue(_BUFFER)
        self._stops: dict[K, threading.Event] = {}
        self._sources: dict[K, _Source[T]] = {}

    def add(self, key: K, source: _Source[T]) -> None:
        """Start reading ``source`` in a thread; its items come out paired with ``key``."""
        stop = threading.Event()
        self._stops[key] = stop
        self._sources[key] = source
        thread = threading.Thread(
            target=self._pump, args=(key, source, stop), name=f"tootkit-stream-{key}", daemon=True
        )
        thread.start()

    def _pump(self, key: K, source: _Source[T], stop: threading.Event) -> None:
        put = self._put(stop)
        try:
            for item in source:
                if not put((key, item, None)):
                    return
            put((key, None, _Ended(f"the stream {key} ended")))
        except BaseException as exc:  # handed to the reader, who raises it
            put((key, None, exc))

    def _put(
        self, stop: threading.Event
    ) -> Callable[[tuple[K, T | None, BaseException | None]], bool]:
        def put(entry: tuple[K, T | None, BaseException | None]) -> bool:
            while not stop.is_set():
                with contextlib.suppress(queue.Full):
                    self._queue.put(entry, timeout=0.2)
                    return True
            return False

        return put

    def remove(self, key: K) -> None:
        """Stop reading the source of ``key`` and close its connection; its thread ends soon after."""
        stop, source = self._stops.pop(key, None), self._sources.pop(key, None)
        if stop is not None:
            stop.set()
        if source is not None:
            source.close()

    def __iter__(self) -> Iterator[tuple[K, T]]:
        while self._stops:
            try:
                key, item, error = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            if key not in self._stops:
                continue  # from a source removed since
            if error is not None:
                raise error
            assert item is not None
            yield key, item

    def close(self) -> None:
        """Stop and close every source."""
        for key in list(self._stops):
            self.remove(key)
