# This file is generated from the async source tests/_async/test_retries.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Retries, rate limits and the token, through sequences of faults.

Each test scripts the answers with ``httpx.MockTransport`` and swaps in a fake
clock and sleep, so that it runs at once and every wait can be asserted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta, UTC
from typing import Any

import httpx
import pytest

from tootkit import Client, RetryPolicy, Runtime
from tootkit.errors import (
    RateLimited,
    ResponseTooLarge,
    ServerError,
    TransportError,
    UnprocessableEntity,
)

STATUS = (
    b'{"id": "1", "created_at": "2025-01-01T00:00:00Z", "content": "<p>hi</p>",'
    b' "account": {"id": "2", "acct": "a"}}'
)


class FakeTime:
    """A clock that only moves when the client sleeps."""

    def __init__(self) -> None:
        self.now = datetime(2025, 1, 1, tzinfo=UTC)
        self.elapsed = 0.0
        self.waits: list[float] = []

    def clock(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.elapsed

    def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 3))
        self.elapsed += seconds
        self.now += timedelta(seconds=seconds)

    def runtime(self) -> Runtime:
        return Runtime(
            clock=self.clock, monotonic=self.monotonic, sleep=self.sleep, rand=lambda: 0.5
        )


Step = httpx.Response | type[Exception]


def scripted(steps: list[Step], seen: list[httpx.Request]) -> httpx.MockTransport:
    queue = list(steps)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        step = queue.pop(0)
        if isinstance(step, httpx.Response):
            return step
        raise step("scripted failure", request=request)

    return httpx.MockTransport(handler)


def client_for(
    steps: list[Step], seen: list[httpx.Request], time: FakeTime, **options: Any
) -> Client:
    transport = scripted(steps, seen)
    return Client(
        "mastodon.example",
        access_token="s3cret",
        transport=transport,
        runtime=time.runtime(),
        **options,
    )


def test_503_drop_429_then_success() -> None:
    seen: list[httpx.Request] = []
    time = FakeTime()
    steps: list[Step] = [
        httpx.Response(503, text="busy"),
        httpx.RemoteProtocolError,
        httpx.Response(429, json={"error": "Too many requests"}, headers={"Retry-After": "1"}),
        httpx.Response(200, content=STATUS),
    ]
    with client_for(steps, seen, time) as client:
        status = client.statuses.get("1")
    assert status.id == "1"
    assert [r.url.path for r in seen] == ["/api/v1/statuses/1"] * 4
    # Full jitter at 0.5: half of 0.5 s, then half of 1 s; then Retry-After.
    assert time.waits == [0.25, 0.5, 1.0]


def test_connect_errors_are_retried_even_for_posts() -> None:
    seen: list[httpx.Request] = []
    time = FakeTime()
    steps: list[Step] = [httpx.ConnectError, httpx.ConnectTimeout, httpx.Response(200, json={})]
    with client_for(steps, seen, time) as client:
        client.statuses.favourite("1")
    assert len(seen) == 3


def test_a_post_that_may_have_arrived_is_not_repeated() -> None:
    seen: list[httpx.Request] = []
    time = FakeTime()
    with client_for([httpx.ReadTimeout], seen, time) as client:
        with pytest.raises(TransportError) as caught:
            client.statuses.favourite("1")
    assert len(seen) == 1
    assert caught.value.sent is True
    seen.clear()
    with client_for([httpx.Response(503)], seen, time) as client:
        with pytest.raises(ServerError):
            client.statuses.favourite("1")
    assert len(seen) == 1


def test_posting_a_status_keeps_one_idempotency_key_across_retries() -> None:
    seen: list[httpx.Request] = []
    time = FakeTime()
    steps: list[Step] = [
        httpx.ReadTimeout,
        httpx.Response(502),
        httpx.Response(200, content=STATUS),
    ]
    with client_for(steps, seen, time) as client:
        client.statuses.create("hi")
    keys = {r.headers["Idempotency-Key"] for r in seen}
    assert len(seen) == 3
    assert len(keys) == 1
    assert len(keys.pop()) == 36  # a uuid4


def test_the_callers_idempotency_key_is_kept() -> None:
    seen: list[httpx.Request] = []
    time = FakeTime()
    with client_for([httpx.Response(200, content=STATUS)], seen, time) as client:
        client.statuses.create("hi", idempotency_key="mine")
    assert seen[0].headers["Idempotency-Key"] == "mine"


def test_giving_up_raises_the_last_error_with_the_attempt_count() -> None:
    seen: list[httpx.Request] = []
    time = FakeTime()
    steps: list[Step] = [httpx.Response(503)] * 3
    with client_for(steps, seen, time, retry=RetryPolicy(max_attempts=3)) as client:
        with pytest.raises(ServerError) as caught:
            client.statuses.get("1")
    assert caught.value.attempts == 3
    assert any("gave up after 3 attempts" in note for note in caught.value.__notes__)
    assert len(seen) == 3


