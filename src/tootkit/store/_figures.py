"""The figures of a report (:func:`tootkit.store.report`): typed, frozen, and plain to write as JSON.

Examples:
    >>> Totals(statuses=3, instances=1, accounts=2, first=None, last=None).statuses
    3
"""

from __future__ import annotations

from datetime import datetime

import attrs

from tootkit.store._reading import LeftOut

__all__ = [
    "CoverageSpan",
    "Finished",
    "InstanceRow",
    "Period",
    "Provenance",
    "Refresh",
    "Report",
    "Totals",
]


@attrs.frozen
class Totals:
    statuses: int
    instances: int
    accounts: int
    first: datetime | None
    last: datetime | None


@attrs.frozen
class Period:
    """One bar of the volume chart: a day or an hour, from ``start`` on."""

    start: datetime
    counts: tuple[tuple[str, int], ...]
    """Statuses by instance (the top ones, then ``"other"``); instances with none are left out."""
    covered: bool
    """Whether any (instance, tag) coverage span overlaps the period."""

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


@attrs.frozen
class CoverageSpan:
    tag: str
    lo: datetime | None
    """None: from the first status of the timeline."""
    hi: datetime


@attrs.frozen
class InstanceRow:
    instance: str
    statuses: int
    accounts: int
    first: datetime | None
    last: datetime | None
    coverage: tuple[CoverageSpan, ...]
    last_harvest: str
    """``"ok"`` when a harvest of it finished (see ``finished_at``), else ``"not recorded"``:
    the archive records no failures."""
    finished_at: datetime | None


@attrs.frozen
class Finished:
    instance: str
    tag: str
    since: datetime | None
    until: datetime | None
    at: datetime


@attrs.frozen
class Refresh:
    at: datetime
    instance: str
    checked: int
    deleted: int
    edited: int
    error: str | None


@attrs.frozen
class Provenance:
    path: str
    size: int
    """Bytes, of the archive and its write-ahead log."""
    version: str
    """The tootkit that made the report."""
    made_at: datetime
    finished: tuple[Finished, ...]
    refreshes: tuple[Refresh, ...]
    left_out: LeftOut
    """What an export with the same bounds leaves out (deleted, context, opt-outs)."""


@attrs.frozen
class Report:
    """The figures of :func:`report`, for ``tootkit report`` to draw or write as JSON."""

    since: datetime | None
    until: datetime | None
    hourly: bool
    totals: Totals
    periods: tuple[Period, ...]
    top_instances: tuple[str, ...]
    """The instances the volume chart draws apart, most statuses first (then ``"other"``)."""
    instances: tuple[InstanceRow, ...]
    languages: tuple[tuple[str, int], ...]
    """Statuses by language, most first; ``"unknown"`` where the server sent none."""
    accounts: tuple[tuple[str, int], ...]
    """The top accounts as ``user@domain`` (or pseudonyms), most statuses first."""
    hashtags: tuple[tuple[str, int], ...]
    """The most frequent hashtags other than those harvested, in lower case."""
    harvested_tags: tuple[str, ...]
    provenance: Provenance

    @property
    def empty(self) -> bool:
        return self.totals.statuses == 0
