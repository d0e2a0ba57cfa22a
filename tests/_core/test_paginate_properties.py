"""However a server cuts a timeline into pages, a walk yields every item once, in order.

The "server" here is a function behind ``httpx.MockTransport``: hypothesis
draws the page sizes it chooses (servers may return fewer items than asked),
and whether it sends ``Link`` headers at all.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

import httpx
import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from tootkit import AsyncClient, Client


def make_server(count: int, sizes: list[int], with_links: bool) -> httpx.MockTransport:
    """Statuses with ids 1..count (count is the newest), served newest first."""
    calls = [0]

    def handler(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        size = sizes[calls[0] % len(sizes)]
        calls[0] += 1
        if "min_id" in params:
            low = int(params["min_id"]) + 1
            ids = list(range(min(count, low + size - 1), low - 1, -1))
        else:
            high = int(params.get("max_id", count + 1)) - 1
            ids = list(range(high, max(0, high - size), -1))
        body = orjson.dumps(
            [{"id": str(i), "created_at": "2025-01-01T00:00:00Z", "content": ""} for i in ids]
        )
        headers = {}
        if ids and with_links:
            base = "https://m.example/api/v1/timelines/public"
            headers["Link"] = (
                f'<{base}?{urlencode({"max_id": ids[-1]})}>; rel="next", '
                f'<{base}?{urlencode({"min_id": ids[0]})}>; rel="prev"'
            )
        return httpx.Response(200, content=body, headers=headers)

    return httpx.MockTransport(handler)


sizes = st.lists(st.integers(min_value=1, max_value=45), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(count=st.integers(min_value=0, max_value=200), sizes=sizes, with_links=st.booleans())
def test_older_walk_yields_every_item_once_in_order(
    count: int, sizes: list[int], with_links: bool
) -> None:
    with Client("m.example", transport=make_server(count, sizes, with_links)) as client:
        got = [int(s.id) for s in client.timelines.public()]
    assert got == list(range(count, 0, -1))


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=200),
    sizes=sizes,
    start=st.integers(min_value=0, max_value=200),
    limit=st.none() | st.integers(min_value=0, max_value=250),
)
def test_newer_walk_yields_every_newer_item_once(
    count: int, sizes: list[int], start: int, limit: int | None
) -> None:
    start = min(start, count)

    async def walk() -> list[int]:
        transport = make_server(count, sizes, True)
        async with AsyncClient("m.example", transport=transport) as client:
            walker = client.timelines.public(min_id=str(start), limit=limit)
            return [int(s.id) async for s in walker]

    got = asyncio.run(walk())
    expected = set(range(start + 1, count + 1))
    assert len(got) == len(set(got))
    if limit is None or limit >= len(expected):
        assert set(got) == expected
    else:
        assert len(got) == limit
        # What a limited newer walk yields is the run just above the start.
        assert set(got) == set(range(start + 1, start + 1 + limit))


@settings(max_examples=40, deadline=None)
@given(count=st.integers(min_value=1, max_value=150), sizes=sizes, stop=st.integers(1, 150))
def test_resuming_from_any_page_continues_exactly(count: int, sizes: list[int], stop: int) -> None:
    transport = make_server(count, sizes, True)
    with Client("m.example", transport=transport) as client:
        first: list[int] = []
        cursor = None
        for page in client.timelines.public(limit=stop).pages():
            first.extend(int(s.id) for s in page.items)
            cursor = page.next_cursor
        rest = [int(s.id) for s in client.timelines.public(cursor=cursor)] if cursor else []
    assert first + rest == list(range(count, 0, -1))
