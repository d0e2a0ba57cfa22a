"""What an archive holds, summed up: :func:`report`, the figures behind ``tootkit report``.

Statuses are counted per day, or per hour when the report spans fewer than
three calendar days (UTC). The figures are counted by SQLite (``GROUP BY``) over one narrow copy of the
statuses the report is about, so that no raw JSON is decoded: a million
statuses take seconds. Those statuses are what an export gives before
opt-outs: the harvested ones (with a hashtag sighting), not deleted, created
within ``since`` and ``until``. A status is counted once, under the instance
that returned it first.

Coverage: a period (a day, or an hour for spans under three days) is
*covered* when at least one (instance, tag) span of the archive overlaps it;
an uncovered period is one nothing was collected for, so that "no posts" and
"not collected" are told apart. The archive records the harvests that
finished (the ``finished`` table), never the ones that failed: an instance
without a finished harvest shows "not recorded".

Examples:
    >>> from tootkit.store import Archive
    >>> with Archive(":memory:") as archive:
    ...     report(archive).totals.statuses
    0
"""

from __future__ import annotations

import heapq
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import orjson

from tootkit._version import __version__
from tootkit.store._archive import Archive
from tootkit.store._figures import (
    CoverageSpan,
    Finished,
    InstanceRow,
    Period,
    Provenance,
    Refresh,
    Report,
    Totals,
)
from tootkit.store._optouts import OptOuts, may_opt_out
from tootkit.store._pseudonyms import Pseudonymizer
from tootkit.store._reading import LeftOut, _context, _hit
from tootkit.store._schema import from_iso

__all__ = ["OTHER", "report"]

TOP_INSTANCES = 10
"""Instances drawn apart in the volume chart; the rest are stacked as ``"other"``."""
TOP_ACCOUNTS = 20
TOP_TAGS = 20
HOURLY_BELOW = 3
"""A report spanning fewer calendar days (UTC) than this counts statuses per hour, not per day."""
OTHER = "other"


def report(
    archive: Archive,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    pseudonyms: Pseudonymizer | None = None,
) -> Report:
    """Sum up what ``archive`` holds, from ``since`` to ``until``; see the module for what counts.

    Examples:
        >>> with Archive("study.sqlite", read_only=True) as archive:  # doctest: +SKIP
        ...     summary = report(archive)
        >>> summary.totals.statuses, summary.languages[:2]  # doctest: +SKIP
        (10312, (('en', 7001), ('de', 1200)))
    """
    with archive.connection() as db:
        _select(db, archive, since, until)
        try:
            return _summary(db, archive, since, until, pseudonyms)
        finally:
            _drop(db)


def _select(db: sqlite3.Connection, archive: Archive, since: datetime | None,
            until: datetime | None) -> None:  # fmt: skip
    """Copy the columns the report reads of its statuses into a temporary table, in one scan.

    ``kind`` says what each is to an export with these bounds: 0 a hit it
    gives, 1 a deleted hit, 2 context (``--replies``). Reading the archive
    once matters: the raw JSON makes up most of it, and reading the columns
    after it means reading past it.
    """
    hit, params = _hit("s", since, until, None)
    if archive._current():
        context, more = _context(since, until, None)
        kind = (
            f"CASE WHEN s.deleted_at IS NOT NULL THEN (CASE WHEN {hit} THEN 1 ELSE 3 END) "
            f"WHEN {hit} THEN 0 WHEN {context} THEN 2 ELSE 3 END"
        )
        params = [*params, *params, *more]
    else:  # an archive of an earlier tootkit, read as it is: every status is a hit
        kind = f"CASE WHEN {hit} THEN 0 ELSE 3 END"
    db.execute("DROP VIEW IF EXISTS temp.report_hits")
    db.execute("DROP TABLE IF EXISTS temp.report_rows")
    # The opt-outs are counted as an export counts them, but only the statuses whose
    # raw JSON may be by an account that opted out are decoded: a handful in a million.
    db.create_function("may_opt_out", 1, _may_opt_out, deterministic=True)
    # ``kind`` is written once in the query: a subquery that named it would be flattened
    # into evaluating it, sightings lookup and all, once per use.
    db.execute(
        "CREATE TEMP TABLE report_rows AS SELECT s.rowid AS id, s.created_at AS created_at, "  # noqa: S608
        "s.instance AS instance, s.account_acct AS acct, s.language AS language, s.tags AS tags, "
        f"may_opt_out(s.raw) AS candidate, {kind} AS kind FROM statuses s",
        params,
    )
    db.execute("CREATE TEMP VIEW report_hits AS SELECT * FROM report_rows WHERE kind = 0")


