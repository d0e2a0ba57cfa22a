# This file is generated from the async source tests/_async/test_pagination.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Pagination against a loopback server that serves Mastodon's cursor semantics.

The fake server (tests/support/fakeserver.py) runs as its own process and
serves one generated timeline with snowflake ids (Mastodon) or ULIDs
(GoToSocial). Index 0 of ``ids`` below is the newest status. Walks bounded
by dates are in ``test_pagination_dates.py``, on ``tootkit.testing``, but for
one that checks here that a real server's ids become the bounds.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from tests.support.fakeserver import BASE_TIME, STEP
from tests.support.mockserver import FakeServer, run_fake_server
from tootkit import Client

COUNT = 1000


@pytest.fixture(scope="module", params=["snowflake", "ulid"])
def server(request: pytest.FixtureRequest) -> Iterator[FakeServer]:
    with run_fake_server(COUNT, ids=request.param) as fake:
        yield fake


@pytest.fixture
def ids(server: FakeServer) -> list[str]:
    server.reset()
    return [server.timeline.id_of(i) for i in range(COUNT - 1, -1, -1)]


def created(index_from_newest: int) -> datetime:
    return BASE_TIME + STEP * (COUNT - 1 - index_from_newest)


def test_whole_walk_in_order_once_in_the_fewest_requests(
    server: FakeServer, ids: list[str]
) -> None:
    with Client(server.base_url) as client:
        got = [s.id for s in client.timelines.tag("fake")]
    assert got == ids
    # 25 full pages of 40, and the empty page that closes the walk.
    assert len(server.requests()) == 26


def test_limit_gives_exactly_that_many(server: FakeServer, ids: list[str]) -> None:
    with Client(server.base_url) as client:
        got = [s.id for s in client.timelines.tag("fake", limit=55)]
    assert got == ids[:55]
    assert [r.split("limit=")[1] for r in server.requests()] == ["40", "15"]


def test_page_size_is_clamped_to_the_maximum(server: FakeServer, ids: list[str]) -> None:
    with Client(server.base_url) as client:
        got = [s.id for s in client.timelines.tag("fake", page_size=500, limit=80)]
    assert got == ids[:80]
    assert all("limit=40" in r for r in server.requests())


def test_date_bounds_become_ids(server: FakeServer, ids: list[str]) -> None:
    with Client(server.base_url) as client:
        got = [s.id for s in client.timelines.tag("fake", until=created(900))]
    assert got == ids[900:]
    requests = server.requests()
    # Snowflakes and GoToSocial's ULIDs both carry their time: one page to
    # learn the id scheme, then straight to the bound: 3 pages of 100
    # statuses, and the empty page that closes the walk.
    assert "max_id=" in requests[1]
    assert len(requests) == 1 + 3 + 1


def test_min_id_walks_toward_newer_statuses(server: FakeServer, ids: list[str]) -> None:
    with Client(server.base_url) as client:
        newer = [s.id for s in client.timelines.tag("fake", min_id=ids[100])]
        pages = [p.items for p in client.timelines.tag("fake", min_id=ids[100]).pages()]
    assert sorted(newer, key=ids.index) == ids[:100]
    assert len(newer) == 100
    # Pages come oldest first; each page keeps the server's newest-first order.
    assert [s.id for s in pages[0]] == ids[60:100]
    assert [s.id for s in pages[-1]] == ids[:20]


def test_newer_after_limit(server: FakeServer, ids: list[str]) -> None:
    with Client(server.base_url) as client:
        got = [s.id for s in client.timelines.tag("fake", min_id=ids[100], limit=30)]
    assert got == ids[70:100]


def test_a_saved_cursor_resumes_exactly(
    server: FakeServer, ids: list[str], tmp_path: Path
) -> None:
    saved = tmp_path / "cursor.txt"
    seen: list[str] = []
    with Client(server.base_url) as client:
        for page in client.timelines.tag("fake", page_size=33, limit=100).pages():
            seen.extend(s.id for s in page.items)
            assert page.next_cursor is not None
            saved.write_text(page.next_cursor)
    assert seen == ids[:100]
    with Client(server.base_url) as tomorrow:
        rest = [s.id for s in tomorrow.timelines.tag("fake", cursor=saved.read_text())]
    assert seen + rest == ids


def test_prev_cursor_walks_back(server: FakeServer, ids: list[str]) -> None:
    with Client(server.base_url) as client:
        pages = client.timelines.tag("fake", max_id=ids[199], limit=40).pages()
        page = pages.__next__()
        pages.close()
        assert page.prev_cursor is not None
        back = [s.id for s in client.timelines.tag("fake", cursor=page.prev_cursor)]
    assert sorted(back, key=ids.index) == ids[:200]


