"""Edits and deletions in the archive, archives of the previous tootkit, and merges that keep both.

Statuses come from :class:`tootkit.testing.FakeInstance`, a fresh one for each
test, through its transport, and are edited there with
``PUT /api/v1/statuses/:id``; deletions come as a stream would bring them,
through ``Page.deleted``. What is tested is the archive: no process or socket
is needed for it.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.cli import run
from tootkit import Client
from tootkit._core.request import instance_key
from tootkit.store import Archive, HarvestSpec, Page, harvest, merge_archives
from tootkit.testing import FakeInstance

GONE = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
ME = "me"
"""The account that posts and edits the statuses."""


@pytest.fixture
def fake() -> FakeInstance:
    return FakeInstance()


def edit(fake: FakeInstance, status: dict[str, Any], text: str) -> None:
    token = fake.account(ME)
    with Client(fake.url, access_token=token, transport=fake.transport()) as client:
        client.statuses.edit(status["id"], text)


def through(fake: FakeInstance) -> dict[str, Any]:
    """The harvest's client options that send its requests to ``fake``."""
    return {"transport": fake.transport()}


def page_of(fake: FakeInstance, tag: str, **fields: Any) -> Page:
    """The hashtag's timeline as the harvest stores it: one page, with the raw JSON."""
    with Client(fake.url, transport=fake.transport()) as client:
        first = client.timelines.tag(tag).keeping_raw(as_bytes=True).pages().__next__()
    return Page(instance_key(fake.url), tag, first.items, first.raw or [], **fields)


def store(db: Path, *pages: Page) -> None:
    with Archive(db, create=True) as archive:
        archive.store_pages(pages)


def test_an_edited_status_harvested_again_has_both_versions_and_the_newest_is_exported(
    fake: FakeInstance, tmp_path: Path
) -> None:
    status = fake.post(ME, "teh first version #editedonce")
    db = tmp_path / "study.sqlite"
    spec = HarvestSpec(tags="editedonce", instances=[fake.url], options=through(fake))
    with Archive(db, create=True) as archive:
        asyncio.run(harvest(archive, spec))
        assert [text for _, text, _ in archive.versions(status["uri"])] == [
            "teh first version #editedonce"
        ]
    edit(fake, status, "the first version #editedonce")
    store(db, page_of(fake, "editedonce"))
    store(db, page_of(fake, "editedonce"))  # the same version again adds nothing
    with Archive(db, read_only=True) as archive:
        found = archive.versions(status["uri"])
        assert [text for _, text, _ in found] == [
            "teh first version #editedonce",
            "the first version #editedonce",
        ]
        assert found[0][0] < found[1][0]
        assert [r["text"] for r in archive.records()] == ["the first version #editedonce"]


def test_a_deletion_keeps_no_text_is_left_out_of_exports_and_wins_over_a_later_harvest(
    fake: FakeInstance, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = fake.post(ME, "this one stays #deletedone")
    gone = fake.post(ME, "this one goes #deletedone")
    db = tmp_path / "study.sqlite"
    store(db, page_of(fake, "deletedone"))
    edit(fake, gone, "this one goes, edited #deletedone")
    store(db, page_of(fake, "deletedone"))
    here = instance_key(fake.url)
    store(db, Page(here, "deletedone", [], [], deleted=[(gone["id"], GONE)]))
    store(db, page_of(fake, "deletedone"))  # still served, from a cache say
    with sqlite3.connect(db) as con:
        text, raw, at = con.execute(
            "SELECT text, raw, deleted_at FROM statuses WHERE uri=?", (gone["uri"],)
        ).fetchone()
        versions = con.execute("SELECT count(*) FROM status_versions").fetchone()[0]
    assert text == ""
    assert "goes" not in raw.decode()
    assert b'"deleted_at"' in raw
    assert datetime.fromisoformat(at) == GONE
    assert versions == 0
    with Archive(db, read_only=True) as archive:
        assert archive.deleted_at(gone["uri"]) == GONE
        assert archive.deleted_at(kept["uri"]) is None
        assert [r["uri"] for r in archive.records()] == [kept["uri"]]
    out = tmp_path / "out.csv"
    assert run("export", str(db), "--format", "csv", "-o", str(out)) == 0
    assert "1 deleted status left out" in capsys.readouterr().err


def test_a_deletion_that_comes_before_its_status_is_applied_when_the_status_comes(
    fake: FakeInstance, tmp_path: Path
) -> None:
    gone = fake.post(ME, "deleted while we were away #deletedfirst")
    db = tmp_path / "study.sqlite"
    here = instance_key(fake.url)
    store(db, Page(here, "deletedfirst", [], [], deleted=[(gone["id"], GONE)]))
    store(db, page_of(fake, "deletedfirst"))
    with Archive(db, read_only=True) as archive:
        assert archive.deleted_at(gone["uri"]) == GONE
        assert list(archive.records()) == []


OLD_SCHEMA = """
CREATE TABLE statuses (
    uri TEXT PRIMARY KEY, id TEXT NOT NULL, instance TEXT NOT NULL, created_at TEXT NOT NULL,
    account_acct TEXT NOT NULL, language TEXT, text TEXT NOT NULL, tags TEXT NOT NULL,
    reblog_of TEXT, reply_to TEXT, replies_count INTEGER NOT NULL,
    reblogs_count INTEGER NOT NULL, favourites_count INTEGER NOT NULL, raw BLOB NOT NULL
);
CREATE TABLE sightings (
    uri TEXT NOT NULL REFERENCES statuses (uri), instance TEXT NOT NULL, id TEXT NOT NULL,
    tag TEXT NOT NULL, PRIMARY KEY (uri, instance, tag)
);
CREATE TABLE coverage (
    instance TEXT NOT NULL, tag TEXT NOT NULL, lo TEXT NOT NULL, hi TEXT NOT NULL,
    lo_id TEXT, hi_id TEXT
);
CREATE TABLE finished (
    instance TEXT NOT NULL, tag TEXT NOT NULL, since TEXT NOT NULL, until TEXT NOT NULL,
    at TEXT NOT NULL, PRIMARY KEY (instance, tag, since, until)
);
"""
"""The tables of the tootkit before versions, deletions and context (issue 21)."""


def old_archive(path: Path, page: Page) -> None:
    """An archive as the previous tootkit wrote it, holding ``page``."""
    with sqlite3.connect(path) as con:
        con.executescript(OLD_SCHEMA)
        for status, raw in zip(page.statuses, page.raws, strict=True):
            con.execute(
                "INSERT INTO statuses VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (status.uri, status.id, page.instance, status.created_at.isoformat(), "me", "en",
                 status.text, page.tag, None, None, 0, 0, 0, raw),
            )  # fmt: skip
            con.execute(
                "INSERT INTO sightings VALUES (?,?,?,?)",
                (status.uri, page.instance, status.id, page.tag),
            )
    con.close()


