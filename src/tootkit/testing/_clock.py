"""Time in the fake instance: :class:`FakeClock`, and answers that take a while (:class:`SlowAnswers`).

The clock is shared by the fake and by the client under test (through
:func:`runtime_for` and :func:`async_runtime_for`): a rate limit's reset, a
retry's backoff and a slow answer all move the same clock, and none of them
takes real time.

    >>> from datetime import UTC, datetime
    >>> clock = FakeClock(start=datetime(2024, 5, 1, tzinfo=UTC))
    >>> runtime = runtime_for(clock)
    >>> runtime.sleep(60)  # returns at once
    >>> runtime.clock().isoformat(), runtime.monotonic()
    ('2024-05-01T00:01:00+00:00', 60.0)
"""

from __future__ import annotations

import asyncio
import math
import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx

from tootkit._async.runtime import AsyncRuntime
from tootkit._sync.runtime import Runtime

__all__ = ["FakeClock", "SlowAnswers", "async_runtime_for", "read_timeout", "runtime_for"]


class FakeClock:
    """A clock that moves only when told to: by :meth:`advance`, or by sleeping on it.

    It starts at the real time when it is made (or at ``start``), and
    :meth:`monotonic` starts at 0, so that it reads how many seconds the
    clock has moved since. Its :meth:`sleep` and :meth:`async_sleep` return
    at once, having moved the clock: a minute of backoff takes no time, and
    a test can assert how long the code under test waited.

    The clock does not schedule anything: every sleep moves it at once, so
    two tasks (or threads) that each sleep 5 s concurrently move it 10 s,
    not 5. Assert "at least" in concurrent code.

    Examples:
        >>> clock = FakeClock()
        >>> before = clock.now()
        >>> clock.sleep(90)
        >>> clock.monotonic(), (clock.now() - before).total_seconds()
        (90.0, 90.0)

    Args:
        start: The time :meth:`now` reads at first, aware; the real time by
            default.
    """

    def __init__(self, start: datetime | None = None) -> None:
        if start is None:
            start = datetime.now(UTC)
        elif start.tzinfo is None:
            raise ValueError("start must be an aware datetime (say, tzinfo=UTC)")
        self._start = start.astimezone(UTC)
        self._elapsed = 0.0
        # Sync clients may sleep in several threads at once.
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<FakeClock {self.now().isoformat()} (+{self._elapsed:g} s)>"

    def now(self) -> datetime:
        """The current time on this clock, aware, in UTC.

        Examples:
            >>> clock = FakeClock(start=datetime(2024, 5, 1, tzinfo=UTC))
            >>> clock.advance(1.5)
            >>> clock.now().isoformat()
            '2024-05-01T00:00:01.500000+00:00'
        """
        return self._start + timedelta(seconds=self._elapsed)

    def monotonic(self) -> float:
        """Seconds this clock has moved since it was made: 0.0 at first, never going back.

        Examples:
            >>> clock = FakeClock()
            >>> clock.advance(2)
            >>> clock.monotonic()
            2.0
        """
        return self._elapsed

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds``, as if that much time passed.

        Examples:
            >>> clock = FakeClock()
            >>> clock.advance(0.25)
            >>> clock.advance(-1)
            Traceback (most recent call last):
            ...
            ValueError: a clock moves forward only: advance(-1) is not allowed

        Raises:
            ValueError: A negative, infinite or NaN number of seconds.
        """
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"a clock moves forward only: advance({seconds!r}) is not allowed")
        with self._lock:
            self._elapsed += seconds

    def sleep(self, seconds: float) -> None:
        """Sleep on this clock: move it ``seconds`` forward and return at once.

        As with :func:`asyncio.sleep`, zero or less does not move the clock.
        A :class:`tootkit.Runtime` built on the clock sleeps with it.

        Examples:
            >>> clock = FakeClock()
            >>> clock.sleep(3600)
            >>> clock.monotonic()
            3600.0
        """
        if seconds > 0:
            self.advance(seconds)

    async def async_sleep(self, seconds: float) -> None:
        """Sleep on this clock from a coroutine: move it, then let other tasks run once.

        Other tasks get their turn (``await asyncio.sleep(0)``), as they
        would during a real sleep, but no real time passes.

        Examples:
            >>> clock = FakeClock()
            >>> asyncio.run(clock.async_sleep(30))
            >>> clock.monotonic()
            30.0
        """
        self.sleep(seconds)
        await asyncio.sleep(0)


def _rand(seed: int | None) -> Callable[[], float]:
    # A seed makes the jitter of backoffs, and so the clock's readings, repeatable.
    return random.random if seed is None else random.Random(seed).random


def runtime_for(clock: FakeClock, *, seed: int | None = None) -> Runtime:
    """A :class:`tootkit.Runtime` whose time and sleep are ``clock``'s.

    ``seed`` makes the randomness (the jitter of backoffs) repeatable.

    Examples:
        >>> runtime_for(FakeClock(), seed=1).rand() == runtime_for(FakeClock(), seed=1).rand()
        True
    """
    return Runtime(clock=clock.now, monotonic=clock.monotonic, sleep=clock.sleep, rand=_rand(seed))


def async_runtime_for(clock: FakeClock, *, seed: int | None = None) -> AsyncRuntime:
    """A :class:`tootkit.AsyncRuntime` whose time and sleep are ``clock``'s.

    Examples:
        >>> runtime = async_runtime_for(FakeClock())
        >>> asyncio.run(runtime.sleep(5))
        >>> runtime.monotonic()
        5.0
    """
    return AsyncRuntime(
        clock=clock.now, monotonic=clock.monotonic, sleep=clock.async_sleep, rand=_rand(seed)
    )


class SlowAnswers:
    """How long the fake takes to answer: nothing by default, or what ``fake.slow()`` set.

    Each answer moves the clock by the delay before it is given. When the
    delay reaches the request's read timeout (httpx keeps it in
    ``request.extensions["timeout"]["read"]``), the client would have given
    up waiting: the clock moves by the timeout only, and :meth:`wait` returns
    the ``httpx.ReadTimeout`` that httpx raises in that case.

    Examples:
        >>> slow = SlowAnswers()
        >>> slow.set(2.0, times=1)
        >>> clock = FakeClock()
        >>> request = httpx.Request("GET", "https://fake.test/", extensions={"timeout": {"read": 30.0}})
        >>> slow.wait(request, clock) is None, clock.monotonic()
        (True, 2.0)
        >>> slow.wait(request, clock) is None, clock.monotonic()  # only once
        (True, 2.0)
    """

    def __init__(self) -> None:
        self.seconds = 0.0
        self.times: int | None = None
        """How many answers remain slow; None: all of them."""
        self._lock = threading.Lock()

    def set(self, seconds: float, *, times: int | None = None) -> None:
        """Make the next ``times`` answers (all, if None) take ``seconds``; 0 turns it off."""
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"slow needs a finite number of seconds >= 0, not {seconds!r}")
        if times is not None and times < 1:
            raise ValueError(f"slow needs times >= 1 (or None for every answer), not {times!r}")
        with self._lock:
            self.seconds, self.times = float(seconds), times

    def take(self) -> float:
        """The delay of the next answer, counted against ``times``."""
        with self._lock:
            delay = self.seconds
            if self.times is not None:
                self.times -= 1
                if self.times == 0:
                    self.seconds, self.times = 0.0, None
            return delay

    def wait(self, request: httpx.Request, clock: FakeClock) -> httpx.ReadTimeout | None:
        """Spend the next answer's delay on ``clock``; the timeout to raise if the client gave up."""
        delay = self.take()
        if delay <= 0:
            return None
        limit = read_timeout(request)
        if limit is None or delay < limit:
            clock.advance(delay)
            return None
        clock.advance(limit)
        message = f"the fake instance took {delay:g} s; the read timeout is {limit:g} s"
        return httpx.ReadTimeout(message, request=request)


def read_timeout(request: httpx.Request) -> float | None:
    """The read timeout httpx gives ``request``, in seconds; None when it waits forever.

    Examples:
        >>> read_timeout(httpx.Request("GET", "https://fake.test/"))
        >>> client = httpx.Client(timeout=httpx.Timeout(30.0, read=5.0))
        >>> read_timeout(client.build_request("GET", "https://fake.test/"))
        5.0
    """
    timeouts = request.extensions.get("timeout")
    if not isinstance(timeouts, dict):
        return None
    value = timeouts.get("read")
    return float(value) if isinstance(value, int | float) else None
