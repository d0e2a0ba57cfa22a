"""The SQLite archive behind ``tootkit harvest``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tootkit._core.hashtags import tag_key
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
from tootkit.store._history import versions
from tootkit.store._reading import Readers
from tootkit.store._rows import Page
from tootkit.store._schema import (
    SCHEMA,
    adopt_legacy_state,
    created_at,
    from_iso,
    iso,
    upgrade,
)
from tootkit.store._storing import write_page

__all__ = ["Archive", "Page"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Archive(Readers):
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
        upgrade(self._db)
        self._db.executescript(SCHEMA)
        adopt_legacy_state(self._db)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            raise archive_error(self.path, exc) from exc

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """The archive's SQLite connection, for queries of one's own; what fails raises ArchiveError.

        ``with archive.connection() as db, db:`` makes what is written in it
        one transaction, committed at its end.

        Examples:
            >>> with Archive(":memory:") as archive, archive.connection() as db:
            ...     db.execute("SELECT count(*) FROM sightings").fetchone()
            (0,)
        """
        with self._guard():
            yield self._db

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
        A page may also bring the conversation of a status
        (``Page.context_of``), deletions, or statuses in a new version
        (:meth:`versions`).
        """
        with self._guard(), self._db:
            return [write_page(self._db, page) for page in pages]

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

    def versions(self, uri: str) -> list[tuple[datetime, str, bytes]]:
        """``(at, text, raw_json)`` of each version of a status the archive saw, oldest first.

        ``at`` is when that version was made (``edited_at``, or ``created_at``
        for the first). A deleted status has none.

        Examples:
            >>> with Archive("research.sqlite", read_only=True) as archive:  # doctest: +SKIP
            ...     [text for at, text, raw in archive.versions(uri)]
            ['Teh first version', 'The first version']
        """
        if not self._current():
            return []
        with self._guard():
            return versions(self._db, uri)

    def deleted_at(self, uri: str) -> datetime | None:
        """When the status was deleted, or None (also when the archive does not hold it)."""
        if not self._current():
            return None
        with self._guard():
            row = self._db.execute("SELECT deleted_at FROM statuses WHERE uri=?", (uri,)).fetchone()
        return from_iso(row[0] or "") if row else None
