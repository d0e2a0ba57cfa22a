# This file is generated from the async source src/tootkit/_async/runtime.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""What a client takes from the world: the time, a way to wait, and chance (:class:`Runtime`).
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, UTC

import attrs

from tootkit._concurrency import sleep

__all__ = ["Runtime"]


def _now() -> datetime:
    return datetime.now(UTC)


@attrs.frozen(kw_only=True)
class Runtime:
    """The clock, the sleep and the randomness that a client's retries, rate limits and streams use.

    Every client has one; the default is the real world. A test gives a client
    a runtime whose sleep only advances a fake clock, so that a minute of
    backoff takes no time and the waits can be asserted.

    Attributes:
        clock: The current time, aware (rate-limit resets are compared with it).
        monotonic: Seconds on a clock that never goes back (how long retries took).
        sleep: Wait this many seconds.
        rand: A float in [0, 1), for the jitter of backoff.

    Examples:
        >>> def no_wait(seconds: float) -> None:
        ...     pass
        >>> client = Client("mastodon.social", runtime=Runtime(sleep=no_wait))  # doctest: +SKIP
    """

    clock: Callable[[], datetime] = _now
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = sleep
    rand: Callable[[], float] = random.random
