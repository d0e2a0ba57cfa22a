"""The ``pace`` mode against a real server's rate limit: mastodon-mock, 20 requests a second.

The window renews again and again, as ``pace`` must see it on a real
server; the same walk on ``tootkit.testing``'s renewing window, sync and
async, is in ``tests/_async/test_rate_limited_walks.py``. Async only: it
takes two real seconds, and the sync client paces the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.mockserver import MockServer, run_mock_server
from tootkit import AsyncClient

pytestmark = pytest.mark.integration

TOKEN = "pace-a"


def rate_limited_config() -> str:
    lines = ["[ratelimit]", "enabled = true", "limit = 20", "window_seconds = 1", ""]
    lines += ["[[seed.accounts]]", 'username = "user0"', f'access_token = "{TOKEN}"', ""]
    for number in range(45):
        lines += [
            "[[seed.statuses]]",
            'account = "user0"',
            f'text = "paced post {number} #paced"',
            "",
        ]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def limited() -> Iterator[MockServer]:
    with run_mock_server(config=rate_limited_config()) as server:
        yield server


async def test_pace_mode_never_sees_a_429_from_a_real_server(limited: MockServer) -> None:
    waits: list[tuple[str, float]] = []
    async with AsyncClient(
        limited.base_url,
        access_token=TOKEN,
        rate_limit="pace",
        on_wait=lambda r, s: waits.append((r, s)),
    ) as client:
        got = [s async for s in client.timelines.tag("paced", page_size=1, limit=41)]
    assert len(got) == 41
    assert not [w for w in waits if "rate limited" in w[0]]
    assert waits  # it did pace
