"""Merging archives by ``uri``: the part archives of a distributed harvest into one study."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import attrs

from tootkit.store._archive import Archive
from tootkit.store._files import SIDECARS, read_only_uri
from tootkit.store._history import mark_deleted
from tootkit.store._schema import STATUS_COLUMNS, write_coverage

__all__ = ["MergeResult", "absorb", "merge_archives"]


@attrs.frozen
class MergeResult:
    """What a merge did: the parts read, and the statuses in the merged archive."""

    parts: int
    added: int
    statuses: int


def absorb(archive: Archive, part: str | Path) -> int:
    """Merge the archive ``part`` into ``archive``, by ``uri``; return how many statuses were new.

    Every sighting is kept (each instance that returned a status, under
    each tag), and each (instance, tag)'s coverage is the union of both,
    as are the partitions finished: the merged archive resumes like any
    other. So are the versions of a status (the newer one in ``statuses``),
    its context links and the conversations fetched; a status deleted in
    either archive is deleted in the merge. ``part`` is opened as an archive first, so that a file that
    is not one is refused with :class:`~tootkit.errors.ArchiveError`.

    Examples:
        >>> with Archive("study.sqlite", create=True) as study:  # doctest: +SKIP
        ...     absorb(study, "parts/mastodon.social--python.sqlite")
        120
    """
    path = str(part)
    if os.path.abspath(path) == os.path.abspath(archive.path):
        raise ValueError(f"{path} cannot be merged into itself")
    with Archive(path, read_only=True) as source:
        source._check_current()
        spans = {key: source.coverage(*key) for key in source.partitions()}
    with archive.connection() as db:
        db.execute("ATTACH DATABASE ? AS part", (read_only_uri(path),))
        try:
            with db:
                current = _has_history(db)
                if current:
                    _merge_versions(db)
                before = db.total_changes
                db.execute(
                    f"INSERT OR IGNORE INTO statuses ({STATUS_COLUMNS}) "  # noqa: S608
                    f"SELECT {_part_columns(current)} FROM part.statuses"
                )
                added = db.total_changes - before
                db.execute("INSERT OR IGNORE INTO sightings SELECT * FROM part.sightings")
                if current:
                    _merge_links(db)
                for (instance, tag), found in spans.items():
                    mine = archive.coverage(instance, tag)
                    write_coverage(db, instance, tag, [*mine, *found])
                if db.execute("SELECT 1 FROM part.sqlite_master WHERE name='finished'").fetchone():
                    db.execute("INSERT OR REPLACE INTO finished SELECT * FROM part.finished")
        finally:
            db.execute("DETACH DATABASE part")
    return added


_MAIN = "coalesce(statuses.edited_at, statuses.created_at)"
_PART = "coalesce(p.edited_at, p.created_at)"
_BOTH_KEPT = "p.uri = statuses.uri AND p.deleted_at IS NULL AND statuses.deleted_at IS NULL"


def _has_history(db: sqlite3.Connection) -> bool:
    """Whether the attached part knows versions, deletions and context (a part of this tootkit)."""
    names = {r[0] for r in db.execute("SELECT name FROM part.sqlite_master")}
    return {"status_versions", "deletions", "context", "threads"} <= names


def _part_columns(current: bool) -> str:
    """The part's columns for ``statuses``; a part of an earlier tootkit has no edits or deletions."""
    return (
        STATUS_COLUMNS if current else STATUS_COLUMNS.replace("edited_at, deleted_at", "NULL, NULL")
    )


def _merge_versions(db: sqlite3.Connection) -> None:
    """Where both hold a status in two versions, keep both versions and the newer one's row."""
    for side in ("statuses", "p"):
        db.execute(
            f"INSERT OR IGNORE INTO status_versions SELECT {side}.uri, "  # noqa: S608
            f"coalesce({side}.edited_at, {side}.created_at), {side}.text, {side}.raw "
            f"FROM statuses JOIN part.statuses p ON {_BOTH_KEPT} WHERE {_MAIN} != {_PART}"
        )
    db.execute(
        "UPDATE statuses SET language=p.language, text=p.text, tags=p.tags, "  # noqa: S608
        "reblogs_count=p.reblogs_count, favourites_count=p.favourites_count, raw=p.raw, "
        f"edited_at=p.edited_at FROM part.statuses p WHERE {_BOTH_KEPT} AND {_PART} > {_MAIN}"
    )
    db.execute(
        "UPDATE statuses SET replies_count=p.replies_count FROM part.statuses p "
        "WHERE p.uri = statuses.uri AND p.replies_count > statuses.replies_count"
    )


def _merge_links(db: sqlite3.Connection) -> None:
    """Versions, context links, threads and deletions of the part; a deletion in either wins."""
    db.execute("INSERT OR IGNORE INTO status_versions SELECT * FROM part.status_versions")
    db.execute("INSERT OR IGNORE INTO context SELECT * FROM part.context")
    db.execute(
        "INSERT INTO threads SELECT * FROM part.threads WHERE true ON CONFLICT (uri) DO UPDATE "
        "SET instance=excluded.instance, id=excluded.id, replies_count=excluded.replies_count, "
        "fetched_at=excluded.fetched_at, error=excluded.error "
        "WHERE excluded.fetched_at > threads.fetched_at"
    )
    gone = db.execute(
        "SELECT instance, id, deleted_at FROM part.deletions "
        "EXCEPT SELECT instance, id, deleted_at FROM deletions"
    ).fetchall()
    for instance, id_, at in gone:
        mark_deleted(db, instance, [(id_, datetime.fromisoformat(at))])
    db.execute(
        "UPDATE statuses SET text='', tags='', language=NULL, raw=p.raw, deleted_at=p.deleted_at "
        "FROM part.statuses p WHERE p.uri = statuses.uri AND p.deleted_at IS NOT NULL "
        "AND statuses.deleted_at IS NULL"
    )
    db.execute(
        "DELETE FROM status_versions WHERE uri IN "
        "(SELECT uri FROM statuses WHERE deleted_at IS NOT NULL)"
    )


def merge_archives(parts: Sequence[str | Path], out: str | Path) -> MergeResult:
    """Merge the archives ``parts`` into ``out`` (created when missing), by ``uri``.

    Parts are read in name order, so the same parts always give the same
    archive. Each part is checked first: one that is not an archive is
    refused (:class:`~tootkit.errors.ArchiveError`) before ``out`` is
    touched. Every instance that returned a status is kept, and each
    partition's coverage: ``out`` resumes like an archive harvested in one go.

    Examples:
        >>> merge_archives(sorted(Path("parts").glob("*.sqlite")), "study.sqlite")  # doctest: +SKIP
        MergeResult(parts=200, added=31824, statuses=31824)
    """
    names = sorted(str(p) for p in parts)
    for name in names:  # every part is a current archive, before the output is made
        with Archive(name, read_only=True) as part:
            part._check_current()
    target = Path(out)
    made = not target.exists()
    added = 0
    try:
        with Archive(target, create=True) as archive:
            for name in names:
                added += absorb(archive, name)
            total = archive.count()
    except BaseException:
        if made:  # an output this merge made, half filled, is not left behind
            for suffix in ("", *SIDECARS):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise
    return MergeResult(parts=len(parts), added=added, statuses=total)
