"""Coverage: which date ranges of one (instance, tag) timeline an archive holds in full.

Pure functions, no I/O. A harvest records a :class:`Span` for every stretch of a
timeline it walked to the end, and :func:`plan` turns the spans and the range a
user asks for into the few walks that fetch only what is missing. A complete
archive asked again costs one request: the newer walk that finds nothing new.

Examples:
    >>> from datetime import UTC, datetime, timedelta
    >>> done = Span(lo=None, hi=datetime(2025, 3, 1, tzinfo=UTC), hi_id="900")
    >>> plan([done], since=datetime(2025, 1, 1, tzinfo=UTC), until=None)
    [Walk(newer=True, from_id='900', lo=datetime.datetime(2025, 3, 1, 0, 0, tzinfo=datetime.timezone.utc), hi=None)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

import attrs

__all__ = ["CLOCK_MARGIN", "Span", "Walk", "ceiling", "merge", "plan"]


CLOCK_MARGIN = timedelta(minutes=5)
"""How far coverage stays below the moment a walk began: a server whose clock is behind ours
dates a status posted just after that moment earlier than it. Coverage never reaches past
``start - CLOCK_MARGIN``, so a later run always asks for what came after it."""

_MIN = datetime.min.replace(tzinfo=UTC)
_MAX = datetime.max.replace(tzinfo=UTC)


@attrs.frozen
class Span:
    """Every status of one (instance, tag) created from ``lo`` to ``hi`` is in the archive.

    ``lo`` is None when the span reaches the first status of the timeline.
    ``lo_id`` is the oldest status stored in the span (an older walk resumes
    below it), ``hi_id`` the newest (a newer walk resumes above it); either is
    None when the span holds no status at all.
    """

    lo: datetime | None
    hi: datetime
    lo_id: str | None = None
    hi_id: str | None = None

    @property
    def low(self) -> datetime:
        return self.lo if self.lo is not None else _MIN


@attrs.frozen
class Walk:
    """One walk of a timeline that fills a gap between spans.

    A newer walk starts just above ``from_id`` (``min_id``) and goes up to
    ``hi``; an older walk starts just below ``from_id`` (``max_id``; None: the
    newest status) and goes down to ``lo``. ``lo`` None means the start of the
    timeline, ``hi`` None means now. ``lo`` to ``hi`` is the gap the walk
    fills: the span it leaves behind.
    """

    newer: bool
    from_id: str | None
    lo: datetime | None
    hi: datetime | None


def merge(spans: Iterable[Span]) -> list[Span]:
    """The spans with overlapping or touching ones joined, newest first.

    Examples:
        >>> a = Span(lo=datetime(2025, 2, 1, tzinfo=UTC), hi=datetime(2025, 3, 1, tzinfo=UTC))
        >>> b = Span(lo=None, hi=datetime(2025, 2, 1, tzinfo=UTC))
        >>> merge([a, b]) == [Span(lo=None, hi=datetime(2025, 3, 1, tzinfo=UTC))]
        True
    """
    ordered = sorted(spans, key=lambda s: s.low)
    joined: list[Span] = []
    for span in ordered:
        if joined and span.low <= joined[-1].hi:
            last = joined[-1]
            upper = span if span.hi >= last.hi else last
            lower_other = last if upper is span else span
            joined[-1] = Span(
                lo=last.lo,  # ordered by lo: the earlier span starts lower
                hi=upper.hi,
                lo_id=last.lo_id or span.lo_id,
                hi_id=upper.hi_id or lower_other.hi_id,
            )
        else:
            joined.append(span)
    joined.reverse()
    return joined


def plan(spans: Sequence[Span], *, since: datetime | None, until: datetime | None) -> list[Walk]:
    """The walks that fetch what ``spans`` lack of the range ``since`` to ``until``.

    The gap above the newest span is always walked when ``until`` is None,
    since statuses may have been posted after it: from that span's newest id
    upward, which costs one request when nothing is new. A gap below a span is
    walked downward from the span's oldest id, so an interrupted walk resumes
    where it stopped. A range with no span is walked from the newest status.
    """
    top = until if until is not None else _MAX
    bottom = since if since is not None else _MIN
    ordered = merge(spans)
    # Candidate gaps, newest first: (lower edge, upper edge, span below, span above).
    edges: list[tuple[datetime, datetime, Span | None, Span | None]] = []
    above: Span | None = None
    upper = _MAX
    for span in ordered:
        edges.append((span.hi, upper, span, above))
        above, upper = span, span.low
    edges.append((_MIN, upper, None, above))
    walks: list[Walk] = []
    for lower_edge, upper_edge, below, over in edges:
        lo, hi = max(lower_edge, bottom), min(upper_edge, top)
        if lo >= hi:
            continue
        lo_out = None if lo == _MIN else lo
        hi_out = None if hi == _MAX else hi
        if upper_edge == _MAX and below is not None and below.hi_id and lo == lower_edge:
            walks.append(Walk(newer=True, from_id=below.hi_id, lo=lo_out, hi=hi_out))
        elif over is not None and over.lo_id and hi == upper_edge:
            walks.append(Walk(newer=False, from_id=over.lo_id, lo=lo_out, hi=hi_out))
        else:
            walks.append(Walk(newer=False, from_id=None, lo=lo_out, hi=hi_out))
    return walks


def ceiling(hi: datetime | None, started: datetime) -> datetime:
    """The highest date a walk begun at ``started`` may claim, for a walk bounded by ``hi``.

    Never past the walk's start less :data:`CLOCK_MARGIN`, whatever ``until``
    said: a study re-run with an ``until`` in the future must fetch what was
    posted since.

    Examples:
        >>> start = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
        >>> ceiling(datetime(2027, 1, 1, tzinfo=UTC), start)
        datetime.datetime(2026, 6, 1, 11, 55, tzinfo=datetime.timezone.utc)
        >>> ceiling(datetime(2025, 1, 1, tzinfo=UTC), start)
        datetime.datetime(2025, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """
    cap = started - CLOCK_MARGIN
    return cap if hi is None or hi > cap else hi
