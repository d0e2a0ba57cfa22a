"""The fake's pagination: the bisecting walk gives what the plain filter gives, page for page."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tootkit.testing import FakeInstance, _routes, _store
from tootkit.testing._pages import order_key, paginate, paginate_sorted

URL = "https://fake.test/api/v1/timelines/public"
cursor = st.one_of(st.none(), st.integers(0, 60).map(str))


@given(
    ids=st.lists(st.integers(1, 50), unique=True).map(sorted),
    dropped=st.sets(st.integers(1, 50)),
    max_id=cursor,
    since_id=cursor,
    min_id=cursor,
    limit=st.one_of(st.none(), st.integers(-1, 50).map(str), st.just("junk")),
)
def test_paginate_sorted_is_paginate_without_the_filtering(
    ids: list[int],
    dropped: set[int],
    max_id: str | None,
    since_id: str | None,
    min_id: str | None,
    limit: str | None,
) -> None:
    items = [str(i) for i in ids]
    query = [("any[]", "x")]  # carried over into the links
    for name, value in (("max_id", max_id), ("since_id", since_id), ("min_id", min_id)):
        if value is not None:
            query.append((name, value))
    if limit is not None:
        query.append(("limit", limit))

    def keep(item: str) -> bool:
        return int(item) not in dropped

    expected = paginate([i for i in reversed(items) if keep(i)], str, query, URL)
    keys = [order_key(i) for i in items]
    assert paginate_sorted(items, keys, keep, str, query, URL) == expected


def test_a_page_at_the_end_of_a_long_walk_reads_only_that_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeInstance()
    for number in range(2000):
        fake.post("alice", f"{number} #walk" if number % 2 else f"{number} untagged")
    looked_at: list[str] = []
    public = _routes._public

    def counted(status: _store.Status) -> bool:
        looked_at.append(status.id)
        return public(status)

    monkeypatch.setattr(_routes, "_public", counted)
    with httpx.Client(transport=fake.transport(), base_url=fake.url) as http:
        first = http.get("/api/v1/timelines/tag/walk", params={"limit": 40}).json()
        looked_at.clear()
        oldest = fake._store.statuses[200].id  # near the end of a walk from the newest
        page = http.get("/api/v1/timelines/tag/walk", params={"limit": 40, "max_id": oldest})
    assert len(first) == len(page.json()) == 40
    assert len(looked_at) == 79  # the 40 kept and the 39 untagged between them, not 2,000
