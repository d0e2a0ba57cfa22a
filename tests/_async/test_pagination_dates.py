"""Walks bounded by dates (``since=``, ``until=``), on an in-memory instance.

:class:`tootkit.testing.FakeInstance` serves the timeline: 1000 statuses
posted ``STEP`` apart on its clock, with snowflake ids (Mastodon) or ULIDs
(GoToSocial), both of which carry their time. Index 0 of ``ids`` below is
the newest status. What is tested is how the walk turns dates into pages,
so no process or socket is needed; ``test_pagination.py`` walks a real
server, dates included.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tootkit import AsyncClient
from tootkit.testing import FakeClock, FakeInstance

COUNT = 1000
BASE_TIME = datetime(2025, 1, 1, tzinfo=UTC)
STEP = timedelta(minutes=7)


@pytest.fixture(scope="module", params=["snowflake", "ulid"])
def timeline(request: pytest.FixtureRequest) -> tuple[FakeInstance, list[str]]:
    """The instance, and its statuses' ids, newest first."""
    fake = FakeInstance(ids=request.param, clock=FakeClock(start=BASE_TIME))
    ids = []
    for number in range(COUNT):
        ids.append(fake.post("poster", f"post {number} #fake")["id"])
        fake.clock.advance(STEP.total_seconds())
    return fake, ids[::-1]


@pytest.fixture
def fake(timeline: tuple[FakeInstance, list[str]]) -> FakeInstance:
    timeline[0].requests.clear()
    return timeline[0]


@pytest.fixture
def ids(timeline: tuple[FakeInstance, list[str]]) -> list[str]:
    return timeline[1]


def created(index_from_newest: int) -> datetime:
    return BASE_TIME + STEP * (COUNT - 1 - index_from_newest)


def client_of(fake: FakeInstance) -> AsyncClient:
    return AsyncClient(fake.url, transport=fake.transport(), runtime=fake.async_runtime())


def limits(fake: FakeInstance) -> list[str | None]:
    """The ``limit`` each request asked for."""
    return [dict(r.query).get("limit") for r in fake.requests]


async def test_a_limit_with_a_date_bound_asks_for_full_pages(
    fake: FakeInstance, ids: list[str]
) -> None:
    async with client_of(fake) as client:
        one = [s.id async for s in client.timelines.tag("fake", until=created(700), limit=1)]
    assert one == ids[700:701]
    assert set(limits(fake)) == {"40"}
    # Without snowflakes the walk filters here, and reaches the 701st status
    # in full pages, as a walk without the limit does: 18 pages.
    assert len(fake.requests) <= 701 // 40 + 1


@pytest.mark.parametrize(("newest", "oldest"), [(100, 199), (0, 39), (950, 999), (500, 500)])
async def test_since_and_until_give_exactly_the_statuses_between(
    fake: FakeInstance, ids: list[str], newest: int, oldest: int
) -> None:
    since, until = created(oldest), created(newest)
    async with client_of(fake) as client:
        got = [s.id async for s in client.timelines.tag("fake", since=since, until=until)]
        newer = [s.id async for s in client.timelines.tag("fake", since=since, until=until).newer()]
    assert got == ids[newest : oldest + 1]
    assert sorted(newer, key=ids.index) == ids[newest : oldest + 1]
    assert len(set(newer)) == len(newer)


async def test_until_in_the_middle_costs_two_requests(fake: FakeInstance, ids: list[str]) -> None:
    async with client_of(fake) as client:
        got = [s.id async for s in client.timelines.tag("fake", until=created(500), limit=40)]
    assert got == ids[500:540]
    assert len(fake.requests) <= 3


async def test_since_toward_newer_starts_at_the_bound(fake: FakeInstance, ids: list[str]) -> None:
    async with client_of(fake) as client:
        walk = client.timelines.tag("fake", since=created(500), limit=40).newer()
        got = [s.id async for s in walk]
    assert got == ids[461:501]
    assert len(fake.requests) <= 3


async def test_naive_or_inverted_bounds_are_refused(fake: FakeInstance) -> None:
    async with client_of(fake) as client:
        with pytest.raises(ValueError, match="naive"):
            client.timelines.tag("fake", since=datetime(2025, 1, 1))
        with pytest.raises(ValueError, match="after"):
            client.timelines.tag("fake", since=created(0), until=created(10))
    assert fake.requests == []


async def test_date_bound_past_the_end(fake: FakeInstance, ids: list[str]) -> None:
    async with client_of(fake) as client:
        before = [
            s async for s in client.timelines.tag("fake", until=BASE_TIME - timedelta(days=1))
        ]
        after = [s async for s in client.timelines.tag("fake", since=created(0) + STEP)]
        everything = [s.id async for s in client.timelines.tag("fake", since=BASE_TIME).newer()]
    assert before == []
    assert after == []
    assert sorted(everything, key=ids.index) == ids
