"""Coverage arithmetic: which walks fill what an archive lacks (pure, no network)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tootkit.store import Span, Walk, merge, plan


def day(n: int) -> datetime:
    return datetime(2025, 1, n, tzinfo=UTC)


ALL = Span(lo=None, hi=day(20), lo_id="1", hi_id="900")
RECENT = Span(lo=day(10), hi=day(20), lo_id="500", hi_id="900")
OLD = Span(lo=day(2), hi=day(5), lo_id="100", hi_id="250")
EMPTY = Span(lo=day(3), hi=day(4))


@pytest.mark.parametrize(
    ("spans", "since", "until", "walks"),
    [
        # Nothing stored: one walk from the newest status down to since.
        ([], None, None, [Walk(newer=False, from_id=None, lo=None, hi=None)]),
        ([], day(5), day(9), [Walk(newer=False, from_id=None, lo=day(5), hi=day(9))]),
        # Complete: only what is newer, one request when nothing is.
        ([ALL], None, None, [Walk(newer=True, from_id="900", lo=day(20), hi=None)]),
        ([ALL], day(1), None, [Walk(newer=True, from_id="900", lo=day(20), hi=None)]),
        # Complete and bounded inside: nothing at all.
        ([ALL], day(3), day(15), []),
        ([RECENT], day(12), day(20), []),
        # An interrupted walk resumes below its oldest status.
        (
            [RECENT],
            None,
            day(20),
            [Walk(newer=False, from_id="500", lo=None, hi=day(10))],
        ),
        # A wider since walks only the older part; the newer part too when open-ended.
        (
            [RECENT],
            day(1),
            None,
            [
                Walk(newer=True, from_id="900", lo=day(20), hi=None),
                Walk(newer=False, from_id="500", lo=day(1), hi=day(10)),
            ],
        ),
        # A gap between two spans is walked down from the upper one to the lower one.
        (
            [RECENT, OLD],
            day(2),
            day(20),
            [Walk(newer=False, from_id="500", lo=day(5), hi=day(10))],
        ),
        # Below the lowest span, down to since.
        (
            [OLD],
            day(1),
            day(5),
            [Walk(newer=False, from_id="100", lo=day(1), hi=day(2))],
        ),
        # A span with no status gives no id: the gap above it is walked from the top.
        (
            [EMPTY],
            day(3),
            day(8),
            [Walk(newer=False, from_id=None, lo=day(4), hi=day(8))],
        ),
        # A later until than the span: newer walk bounded by until.
        (
            [OLD],
            day(3),
            day(8),
            [Walk(newer=True, from_id="250", lo=day(5), hi=day(8))],
        ),
    ],
)
def test_plan(
    spans: list[Span], since: datetime | None, until: datetime | None, walks: list[Walk]
) -> None:
    assert plan(spans, since=since, until=until) == walks


@pytest.mark.parametrize(
    ("spans", "merged"),
    [
        ([], []),
        ([OLD, RECENT], [RECENT, OLD]),
        # Touching spans join; the joined span keeps the outer ids.
        (
            [RECENT, Span(lo=day(5), hi=day(10), lo_id="250", hi_id=None)],
            [Span(lo=day(5), hi=day(20), lo_id="250", hi_id="900")],
        ),
        # A span inside another disappears.
        ([ALL, RECENT, OLD], [ALL]),
        # An empty span on top takes the newest id from the span below it.
        (
            [Span(lo=None, hi=day(5), lo_id="1", hi_id="250"), Span(lo=day(5), hi=day(9))],
            [Span(lo=None, hi=day(9), lo_id="1", hi_id="250")],
        ),
    ],
)
def test_merge(spans: list[Span], merged: list[Span]) -> None:
    assert merge(spans) == merged


spans_strategy = st.lists(
    st.tuples(st.integers(1, 27), st.integers(1, 3)).map(
        lambda p: Span(lo=day(p[0]), hi=day(p[0] + p[1]), lo_id=str(p[0]), hi_id=str(p[0] + p[1]))
    ),
    max_size=6,
)


@given(spans_strategy, st.integers(1, 30), st.integers(1, 30))
def test_the_walks_cover_every_gap_and_nothing_twice(spans: list[Span], a: int, b: int) -> None:
    since, until = day(min(a, b)), day(max(a, b))
    walks = plan(spans, since=since, until=until)
    after = merge([*spans, *(Span(lo=w.lo, hi=w.hi or until) for w in walks)])
    # Whatever was asked is covered by one span once the walks are done...
    assert any(s.low <= since and s.hi >= until for s in after) or since == until
    # ...and no walk lies inside what a span already held.
    for walk in walks:
        lo, hi = walk.lo or since, walk.hi or until
        assert lo < hi
        assert not any(s.low <= lo and hi <= s.hi for s in merge(spans))
