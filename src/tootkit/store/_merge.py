"""Merging archives by ``uri``: the part archives of a distributed harvest into one study."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import attrs

from tootkit.store._archive import Archive
from tootkit.store._files import SIDECARS, read_only_uri
from tootkit.store._schema import write_coverage

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
    other. ``part`` is opened as an archive first, so that a file that
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
    db = archive._db
    with archive._guard():
        db.execute("ATTACH DATABASE ? AS part", (read_only_uri(path),))
        try:
            with db:
                before = db.total_changes
                db.execute("INSERT OR IGNORE INTO statuses SELECT * FROM part.statuses")
                added = db.total_changes - before
                db.execute("INSERT OR IGNORE INTO sightings SELECT * FROM part.sightings")
                for (instance, tag), found in spans.items():
                    mine = archive.coverage(instance, tag)
                    write_coverage(db, instance, tag, [*mine, *found])
                if db.execute("SELECT 1 FROM part.sqlite_master WHERE name='finished'").fetchone():
                    db.execute("INSERT OR REPLACE INTO finished SELECT * FROM part.finished")
        finally:
            db.execute("DETACH DATABASE part")
    return added


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
