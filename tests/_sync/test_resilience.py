# This file is generated from the async source tests/_async/test_resilience.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Never fall over: long walks through faults, rate limits and decoy links, on real servers.

A fake Mastodon timeline server (its own process on loopback) answers every
4th request with a 503, every 7th with a 429 (``Retry-After: 1``), and drops
every 11th connection; and mastodon-mock enforces 20 requests a second, a
window that renews again and again, as the ``pace`` mode must see it. The
``wait`` and ``raise`` modes on a whole walk need no server of their own:
they are in ``test_rate_limited_walks.py``, on ``tootkit.testing``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.mockserver import FakeServer, MockServer, run_fake_server, run_mock_server
from tootkit import Client, Runtime

pytestmark = pytest.mark.integration

TOKENS = ["pace-a", "pace-b"]


def rate_limited_config() -> str:
    lines = ["[ratelimit]", "enabled = true", "limit = 20", "window_seconds = 1", ""]
    for index, token in enumerate(TOKENS):
        lines += ["[[seed.accounts]]", f'username = "user{index}"', f'access_token = "{token}"', ""]
    for number in range(45):
        lines += [
            "[[seed.statuses]]",
            'account = "user0"',
            f'text = "paced post {number} #paced"',
            "",
        ]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def decoy() -> Iterator[FakeServer]:
    with run_fake_server(10) as server:
        yield server


@pytest.fixture(scope="module")
def faulty(decoy: FakeServer) -> Iterator[FakeServer]:
    options = {"fail_every": "4", "limit_every": "7", "drop_every": "11"}
    with run_fake_server(600, link_host=f"127.0.0.1:{decoy.port}", **options) as server:
        yield server


@pytest.fixture(scope="module")
def limited() -> Iterator[MockServer]:
    with run_mock_server(config=rate_limited_config()) as server:
        yield server


def test_a_harvest_through_faults_gets_every_status_once_and_never_the_decoy(
    faulty: FakeServer, decoy: FakeServer
) -> None:
    faulty.reset()
    decoy.reset()
    expected = [faulty.timeline.id_of(i) for i in range(599, -1, -1)]
    waits: list[float] = []

    def no_wait(seconds: float) -> None:
        # The fake server does not count time: a fault passes on the next try.
        waits.append(seconds)

    runtime = Runtime(sleep=no_wait)
    with Client(faulty.base_url, access_token="secret", runtime=runtime) as client:
        got = [s.id for s in client.timelines.tag("fake")]
    assert got == expected
    assert 1.0 in waits  # the 429's Retry-After
    requests = faulty.requests()
    # 15 pages and the closing empty one, plus the faults on the way.
    assert len(requests) > 16
    assert decoy.requests() == []


def test_pace_mode_never_sees_a_429(limited: MockServer) -> None:
    token = TOKENS[0] if "Async" in Client.__name__ else TOKENS[1]
    waits: list[tuple[str, float]] = []
    with Client(
        limited.base_url,
        access_token=token,
        rate_limit="pace",
        on_wait=lambda r, s: waits.append((r, s)),
    ) as client:
        got = [s for s in client.timelines.tag("paced", page_size=1, limit=41)]
    assert len(got) == 41
    assert not [w for w in waits if "rate limited" in w[0]]
    assert waits  # it did pace
