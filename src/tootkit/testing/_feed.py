"""The body of an open stream, between the fake that writes it and the client that reads it.

A stream's events are written from wherever the test runs (``fake.post`` in
the test's thread, or the fake answering a request of the client), and read
by whoever reads the response: a thread of the sync client, or a task of the
async one. :class:`Feed` holds the chunks between the two and wakes the
reader, in either world; :class:`Bell` is how it wakes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TypeVar

__all__ = ["HEARTBEAT", "Bell", "Feed"]

T = TypeVar("T")

HEARTBEAT = 15.0
"""Seconds between two heartbeat comments on a quiet stream, as Mastodon sends them."""

THUMP = b":thump\n"
"""Mastodon's heartbeat: an SSE comment, which readers skip."""

_Waiter = tuple[asyncio.AbstractEventLoop, "asyncio.Future[None]"]


def _settle(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


class Bell:
    """A lock, and a bell that wakes the threads and the asyncio tasks waiting under it.

    Whoever changes the guarded state does so holding :attr:`lock`, then
    rings; a waiter gives a ``poll`` function, called under the lock, that
    returns what it waits for or None (not yet). Rung from any thread, the
    bell reaches a task through its loop's ``call_soon_threadsafe``.

    Examples:
        >>> bell, box = Bell(), []
        >>> with bell.lock:
        ...     box.append("event")
        ...     bell.ring()
        >>> bell.wait_for(lambda: box[0] if box else None, timeout=1.0)
        'event'
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._threads = threading.Condition(self.lock)
        self._tasks: list[_Waiter] = []

    def ring(self) -> None:
        """Wake every waiter; call it holding :attr:`lock`, after a change."""
        self._threads.notify_all()
        tasks, self._tasks = self._tasks, []
        for loop, waiter in tasks:
            with contextlib.suppress(RuntimeError):  # its loop was closed since
                loop.call_soon_threadsafe(_settle, waiter)

    def wait_for(self, poll: Callable[[], T | None], timeout: float) -> T | None:
        """Block this thread until ``poll()`` returns something; None if ``timeout`` passes first."""
        deadline = time.monotonic() + timeout
        with self._threads:
            while (found := poll()) is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._threads.wait(left)
            return found

    async def async_wait_for(self, poll: Callable[[], T | None], timeout: float) -> T | None:
        """Await, without blocking the loop, until ``poll()`` returns something; None after ``timeout``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            with self.lock:
                found = poll()
                left = deadline - loop.time()
                if found is not None or left <= 0:
                    return found
                waiter: asyncio.Future[None] = loop.create_future()
                self._tasks.append((loop, waiter))
            try:
                await asyncio.wait_for(waiter, left)
            except TimeoutError:
                pass  # polled once more, then None
            finally:
                with self.lock, contextlib.suppress(ValueError):  # rung: no longer listed
                    self._tasks.remove((loop, waiter))


class Feed:
    """The chunks of one stream's body, in order, until it ends.

    It ends when the reader closes it (at once: what was not read is
    dropped), or when the fake drops it: the reader then gets what was
    already written, and then ``error``, as httpx reports a connection that
    the server closed in the middle of a body.

    Examples:
        >>> feed = Feed(b":)\\n")
        >>> feed.push(b"event: delete\\ndata: 1\\n\\n")
        >>> feed.take(), feed.take()
        (b':)\\n', b'event: delete\\ndata: 1\\n\\n')
        >>> feed.end()
        >>> feed.take()
        b''
    """

    def __init__(self, first: bytes) -> None:
        self._bell = Bell()
        self._chunks: deque[bytes] = deque([first])
        self._closed = False
        self._error: Exception | None = None

    def push(self, chunk: bytes) -> None:
        """Write a chunk (not empty); nothing happens once the feed is ending."""
        with self._bell.lock:
            if not self._closed and self._error is None:
                self._chunks.append(chunk)
                self._bell.ring()

    def end(self, error: Exception | None = None) -> None:
        """End the body: at once, or (with ``error``) once what was written is read."""
        with self._bell.lock:
            if error is None:
                self._closed = True
                self._chunks.clear()
            elif self._error is None:
                self._error = error
            self._bell.ring()

    def take(self, timeout: float = HEARTBEAT) -> bytes:
        """The next chunk, blocking this thread; a heartbeat after ``timeout``; ``b""`` at the end."""
        found = self._bell.wait_for(self._next, timeout)
        return THUMP if found is None else found

    async def async_take(self, timeout: float = HEARTBEAT) -> bytes:
        """The next chunk, awaited; a heartbeat after ``timeout``; ``b""`` at the end."""
        found = await self._bell.async_wait_for(self._next, timeout)
        return THUMP if found is None else found

    def _next(self) -> bytes | None:
        """Under the lock: a chunk, ``b""`` at the end, None if there is none yet; raises a drop."""
        if self._closed:
            return b""
        if self._chunks:
            return self._chunks.popleft()
        if self._error is not None:
            self._closed = True
            raise self._error
        return None
