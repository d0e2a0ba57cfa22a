"""The archive's errors: one line that says what is wrong with the file."""

from __future__ import annotations

import sqlite3

import pytest

from tootkit.store._files import archive_error


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("SQLITE_FULL", "a.sqlite cannot be written: the disk is full"),
        ("SQLITE_BUSY", "a.sqlite is locked by another program"),
        ("SQLITE_READONLY_DIRECTORY", "a.sqlite is read-only"),
        ("SQLITE_NOTADB", "a.sqlite is not an SQLite database"),
        ("SQLITE_CORRUPT_INDEX", "a.sqlite is damaged (SQLite says: boom)"),
        ("SQLITE_IOERR_SHORT_READ", "a.sqlite cannot be read or written (SQLite says: boom)"),
        ("", "a.sqlite cannot be used (SQLite says: boom)"),
    ],
)
def test_archive_errors_are_one_line(name: str, message: str) -> None:
    exc = sqlite3.OperationalError("boom")
    exc.sqlite_errorname = name  # type: ignore[attr-defined]
    assert str(archive_error("a.sqlite", exc)).startswith(message)
    assert str(archive_error("a.sqlite", OSError(28, "No space left on device"))) == (
        "a.sqlite: No space left on device"
    )
