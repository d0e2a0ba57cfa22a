# This file is generated from the async source src/tootkit/_async/ratelimiter.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""The rate-limit state one client shares across all its requests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Literal

from tootkit._sync.runtime import Runtime
from tootkit._concurrency import Lock
from tootkit._core.ratelimit import pace_delay, RateLimit

__all__ = ["RateLimiter", "RateLimitMode", "log_wait"]

RateLimitMode = Literal["wait", "pace", "raise"]

logger = logging.getLogger("tootkit")


def log_wait(reason: str, seconds: float, on_wait: Callable[[str, float], None] | None) -> None:
    """Report a wait: at INFO in the ``tootkit`` log when over a second, and to ``on_wait``."""
    if seconds > 1:
        logger.info("waiting %.1f s: %s", seconds, reason)
    if on_wait is not None and seconds > 0:
        on_wait(reason, seconds)


class RateLimiter:
    """Paces requests in ``"pace"`` mode; records what the server says in every mode.

    One instance per client, guarded by a lock, so that concurrent tasks (or
    threads, on the sync client) share one budget.
    """

    def __init__(
        self,
        mode: RateLimitMode,
        runtime: Runtime,
        on_wait: Callable[[str, float], None] | None,
    ) -> None:
        if mode not in ("wait", "pace", "raise"):
            raise ValueError(f"rate_limit must be 'wait', 'pace' or 'raise', not {mode!r}")
        self.mode = mode
        self.runtime = runtime
        self.on_wait = on_wait
        self.latest: RateLimit | None = None
        self._last_sent: datetime | None = None
        self._lock = Lock()

    def before_request(self) -> None:
        """In ``pace`` mode, wait until the next request fits the remaining budget."""
        if self.mode != "pace":
            return
        with self._lock:
            delay = pace_delay(self.latest, now=self.runtime.clock(), last_sent=self._last_sent)
            if delay > 0:
                log_wait("pacing requests to the rate limit", delay, self.on_wait)
                self.runtime.sleep(delay)
            self._last_sent = self.runtime.clock()

    def record(self, rate: RateLimit) -> None:
        """Record the rate-limit state of a response, read once by :func:`~tootkit._core.decipher.decipher`."""
        if rate.remaining is not None:
            self.latest = rate
