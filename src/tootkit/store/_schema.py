"""The archive's tables, and how an archive of tootkit 0.1 is adopted.

Examples:
    >>> "CREATE TABLE IF NOT EXISTS coverage" in SCHEMA
    True
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tootkit.store._coverage import Span, merge

__all__ = [
    "SCHEMA",
    "STATUS_COLUMNS",
    "adopt_legacy_state",
    "created_at",
    "from_iso",
    "iso",
    "upgrade",
    "write_coverage",
]

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
    raw BLOB NOT NULL,             -- the status exactly as the server sent it (JSON)
    edited_at TEXT,                -- when the version stored here was edited; NULL: never
    deleted_at TEXT                -- when it was deleted: text and raw are then a stub
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
-- A deletion names a status by its id on one instance.
CREATE INDEX IF NOT EXISTS sightings_id ON sightings (instance, id);
CREATE TABLE IF NOT EXISTS coverage (
    instance TEXT NOT NULL,
    tag TEXT NOT NULL,
    lo TEXT NOT NULL,              -- ISO 8601, UTC; '' from the first status of the timeline
    hi TEXT NOT NULL,              -- every status created from lo to hi is stored
    lo_id TEXT,                    -- the oldest status stored in the span
    hi_id TEXT                     -- the newest
);
CREATE INDEX IF NOT EXISTS coverage_partition ON coverage (instance, tag);
CREATE TABLE IF NOT EXISTS finished (
    instance TEXT NOT NULL,        -- a partition harvested in full, for these bounds
    tag TEXT NOT NULL,
    since TEXT NOT NULL,           -- ISO 8601, UTC; '' for none
    until TEXT NOT NULL,
    at TEXT NOT NULL,              -- when it finished
    PRIMARY KEY (instance, tag, since, until)
);
CREATE TABLE IF NOT EXISTS status_versions (
    uri TEXT NOT NULL,             -- a status seen in more than one version: each of them
    at TEXT NOT NULL,              -- the version's edited_at, or created_at for the first
    text TEXT NOT NULL,
    raw BLOB NOT NULL,
    PRIMARY KEY (uri, at)
);
CREATE TABLE IF NOT EXISTS deletions (
    instance TEXT NOT NULL,        -- the instance that said the status was deleted
    id TEXT NOT NULL,              -- the status's id there
    deleted_at TEXT NOT NULL,
    PRIMARY KEY (instance, id)
);
CREATE TABLE IF NOT EXISTS context (
    uri TEXT NOT NULL REFERENCES statuses (uri),
    instance TEXT NOT NULL,        -- the instance that returned it in a conversation
    id TEXT NOT NULL,              -- its id there
    context_of TEXT NOT NULL,      -- uri of the status whose conversation it is part of
    PRIMARY KEY (uri, context_of)
);
CREATE INDEX IF NOT EXISTS context_id ON context (instance, id);
CREATE INDEX IF NOT EXISTS context_of ON context (context_of);
CREATE TABLE IF NOT EXISTS threads (
    uri TEXT PRIMARY KEY,          -- a status whose conversation was fetched (--replies)
    instance TEXT NOT NULL,        -- from this instance
    id TEXT NOT NULL,              -- by its id there
    replies_count INTEGER NOT NULL, -- its replies_count then; -1 when it failed for a while
    fetched_at TEXT NOT NULL,
    error TEXT                     -- why it failed; NULL when it was stored
);
CREATE TABLE IF NOT EXISTS refreshes (
    at TEXT NOT NULL,              -- when the refresh of this instance ended (tootkit refresh)
    instance TEXT NOT NULL,
    checked INTEGER NOT NULL,      -- statuses asked for again
    deleted INTEGER NOT NULL,      -- of which found deleted (404 or 410), and stubbed
    edited INTEGER NOT NULL,       -- of which found in a new version
    error TEXT                     -- why it stopped early; NULL when it checked all it meant to
);
CREATE TABLE IF NOT EXISTS checked (
    uri TEXT PRIMARY KEY,          -- a status a refresh asked for again
    at TEXT NOT NULL               -- when, last (--older-than skips those checked since)
);
"""

