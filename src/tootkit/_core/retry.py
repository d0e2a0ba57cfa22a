"""The retry decision: what to retry, and how long to wait first.

Pure functions, with no clock and no sleeping: the clients feed them what
happened and get back a :class:`Decision`, and tenacity does the waiting.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "IDEMPOTENT_METHODS",
    "Decision",
    "Outcome",
    "RetryPolicy",
    "backoff",
    "decide",
    "wants_idempotency_key",
]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
"""Methods that RFC 9110 defines as idempotent: sending one twice does no harm."""

Outcome = Literal["connect_error", "maybe_sent", "status", "ok"]
"""What an attempt came to.

``connect_error``: the request surely never reached the server (refused,
DNS, connect timeout, no pooled connection). ``maybe_sent``: it may have
(read timeout, dropped connection). ``status``: the server answered with an
error status. ``ok``: it answered with success.
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """How hard to try before giving up. Pass one as ``Client(retry=...)``; ``False`` turns retries off.

    Attributes:
        max_attempts: Attempts in all, the first one included.
        max_total: Seconds from the first attempt after which no new attempt starts.
        backoff_base: The first backoff ceiling, in seconds; it doubles each attempt.
        backoff_max: The largest backoff ceiling, in seconds.
        max_wait: The longest single wait for a rate limit or ``Retry-After``, in seconds.
        retry_statuses: HTTP statuses worth another try.
        retry_connect_errors: Whether a connection that could not be made is tried again;
            a crawl that meets many dead servers turns it off.

    Examples:
        >>> policy = RetryPolicy(max_attempts=3, max_total=30)
        >>> policy.max_attempts
        3
    """

    max_attempts: int = 6
    max_total: float = 300.0
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    max_wait: float = 330.0
    retry_statuses: frozenset[int] = frozenset({502, 503, 504})
    retry_connect_errors: bool = True

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.max_total <= 0 or self.backoff_base < 0 or self.backoff_max < 0:
            raise ValueError("max_total must be positive, and backoff times not negative")


NO_RETRY = RetryPolicy(max_attempts=1)
"""The policy of ``retry=False``: one attempt."""


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether to try again, after how many seconds, and why (for the log)."""

    retry: bool
    wait: float = 0.0
    reason: str = ""


def backoff(policy: RetryPolicy, attempt: int, rand: Callable[[], float] = random.random) -> float:
    """Exponential backoff with full jitter: uniform in ``[0, min(max, base * 2**(attempt-1))]``.

    ``attempt`` counts from 1 (the attempt that just failed).

    Examples:
        >>> backoff(RetryPolicy(backoff_base=1, backoff_max=8), 3, rand=lambda: 1.0)
        4.0
        >>> backoff(RetryPolicy(backoff_base=1, backoff_max=8), 10, rand=lambda: 0.5)
        4.0
    """
    ceiling = min(policy.backoff_max, policy.backoff_base * float(2 ** (attempt - 1)))
    return ceiling * rand()


def wants_idempotency_key(method: str, path: str) -> bool:
    """Whether a request must carry an ``Idempotency-Key``: posting a status.

    Mastodon remembers the key for an hour and answers a repeat with the
    status it already created, so a retried post never posts twice.

    Examples:
        >>> wants_idempotency_key("POST", "/api/v1/statuses")
        True
        >>> wants_idempotency_key("POST", "/api/v1/statuses/1/favourite")
        False
    """
    return method.upper() == "POST" and path.rstrip("/") == "/api/v1/statuses"


def decide(
    policy: RetryPolicy,
    *,
    attempt: int,
    elapsed: float,
    method: str,
    has_idempotency_key: bool,
    outcome: Outcome,
    status: int | None = None,
    retry_after: float | None = None,
    rate_limit_mode: Literal["wait", "pace", "raise"] = "wait",
    rand: Callable[[], float] = random.random,
) -> Decision:
    """Decide whether attempt number ``attempt`` (from 1), which failed, is worth another.

    - A request that never reached the server is retried, whatever its method.
    - One that may have reached it (a read timeout, a dropped connection, a
      502/503/504) is retried only when repeating it is harmless: an
      idempotent method, or a POST with an ``Idempotency-Key``.
    - A 429 is retried in the ``wait`` and ``pace`` modes, after
      ``retry_after`` (capped at ``max_wait``), whatever the method: the server
      refused it without acting on it.
    - Nothing is retried past ``max_attempts``, nor when the wait would end
      past ``max_total``.

    Examples:
        >>> p = RetryPolicy()
        >>> decide(p, attempt=1, elapsed=0, method="GET", has_idempotency_key=False,
        ...        outcome="status", status=503, retry_after=2).wait
        2.0
        >>> decide(p, attempt=1, elapsed=0, method="POST", has_idempotency_key=False,
        ...        outcome="maybe_sent").retry
        False
    """
    if outcome == "ok":
        return Decision(False)
    if attempt >= policy.max_attempts:
        return Decision(False, reason=f"gave up after {attempt} attempts")
    safe_to_repeat = method.upper() in IDEMPOTENT_METHODS or has_idempotency_key
    if outcome == "status" and status == 429:
        if rate_limit_mode == "raise":
            return Decision(False, reason="rate limited, and rate_limit='raise'")
        if retry_after is None:
            wait = backoff(policy, attempt, rand) or policy.backoff_base
            reason = "rate limited (no reset time given)"
        else:
            # At least a second: resets often come in whole seconds, rounded down.
            wait = min(max(retry_after, 1.0), policy.max_wait)
            reason = "rate limited"
    elif outcome == "connect_error":
        if not policy.retry_connect_errors:
            return Decision(False, reason="could not connect")
        wait, reason = backoff(policy, attempt, rand), "could not connect"
    elif outcome == "maybe_sent":
        if not safe_to_repeat:
            return Decision(False, reason=f"{method} may have reached the server; not repeated")
        wait, reason = backoff(policy, attempt, rand), "connection dropped or timed out"
    elif outcome == "status" and status in policy.retry_statuses:
        if not safe_to_repeat:
            return Decision(False, reason=f"{method} may have reached the server; not repeated")
        if retry_after is not None:
            wait = min(retry_after, policy.max_wait)
        else:
            wait = backoff(policy, attempt, rand)
        reason = f"server answered {status}"
    else:
        return Decision(False)
    if elapsed + wait > policy.max_total:
        return Decision(False, reason=f"gave up: another try would end past {policy.max_total:g} s")
    return Decision(True, wait=wait, reason=reason)