def test_total_time_bounds_the_retries() -> None:
    seen: list[httpx.Request] = []
    time = FakeTime()
    steps: list[Step] = [httpx.Response(503, headers={"Retry-After": "20"})] * 5
    with client_for(steps, seen, time, retry=RetryPolicy(max_total=50)) as client:
        with pytest.raises(ServerError):
            client.statuses.get("1")
    assert time.waits == [20.0, 20.0]
    assert len(seen) == 3


def test_retry_false_makes_one_attempt() -> None:
    seen: list[httpx.Request] = []
    time = FakeTime()
    with client_for([httpx.Response(503)], seen, time, retry=False) as client:
        with pytest.raises(ServerError):
            client.statuses.get("1")
    assert len(seen) == 1
    assert time.waits == []


def test_raise_mode_raises_rate_limited_after_one_request() -> None:
    seen: list[httpx.Request] = []
    time = FakeTime()
    limited = httpx.Response(
        429,
        json={"error": "Too many requests"},
        headers={"Retry-After": "1", "X-RateLimit-Reset": "2025-01-01T00:05:00.000000Z"},
    )
    with client_for([limited], seen, time, rate_limit="raise") as client:
        with pytest.raises(RateLimited) as caught:
            client.statuses.get("1")
    assert len(seen) == 1
    assert caught.value.retry_after == 1.0
    assert caught.value.reset_at == datetime(2025, 1, 1, 0, 5, tzinfo=UTC)


def test_wait_mode_waits_until_the_reset_without_retry_after() -> None:
    seen: list[httpx.Request] = []
    time = FakeTime()
    limited = httpx.Response(
        429,
        json={"error": "Too many requests"},
        headers={
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": "2025-01-01T00:00:42.000000Z",
        },
    )
    with client_for([limited, httpx.Response(200, content=STATUS)], seen, time) as client:
        client.statuses.get("1")
    assert time.waits == [42.0]


def test_waits_are_logged_and_reported(caplog: pytest.LogCaptureFixture) -> None:
    seen: list[httpx.Request] = []
    time = FakeTime()
    reported: list[tuple[str, float]] = []
    limited = httpx.Response(429, json={"error": "slow down"}, headers={"Retry-After": "5"})
    caplog.set_level(logging.DEBUG)
    steps: list[Step] = [limited, httpx.Response(200, content=STATUS)]
    with client_for(
        steps, seen, time, on_wait=lambda r, s: reported.append((r, s))
    ) as client:
        client.statuses.get("1")
    assert reported == [("rate limited, GET /api/v1/statuses/1", 5.0)]
    infos = [r for r in caplog.records if r.name == "tootkit" and r.levelno == logging.INFO]
    assert [r.getMessage() for r in infos] == [
        "waiting 5.0 s: rate limited, GET /api/v1/statuses/1"
    ]
    assert "s3cret" not in caplog.text


def test_pace_mode_spreads_requests_over_the_window() -> None:
    seen: list[httpx.Request] = []
    time = FakeTime()

    def answer(remaining: int) -> httpx.Response:
        headers = {
            "X-RateLimit-Limit": "4",
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": "2025-01-01T00:00:09Z",
            "Date": "Wed, 01 Jan 2025 00:00:00 GMT",
        }
        return httpx.Response(200, content=STATUS, headers=headers)

    steps: list[Step] = [answer(3), answer(2), answer(1), answer(0)]
    with client_for(steps, seen, time, rate_limit="pace") as client:
        for _ in range(4):
            client.statuses.get("1")
    # The clock only moves by sleeping; the Date header keeps saying 00:00:00,
    # so each answer's reset lies 9 s (+1 s margin) after "now".
    assert time.waits == [pytest.approx(10 / 3, abs=0.01), 5.0, 10.0]


def test_a_body_over_the_cap_is_refused_unread() -> None:
    seen: list[httpx.Request] = []
    time = FakeTime()
    big = httpx.Response(200, content=b"[" + b" " * 2000 + b"]")
    with client_for([big], seen, time, max_response_bytes=1000, retry=False) as client:
        with pytest.raises(ResponseTooLarge, match="max_response_bytes=1,000"):
            client.statuses.get("1")

    def chunks() -> Iterator[bytes]:
        for _ in range(3):
            yield b"x" * 600

    def streamed(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=chunks())

    transport = httpx.MockTransport(streamed)
    with Client(
        "m.example", transport=transport, max_response_bytes=1000, retry=False
    ) as client:
        with pytest.raises(ResponseTooLarge, match="reading stopped"):
            client.statuses.get("1")


def test_validation_details_reach_the_caller() -> None:
    seen: list[httpx.Request] = []
    time = FakeTime()
    body = {
        "error": "Validation failed: Text can't be blank",
        "details": {"text": [{"error": "ERR_BLANK"}]},
    }
    with client_for([httpx.Response(422, json=body)], seen, time) as client:
        with pytest.raises(UnprocessableEntity) as caught:
            client.statuses.create("a reply to nothing")
    assert caught.value.details == {"text": [{"error": "ERR_BLANK"}]}
    assert "s3cret" not in str(caught.value)
    assert len(seen) == 1
