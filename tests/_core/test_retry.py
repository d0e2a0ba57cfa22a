"""The retry decision and the pacing delay, as tables."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tootkit._core.ratelimit import RateLimit, pace_delay
from tootkit._core.retry import Outcome, RetryPolicy, backoff, decide, wants_idempotency_key

P = RetryPolicy(max_attempts=4, max_total=60, backoff_base=1, backoff_max=8)
HALF = lambda: 0.5  # noqa: E731 - a fixed "random" number for the tables


@pytest.mark.parametrize(
    ("method", "key", "outcome", "status", "retry_after", "attempt", "retry", "wait"),
    [
        # Never reached the server: any method may be sent again.
        ("GET", False, "connect_error", None, None, 1, True, 0.5),
        ("POST", False, "connect_error", None, None, 1, True, 0.5),
        # May have reached it: only when repeating is harmless.
        ("GET", False, "maybe_sent", None, None, 1, True, 0.5),
        ("PUT", False, "maybe_sent", None, None, 2, True, 1.0),
        ("DELETE", False, "maybe_sent", None, None, 3, True, 2.0),
        ("POST", False, "maybe_sent", None, None, 1, False, 0.0),
        ("POST", True, "maybe_sent", None, None, 1, True, 0.5),
        ("GET", False, "status", 503, None, 1, True, 0.5),
        ("GET", False, "status", 502, None, 2, True, 1.0),
        ("GET", False, "status", 504, None, 1, True, 0.5),
        ("GET", False, "status", 503, 7.0, 1, True, 7.0),
        ("POST", False, "status", 503, None, 1, False, 0.0),
        ("POST", True, "status", 503, None, 1, True, 0.5),
        # Not worth another try.
        ("GET", False, "status", 500, None, 1, False, 0.0),
        ("GET", False, "status", 404, None, 1, False, 0.0),
        ("GET", False, "status", 401, None, 1, False, 0.0),
        ("GET", False, "ok", None, None, 1, False, 0.0),
        # Rate limited: wait as told (at least a second), any method.
        ("GET", False, "status", 429, 1.0, 1, True, 1.0),
        ("POST", False, "status", 429, 30.0, 1, True, 30.0),
        ("GET", False, "status", 429, 0.0, 1, True, 1.0),
        ("GET", False, "status", 429, None, 1, True, 0.5),
        # Out of attempts.
        ("GET", False, "status", 503, None, 4, False, 0.0),
        ("GET", False, "status", 429, 1.0, 4, False, 0.0),
    ],
)
def test_decide(
    method: str,
    key: bool,
    outcome: Outcome,
    status: int | None,
    retry_after: float | None,
    attempt: int,
    retry: bool,
    wait: float,
) -> None:
    decision = decide(
        P,
        attempt=attempt,
        elapsed=0,
        method=method,
        has_idempotency_key=key,
        outcome=outcome,
        status=status,
        retry_after=retry_after,
        rand=HALF,
    )
    assert (decision.retry, decision.wait) == (retry, wait)


def test_raise_mode_does_not_retry_429() -> None:
    decision = decide(
        P,
        attempt=1,
        elapsed=0,
        method="GET",
        has_idempotency_key=False,
        outcome="status",
        status=429,
        retry_after=1,
        rate_limit_mode="raise",
    )
    assert not decision.retry


@pytest.mark.parametrize(
    ("outcome", "status", "retried"),
    [("connect_error", None, False), ("maybe_sent", None, True), ("status", 503, True),
     ("status", 429, True)],
)  # fmt: skip
def test_a_crawl_does_not_retry_a_refused_connection(
    outcome: Outcome, status: int | None, retried: bool
) -> None:
    crawl = RetryPolicy(retry_connect_errors=False)
    decision = decide(crawl, attempt=1, elapsed=0, method="GET", has_idempotency_key=False,
                      outcome=outcome, status=status, retry_after=1, rand=lambda: 0.5)  # fmt: skip
    assert decision.retry is retried


def test_total_time_bounds_the_retries() -> None:
    decision = decide(
        P,
        attempt=1,
        elapsed=59.9,
        method="GET",
        has_idempotency_key=False,
        outcome="status",
        status=503,
        retry_after=5,
    )
    assert not decision.retry
    assert "60" in decision.reason


def test_waits_are_capped() -> None:
    capped = RetryPolicy(max_wait=10)
    decision = decide(
        capped,
        attempt=1,
        elapsed=0,
        method="GET",
        has_idempotency_key=False,
        outcome="status",
        status=429,
        retry_after=3600,
    )
    assert decision.wait == 10


@pytest.mark.parametrize(
    ("attempt", "rand", "expected"),
    [
        (1, 1.0, 1.0),
        (2, 1.0, 2.0),
        (3, 1.0, 4.0),
        (4, 1.0, 8.0),
        (9, 1.0, 8.0),
        (3, 0.0, 0.0),
        (3, 0.25, 1.0),
    ],
)
def test_backoff_is_exponential_with_full_jitter(
    attempt: int, rand: float, expected: float
) -> None:
    assert backoff(P, attempt, rand=lambda: rand) == expected


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("POST", "/api/v1/statuses", True),
        ("post", "/api/v1/statuses/", True),
        ("PUT", "/api/v1/statuses/1", False),
        ("POST", "/api/v1/statuses/1/reblog", False),
        ("GET", "/api/v1/statuses", False),
    ],
)
def test_idempotency_key_for_posting(method: str, path: str, expected: bool) -> None:
    assert wants_idempotency_key(method, path) is expected


def test_bad_policies_are_refused() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)


NOW = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("remaining", "reset_in", "since_last", "expected"),
    [
        (10, 9.0, 0.0, 1.0),  # 10 requests over 9 s (+1 s margin): one a second
        (10, 9.0, 0.4, 0.6),  # part of the interval has passed already
        (10, 9.0, 5.0, 0.0),
        (0, 3.0, 0.0, 4.0),  # nothing left: wait for the reset (+ margin)
        (5, -3.0, 0.0, 0.0),  # the window is over
        (None, 9.0, 0.0, 0.0),  # no headers: no pacing
    ],
)
def test_pace_delay(
    remaining: int | None, reset_in: float, since_last: float, expected: float
) -> None:
    rate = RateLimit(limit=20, remaining=remaining, reset_at=NOW + timedelta(seconds=reset_in))
    last = NOW - timedelta(seconds=since_last)
    assert pace_delay(rate, now=NOW, last_sent=last) == pytest.approx(expected)


def test_pace_delay_first_request_and_no_state() -> None:
    assert pace_delay(None, now=NOW, last_sent=None) == 0.0
    rate = RateLimit(remaining=5, reset_at=NOW + timedelta(seconds=10))
    assert pace_delay(rate, now=NOW, last_sent=None) == 0.0
