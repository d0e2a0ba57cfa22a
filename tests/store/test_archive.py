"""The archive's errors: one line that says what is wrong with the file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from tootkit.store import Archive, Page, Span
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


@pytest.mark.parametrize("asked", ["python", "#Python", " #PYTHON ", "＃python"])
def test_every_spelling_of_a_hashtag_names_one_partition(asked: str) -> None:
    since, until = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC)
    with Archive(":memory:") as archive:
        spans = [Span(lo=since, hi=until)]
        page = Page("a.example", "python", [], [], spans, finished=(since, until))
        archive.store_pages([page])
        assert archive.finished("a.example", asked, since, until)
        assert archive.coverage("a.example", asked) == spans