def _drop(db: sqlite3.Connection) -> None:
    db.execute("DROP VIEW IF EXISTS temp.report_hits")
    db.execute("DROP TABLE IF EXISTS temp.report_rows")


def _may_opt_out(raw: bytes | str) -> bool:
    return may_opt_out(raw if isinstance(raw, bytes) else raw.encode())


def _left_out(db: sqlite3.Connection) -> LeftOut:
    """What an export with the report's bounds leaves out, as :meth:`Archive.left_out` counts it."""
    tally = OptOuts()
    for raw, instance in db.execute(
        "SELECT raw, instance FROM statuses WHERE rowid IN "
        "(SELECT id FROM report_hits WHERE candidate) ORDER BY created_at, uri"
    ):
        tally.leaves_out(orjson.loads(raw), instance)
    deleted, context = db.execute(
        "SELECT count(*) FILTER (WHERE kind = 1), count(*) FILTER (WHERE kind = 2) FROM report_rows"
    ).fetchone()
    return LeftOut(
        deleted=deleted,
        context=context,
        opted_out=tally.statuses,
        opted_out_accounts=tuple(sorted(tally.accounts.items())),
    )


def _summary(
    db: sqlite3.Connection,
    archive: Archive,
    since: datetime | None,
    until: datetime | None,
    pseudonyms: Pseudonymizer | None,
) -> Report:
    rows = db.execute(
        "SELECT instance, count(*), count(DISTINCT acct), min(created_at), max(created_at) "
        "FROM report_hits GROUP BY instance ORDER BY count(*) DESC, instance"
    ).fetchall()
    count = sum(row[1] for row in rows)
    first = min((row[3] for row in rows), default="")
    last = max((row[4] for row in rows), default="")
    authors = db.execute("SELECT acct, count(*) FROM report_hits GROUP BY acct").fetchall()
    totals = Totals(count, len(rows), len(authors), from_iso(first), from_iso(last))
    spans = {
        instance: tuple(
            CoverageSpan(tag, span.lo, span.hi)
            for tag in tags
            for span in archive.coverage(instance, tag)
        )
        for instance, tags in (_partitions(archive) if _has(db, "coverage") else {}).items()
    }
    finished = _finished(db)
    last_finished: dict[str, datetime] = {}
    for f in finished:
        last_finished[f.instance] = max(f.at, last_finished.get(f.instance, f.at))
    instances = tuple(
        InstanceRow(
            instance=i,
            statuses=n,
            accounts=a,
            first=from_iso(lo),
            last=from_iso(hi),
            coverage=spans.get(i, ()),
            last_harvest="ok" if i in last_finished else "not recorded",
            finished_at=last_finished.get(i),
        )
        # An instance harvested whose statuses all came first from another still has a row.
        for i, n, a, lo, hi in [*rows, *_silent(rows, spans, last_finished)]
    )
    top = tuple(row.instance for row in instances[:TOP_INSTANCES] if row.statuses)
    start = since or totals.first
    end = until or totals.last
    hourly = start is not None and end is not None and _days(start, end) < HOURLY_BELOW
    all_spans = [s for found in spans.values() for s in found]
    periods = _periods(db, start, end, hourly, set(top), all_spans) if count else ()
    harvested = tuple(r[0] for r in db.execute("SELECT DISTINCT tag FROM sightings ORDER BY tag"))
    return Report(
        since=since,
        until=until,
        hourly=hourly,
        totals=totals,
        periods=periods,
        top_instances=top,
        instances=instances,
        languages=tuple(
            (language or "unknown", n)
            for language, n in db.execute(
                "SELECT language, count(*) FROM report_hits GROUP BY language "
                "ORDER BY count(*) DESC, language"
            )
        ),
        accounts=_accounts(authors, pseudonyms),
        hashtags=_hashtags(db, set(harvested)),
        harvested_tags=harvested,
        provenance=Provenance(
            path=archive.path,
            size=_size(archive.path),
            version=__version__,
            made_at=datetime.now(UTC),
            finished=finished,
            refreshes=_refreshes(db),
            left_out=_left_out(db),
        ),
    )