STATUS_COLUMNS = (
    "uri, id, instance, created_at, account_acct, language, text, tags, reblog_of, reply_to, "
    "replies_count, reblogs_count, favourites_count, raw, edited_at, deleted_at"
)
"""The columns of ``statuses``, named: archives upgraded in place add the last ones at the end."""


def iso(value: datetime | None) -> str:
    """A timestamp as the archive stores it: ISO 8601 in UTC, or ``""`` for none."""
    return value.astimezone(UTC).isoformat() if value is not None else ""


def from_iso(text: str) -> datetime | None:
    """A timestamp the archive stored (``""``: none)."""
    return datetime.fromisoformat(text) if text else None


def write_coverage(db: sqlite3.Connection, instance: str, tag: str, spans: Sequence[Span]) -> None:
    """Replace the spans of ``(instance, tag)``; the caller holds the transaction."""
    db.execute("DELETE FROM coverage WHERE instance=? AND tag=?", (instance, tag))
    db.executemany(
        "INSERT INTO coverage VALUES (?,?,?,?,?,?)",
        [(instance, tag, iso(s.lo), iso(s.hi), s.lo_id, s.hi_id) for s in merge(spans)],
    )


def adopt_legacy_state(db: sqlite3.Connection) -> None:
    """Turn the ``harvests`` rows of tootkit 0.1 archives into coverage, once."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name='harvests'").fetchone():
        return
    rows = db.execute(
        "SELECT instance, tag, since, until, newest_id, oldest_id, complete FROM harvests "
        "WHERE NOT EXISTS (SELECT 1 FROM coverage c WHERE c.instance=harvests.instance "
        "AND c.tag=harvests.tag)"
    ).fetchall()
    spans: dict[tuple[str, str], list[Span]] = {}
    for instance, tag, since, until, newest_id, oldest_id, complete in rows:
        newest = created_at(db, instance, newest_id)
        oldest = created_at(db, instance, oldest_id)
        hi = from_iso(until) if until and newest is None else newest
        lo = from_iso(since) if complete else oldest
        if hi is None or (lo is not None and lo > hi):
            continue
        span = Span(lo=lo, hi=hi, lo_id=oldest_id, hi_id=newest_id)
        spans.setdefault((instance, tag), []).append(span)
    with db:
        for (instance, tag), found in spans.items():
            write_coverage(db, instance, tag, found)


def created_at(db: sqlite3.Connection, instance: str, id_: str | None) -> datetime | None:
    """When the status with ``id_`` on ``instance`` was created, if the archive holds it."""
    if id_ is None:
        return None
    row = db.execute(
        "SELECT s.created_at FROM sightings g JOIN statuses s ON s.uri = g.uri "
        "WHERE g.instance=? AND g.id=?",
        (instance, id_),
    ).fetchone()
    return from_iso(row[0]) if row else None


def upgrade(db: sqlite3.Connection) -> None:
    """Bring an archive of an earlier tootkit up to date, in place; the caller runs :data:`SCHEMA` after.

    ``statuses`` gains ``edited_at`` and ``deleted_at`` at its end. The
    ``edited_at`` of the versions already stored is read from their raw JSON
    once, so that a later edit is told from the version stored.
    """
    columns = {row[1] for row in db.execute("PRAGMA table_info(statuses)")}
    if not columns or "edited_at" in columns:
        return
    with db:
        db.execute("ALTER TABLE statuses ADD COLUMN edited_at TEXT")
        db.execute("ALTER TABLE statuses ADD COLUMN deleted_at TEXT")
        edited = db.execute(
            "SELECT uri, json_extract(CAST(raw AS TEXT), '$.edited_at') FROM statuses "
            "WHERE json_valid(CAST(raw AS TEXT)) "
            "AND json_extract(CAST(raw AS TEXT), '$.edited_at') IS NOT NULL"
        ).fetchall()
        db.executemany("UPDATE statuses SET edited_at=? WHERE uri=?", _edits(edited))


def _edits(found: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """``(edited_at, uri)`` in the archive's form, for the edit times that are timestamps."""
    edits = []
    for uri, at in found:
        with contextlib.suppress(TypeError, ValueError):  # a server's odd value: left as it was
            edits.append((iso(datetime.fromisoformat(at)), uri))
    return edits
