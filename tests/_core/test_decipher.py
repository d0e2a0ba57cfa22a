"""decipher(): status, headers and body in; the typed error, or the rate limit and links out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tootkit._core.decipher import decipher
from tootkit.errors import APIError, NotFound, RateLimited, ServerError, Unauthorized

NOW = datetime(2025, 1, 1, tzinfo=UTC)
LINK = (
    '<https://m.example/api/v1/timelines/tag/x?max_id=7>; rel="next", '
    '<https://m.example/api/v1/timelines/tag/x?min_id=9>; rel="prev"'
)
RATE = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "12"}


@pytest.mark.parametrize(
    ("headers", "next_", "prev", "remaining"),
    [
        ({}, None, None, None),
        ({"Link": LINK}, {"max_id": "7"}, {"min_id": "9"}, None),
        ({"link": LINK, **RATE}, {"max_id": "7"}, {"min_id": "9"}, 12),
        (RATE, None, None, 12),
    ],
)
def test_a_success_gives_its_links_and_rate_limit(
    headers: dict[str, str],
    next_: dict[str, str] | None,
    prev: dict[str, str] | None,
    remaining: int | None,
) -> None:
    lowered = {k.lower(): v for k, v in headers.items()}
    result = decipher(200, lowered, b"[]", now=NOW)
    assert result.links.next == next_
    assert result.links.prev == prev
    assert result.rate_limit.remaining == remaining


@pytest.mark.parametrize(
    ("status", "headers", "body", "kind", "error"),
    [
        (404, {}, b'{"error": "Record not found"}', NotFound, "Record not found"),
        (401, {}, b"", Unauthorized, ""),
        (503, {}, b"<html><title>Down</title></html>", ServerError, "Down"),
        (418, {}, b"short and stout", APIError, "short and stout"),
        (429, {"retry-after": "30", **RATE}, b'{"error": "Slow down"}', RateLimited, "Slow down"),
    ],
)
def test_an_error_is_raised_with_what_the_server_said(
    status: int, headers: dict[str, str], body: bytes, kind: type[APIError], error: str
) -> None:
    lowered = {k.lower(): v for k, v in headers.items()}
    with pytest.raises(kind) as caught:
        decipher(status, lowered, body, method="GET", url="https://m.example/x", now=NOW)
    assert caught.value.status_code == status
    assert caught.value.error == error
    assert caught.value.rate_limit is not None
    if status == 429:
        assert caught.value.retry_after == 30.0
        assert caught.value.rate_limit.remaining == 12
