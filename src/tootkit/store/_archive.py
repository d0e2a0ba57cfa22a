"""The SQLite archive behind ``tootkit harvest``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs
import orjson

import tootkit
from tootkit.models import Status

__all__ = ["Archive", "HarvestState"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS statuses (
    uri TEXT PRIMARY KEY,          -- the same status on every instance
    id TEXT NOT NULL,              -- its id on the first instance that returned it
    instance TEXT NOT NULL,        -- that instance
    created_at TEXT NOT NULL,      -- ISO 8601, UTC
    account_acct TEXT NOT NULL,
    language TEXT,
    text TEXT NOT NULL,
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
CREATE TABLE IF NOT EXISTS harvests (
    instance TEXT NOT NULL,
    tag TEXT NOT NULL,
    since TEXT NOT NULL,           -- '' when unbounded
    until TEXT NOT NULL,
    newest_id TEXT,                -- the newest status stored: newer walks start here
    oldest_id TEXT,                -- the oldest reached: the older walk resumes here
    complete INTEGER NOT NULL DEFAULT 0,  -- the older walk reached since (or the end)
    PRIMARY KEY (instance, tag, since, until)
);
"""


@attrs.frozen
class HarvestState:
    """How far the harvest of one tag on one instance got."""

    newest_id: str | None = None
    oldest_id: str | None = None
    complete: bool = False


def _iso(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat() if value is not None else ""


class Archive:
    """A SQLite file of harvested statuses; use it as a context manager.

    Each :meth:`store_page` is one transaction: a crash or Ctrl-C loses
    nothing already stored, and never leaves half a page.

    Example:
        >>> with Archive(":memory:") as archive:
        ...     archive.instances()
        []
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._db = sqlite3.connect(self.path)
        if self.path != ":memory:":
            # Readers (an export, a notebook) never block the harvest, nor it them.
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

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

    # --- writing --------------------------------------------------------------

    def store_page(
        self,
        instance: str,
        tag: str,
        statuses: Sequence[Status],
        raws: Sequence[Any],
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        state: HarvestState | None = None,
    ) -> int:
        """Store a page (statuses and their raw JSON) and the harvest state, in one transaction.

        A status already stored (same ``uri``) is kept once, with one more
        sighting. Returns how many statuses were new to the archive.
        """
        rows = []
        sightings = []
        for status, raw in zip(statuses, raws, strict=True):
            uri = status.uri or f"{instance}/{status.id}"
            rows.append(
                (
                    uri,
                    status.id,
                    instance,
                    _iso(status.created_at),
                    status.account.acct,
                    (status.reblog or status).language,
                    status.text if status.reblog is None else status.reblog.text,
                    " ".join(t.name for t in (status.reblog or status).tags),
                    status.reblog.uri if status.reblog is not None else None,
                    status.in_reply_to_id,
                    status.replies_count,
                    status.reblogs_count,
                    status.favourites_count,
                    orjson.dumps(raw),
                )
            )
            sightings.append((uri, instance, status.id, tag))
        with self._db:
            before = self._db.total_changes
            self._db.executemany(
                "INSERT OR IGNORE INTO statuses VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows
            )
            added = self._db.total_changes - before
            self._db.executemany("INSERT OR IGNORE INTO sightings VALUES (?,?,?,?)", sightings)
            if state is not None:
                self._db.execute(
                    "INSERT INTO harvests VALUES (?,?,?,?,?,?,?) ON CONFLICT DO UPDATE SET "
                    "newest_id=excluded.newest_id, oldest_id=excluded.oldest_id, "
                    "complete=excluded.complete",
                    (instance, tag, _iso(since), _iso(until), state.newest_id, state.oldest_id,
                     int(state.complete)),
                )  # fmt: skip
        return added

    # --- reading --------------------------------------------------------------

    def state(
        self, instance: str, tag: str, since: datetime | None, until: datetime | None
    ) -> HarvestState:
        """The saved state of one harvest (empty when there is none)."""
        row = self._db.execute(
            "SELECT newest_id, oldest_id, complete FROM harvests "
            "WHERE instance=? AND tag=? AND since=? AND until=?",
            (instance, tag, _iso(since), _iso(until)),
        ).fetchone()
        if row is None:
            return HarvestState()
        return HarvestState(newest_id=row[0], oldest_id=row[1], complete=bool(row[2]))

    def count(self) -> int:
        """How many distinct statuses the archive holds."""
        return int(self._db.execute("SELECT COUNT(*) FROM statuses").fetchone()[0])

    def instances(self) -> list[str]:
        """The instances statuses were harvested from."""
        rows = self._db.execute("SELECT DISTINCT instance FROM sightings ORDER BY instance")
        return [r[0] for r in rows]

    def sightings(self, uri: str) -> list[tuple[str, str]]:
        """``(instance, id)`` for every instance that returned the status."""
        rows = self._db.execute(
            "SELECT DISTINCT instance, id FROM sightings WHERE uri=? ORDER BY instance", (uri,)
        )
        return [(r[0], r[1]) for r in rows]

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
        query = (
            "SELECT s.raw, (SELECT group_concat(DISTINCT g.instance) FROM sightings g "
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
        for raw, instances in self._db.execute(query, params):
            # The fast path reads the model; the dict is a second, cheaper parse.
            status = tootkit.converter.loads(raw, Status)
            yield status, orjson.loads(raw), sorted((instances or "").split(","))
