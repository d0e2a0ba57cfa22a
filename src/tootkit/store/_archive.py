"""The SQLite archive behind ``tootkit harvest``."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

import orjson

from tootkit._convert import converter
from tootkit._records import full_acct, records
from tootkit.errors import ArchiveError
from tootkit.html import to_text
from tootkit.models import Status
from tootkit.store._coverage import Span, merge

__all__ = ["Archive"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS statuses (
    uri TEXT PRIMARY KEY,          -- the same status on every instance
    id TEXT NOT NULL,              -- its id on the first instance that returned it
    instance TEXT NOT NULL,        -- that instance
    created_at TEXT NOT NULL,      -- ISO 8601, UTC
    account_acct TEXT NOT NULL,    -- user@domain, also for accounts local to that instance
    language TEXT,
    text TEXT NOT NULL,            -- plain text, links in full
    tags TEXT NOT NULL,            -- space-separated
    reblog_of TEXT,                -- uri of the boosted status
    reply_to TEXT,                 -- in_reply_to_id
    replies_count INTEGER NOT NULL,
    reblogs_count INTEGER NOT NULL,
    favourites_count INTEGER NOT NULL,
    raw BLOB NOT NULL              -- the status exactly as the server sent it (JSON)
);
CREATE INDEX IF NOT EXISTS statuses_created_at ON statuses (created_at);
CREATE TABLE IF NOT EXISTS sightings (
    uri TEXT NOT NULL REFERENCES statuses (uri),
    instance TEXT NOT NULL,
    id TEXT NOT NULL,              -- the status's id on that instance
    tag TEXT NOT NULL,             -- the hashtag harvested
    PRIMARY KEY (uri, instance, tag)
);
CREATE INDEX IF NOT EXISTS sightings_tag ON sightings (tag, instance);
CREATE TABLE IF NOT EXISTS coverage (
    instance TEXT NOT NULL,
    tag TEXT NOT NULL,
    lo TEXT NOT NULL,              -- ISO 8601, UTC; '' from the first status of the timeline
    hi TEXT NOT NULL,              -- every status created from lo to hi is stored
    lo_id TEXT,                    -- the oldest status stored in the span
    hi_id TEXT                     -- the newest
);
CREATE INDEX IF NOT EXISTS coverage_partition ON coverage (instance, tag);
"""

_SQLITE_MESSAGES = {
    "SQLITE_NOTADB": "is not an SQLite database",
    "SQLITE_CORRUPT": "is damaged (SQLite says: {detail})",
    "SQLITE_READONLY": "is read-only",
    "SQLITE_BUSY": "is locked by another program (another harvest?); try again when it ends",
    "SQLITE_LOCKED": "is locked by another program (another harvest?); try again when it ends",
    "SQLITE_FULL": "cannot be written: the disk is full",
    "SQLITE_CANTOPEN": "cannot be opened (SQLite says: {detail})",
    "SQLITE_PERM": "cannot be opened: permission denied",
    "SQLITE_IOERR": "cannot be read or written (SQLite says: {detail})",
}


def archive_error(path: str, exc: sqlite3.Error | OSError) -> ArchiveError:
    """One line that says what is wrong with the archive at ``path``."""
    if isinstance(exc, OSError):
        return ArchiveError(f"{path}: {exc.strerror or exc}")
    name = getattr(exc, "sqlite_errorname", "") or ""
    base = "_".join(name.split("_")[:2])  # SQLITE_IOERR_SHORT_READ -> SQLITE_IOERR
    message = _SQLITE_MESSAGES.get(base, "cannot be used (SQLite says: {detail})")
    return ArchiveError(f"{path} {message.format(detail=exc)}")


_SIDECARS = ("-wal", "-shm", "-journal")


