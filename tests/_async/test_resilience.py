"""Never fall over: long walks through faults, rate limits and decoy links, on real servers.

A fake Mastodon timeline server (its own process on loopback) answers every
4th request with a 503, every 7th with a 429 (``Retry-After: 1``), and drops
every 11th connection. The ``wait``, ``raise`` and ``pace`` modes on a
whole walk need no server of their own: they are in
``test_rate_limited_walks.py``, on ``tootkit.testing``; the ``pace`` mode
against a real server's renewing window is in
``tests/integration/test_pace_real_server.py``.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.mockserver import FakeServer, run_fake_server
from tootkit import AsyncClient, AsyncRuntime

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def decoy() -> Iterator[FakeServer]:
    with run_fake_server(10) as server:
        yield server


@pytest.fixture(scope="module")
def faulty(decoy: FakeServer) -> Iterator[FakeServer]:
    options = {"fail_every": "4", "limit_every": "7", "drop_every": "11"}
    with run_fake_server(600, link_host=f"127.0.0.1:{decoy.port}", **options) as server:
        yield server


async def test_a_harvest_through_faults_gets_every_status_once_and_never_the_decoy(
    faulty: FakeServer, decoy: FakeServer
) -> None:
    faulty.reset()
    decoy.reset()
    expected = [faulty.timeline.id_of(i) for i in range(599, -1, -1)]
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        # The fake server does not count time: a fault passes on the next try.
        waits.append(seconds)

    runtime = AsyncRuntime(sleep=no_wait)
    async with AsyncClient(faulty.base_url, access_token="secret", runtime=runtime) as client:
        got = [s.id async for s in client.timelines.tag("fake")]
    assert got == expected
    assert 1.0 in waits  # the 429's Retry-After
    requests = faulty.requests()
    # 15 pages and the closing empty one, plus the faults on the way.
    assert len(requests) > 16
    assert decoy.requests() == []
