"""One writer for many walks: :class:`PageWriter`.

Hundreds of instances harvested at once must not take turns at SQLite's
write lock, nor pile pages up in memory. Every walk hands its pages to one
writer through a bounded queue; the writer stores whatever is waiting in one
transaction. When the walks are slow, that is a page per commit; when they
outrun the disk, many pages share a commit, and a full queue makes the walks
wait, so memory stays flat.

The writer runs on the event loop. At 200 busy loopback instances it holds
the loop for a third of the harvest (``bench/writer_blocking.py``), but on a
thread of its own the harvest was no faster: making text from HTML holds the
GIL, so the thread only adds hand-offs. Walks waiting on real networks lose
nothing to it either: their sockets fill while the writer works.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar

import attrs

from tootkit.errors import ArchiveError
from tootkit.store._archive import Archive, Page

__all__ = ["PageWriter", "alongside", "each_instance", "first_error"]

E = TypeVar("E", bound=BaseException)
R = TypeVar("R")

DEFAULT_CAPACITY = 64
"""Pages waiting to be written, at most: 64 pages of 40 statuses is a few MB."""

DEFAULT_BATCH = 64
"""Pages written in one transaction, at most."""


@attrs.frozen
class _Job:
    page: Page
    stored: Callable[[int], None] | None


class PageWriter:
    """Store pages from many tasks through one bounded queue, batched into transactions.

    Run :meth:`run` as a task, :meth:`put` pages from the walks, and
    :meth:`close` when every walk is done; :meth:`run` returns once the queue
    is empty. An :class:`~tootkit.errors.ArchiveError` ends :meth:`run` with
    that error: the harvest it belongs to stops.

    Examples:
        >>> async def store(archive, pages):  # doctest: +SKIP
        ...     writer = PageWriter(archive)
        ...     task = asyncio.create_task(writer.run())
        ...     for page in pages:
        ...         await writer.put(page)
        ...     await writer.close()
        ...     await task
    """

    def __init__(
        self, archive: Archive, *, capacity: int = DEFAULT_CAPACITY, batch: int = DEFAULT_BATCH
    ) -> None:
        self._archive = archive
        self._queue: asyncio.Queue[_Job | None] = asyncio.Queue(capacity)
        self._batch = batch
        self._closing = False
        self.commits = 0
        """How many transactions it has committed."""
        self.pages = 0
        """How many pages it has stored."""

    async def put(self, page: Page, stored: Callable[[int], None] | None = None) -> None:
        """Queue ``page``, waiting while the queue is full; ``stored(new)`` runs once it is written."""
        await self._queue.put(_Job(page, stored))

    async def write(self, page: Page) -> int:
        """Queue ``page`` and wait until it is written; how many of its statuses were new.

        Pages are written in the order they were queued, so once this returns
        every page queued before it is written too: a walk that ends with it
        has its counts complete.
        """
        written: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def stored(new: int) -> None:
            # A walk cancelled while its page waited (a follow stopped) has cancelled
            # the future: the page is still written, and no one is told.
            if not written.done():
                written.set_result(new)

        await self.put(page, stored)
        return await written

    async def close(self) -> None:
        """No more pages: :meth:`run` ends after writing what is queued.

        Never waits: called when the writer has failed, with the queue full,
        it must not block on a queue that no one empties any more.
        """
        self._closing = True
        with contextlib.suppress(asyncio.QueueFull):
            self._queue.put_nowait(None)

    async def run(self) -> None:
        """Write pages as they come, until :meth:`close`."""
        queue = self._queue
        while True:
            job = await queue.get()
            if job is None:
                return
            jobs, last = [job], False
            while len(jobs) < self._batch and not queue.empty():
                more = queue.get_nowait()
                if more is None:
                    last = True
                    break
                jobs.append(more)
            counts = self._archive.store_pages([j.page for j in jobs])
            self.commits += 1
            self.pages += len(jobs)
            for j, new in zip(jobs, counts, strict=True):
                if j.stored is not None:
                    j.stored(new)
            if last or (self._closing and queue.empty()):
                return


async def each_instance(
    keys: Sequence[str],
    one_instance: Callable[[str], Coroutine[Any, Any, R]],
    concurrency: int,
) -> list[R]:
    """``one_instance(key)`` for every instance, ``concurrency`` at once; their results in order.

    A problem with the archive stops them all and is raised as itself, not in a group.
    """
    slots = asyncio.Semaphore(concurrency)

    async def limited(key: str) -> R:
        async with slots:
            return await one_instance(key)

    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(limited(key)) for key in keys]
    except* ArchiveError as errors:
        raise first_error(errors) from None
    return [task.result() for task in tasks]


async def alongside(
    writer: PageWriter,
    instances: Sequence[str],
    one_instance: Callable[[str], Coroutine[Any, Any, None]],
    concurrency: int,
) -> None:
    """Run ``one_instance(url)`` for every instance, ``concurrency`` at once, beside ``writer``;
    close it after (:func:`each_instance` with a writer).

    A problem with the archive (:class:`~tootkit.errors.ArchiveError`), raised
    in an instance's task or by the writer, stops everything and is raised as
    itself, not in a group; so is any other error, which would be a bug.
    """

    async def every_instance() -> None:
        try:
            await each_instance(instances, one_instance, concurrency)
        finally:
            await writer.close()

    try:
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(writer.run())
                group.create_task(every_instance())
        except* ArchiveError as errors:
            # Grouped by one or two task groups: the caller gets the archive's one-line error.
            raise first_error(errors) from None
    except BaseExceptionGroup as unexpected:  # a bug: show it as itself, not as a group
        raise first_error(unexpected) from None


def first_error(group: BaseExceptionGroup[E]) -> E | BaseException:
    """The first error of a group, however deeply the task groups nested it."""
    first: BaseException = group.exceptions[0]
    return first_error(first) if isinstance(first, BaseExceptionGroup) else first