def _iso(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat() if value is not None else ""


def _from_iso(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class Archive:
    """A SQLite file of harvested statuses; use it as a context manager.

    ``Archive(path)`` opens an archive that exists, for reading and writing.
    ``create=True`` also creates it when it does not exist (its folder must);
    ``read_only=True`` opens it without ever writing to it, so that read-only
    and immutable files can be read. A file that is missing, not SQLite,
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
    ) -> None:
        if create and read_only:
            raise ValueError("an archive cannot be created read-only")
        self.path = str(path)
        self.read_only = read_only
        memory = self.path == ":memory:"
        if not memory:
            self._check_path(create)
        # SQLite's files beside the archive that were there before we opened it.
        sidecars = {s for s in _SIDECARS if Path(self.path + s).exists()}
        try:
            self._db = self._connect(timeout, memory)
        except sqlite3.Error as exc:
            raise archive_error(self.path, exc) from exc
        try:
            with self._guard():
                self._prepare(create or memory)
        except BaseException:
            self._db.close()
            # Leave a file we refused as we found it: without journals we made.
            for suffix in set(_SIDECARS) - sidecars:
                Path(self.path + suffix).unlink(missing_ok=True)
            raise

    def _check_path(self, create: bool) -> None:
        target = Path(self.path)
        folder = target.parent
        if target.is_dir():
            raise ArchiveError(f"{self.path} is a folder, not an archive")
        if not target.exists():
            if not create:
                raise ArchiveError(f"{self.path} does not exist")
            if not folder.is_dir():
                raise ArchiveError(f"cannot create {self.path}: the folder {folder} does not exist")
        if self.read_only:
            return
        if target.exists() and not os.access(target, os.W_OK):
            raise ArchiveError(f"{self.path} is read-only")
        if not os.access(folder, os.W_OK):
            # SQLite writes its journal beside the archive.
            raise ArchiveError(f"{self.path} cannot be written: its folder {folder} is read-only")

    def _connect(self, timeout: float, memory: bool) -> sqlite3.Connection:
        if memory or not self.read_only:
            return sqlite3.connect(self.path, timeout=timeout)
        uri = "file:" + quote(os.path.abspath(self.path))
        if not Path(self.path + "-wal").exists():
            # No write-ahead log: no one has the archive open for writing. Read
            # it as an immutable file, so that SQLite creates nothing beside it
            # (a read-only folder, an archive on read-only media).
            return sqlite3.connect(uri + "?immutable=1", uri=True, timeout=timeout)
        return sqlite3.connect(uri + "?mode=ro", uri=True, timeout=timeout)

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
        self._check_size()
        if self.read_only:
            return
        # Fails now, before any request, when the file is locked or read-only.
        self._db.execute("BEGIN IMMEDIATE")
        self._db.rollback()
        if self.path != ":memory:":
            # Readers (an export, a notebook) never block the harvest, nor it them.
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        # A checkpoint syncs the disk: one every 40 MB of pages rather than every 4 MB.
        self._db.execute("PRAGMA wal_autocheckpoint=10000")
        self._db.executescript(SCHEMA)
        self._adopt_legacy_state()

    def _check_size(self) -> None:
        """Refuse a file cut short: it claims more pages than it has."""
        if self.path == ":memory:":
            return
        wal = Path(self.path + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return  # the missing pages may be in the write-ahead log
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        size = self._db.execute("PRAGMA page_size").fetchone()[0]
        if pages * size > Path(self.path).stat().st_size:
            raise ArchiveError(f"{self.path} is damaged: the file is cut short")

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            raise archive_error(self.path, exc) from exc

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
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
        rows = []
        sightings = []
        for status, raw in zip(statuses, raws, strict=True):
            uri = status.uri or f"{instance}/{status.id}"
            shown = status.reblog or status
            rows.append(
                (
                    uri,
                    status.id,
                    instance,
                    _iso(status.created_at),
                    full_acct(status.account.acct, instance),
                    shown.language,
                    to_text(shown.content, links="full", status=shown),
                    " ".join(t.name for t in shown.tags),
                    status.reblog.uri if status.reblog is not None else None,
                    status.in_reply_to_id,
                    status.replies_count,
                    status.reblogs_count,
                    status.favourites_count,
                    raw if isinstance(raw, bytes) else orjson.dumps(raw),
                )
            )
            sightings.append((uri, instance, status.id, tag))
        with self._guard(), self._db:
            before = self._db.total_changes
            self._db.executemany(
                "INSERT OR IGNORE INTO statuses VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows
            )
            added = self._db.total_changes - before
            self._db.executemany("INSERT OR IGNORE INTO sightings VALUES (?,?,?,?)", sightings)
            if coverage is not None:
                self._write_coverage(instance, tag, coverage)
        return added

    def _write_coverage(self, instance: str, tag: str, spans: Sequence[Span]) -> None:
        self._db.execute("DELETE FROM coverage WHERE instance=? AND tag=?", (instance, tag))
        self._db.executemany(
            "INSERT INTO coverage VALUES (?,?,?,?,?,?)",
            [(instance, tag, _iso(s.lo), _iso(s.hi), s.lo_id, s.hi_id) for s in merge(spans)],
        )

    def _adopt_legacy_state(self) -> None:
        """Turn the ``harvests`` rows of tootkit 0.1 archives into coverage, once."""
        has_legacy = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE name='harvests'"
        ).fetchone()
        if not has_legacy:
            return
        rows = self._db.execute(
            "SELECT instance, tag, since, until, newest_id, oldest_id, complete FROM harvests "
            "WHERE NOT EXISTS (SELECT 1 FROM coverage c WHERE c.instance=harvests.instance "
            "AND c.tag=harvests.tag)"
        ).fetchall()
        spans: dict[tuple[str, str], list[Span]] = {}
        for instance, tag, since, until, newest_id, oldest_id, complete in rows:
            newest = self._created_at(instance, newest_id)
            oldest = self._created_at(instance, oldest_id)
            hi = _from_iso(until) if until and newest is None else newest
            lo = _from_iso(since) if complete else oldest
            if hi is None or (lo is not None and lo > hi):
                continue
            span = Span(lo=lo, hi=hi, lo_id=oldest_id, hi_id=newest_id)
            spans.setdefault((instance, tag), []).append(span)
        with self._db:
            for (instance, tag), found in spans.items():
                self._write_coverage(instance, tag, found)

    def _created_at(self, instance: str, id_: str | None) -> datetime | None:
        if id_ is None:
            return None
        row = self._db.execute(
            "SELECT s.created_at FROM sightings g JOIN statuses s ON s.uri = g.uri "
            "WHERE g.instance=? AND g.id=?",
            (instance, id_),
        ).fetchone()
        return _from_iso(row[0]) if row else None

    # --- reading --------------------------------------------------------------

    def coverage(self, instance: str, tag: str) -> list[Span]:
        """The spans of ``(instance, tag)`` that the archive holds in full, newest first."""
        with self._guard():
            rows = self._db.execute(
                "SELECT lo, hi, lo_id, hi_id FROM coverage WHERE instance=? AND tag=?",
                (instance, tag.lstrip("#").lower()),
            ).fetchall()
        spans = [
            Span(lo=_from_iso(lo), hi=datetime.fromisoformat(hi), lo_id=a, hi_id=b)
            for lo, hi, a, b in rows
        ]
        return merge(spans)

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
            params.append(_iso(since))
        if until is not None:
            where.append("s.created_at <= ?")
            params.append(_iso(until))
        if tag is not None:
            where.append("s.uri IN (SELECT uri FROM sightings WHERE tag = ?)")
            params.append(tag.lstrip("#").lower())
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
