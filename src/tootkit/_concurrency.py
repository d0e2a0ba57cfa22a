"""What tasks and threads do differently, written twice by hand: waits, locks, fan-ins, held connections.

- :func:`async_sleep` and :data:`AsyncLock` (for tasks), :func:`sleep` and
  :data:`Lock` (for threads): the rate limiter's lock, the runtime's sleep.
- :class:`AsyncFanIn` (a task per source) and :class:`FanIn` (a thread per
  source) read several sources as one. A source that ends or fails ends the
  whole fan-in, with its error: a stream of several streams that silently
  lost one would be worse than none.
- :class:`AsyncHeld` enters a context manager in a task of its own, so that
  any task may exit it (anyio's task groups, inside httpx-ws, must be exited
  by the task that entered them); :class:`Held` simply enters it.

The async code names the ``Async`` (and ``async_``) ones; its generated sync
twin names the others (see scripts/unasync.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from typing import Generic, Protocol, TypeVar

__all__ = ["AsyncFanIn", "AsyncHeld", "AsyncLock", "FanIn", "Held", "Lock", "async_sleep", "sleep"]

logger = logging.getLogger("tootkit")

T = TypeVar("T")
K = TypeVar("K")
T_co = TypeVar("T_co", covariant=True)

_BUFFER = 256
"""Items waiting to be read, per fan-in: a slow reader stops the sources, memory stays flat."""


AsyncLock = asyncio.Lock
"""Guards state shared by the tasks of one client (the rate limit)."""

Lock = threading.Lock
"""Guards state shared by the threads of one client (the rate limit)."""


async def async_sleep(seconds: float) -> None:
    """Wait without blocking other tasks."""
    await asyncio.sleep(seconds)


def sleep(seconds: float) -> None:
    """Wait, blocking this thread only."""
    time.sleep(seconds)


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
        if not self._tasks:
            with contextlib.suppress(asyncio.QueueFull):
                self._queue.put_nowait((key, None, None))  # wakes a reader: nothing is left

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


class AsyncHeld(Generic[T]):
    """A context manager held open by a task of its own: :meth:`enter` it, :meth:`release` it.

    Any task may release it. The task that entered anyio's task group (as
    httpx-ws's sessions do) must be the one that exits it; here that is the
    holder, whichever task reads the connection, or closes it.
    """

    def __init__(self, manager: AbstractAsyncContextManager[T]) -> None:
        self._manager = manager
        self._release = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def enter(self) -> T:
        """Enter the manager (in the holder task) and return what it gives, or raise its error."""
        entered: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._task = asyncio.get_running_loop().create_task(self._hold(entered))
        try:
            return await asyncio.shield(entered)
        except asyncio.CancelledError:
            await self.release()
            raise

    async def _hold(self, entered: asyncio.Future[T]) -> None:
        try:
            async with self._manager as value:
                if entered.cancelled():
                    return
                entered.set_result(value)
                await self._release.wait()
        except BaseException as exc:
            if not entered.done():
                entered.set_exception(exc)
            else:
                logger.debug("closing a held connection failed: %r", exc)

    async def release(self) -> None:
        """Exit the manager, in the holder task; errors of a broken connection are dropped."""
        self._release.set()
        if self._task is not None:
            with contextlib.suppress(BaseException):
                await self._task


class Held(Generic[T]):
    """A context manager held open until :meth:`release`, from any thread."""

    def __init__(self, manager: AbstractContextManager[T]) -> None:
        self._manager = manager
        self._stack = contextlib.ExitStack()

    def enter(self) -> T:
        """Enter the manager and return what it gives."""
        return self._stack.enter_context(self._manager)

    def release(self) -> None:
        """Exit the manager; errors of a broken connection are dropped."""
        try:
            self._stack.close()
        except Exception as exc:
            logger.debug("closing a held connection failed: %r", exc)
