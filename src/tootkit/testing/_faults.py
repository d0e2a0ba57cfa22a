"""The faults a test scripts on :class:`~tootkit.testing.FakeInstance`: failures, a rate limit, slowness.

:class:`Faults` keeps them and decides, request by request, what they do;
:class:`FaultScripts` holds the public methods that set them, which
``FakeInstance`` inherits, so that the instance's module stays about
requests and state.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
import httpx

from tootkit.testing._call import Answer, error
from tootkit.testing._clock import FakeClock, SlowAnswers
from tootkit.testing._quirks import Quirk, rate_limit_headers

__all__ = ["Failure", "FaultScripts", "Faults"]


@attrs.frozen
class Failure:
    """One answer to fail: its status, the requests it applies to, and whether the request is acted on."""

    status: int
    method: str | None = None
    path: str | None = None
    answer_lost: bool = False

    def applies(self, method: str, path: str) -> bool:
        """Whether this failure is for a request of ``method`` to ``path``."""
        wanted = self.path.rstrip("/") if self.path is not None else None
        return (self.method is None or self.method == method) and (
            wanted is None or wanted == path.rstrip("/")
        )

    def answer(self) -> Answer:
        """The error answer, with Mastodon's body."""
        return error(self.status, httpx.codes.get_reason_phrase(self.status) or "Error")


