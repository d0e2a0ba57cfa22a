"""The rate-limit state one client shares across all its requests.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Literal

from tootkit._async.runtime import AsyncRuntime
from tootkit._concurrency import AsyncLock
from tootkit._core.ratelimit import RateLimit, pace_delay

__all__ = ["AsyncRateLimiter", "RateLimitMode", "log_wait"]

RateLimitMode = Literal["wait", "pace", "raise"]

logger = logging.getLogger("tootkit")


def log_wait(reason: str, seconds: float, on_wait: Callable[[str, float], None] | None) -> None:
    """Report a wait: at INFO in the ``tootkit`` log when over a second, and to ``on_wait``."""
    if seconds > 1:
        logger.info("waiting %.1f s: %s", seconds, reason)
    if on_wait is not None and seconds > 0:
        on_wait(reason, seconds)


class AsyncRateLimiter:
    """Paces requests in ``"pace"`` mode; records what the server says in every mode.

    One instance per client, guarded by a lock, so that concurrent tasks (or
    threads, on the sync client) share one budget.
    """

    def __init__(
        self,
        mode: RateLimitMode,
        runtime: AsyncRuntime,
        on_wait: Callable[[str, float], None] | None,
    ) -> None:
        if mode not in ("wait", "pace", "raise"):
            raise ValueError(f"rate_limit must be 'wait', 'pace' or 'raise', not {mode!r}")
        self.mode = mode
        self.runtime = runtime
        self.on_wait = on_wait
        self.latest: RateLimit | None = None
        self._last_sent: datetime | None = None
        self._lock = AsyncLock()

    async def before_request(self) -> None:
        """In ``pace`` mode, wait until the next request fits the remaining budget."""
        if self.mode != "pace":
            return
        async with self._lock:
            delay = pace_delay(self.latest, now=self.runtime.clock(), last_sent=self._last_sent)
            if delay > 0:
                log_wait("pacing requests to the rate limit", delay, self.on_wait)
                await self.runtime.sleep(delay)
            self._last_sent = self.runtime.clock()

    def record(self, rate: RateLimit) -> None:
        """Record the rate-limit state of a response, read once by :func:`~tootkit._core.decipher.decipher`."""
        if rate.remaining is not None:
            self.latest = rate