def _silent(
    rows: list[tuple[str, int, int, str, str]], *known: Iterable[str]
) -> list[tuple[str, int, int, str, str]]:
    """Rows of no status for the instances the archive knows of but counted nothing under."""
    counted = {row[0] for row in rows}
    others = sorted({i for found in known for i in found} - counted)
    return [(i, 0, 0, "", "") for i in others]


def _partitions(archive: Archive) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for instance, tag in sorted(archive.partitions()):
        found.setdefault(instance, []).append(tag)
    return found


def _periods(
    db: sqlite3.Connection,
    start: datetime | None,
    end: datetime | None,
    hourly: bool,
    top: set[str],
    spans: list[CoverageSpan],
) -> tuple[Period, ...]:
    """Every day (or hour) from ``start`` to ``end``, with its statuses by instance."""
    assert start is not None
    assert end is not None
    width = 13 if hourly else 10
    step = timedelta(hours=1) if hourly else timedelta(days=1)
    counts: dict[str, Counter[str]] = {}
    # Only the first characters of the stored ISO 8601 (UTC) are the period.
    for period, instance, n in db.execute(
        f"SELECT substr(created_at, 1, {width}), instance, count(*) FROM report_hits GROUP BY 1, 2"  # noqa: S608
    ):
        counts.setdefault(period, Counter())[instance if instance in top else OTHER] += n
    first = _floor(start.astimezone(UTC), hourly)
    periods = []
    at = first
    while at <= end:
        key = at.isoformat()[:width]
        found = counts.get(key, Counter())
        covered = any(s.hi >= at and (s.lo is None or s.lo < at + step) for s in spans)
        periods.append(Period(at, tuple(sorted(found.items(), key=_by_count)), covered))
        at += step
    return tuple(periods)


def _days(start: datetime, end: datetime) -> int:
    """How many calendar days (UTC) from ``start`` to ``end`` touch, both counted."""
    return (end.astimezone(UTC).date() - start.astimezone(UTC).date()).days + 1


def _by_count(item: tuple[str, int]) -> tuple[int, int, str]:
    return (item[0] == OTHER, -item[1], item[0])


def _floor(at: datetime, hourly: bool) -> datetime:
    at = at.replace(minute=0, second=0, microsecond=0)
    return at if hourly else at.replace(hour=0)


def _accounts(
    authors: list[tuple[str, int]], pseudonyms: Pseudonymizer | None
) -> tuple[tuple[str, int], ...]:
    """The top accounts of ``(acct, statuses)``, most statuses first, then by name."""
    top = heapq.nsmallest(TOP_ACCOUNTS, authors, key=lambda item: (-item[1], item[0]))
    return tuple((pseudonyms.account(a) if pseudonyms else a, n) for a, n in top)


def _hashtags(db: sqlite3.Connection, harvested: set[str]) -> tuple[tuple[str, int], ...]:
    counted: Counter[str] = Counter()
    # Far fewer sets of hashtags than statuses: SQLite counts each set, Python splits them.
    for tags, n in db.execute(
        "SELECT lower(tags), count(*) FROM report_hits WHERE tags != '' GROUP BY 1"
    ):
        for tag in set(tags.split()):
            counted[tag] += n
    for tag in harvested:
        counted.pop(tag.lower(), None)
    return tuple(sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:TOP_TAGS])


def _has(db: sqlite3.Connection, table: str) -> bool:
    """Whether the archive has ``table``: one of an earlier tootkit, opened read-only, may not."""
    return db.execute("SELECT 1 FROM sqlite_master WHERE name=?", (table,)).fetchone() is not None


def _finished(db: sqlite3.Connection) -> tuple[Finished, ...]:
    if not _has(db, "finished"):
        return ()
    rows = db.execute(
        "SELECT instance, tag, since, until, at FROM finished ORDER BY at, instance, tag"
    )
    return tuple(
        Finished(i, t, from_iso(s), from_iso(u), datetime.fromisoformat(at))
        for i, t, s, u, at in rows
    )


def _refreshes(db: sqlite3.Connection) -> tuple[Refresh, ...]:
    if not _has(db, "refreshes"):
        return ()
    rows = db.execute(
        "SELECT at, instance, checked, deleted, edited, error FROM refreshes ORDER BY at"
    )
    return tuple(Refresh(datetime.fromisoformat(at), *rest) for at, *rest in rows)


def _size(path: str) -> int:
    if path == ":memory:":
        return 0
    return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
