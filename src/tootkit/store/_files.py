"""Opening an archive's file: checks before SQLite writes anything, and errors in one line.

Examples:
    >>> str(archive_error("a.sqlite", OSError(28, "No space left on device")))
    'a.sqlite: No space left on device'
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from tootkit.errors import ArchiveError

__all__ = ["SIDECARS", "archive_error", "check_path", "check_size", "connect"]

SIDECARS = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database."""

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


def check_path(path: str, *, create: bool, read_only: bool) -> None:
    """Refuse, in one line, a path that cannot be the archive asked for."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise ArchiveError(f"{path} is a folder, not an archive")
    if not target.exists():
        if not create:
            raise ArchiveError(f"{path} does not exist")
        if not folder.is_dir():
            raise ArchiveError(f"cannot create {path}: the folder {folder} does not exist")
    if read_only:
        return
    if target.exists() and not os.access(target, os.W_OK):
        raise ArchiveError(f"{path} is read-only")
    if not os.access(folder, os.W_OK):
        # SQLite writes its journal beside the archive.
        raise ArchiveError(f"{path} cannot be written: its folder {folder} is read-only")


def connect(path: str, *, read_only: bool, timeout: float) -> sqlite3.Connection:
    """A connection to the archive; a read-only one never writes beside the file.

    URIs are on, so that a writable archive can attach another read-only
    (:func:`read_only_uri`); a path that is not a ``file:`` URI reads as before.
    """
    if path == ":memory:" or not read_only:
        return sqlite3.connect(path, timeout=timeout, uri=True)
    return sqlite3.connect(read_only_uri(path), uri=True, timeout=timeout)


def read_only_uri(path: str) -> str:
    """The URI that opens the archive at ``path`` for reading only, writing nothing beside it."""
    uri = "file:" + quote(os.path.abspath(path))
    if not Path(path + "-wal").exists():
        # No write-ahead log: no one has the archive open for writing. Read it
        # as an immutable file, so that SQLite creates nothing beside it (a
        # read-only folder, an archive on read-only media).
        return uri + "?immutable=1"
    return uri + "?mode=ro"


def check_size(db: sqlite3.Connection, path: str) -> None:
    """Refuse a file cut short: it claims more pages than it has."""
    wal = Path(path + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return  # the missing pages may be in the write-ahead log
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    if pages * size > Path(path).stat().st_size:
        raise ArchiveError(f"{path} is damaged: the file is cut short")
