"""A whole walk under a rate limit, in the ``wait``, ``raise`` and ``pace`` modes.

The instance is :class:`tootkit.testing.FakeInstance`: it refuses with a 429
and Mastodon's ``X-RateLimit-*`` and ``Retry-After`` headers once the budget
is spent, and lifts the limit at the reset, or renews it window after window
(``window=``) as a real server's does, for the ``pace`` mode. No process, no
socket, and no real wait: the client sleeps on the fake's clock. The
``pace`` mode also meets a real server's windows in ``test_resilience.py``.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tootkit import AsyncClient
from tootkit.errors import RateLimited
from tootkit.testing import FakeInstance


def paced_instance(count: int) -> FakeInstance:
    fake = FakeInstance()
    for number in range(count):
        fake.post("poster", f"paced post {number} #paced")
    return fake


async def test_wait_mode_waits_once_and_completes_the_walk() -> None:
    fake = paced_instance(45)
    fake.rate_limit(remaining=10, reset_in=1, limit=10)
    waits: list[tuple[str, float]] = []
    async with AsyncClient(
        fake.url,
        transport=fake.transport(),
        runtime=fake.async_runtime(),
        on_wait=lambda r, s: waits.append((r, s)),
    ) as client:
        got = [s.id async for s in client.timelines.tag("paced", page_size=1, limit=41)]
    assert len(got) == len(set(got)) == 41
    assert [round(s) for r, s in waits if "rate limited" in r] == [1]
    # 41 pages and the one request refused: no page was asked for twice.
    assert len(fake.requests) == 42
    assert fake.clock.monotonic() == pytest.approx(1, abs=0.5)


async def test_raise_mode_raises_after_one_request() -> None:
    fake = paced_instance(3)
    fake.rate_limit(remaining=0, reset_in=30)
    reset = fake.clock.now() + timedelta(seconds=30)
    runtime = fake.async_runtime()
    async with AsyncClient(
        fake.url, transport=fake.transport(), runtime=runtime, rate_limit="raise"
    ) as client:
        with pytest.raises(RateLimited) as caught:
            [s async for s in client.timelines.tag("paced")]
    assert caught.value.retry_after == pytest.approx(30, abs=1)
    assert caught.value.attempts == 1
    assert caught.value.reset_at is not None
    assert abs(caught.value.reset_at - reset) < timedelta(seconds=2)
    assert len(fake.requests) == 1


async def test_pace_mode_never_sees_a_429() -> None:
    fake = paced_instance(45)
    fake.rate_limit(limit=20, remaining=20, reset_in=1, window=1)  # 20 a second, as mastodon-mock
    waits: list[tuple[str, float]] = []
    async with AsyncClient(
        fake.url,
        transport=fake.transport(),
        runtime=fake.async_runtime(),
        rate_limit="pace",
        on_wait=lambda r, s: waits.append((r, s)),
    ) as client:
        got = [s async for s in client.timelines.tag("paced", page_size=1, limit=41)]
    assert len(got) == 41
    assert len(fake.requests) == 41  # no 429, so nothing asked twice
    assert not [w for w in waits if "rate limited" in w[0]]
    assert waits  # it did pace
    assert fake.clock.monotonic() >= 2  # 41 requests do not fit in two windows of 20
