"""What tasks and threads do differently (tootkit._concurrency): fan-ins, held managers, waits, locks."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from tootkit._concurrency import (
    AsyncFanIn,
    AsyncHeld,
    AsyncLock,
    FanIn,
    Held,
    Lock,
    async_sleep,
    sleep,
)


class Boom(Exception):
    pass


class AsyncSource:
    """Yields ``items``, then waits until closed (as a stream does), or fails with ``error``."""

    def __init__(self, *items: str, error: Exception | None = None) -> None:
        self.items = items
        self.error = error
        self.closed = asyncio.Event()

    async def __aiter__(self) -> AsyncIterator[str]:
        for item in self.items:
            yield item
        if self.error is not None:
            raise self.error
        await self.closed.wait()

    async def aclose(self) -> None:
        self.closed.set()


class Source:
    """The threaded twin of :class:`AsyncSource`."""

    def __init__(self, *items: str, error: Exception | None = None) -> None:
        self.items = items
        self.error = error
        self.closed = threading.Event()

    def __iter__(self) -> Iterator[str]:
        yield from self.items
        if self.error is not None:
            raise self.error
        self.closed.wait(10)

    def close(self) -> None:
        self.closed.set()


async def test_an_async_fan_in_pairs_each_item_with_its_key() -> None:
    fan: AsyncFanIn[str, str] = AsyncFanIn()
    fan.add("a", AsyncSource("a1", "a2"))
    fan.add("b", AsyncSource("b1"))
    got: list[tuple[str, str]] = []
    async for pair in fan:
        got.append(pair)
        if len(got) == 3:
            break
    await fan.aclose()
    assert sorted(got) == [("a", "a1"), ("a", "a2"), ("b", "b1")]
    assert [item for key, item in got if key == "a"] == ["a1", "a2"]  # in order, per source


async def test_an_async_fan_in_raises_what_a_source_raised() -> None:
    fan: AsyncFanIn[str, str] = AsyncFanIn()
    fan.add("ok", AsyncSource())
    fan.add("bad", AsyncSource("x", error=Boom("bad")))
    with pytest.raises(Boom):
        async for _ in fan:
            pass
    await fan.aclose()


async def test_a_removed_source_is_closed_and_the_last_removal_ends_the_reader() -> None:
    fan: AsyncFanIn[str, str] = AsyncFanIn()
    source = AsyncSource()
    fan.add("only", source)

    async def read() -> list[tuple[str, str]]:
        return [pair async for pair in fan]

    reader = asyncio.create_task(read())
    await asyncio.sleep(0)
    await fan.remove("only")
    assert source.closed.is_set()
    assert await asyncio.wait_for(reader, 2) == []


def test_a_fan_in_of_threads_pairs_raises_and_ends_its_threads() -> None:
    fan: FanIn[str, str] = FanIn()
    sources = [Source("a1", "a2"), Source("b1")]
    fan.add("a", sources[0])
    fan.add("b", sources[1])
    got: list[tuple[str, str]] = []
    for pair in fan:
        got.append(pair)
        if len(got) == 3:
            break
    fan.close()
    assert sorted(got) == [("a", "a1"), ("a", "a2"), ("b", "b1")]
    assert all(source.closed.is_set() for source in sources)

    failing: FanIn[str, str] = FanIn()
    failing.add("bad", Source(error=Boom("bad")))
    with pytest.raises(Boom):
        for _ in failing:
            pass
    failing.close()
    deadline = time.monotonic() + 3
    ours = ("tootkit-stream-a", "tootkit-stream-b", "tootkit-stream-bad")
    while any(t.name in ours for t in threading.enumerate()):
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_a_full_fan_in_lets_its_threads_go_when_closed() -> None:
    fan: FanIn[str, int] = FanIn()

    class Endless:
        def __iter__(self) -> Iterator[int]:
            yield from range(10**9)  # fills the buffer, then waits for room

        def close(self) -> None:
            pass

    fan.add("endless", Endless())
    time.sleep(0.1)
    fan.close()  # nobody reads: the pump must still end
    deadline = time.monotonic() + 3
    while any(t.name == "tootkit-stream-endless" for t in threading.enumerate()):
        assert time.monotonic() < deadline
        time.sleep(0.02)


async def test_a_held_manager_is_entered_and_exited_by_its_own_task() -> None:
    tasks: list[asyncio.Task[object] | None] = []

    @contextlib.asynccontextmanager
    async def manager() -> AsyncIterator[str]:
        tasks.append(asyncio.current_task())
        yield "value"
        tasks.append(asyncio.current_task())

    held = AsyncHeld(manager())
    assert await held.enter() == "value"

    async def release_elsewhere() -> None:
        await held.release()

    await asyncio.create_task(release_elsewhere())
    assert len(tasks) == 2
    assert tasks[0] is tasks[1]  # one holder task, whichever task released it
    assert tasks[0] is not asyncio.current_task()


async def test_a_held_manager_that_fails_to_enter_raises_and_one_that_fails_to_exit_does_not() -> (
    None
):
    @contextlib.asynccontextmanager
    async def refused() -> AsyncIterator[str]:
        raise Boom("refused")
        yield "never"

    with pytest.raises(Boom):
        await AsyncHeld(refused()).enter()

    @contextlib.asynccontextmanager
    async def broken() -> AsyncIterator[str]:
        yield "value"
        raise Boom("a broken connection")

    held = AsyncHeld(broken())
    assert await held.enter() == "value"
    await held.release()  # the error of a broken connection is dropped


def test_a_held_manager_of_threads_exits_from_any_thread_and_drops_exit_errors() -> None:
    exits: list[str] = []

    @contextlib.contextmanager
    def manager() -> Iterator[str]:
        yield "value"
        exits.append(threading.current_thread().name)
        raise Boom("a broken connection")

    held = Held(manager())
    assert held.enter() == "value"
    thread = threading.Thread(target=held.release, name="closer")
    thread.start()
    thread.join(5)
    assert exits == ["closer"]


async def test_waits_and_locks_for_tasks_and_threads() -> None:
    started = time.monotonic()
    await async_sleep(0.01)
    sleep(0.01)
    assert time.monotonic() - started >= 0.02
    async with AsyncLock():
        pass
    lock = Lock()
    with lock:
        assert not lock.acquire(blocking=False)
