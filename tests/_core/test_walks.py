"""The walk of a paginated list, as a table: what it fetches and what it hands out, no network."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from tootkit._core.links import PageLinks
from tootkit._core.walks import Emit, Fetch, Fetched, Strategy, make_strategy, toward_newer, walk

START = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Item:
    id: str
    created_at: datetime


def ulid_items(newest: int, count: int) -> list[Item]:
    """Items newest first, one a minute, with ids that are not snowflakes."""
    return [
        Item(id=f"01J{n:023d}", created_at=START + timedelta(minutes=n))
        for n in range(newest, newest - count, -1)
    ]


Server = Callable[[Fetch], Fetched]


def drive(strategy: Strategy, server: Server) -> tuple[list[Fetch], list[Emit]]:
    """Run a walk against a scripted server; return what it fetched and what it handed out."""
    fetches: list[Fetch] = []
    emits: list[Emit] = []
    steps = walk(strategy)
    answer: Fetched | None = None
    try:
        while True:
            instruction = steps.send(answer)
            answer = None
            if isinstance(instruction, Fetch):
                fetches.append(instruction)
                answer = server(instruction)
                assert len(fetches) < 100, "the walk does not end"
            else:
                emits.append(instruction)
    except StopIteration:
        return fetches, emits


def timeline(items: list[Item], link_header: bool = True) -> Server:
    """A Link-header timeline over ``items`` (newest first), paged by max_id and min_id."""

    def answer(fetch: Fetch) -> Fetched:
        chosen = items
        if "max_id" in fetch.position:
            chosen = [i for i in chosen if i.id < fetch.position["max_id"]]
        if "min_id" in fetch.position:
            above = [i for i in chosen if i.id > fetch.position["min_id"]]
            chosen = above[-fetch.size :]
        page = chosen[: fetch.size]
        if not page or not link_header:
            return Fetched(page, link_header=False)
        links = PageLinks(next={"max_id": page[-1].id}, prev={"min_id": page[0].id})
        return Fetched(page, links, link_header=True)

    return answer


def offsets(total: int) -> Server:
    def answer(fetch: Fetch) -> Fetched:
        start = int(fetch.position.get("offset", "0"))
        return Fetched([f"item{n}" for n in range(start, min(total, start + fetch.size))])

    return answer


@pytest.mark.parametrize(
    ("total", "page_size", "limit", "fetched_offsets", "page_sizes"),
    [
        (5, 2, None, ["0", "2", "4"], [2, 2, 1]),
        (4, 2, None, ["0", "2", "4"], [2, 2]),  # the empty page after a full one ends it
        (10, 4, 6, ["0", "4"], [4, 2]),  # the last request asks for what the limit leaves
        (0, 2, None, ["0"], [0]),  # an empty first page is handed out
    ],
)
def test_offset_walks(
    total: int, page_size: int, limit: int | None, fetched_offsets: list[str], page_sizes: list[int]
) -> None:
    strategy = Strategy(kind="offset", page_size=page_size, limit=limit)
    fetches, emits = drive(strategy, offsets(total))
    assert [f.position.get("offset", "0") for f in fetches] == fetched_offsets
    assert [len(e.items) for e in emits] == page_sizes


def test_a_link_walk_follows_next_to_the_end() -> None:
    items = ulid_items(99, 100)
    fetches, emits = drive(Strategy(kind="link", page_size=40), timeline(items))
    assert [len(e.items) for e in emits] == [40, 40, 20]
    assert len(fetches) == 4  # and the empty page that closes it
    assert [i for e in emits for i in e.items] == items


def test_without_a_link_header_a_status_walk_goes_below_the_last_id() -> None:
    items = ulid_items(99, 50)
    strategy = Strategy(kind="link_or_id", page_size=20)
    _, emits = drive(strategy, timeline(items, link_header=False))
    assert [i for e in emits for i in e.items] == items
    _, emits = drive(Strategy(kind="link", page_size=20), timeline(items, link_header=False))
    assert [len(e.items) for e in emits] == [20]  # a plain list stops where its links stop


def test_a_limit_cuts_the_page_and_the_cursor_resumes_after_it() -> None:
    items = ulid_items(99, 100)
    _, emits = drive(Strategy(kind="link", page_size=40, limit=55), timeline(items))
    assert [len(e.items) for e in emits] == [40, 15]
    assert emits[-1].forward == {"max_id": items[54].id}


def test_a_server_that_sends_the_same_cursor_again_ends_the_walk() -> None:
    page = ulid_items(10, 2)

    def stuck(fetch: Fetch) -> Fetched:
        return Fetched(page, PageLinks(next={"max_id": "X"}, prev=None), link_header=True)

    fetches, _ = drive(Strategy(kind="link", start={"max_id": "X"}), stuck)
    assert len(fetches) == 1


def test_since_on_other_ids_filters_and_stops_past_the_bound() -> None:
    items = ulid_items(99, 100)
    since = START + timedelta(minutes=50)
    fetches, emits = drive(Strategy(kind="link_or_id", page_size=20, since=since), timeline(items))
    assert [i for e in emits for i in e.items] == items[:50]
    assert len(fetches) == 3  # 20, 20, and the page that crosses the bound


def test_until_on_snowflakes_jumps_there() -> None:
    ms = int(START.timestamp() * 1000)
    items = [
        Item(id=str(((ms + n * 60_000) << 16) | n), created_at=START + timedelta(minutes=n))
        for n in range(99, -1, -1)
    ]
    until = START + timedelta(minutes=10)
    fetches, emits = drive(Strategy(kind="link_or_id", page_size=40, until=until), timeline(items))
    assert next(i.created_at for e in emits for i in e.items) == until
    assert "max_id" in fetches[1].position  # the second request starts at the bound


def test_a_newer_walk_from_since_on_other_ids_finds_where_to_start() -> None:
    items = ulid_items(99, 100)
    since = START + timedelta(minutes=10)
    strategy = toward_newer(Strategy(kind="link_or_id", page_size=40, since=since))
    _, emits = drive(strategy, timeline(items))
    got = [i for e in emits for i in e.items]
    assert sorted(got, key=lambda i: i.id) == sorted(items[:90], key=lambda i: i.id)


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ({"limit": -1}, "limit"),
        ({"page_size": 0}, "page_size"),
        ({"since": datetime(2025, 1, 1)}, "naive"),
        ({"since": START, "until": START - timedelta(days=1)}, "after"),
        ({"cursor": "bogus"}, "not a tootkit cursor"),
    ],
)
def test_a_strategy_refuses_mistakes(arguments: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        make_strategy("link", (), **arguments)  # type: ignore[arg-type]


def test_a_strategy_starts_where_it_is_told() -> None:
    assert make_strategy("link", [("max_id", "9"), ("x", "y")]).start == {"max_id": "9"}
    assert make_strategy("link", (), min_id="3").newer is True
    assert make_strategy("link", [("max_id", "9")], cursor="min_id=4").start == {"min_id": "4"}
    assert make_strategy("offset", (), page_size=100, max_page_size=20).page_size == 20


def test_an_offset_walk_ends_when_the_server_ignores_offset() -> None:
    def same_page(fetch: Fetch) -> Fetched:
        return Fetched([Item(id=str(n), created_at=START) for n in range(fetch.size)])

    fetches, emits = drive(Strategy(kind="offset", page_size=40), same_page)
    assert len(fetches) == 2
    assert [len(e.items) for e in emits] == [40]
