"""What the harvest-at-scale tests share: a fixed upper bound, specs, and what a merge must keep."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.support.mockserver import FakeInstances
from tootkit.store import Archive, HarvestSpec, harvest

ROOT = Path(__file__).resolve().parents[2]
UNTIL = datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
"""After the fake timelines' last status: coverage ends here, not at "now", so runs compare."""


def one_part(instance: str, tag: str, **options: Any) -> HarvestSpec:
    """The spec of one partition, bounded by UNTIL."""
    return HarvestSpec(tags=[tag], instances=[instance], until=UNTIL, options=options)


def contents(path: Path) -> dict[str, Any]:
    """What a merge must keep: the statuses, who returned each, and every partition's coverage."""
    with sqlite3.connect(path) as db:
        return {
            "uris": {row[0] for row in db.execute("SELECT uri FROM statuses")},
            "sightings": set(db.execute("SELECT uri, instance, id, tag FROM sightings")),
            "coverage": sorted(db.execute("SELECT * FROM coverage")),
            "raw": dict(db.execute("SELECT uri, raw FROM statuses")),
        }


def write_list(path: Path, fake: FakeInstances) -> Path:
    lines = ["# a study of #fake", *(f"{url}  # instance {k}" for k, url in enumerate(fake.urls))]
    path.write_text("\n".join(lines) + "\n")
    return path


def single_process(tmp_path: Path, fake: FakeInstances) -> Path:
    db = tmp_path / "one.sqlite"
    with Archive(db, create=True) as archive:
        asyncio.run(harvest(archive, HarvestSpec(tags="fake", instances=fake.urls, until=UNTIL)))
    return db


def finished(folder: Path) -> set[str]:
    """The instances whose part archive says it is finished."""
    names: set[str] = set()
    for part in folder.glob("*.sqlite") if folder.exists() else []:
        try:
            with sqlite3.connect(f"file:{part}?mode=ro", uri=True) as db:
                names |= {row[0] for row in db.execute("SELECT instance FROM finished")}
        except sqlite3.Error:
            continue  # being created
    return names
