"""The SQLite archive behind ``tootkit harvest``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from tootkit._convert import converter
from tootkit._core.hashtags import tag_key
from tootkit._records import records
from tootkit.errors import ArchiveError
from tootkit.models import Status
from tootkit.store._coverage import Span, ceiling, merge
from tootkit.store._files import (
    SIDECARS,
    archive_error,
    check_path,
    check_size,
    connect,
)
from tootkit.store._rows import Page, status_rows, status_uri
from tootkit.store._schema import (
    SCHEMA,
    adopt_legacy_state,
    created_at,
    from_iso,
    iso,
    write_coverage,
)

__all__ = ["Archive", "Page"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Archive:
    """A SQLite file of harvested statuses; use it as a context manager.

    ``Archive(path)`` opens an archive that exists, for reading and writing.
    ``create=True`` also creates it when it does not exist (its folder must);
    ``read_only=True`` opens it without ever writing to it, so that read-only
    and immutable files can be read. ``wal=False`` writes with a rollback
    journal instead of a write-ahead log, for files on network filesystems. A file that is missing, not SQLite,
    damaged, locked or read-only raises :class:`~tootkit.errors.ArchiveError`
    with one line that says so, and is left as it was.

    Each :meth:`store_page` is one transaction: a crash or Ctrl-C loses
    nothing already stored, and never leaves half a page.

    Examples:
        >>> with Archive(":memory:") as archive:
        ...     archive.instances()
        []
    """

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = False,
        read_only: bool = False,
        timeout: float = 10.0,
        wal: bool = True,
    ) -> None:
        if create and read_only:
            raise ValueError("an archive cannot be created read-only")
        self.path = str(path)
        self.read_only = read_only
        self._wal = wal
        memory = self.path == ":memory:"
        if not memory:
            check_path(self.path, create=create, read_only=read_only)
        # SQLite's files beside the archive that were there before we opened it.
        sidecars = {s for s in SIDECARS if Path(self.path + s).exists()}
        try:
            self._db = connect(self.path, read_only=read_only, timeout=timeout)
        except sqlite3.Error as exc:
            raise archive_error(self.path, exc) from exc
        try:
            with self._guard():
                self._prepare(create or memory)
        except BaseException:
            self._db.close()
            # Leave a file we refused as we found it: without journals we made.
            for suffix in set(SIDECARS) - sidecars:
                Path(self.path + suffix).unlink(missing_ok=True)
            raise

    def _prepare(self, create: bool) -> None:
        """Check the file is an archive (or empty, when creating), then ready it for use.

        Nothing is written before the checks pass, so a file that is not an
        archive is left byte for byte as it was.
        """
        tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master")}
        if "statuses" not in tables:
            if tables:
                raise ArchiveError(f"{self.path} is an SQLite database, but not a tootkit archive")
            if not create:
                raise ArchiveError(f"{self.path} is empty: not a tootkit archive")
        if self.path != ":memory:":
            check_size(self._db, self.path)
        if self.read_only:
            return
        # Fails now, before any request, when the file is locked or read-only.
        self._db.execute("BEGIN IMMEDIATE")
        self._db.rollback()
        if self.path != ":memory:":
            # Readers (an export, a notebook) never block the harvest, nor it them.
            # WAL needs shared memory, which network filesystems lack: a part
            # archive on a disk that workers share asks for a rollback journal.
            self._db.execute(f"PRAGMA journal_mode={'WAL' if self._wal else 'DELETE'}")
        self._db.execute("PRAGMA synchronous=NORMAL")
        # A checkpoint syncs the disk: one every 40 MB of pages rather than every 4 MB.
        self._db.execute("PRAGMA wal_autocheckpoint=10000")
        self._db.executescript(SCHEMA)
        adopt_legacy_state(self._db)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            raise archive_error(self.path, exc) from exc

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"<Archive {self.path} ({mode})>"

    # --- writing --------------------------------------------------------------

    def store_page(
        self,
        instance: str,
        tag: str,
        statuses: Sequence[Status],
        raws: Sequence[Any],
        *,
        coverage: Sequence[Span] | None = None,
    ) -> int:
        """Store a page (statuses and their raw JSON), and the coverage, in one transaction.

        ``raws`` are the statuses as the server sent them: decoded JSON, or
        the bytes of each (``keeping_raw(as_bytes=True)``), which are kept as
        they are.

        A status already stored (same ``uri``) is kept once, with one more
        sighting. ``coverage``, when given, replaces the spans recorded for
        ``(instance, tag)``. Returns how many statuses were new to the archive.
        """
        return self.store_pages([Page(instance, tag, statuses, raws, coverage)])[0]

    def store_pages(self, pages: Sequence[Page]) -> list[int]:
        """Store several pages, each with its coverage, in one transaction; how many were new in each.

        One commit for many pages is what lets one writer keep up with
        hundreds of walks: a commit costs more than the rows it writes.
        """
        added = []
        with self._guard(), self._db:
            for page in pages:
                # The same status comes from every instance it reached: making its
                # text (HTML to text) again costs more than asking which are stored.
                known = self._stored(
                    [status_uri(status, page.instance) for status in page.statuses]
                )
                before = self._db.total_changes
                self._db.executemany(
                    "INSERT OR IGNORE INTO statuses VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    status_rows(page, known),
                )
                added.append(self._db.total_changes - before)
                self._db.executemany(
                    "INSERT OR IGNORE INTO sightings VALUES (?,?,?,?)",
                    [
                        (status_uri(status, page.instance), page.instance, status.id, page.tag)
                        for status in page.statuses
                    ],
                )
                if page.coverage is not None:
                    write_coverage(self._db, page.instance, page.tag, page.coverage)
                if page.finished is not None:
                    self._finish(page.instance, page.tag, *page.finished)
        return added

    def _stored(self, uris: list[str]) -> set[str]:
        """Which of ``uris`` the archive holds (in chunks: SQLite caps the parameters of a query)."""
        found: set[str] = set()
        for start in range(0, len(uris), 500):
            chunk = uris[start : start + 500]
            marks = ",".join("?" * len(chunk))  # only placeholders go into the query
            query = f"SELECT uri FROM statuses WHERE uri IN ({marks})"  # noqa: S608
            found.update(row[0] for row in self._db.execute(query, chunk))
        return found

    def _finish(
        self, instance: str, tag: str, since: datetime | None, until: datetime | None
    ) -> None:
        """Record that ``(instance, tag)`` was harvested in full for these bounds (in a transaction)."""
        self._db.execute(
            "INSERT OR REPLACE INTO finished VALUES (?,?,?,?,?)",
            (instance, tag, iso(since), iso(until), iso(datetime.now(UTC))),
        )

    def finished(
        self, instance: str, tag: str, since: datetime | None, until: datetime | None
    ) -> bool:
        """Whether ``(instance, tag)`` was harvested in full for exactly these bounds.

        Only when ``until`` had passed (less :data:`~tootkit.store.CLOCK_MARGIN`)
        at the time it finished: before that, more could still be posted. A
        distributed harvest skips such a partition without a request; a
        harvest on one machine always asks for what is newer.
        """
        if until is None:
            return False
        with self._guard():
            row = self._db.execute(
                "SELECT at FROM finished WHERE instance=? AND tag=? AND since=? AND until=?",
                (instance, tag_key(tag), iso(since), iso(until)),
            ).fetchone()
        # An archive of an earlier tootkit may say so of an until that had not passed.
        return row is not None and ceiling(until, datetime.fromisoformat(row[0])) == until

    def _check_current(self) -> None:
        """Refuse an archive of tootkit 0.1, which has no coverage until opened for writing."""
        with self._guard():
            tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master")}
        if "coverage" not in tables:
            raise ArchiveError(
                f"{self.path} was made by an older tootkit: open it once for writing "
                "(tootkit harvest with --db on it) to bring it up to date, then merge it"
            )

    def partitions(self) -> list[tuple[str, str]]:
        """The (instance, tag) pairs the archive has coverage for."""
        with self._guard():
            rows = self._db.execute("SELECT DISTINCT instance, tag FROM coverage").fetchall()
        return [(str(i), str(t)) for i, t in rows]

    # --- reading --------------------------------------------------------------

    def coverage(self, instance: str, tag: str) -> list[Span]:
        """The spans of ``(instance, tag)`` that the archive holds in full, newest first."""
        with self._guard():
            rows = self._db.execute(
                "SELECT lo, hi, lo_id, hi_id FROM coverage WHERE instance=? AND tag=?",
                (instance, tag_key(tag)),
            ).fetchall()
            now = datetime.now(UTC)
            spans = [
                self._span(instance, from_iso(lo), datetime.fromisoformat(hi), a, b, now)
                for lo, hi, a, b in rows
            ]
        return merge(spans)

    def _span(
        self,
        instance: str,
        lo: datetime | None,
        hi: datetime,
        lo_id: str | None,
        hi_id: str | None,
        now: datetime,
    ) -> Span:
        """A stored span; one that reaches into the future is cut back to its newest status.

        Earlier tootkits recorded coverage up to ``until`` even when it had not
        come yet, which made every later run fetch nothing: such a span holds
        at most what it has seen.
        """
        if hi <= now:
            return Span(lo=lo, hi=hi, lo_id=lo_id, hi_id=hi_id)
        seen = created_at(self._db, instance, hi_id) or lo or _EPOCH
        return Span(lo=lo if lo is None or lo <= seen else seen, hi=seen, lo_id=lo_id, hi_id=hi_id)

    def count(self) -> int:
        """How many distinct statuses the archive holds."""
        with self._guard():
            return int(self._db.execute("SELECT COUNT(*) FROM statuses").fetchone()[0])

    def instances(self) -> list[str]:
        """The instances statuses were harvested from."""
        with self._guard():
            rows = self._db.execute("SELECT DISTINCT instance FROM sightings ORDER BY instance")
            return [r[0] for r in rows]

    def sightings(self, uri: str) -> list[tuple[str, str]]:
        """``(instance, id)`` for every instance that returned the status."""
        with self._guard():
            rows = self._db.execute(
                "SELECT DISTINCT instance, id FROM sightings WHERE uri=? ORDER BY instance", (uri,)
            )
            return [(r[0], r[1]) for r in rows]

    def _rows(
        self, since: datetime | None, until: datetime | None, tag: str | None
    ) -> Iterator[tuple[bytes, str, str]]:
        query = (
            "SELECT s.raw, s.instance, (SELECT group_concat(DISTINCT g.instance) FROM sightings g "
            "WHERE g.uri = s.uri) FROM statuses s"
        )
        where: list[str] = []
        params: list[Any] = []
        if since is not None:
            where.append("s.created_at >= ?")
            params.append(iso(since))
        if until is not None:
            where.append("s.created_at <= ?")
            params.append(iso(until))
        if tag is not None:
            where.append("s.uri IN (SELECT uri FROM sightings WHERE tag = ?)")
            params.append(tag_key(tag))
        if where:
            query += " WHERE " + " AND ".join(where)
        query += " ORDER BY s.created_at, s.uri"
        with self._guard():
            yield from self._db.execute(query, params)

    def statuses(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        tag: str | None = None,
    ) -> Iterator[tuple[Status, Any, list[str]]]:
        """Yield ``(status, raw_json, instances)``, oldest first, optionally filtered.

        One row at a time, so an export of millions of statuses stays small.
        """
        for raw, _, instances in self._rows(since, until, tag):
            # The fast path reads the model; the dict is a second, cheaper parse.
            status = converter.loads(raw, Status)
            yield status, orjson.loads(raw), sorted((instances or "").split(","))

    def raw_json(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        tag: str | None = None,
    ) -> Iterator[tuple[Any, list[str]]]:
        """Yield ``(raw_json, instances)``, oldest first: each status exactly as the server sent it.

        No model is built, so it is the fastest way through an archive.
        """
        for raw, _, instances in self._rows(since, until, tag):
            yield orjson.loads(raw), sorted((instances or "").split(","))

    def records(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        tag: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Yield one flat dict per status, oldest first: the columns of the CSV and Parquet exports.

        The columns of :func:`tootkit.records`, with ``account_acct`` always
        ``user@domain`` and ``text`` with links in full, plus ``instances``:
        the space-separated instances that returned the status.

        Examples:
            >>> import pandas  # doctest: +SKIP
            >>> with Archive("research.sqlite", read_only=True) as archive:  # doctest: +SKIP
            ...     frame = pandas.DataFrame(archive.records(tag="python"))
        """
        for raw, first, instances in self._rows(since, until, tag):
            status = converter.loads(raw, Status)
            record = next(records([status], instance=first, links="full"))
            record["instances"] = " ".join(sorted((instances or "").split(",")))
            yield record
