"""How one page is written into the archive's tables, inside the writer's transaction.

A page of a hashtag's timeline gives each status a sighting; a page of a
conversation (``Page.context_of``) gives each a ``context`` link instead, so
that context is never taken for a hit. Either way, a status stored before
may come in another version (:mod:`tootkit.store._history`), and deletions
are applied, those the page brings and those recorded earlier.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from tootkit.store._history import apply_deletions, known, mark_deleted, revise
from tootkit.store._rows import Page, status_rows, status_uri
from tootkit.store._schema import STATUS_COLUMNS, iso, write_coverage

__all__ = ["write_page"]

_INSERT = f"INSERT OR IGNORE INTO statuses ({STATUS_COLUMNS}) VALUES ({','.join('?' * 16)})"  # noqa: S608


def write_page(db: sqlite3.Connection, page: Page) -> int:
    """Store ``page`` (the caller holds the transaction); how many of its statuses were new.

    Examples:
        >>> from tootkit.store import Archive
        >>> with Archive(":memory:") as archive, archive.connection() as db:
        ...     write_page(db, Page("mastodon.social", "python", [], []))
        0
    """
    uris = [status_uri(status, page.instance) for status in page.statuses]
    # The same status comes from every instance it reached: making its text
    # (HTML to text) again costs more than asking which are stored.
    stored = known(db, uris)
    before = db.total_changes
    db.executemany(_INSERT, status_rows(page, set(stored)))
    added = db.total_changes - before
    revise(db, page, stored)
    places = [(uri, page.instance, s.id) for uri, s in zip(uris, page.statuses, strict=True)]
    if page.context_of is None:
        db.executemany(
            "INSERT OR IGNORE INTO sightings VALUES (?,?,?,?)",
            [(*place, page.tag) for place in places],
        )
    else:
        db.executemany(
            "INSERT OR IGNORE INTO context VALUES (?,?,?,?)",
            [(*place, page.context_of) for place in places if place[0] != page.context_of],
        )
    if page.statuses:
        apply_deletions(db, page.instance, [status.id for status in page.statuses])
    if page.deleted:
        mark_deleted(db, page.instance, page.deleted)
    if page.coverage is not None:
        write_coverage(db, page.instance, page.tag, page.coverage)
    if page.finished is not None:
        since, until = page.finished
        db.execute(
            "INSERT OR REPLACE INTO finished VALUES (?,?,?,?,?)",
            (page.instance, page.tag, iso(since), iso(until), iso(datetime.now(UTC))),
        )
    return added
