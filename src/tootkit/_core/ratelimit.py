"""Reading the rate-limit headers that Mastodon sends with every answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from tootkit._core.dates import parse_datetime

__all__ = ["RateLimit", "pace_delay", "parse_http_date", "parse_retry_after"]


def parse_http_date(value: str | None) -> datetime | None:
    """Read an HTTP date (``Date``, ``Retry-After``), or ``None`` if unreadable.

    Examples:
        >>> parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").isoformat()
        '2015-10-21T07:28:00+00:00'
    """
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delay-seconds or an HTTP date.

    Examples:
        >>> parse_retry_after("120", now=datetime(2025, 1, 1, tzinfo=UTC))
        120.0
        >>> parse_retry_after("Wed, 01 Jan 2025 00:00:30 GMT", now=datetime(2025, 1, 1, tzinfo=UTC))
        30.0
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    when = parse_http_date(text)
    if when is None:
        return None
    return max(0.0, (when - now).total_seconds())


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    raw = headers.get(name)
    if raw is None:
        return None
    try:
        return int(float(raw.strip()))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLimit:
    """The rate-limit state that one response reported.

    Attributes:
        limit: Requests allowed per window (``X-RateLimit-Limit``).
        remaining: Requests left in this window (``X-RateLimit-Remaining``).
        reset_at: When the window resets, in the *local* clock, corrected for
            the server's clock skew when a ``Date`` header was sent.
        server_date: The server's ``Date`` header, if any.

    Examples:
        >>> rl = RateLimit.from_headers({
        ...     "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299",
        ...     "X-RateLimit-Reset": "2025-01-01T00:05:00.000000Z",
        ...     "Date": "Wed, 01 Jan 2025 00:00:00 GMT",
        ... }, now=datetime(2025, 1, 1, 0, 0, 10, tzinfo=UTC))
        >>> rl.remaining, rl.reset_at.isoformat()
        (299, '2025-01-01T00:05:10+00:00')
    """

    limit: int | None = None
    remaining: int | None = None
    reset_at: datetime | None = None
    server_date: datetime | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str], *, now: datetime) -> RateLimit:
        """Read ``X-RateLimit-*`` and ``Date`` headers; missing or bad values are ``None``.

        The reset is ISO 8601 (Mastodon) or epoch seconds (some other servers).
        When the server sends ``Date``, the reset is shifted by the difference
        between the server's clock and ``now``, so that a skewed local clock
        neither waits too long nor too little.
        """
        lowered = {k.lower(): v for k, v in headers.items()}
        reset_raw = lowered.get("x-ratelimit-reset")
        reset_at: datetime | None = None
        if reset_raw:
            try:
                reset_at = parse_datetime(reset_raw.strip())
            except ValueError:
                reset_at = None
        server_date = parse_http_date(lowered.get("date"))
        if reset_at is not None and server_date is not None:
            # Both reset and Date come from the server's clock; move the reset
            # onto ours. Date has one-second precision, so ignore skew below it.
            skew = now - server_date
            if abs(skew) >= timedelta(seconds=1):
                reset_at = reset_at + skew
        return cls(
            limit=_int_header(lowered, "x-ratelimit-limit"),
            remaining=_int_header(lowered, "x-ratelimit-remaining"),
            reset_at=reset_at,
            server_date=server_date,
        )

    def seconds_until_reset(self, now: datetime) -> float | None:
        """Seconds from ``now`` until the window resets (never negative), or ``None``."""
        if self.reset_at is None:
            return None
        return max(0.0, (self.reset_at - now).total_seconds())


def pace_delay(
    rate: RateLimit | None,
    *,
    now: datetime,
    last_sent: datetime | None,
    margin: float = 1.0,
) -> float:
    """Seconds to wait before the next request so the remaining budget lasts the window.

    The ``pace`` mode spreads the requests left (``remaining``) evenly over the
    time left until the reset, plus ``margin`` seconds for clocks and for
    resets given in whole epoch seconds. With nothing left, it waits for the
    reset itself. Without rate-limit headers it does not wait.

    Examples:
        >>> now = datetime(2025, 1, 1, tzinfo=UTC)
        >>> rl = RateLimit(limit=20, remaining=10, reset_at=now + timedelta(seconds=9))
        >>> pace_delay(rl, now=now, last_sent=now, margin=1.0)
        1.0
        >>> pace_delay(RateLimit(remaining=0, reset_at=now + timedelta(seconds=3)), now=now, last_sent=now)
        4.0
    """
    if rate is None or rate.remaining is None or rate.reset_at is None:
        return 0.0
    until_reset = (rate.reset_at - now).total_seconds() + margin
    if until_reset <= 0:
        return 0.0  # the window is over; the next answer tells the new budget
    if rate.remaining <= 0:
        return until_reset
    if last_sent is None:
        return 0.0
    interval = until_reset / rate.remaining
    return max(0.0, interval - (now - last_sent).total_seconds())
