"""What happens to a status after it is stored: its edits (versions) and its deletion.

A status stored once and never seen changed has one row, in ``statuses``.
When it arrives in another version (an edit, from a re-fetch, a stream's
``status.update`` or another instance), both versions go into
``status_versions``, and ``statuses`` holds the newest. A deletion wins, now
and later: the status keeps its ``uri``, id, ``created_at`` and the time of
its deletion, but no text, and its versions are dropped. Harvesting it again
(an instance still serving it from its cache) does not bring it back.

Examples:
    >>> from tootkit.store import Archive
    >>> with Archive(":memory:") as archive:
    ...     archive.versions("https://example.org/statuses/1")
    []
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

import attrs
import orjson

from tootkit._records import full_text
from tootkit.store._rows import Page, raw_bytes, status_rows, status_uri
from tootkit.store._schema import iso

__all__ = ["Known", "apply_deletions", "known", "mark_deleted", "revise", "versions"]


@attrs.frozen
class Known:
    """What the archive holds of a status: the time of its stored version, and more."""

    version: datetime
    replies_count: int
    deleted: bool


def known(db: sqlite3.Connection, uris: Sequence[str]) -> dict[str, Known]:
    """The statuses among ``uris`` that the archive holds (in chunks: SQLite caps parameters)."""
    found: dict[str, Known] = {}
    for start in range(0, len(uris), 500):
        chunk = uris[start : start + 500]
        marks = ",".join("?" * len(chunk))  # only placeholders go into the query
        query = (
            "SELECT uri, coalesce(edited_at, created_at), replies_count, deleted_at "  # noqa: S608
            f"FROM statuses WHERE uri IN ({marks})"
        )
        for uri, version, replies, deleted in db.execute(query, chunk):
            found[uri] = Known(datetime.fromisoformat(version), replies, deleted is not None)
    return found


def revise(db: sqlite3.Connection, page: Page, stored: dict[str, Known]) -> int:
    """Record the versions in ``page`` of statuses already ``stored``; keep the newest in ``statuses``.

    ``replies_count`` becomes the highest any instance reported, so that a
    conversation is fetched again once it grew (``--replies``). Returns how
    many statuses came in a version newer than the one stored.
    """
    newer = 0
    for status, raw in zip(page.statuses, page.raws, strict=True):
        uri = status_uri(status, page.instance)
        old = stored.get(uri)
        if old is None or old.deleted:
            continue
        if status.replies_count > old.replies_count:
            db.execute(
                "UPDATE statuses SET replies_count=? WHERE uri=?", (status.replies_count, uri)
            )
        version = status.edited_at or status.created_at
        if status.reblog is not None or version == old.version:
            continue
        db.execute(
            "INSERT OR IGNORE INTO status_versions "
            "SELECT uri, coalesce(edited_at, created_at), text, raw FROM statuses WHERE uri=?",
            (uri,),
        )
        db.execute(
            "INSERT OR IGNORE INTO status_versions VALUES (?,?,?,?)",
            (uri, iso(version), full_text(status), raw_bytes(raw)),
        )
        if version > old.version:
            newer += 1
            row = status_rows(attrs.evolve(page, statuses=[status], raws=[raw]), set())[0]
            db.execute(
                "UPDATE statuses SET language=?, text=?, tags=?, reblogs_count=?, "
                "favourites_count=?, raw=?, edited_at=? WHERE uri=?",
                (row[5], row[6], row[7], row[11], row[12], row[13], row[14], uri),
            )
    return newer


def mark_deleted(
    db: sqlite3.Connection, instance: str, deleted: Sequence[tuple[str, datetime]]
) -> None:
    """Record that the statuses with these ids on ``instance`` were deleted, and stub them."""
    db.executemany(
        "INSERT OR IGNORE INTO deletions VALUES (?,?,?)",
        [(instance, id_, iso(at)) for id_, at in deleted],
    )
    apply_deletions(db, instance, [id_ for id_, _ in deleted])


def apply_deletions(db: sqlite3.Connection, instance: str, ids: Sequence[str]) -> None:
    """Stub the statuses among ``ids`` on ``instance`` that a deletion was recorded for.

    Run for every page stored, too: a status deleted before it reached the
    archive (or served again from a cache) is stored deleted.
    """
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))  # only placeholders go into the query
        query = f"SELECT id, deleted_at FROM deletions WHERE instance=? AND id IN ({marks})"  # noqa: S608
        for id_, at in db.execute(query, [instance, *chunk]).fetchall():
            places = db.execute(
                "SELECT uri FROM sightings WHERE instance=? AND id=? "
                "UNION SELECT uri FROM context WHERE instance=? AND id=?",
                (instance, id_, instance, id_),
            ).fetchall()
            for (uri,) in places:
                _stub(db, uri, at)


def _stub(db: sqlite3.Connection, uri: str, deleted_at: str) -> None:
    """Keep of a deleted status only what says it existed: uri, id, created_at and when it went."""
    row = db.execute(
        "SELECT id, created_at FROM statuses WHERE uri=? AND deleted_at IS NULL", (uri,)
    ).fetchone()
    if row is None:
        return
    stub = {"uri": uri, "id": row[0], "created_at": row[1], "deleted_at": deleted_at}
    db.execute(
        "UPDATE statuses SET text='', tags='', language=NULL, raw=?, deleted_at=? WHERE uri=?",
        (orjson.dumps(stub), deleted_at, uri),
    )
    db.execute("DELETE FROM status_versions WHERE uri=?", (uri,))


def versions(db: sqlite3.Connection, uri: str) -> list[tuple[datetime, str, bytes]]:
    """``(at, text, raw)`` of every version of ``uri`` the archive saw, oldest first."""
    rows = db.execute(
        "SELECT at, text, raw FROM status_versions WHERE uri=? ORDER BY at", (uri,)
    ).fetchall()
    if not rows:
        rows = db.execute(
            "SELECT coalesce(edited_at, created_at), text, raw FROM statuses "
            "WHERE uri=? AND deleted_at IS NULL",
            (uri,),
        ).fetchall()
    return [(datetime.fromisoformat(at), text, bytes(raw)) for at, text, raw in rows]