def test_an_archive_of_the_previous_tootkit_is_read_as_it_is_and_upgraded_when_written(
    fake: FakeInstance, tmp_path: Path
) -> None:
    status = fake.post(ME, "before the upgrade #upgraded")
    edit(fake, status, "edited before the upgrade #upgraded")
    db = tmp_path / "old.sqlite"
    old_archive(db, page_of(fake, "upgraded"))
    before = db.read_bytes()
    with Archive(db, read_only=True) as archive:
        assert [r["uri"] for r in archive.records(include_context=True)] == [status["uri"]]
        assert archive.left_out() == archive.left_out(include_context=True)
    assert db.read_bytes() == before
    # Written: the columns come, and the version stored is known for what it is.
    store(db, page_of(fake, "upgraded"))
    with Archive(db, read_only=True) as archive:
        assert len(archive.versions(status["uri"])) == 1
        assert archive.deleted_at(status["uri"]) is None
    here = instance_key(fake.url)
    store(db, Page(here, "upgraded", [], [], deleted=[(status["id"], GONE)]))
    with Archive(db, read_only=True) as archive:
        assert list(archive.records()) == []


def test_a_merge_keeps_versions_deletions_and_context(fake: FakeInstance, tmp_path: Path) -> None:
    edited = fake.post(ME, "a first draft #mergedhistory")
    gone = fake.post(ME, "soon gone #mergedhistory")
    reply = fake.post(ME, "an answer", in_reply_to=edited["id"])
    here = instance_key(fake.url)
    early, late, old = tmp_path / "early.sqlite", tmp_path / "late.sqlite", tmp_path / "old.sqlite"
    store(early, page_of(fake, "mergedhistory"))
    edit(fake, edited, "a second draft #mergedhistory")
    with Client(fake.url, transport=fake.transport()) as client:
        answer = client.statuses.get(reply["id"])
    store(
        late,
        page_of(fake, "mergedhistory"),
        Page(here, "", [answer], [answer_raw(fake, reply)], context_of=edited["uri"]),
        Page(here, "mergedhistory", [], [], deleted=[(gone["id"], GONE)]),
    )
    old_archive(old, page_of(fake, "mergedhistory"))
    with sqlite3.connect(old) as con:  # a part of the previous tootkit has coverage, no history
        con.execute("INSERT INTO coverage VALUES (?, 'mergedhistory', '', ?, NULL, NULL)",
                    (here, GONE.isoformat()))  # fmt: skip
    con.close()
    merged = tmp_path / "merged.sqlite"
    merge_archives([early, late, old], merged)
    with Archive(merged, read_only=True) as archive:
        texts = [text for _, text, _ in archive.versions(edited["uri"])]
        assert texts == ["a first draft #mergedhistory", "a second draft #mergedhistory"]
        assert archive.deleted_at(gone["uri"]) == GONE
        rows = list(archive.rows(include_context=True))
        assert [r.context_of for r in rows] == [[], [edited["uri"]]]
        assert b"a second draft" in rows[0].raw


def answer_raw(fake: FakeInstance, status: dict[str, Any]) -> bytes:
    with httpx.Client(base_url=fake.url, transport=fake.transport()) as http:
        return http.get(f"/api/v1/statuses/{status['id']}").content