class Faults:
    """The failures to come and the rate limit of one fake, on its clock.

    Examples:
        >>> faults = Faults(FakeClock())
        >>> faults.fail(503, times=1, method="POST", path="/api/v1/statuses", answer_lost=False)
        >>> faults.take("GET", "/api/v1/statuses/1") is None
        True
        >>> faults.take("POST", "/api/v1/statuses").status
        503
    """

    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock
        self._failures: list[Failure] = []
        self._limit: tuple[int, int, datetime] | None = None  # limit, remaining, reset
        self._window: timedelta | None = None  # the length of the windows that follow, if any

    def fail(
        self, status: int, *, times: int, method: str | None, path: str | None, answer_lost: bool
    ) -> None:
        """Fail the next ``times`` requests that match, after those already scripted."""
        if not 400 <= status <= 599 or times < 1:
            raise ValueError("fail_next needs an error status (400-599) and times >= 1")
        if path is not None and not path.startswith("/"):
            raise ValueError(f"fail_next's path is a path such as '/api/v1/statuses', not {path!r}")
        verb = method.upper() if method is not None else None
        self._failures.extend([Failure(status, verb, path, answer_lost)] * times)

    def take(self, method: str, path: str) -> Failure | None:
        """The first scripted failure for this request, used up; None to answer as usual."""
        for index, failure in enumerate(self._failures):
            if failure.applies(method, path):
                del self._failures[index]
                return failure
        return None

    def limit(self, *, limit: int, remaining: int, reset_in: float, window: float | None) -> None:
        """Allow ``remaining`` more requests, then 429 until ``reset_in`` seconds pass.

        With ``window``, the limit is not lifted at the reset: ``limit`` more
        requests are allowed in each window of ``window`` seconds that follows.
        """
        if remaining < 0 or limit < 1 or reset_in < 0:
            raise ValueError("rate_limit needs remaining >= 0, limit >= 1 and reset_in >= 0")
        if window is not None and not 0 < window < float("inf"):
            raise ValueError(f"rate_limit's window is a number of seconds above 0, not {window!r}")
        self._limit = (limit, remaining, self._clock.now() + timedelta(seconds=reset_in))
        self._window = None if window is None else timedelta(seconds=window)

    def count(self, quirk: Quirk) -> tuple[Answer | None, dict[str, str]]:
        """Spend one request of the rate limit: a 429 to send, if any, and the headers."""
        if self._limit is None:
            return None, {}
        limit, remaining, reset = self._limit
        now = self._clock.now()
        if now >= reset and self._window is None:
            self._limit = None
            return None, {}
        if now >= reset:
            # A new window, as a server's: whole windows from the last reset, the
            # budget full again (windows nobody asked in passed unseen).
            assert self._window is not None
            reset += self._window * ((now - reset) // self._window + 1)
            remaining = limit
        wait = max(1, round((reset - now).total_seconds())) if remaining <= 0 else None
        headers = rate_limit_headers(quirk, limit, max(remaining - 1, 0), reset, wait)
        if wait is not None:
            return error(429, "Too many requests"), headers
        self._limit = (limit, remaining - 1, reset)
        return None, headers


class FaultScripts:
    """Failures, rate limits and slow answers: a part of :class:`~tootkit.testing.FakeInstance`."""

    clock: FakeClock
    _faults: Faults
    _slow: SlowAnswers

    def fail_next(
        self,
        status: int = 503,
        *,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
        answer_lost: bool = False,
    ) -> None:
        """Answer the next ``times`` requests with ``status`` and Mastodon's error body.

        Without ``method`` or ``path``, whatever the requests ask; with them,
        only requests of that method to that path (``"/api/v1/statuses"``,
        without the query) fail, and others are answered as usual.

        With ``answer_lost=True``, the fake first does what the request asks
        and then answers the error, as when a proxy in front of a server
        loses the server's answer: a post made that way exists, and a retry
        without the same ``Idempotency-Key`` would post it twice.

        Examples:
            >>> from tootkit.testing import FakeInstance
            >>> fake = FakeInstance()
            >>> fake.fail_next(503, times=2)
            >>> fake.fail_next(502, method="POST", path="/api/v1/statuses", answer_lost=True)

        Raises:
            ValueError: A status outside 400-599, ``times`` below 1, or a
                ``path`` that does not start with ``/``.
        """
        self._faults.fail(status, times=times, method=method, path=path, answer_lost=answer_lost)

    def rate_limit(
        self,
        *,
        remaining: int = 0,
        reset_in: float = 60.0,
        limit: int = 300,
        window: float | None = None,
    ) -> None:
        """Apply a rate limit: ``remaining`` more requests, then 429 until ``reset_in`` seconds pass on :attr:`clock`.

        Every answer carries ``X-RateLimit-Limit``, ``-Remaining`` and
        ``-Reset``; a 429 also carries ``Retry-After``. When the reset time
        passes, the limit is lifted, unless ``window`` is given: then it
        renews as a server's does, with ``limit`` requests for each window
        of ``window`` seconds from the reset on, for as long as the test
        runs. Streams are not counted: Mastodon's streaming server is not
        behind the API's limit.

        Examples:
            >>> from tootkit.testing import FakeInstance
            >>> fake = FakeInstance()
            >>> fake.rate_limit(remaining=0, reset_in=2)
            >>> fake.rate_limit(limit=300, remaining=300, reset_in=300, window=300)  # Mastodon's

        Raises:
            ValueError: ``remaining`` or ``reset_in`` below 0, ``limit`` below
                1, or a ``window`` that is not a number of seconds above 0.
        """
        self._faults.limit(limit=limit, remaining=remaining, reset_in=reset_in, window=window)

    def slow(self, seconds: float, *, times: int | None = None) -> None:
        """Take ``seconds`` on :attr:`clock` to give each answer (the next ``times`` only, if given).

        The fake moves its clock by ``seconds`` before it answers, so that
        the code under test sees a slow server and no real time passes. Every
        request is slowed, faults and the request that opens a stream
        included; the events of an open stream are not. ``slow(0)`` turns it
        off, and each call replaces the last one.

        When ``seconds`` reaches the request's read timeout (30 s for a
        tootkit client unless it was given another ``timeout=``), the client
        would stop waiting: the clock moves by the timeout and the transport
        raises ``httpx.ReadTimeout``, as httpx does for a real slow server.
        This is the one fault that surfaces as an exception rather than as an
        answer; tootkit turns it into :class:`~tootkit.errors.Timeout` and
        retries it when that is safe. The request was still received and
        acted on, as a server acts on a request whose answer comes too late:
        a timed-out post was posted, and tootkit's ``Idempotency-Key`` keeps
        its retry from posting twice.

        Examples:
            >>> import tootkit
            >>> from tootkit.testing import FakeInstance
            >>> fake = FakeInstance()
            >>> fake.slow(2.5, times=1)
            >>> with tootkit.Client(fake.url, transport=fake.transport(), runtime=fake.runtime()) as c:
            ...     _ = c.instance()
            >>> fake.clock.monotonic()
            2.5

        Raises:
            ValueError: Negative or infinite ``seconds``, or ``times`` below 1.
        """
        self._slow.set(seconds, times=times)
