"""Rate-limit headers: ISO and epoch resets, clock skew, Retry-After."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import REFERENCE, REFERENCE_REQUIRED
from tootkit._core.ratelimit import RateLimit, parse_http_date, parse_retry_after

NOW = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headers", "limit", "remaining", "reset"),
    [
        (
            {
                "X-RateLimit-Limit": "300",
                "X-RateLimit-Remaining": "299",
                "X-RateLimit-Reset": "2025-01-01T12:05:00.123456Z",
            },
            300,
            299,
            datetime(2025, 1, 1, 12, 5, 0, 123456, tzinfo=UTC),
        ),
        (
            {
                "x-ratelimit-limit": "20",
                "x-ratelimit-remaining": "0",
                "x-ratelimit-reset": "1735733100",
            },
            20,
            0,
            datetime(2025, 1, 1, 12, 5, tzinfo=UTC),
        ),
        (
            {"X-RateLimit-Reset": "2025-01-01T12:05:00+01:00"},
            None,
            None,
            datetime(2025, 1, 1, 11, 5, tzinfo=UTC),
        ),
        ({"X-RateLimit-Limit": "lots", "X-RateLimit-Reset": "soon"}, None, None, None),
        ({}, None, None, None),
    ],
)
def test_from_headers(
    headers: dict[str, str], limit: int | None, remaining: int | None, reset: datetime | None
) -> None:
    rate = RateLimit.from_headers(headers, now=NOW)
    assert (rate.limit, rate.remaining, rate.reset_at) == (limit, remaining, reset)


@pytest.mark.parametrize(
    ("server_date", "expected_reset"),
    [
        # The server's clock is 30 s behind ours: its reset is 30 s later on our clock.
        ("Wed, 01 Jan 2025 11:59:30 GMT", datetime(2025, 1, 1, 12, 5, 30, tzinfo=UTC)),
        # Ahead by a minute.
        ("Wed, 01 Jan 2025 12:01:00 GMT", datetime(2025, 1, 1, 12, 4, tzinfo=UTC)),
        # In step.
        ("Wed, 01 Jan 2025 12:00:00 GMT", datetime(2025, 1, 1, 12, 5, tzinfo=UTC)),
        # No Date header: trust the local clock.
        (None, datetime(2025, 1, 1, 12, 5, tzinfo=UTC)),
    ],
)
def test_clock_skew_is_corrected_with_the_date_header(
    server_date: str | None, expected_reset: datetime
) -> None:
    headers = {"X-RateLimit-Reset": "2025-01-01T12:05:00Z"}
    if server_date:
        headers["Date"] = server_date
    rate = RateLimit.from_headers(headers, now=NOW)
    assert rate.reset_at == expected_reset
    assert rate.seconds_until_reset(NOW) == (expected_reset - NOW).total_seconds()


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1", 1.0),
        ("0", 0.0),
        ("2.5", 2.5),
        ("-5", 0.0),
        ("Wed, 01 Jan 2025 12:00:30 GMT", 30.0),
        ("Wed, 01 Jan 2025 11:00:00 GMT", 0.0),
        ("", None),
        (None, None),
        ("whenever", None),
    ],
)
def test_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


def test_http_date() -> None:
    assert parse_http_date("Wed, 01 Jan 2025 12:00:00 GMT") == NOW
    assert parse_http_date("not a date") is None


def _reference_rate_headers() -> list[dict[str, str]]:
    path = REFERENCE / "headers.jsonl"
    if not path.exists():
        return []
    rows = []
    for line in filter(None, path.read_text().split("\n")):
        headers = json.loads(line)["headers"]
        if any(k.lower().startswith("x-ratelimit") for k in headers):
            rows.append(headers)
    return rows


@pytest.mark.skipif(
    not _reference_rate_headers() and not REFERENCE_REQUIRED,
    reason="../shared/reference is not available",
)
def test_every_real_rate_limit_header_parses() -> None:
    rows = _reference_rate_headers()
    assert rows
    for headers in rows:
        lowered = {k.lower(): v for k, v in headers.items()}
        rate = RateLimit.from_headers(headers, now=NOW)
        if "x-ratelimit-limit" in lowered:
            assert rate.limit is not None
        if "x-ratelimit-remaining" in lowered:
            assert rate.remaining is not None
        if "x-ratelimit-reset" in lowered:
            assert rate.reset_at is not None
            assert abs(rate.reset_at - NOW) < timedelta(days=365 * 40)
    assert len(rows) > 10
