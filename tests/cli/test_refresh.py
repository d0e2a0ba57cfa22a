"""``tootkit refresh``: deletions and edits made on the server after the harvest reach the archive.

Statuses are posted to mastodon-mock and to snac2 over loopback, harvested,
then deleted (``DELETE /api/v1/statuses/:id``) and edited
(``PUT /api/v1/statuses/:id``) there.
"""

from __future__ import annotations

import asyncio
import shutil
import signal
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.cli import run
from tests.support.mockserver import SEED_TOKEN, MockServer, Snac2, free_port
from tootkit._core.request import instance_key
from tootkit.store import Archive, RefreshResult, refresh

pytestmark = pytest.mark.integration

AUTH = {"Authorization": f"Bearer {SEED_TOKEN}"}


def harvested(server: MockServer, tmp_path: Path, tag: str, count: int) -> tuple[Path, list[Any]]:
    """``count`` statuses posted under ``tag`` and harvested into a new archive, oldest first."""
    posted = [server.post_status(f"post {i} about #{tag}") for i in range(count)]
    db = tmp_path / "study.sqlite"
    assert run("harvest", tag, "--instance", server.base_url, "--db", str(db), "--quiet") == 0
    return db, posted


def delete(server: MockServer, status: dict[str, Any]) -> None:
    server.http.delete(f"/api/v1/statuses/{status['id']}", headers=AUTH).raise_for_status()


def edit(server: MockServer, status: dict[str, Any], text: str) -> None:
    server.http.put(
        f"/api/v1/statuses/{status['id']}", json={"status": text}, headers=AUTH
    ).raise_for_status()


def test_refresh_marks_five_deleted_and_three_edited(
    mock_server: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, posted = harvested(mock_server, tmp_path, "refreshten", 10)
    for status in posted[:5]:
        delete(mock_server, status)
    for status in posted[5:8]:
        edit(mock_server, status, f"{status['content']} edited #refreshten")
    capsys.readouterr()
    assert run("refresh", str(db)) == 0
    err = capsys.readouterr().err
    assert "10 statuses checked on 1 instances: 5 deleted, 3 edited" in err
    assert f"refresh: {instance_key(mock_server.base_url)}: 10 of 10 checked" in err
    with Archive(db, read_only=True) as archive:
        assert all(archive.deleted_at(s["uri"]) is not None for s in posted[:5])
        assert [len(archive.versions(s["uri"])) for s in posted[5:]] == [2, 2, 2, 1, 1]
        assert "edited" in archive.versions(posted[5]["uri"])[1][1]
        assert {r["uri"] for r in archive.records()} == {s["uri"] for s in posted[5:]}
    with sqlite3.connect(db) as con:
        log = con.execute("SELECT instance, checked, deleted, edited, error FROM refreshes")
        assert log.fetchall() == [(instance_key(mock_server.base_url), 10, 5, 3, None)]
        assert con.execute("SELECT count(*) FROM checked").fetchone() == (10,)
        texts = con.execute("SELECT text FROM statuses WHERE deleted_at IS NOT NULL").fetchall()
        assert texts == [("",)] * 5
    out = tmp_path / "out.csv"
    assert run("export", str(db), "--format", "csv", "-o", str(out)) == 0
    assert "5 deleted statuses left out" in capsys.readouterr().err
    # Checked a moment ago: --older-than asks for none of them again.
    assert run("refresh", str(db), "--older-than", "7d") == 0
    assert "0 statuses checked" in capsys.readouterr().err
    # A second refresh finds nothing new: no edit is counted twice.
    assert run("refresh", str(db)) == 0
    assert "5 statuses checked on 1 instances: 0 deleted, 0 edited" in capsys.readouterr().err


def test_refresh_of_a_sample_checks_that_many_and_the_seed_draws_the_same(
    mock_server: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = harvested(mock_server, tmp_path, "refreshsample", 8)
    drawn = []
    for _ in range(2):
        copy = tmp_path / f"copy{len(drawn)}.sqlite"
        shutil.copy(db, copy)
        assert run("refresh", str(copy), "--sample", "3", "--seed", "7") == 0
        assert "3 statuses checked" in capsys.readouterr().err
        with sqlite3.connect(copy) as con:
            drawn.append(sorted(con.execute("SELECT uri FROM checked").fetchall()))
    assert drawn[0] == drawn[1]


def test_the_library_form_reports_progress(mock_server: MockServer, tmp_path: Path) -> None:
    db, posted = harvested(mock_server, tmp_path, "refreshlib", 3)
    delete(mock_server, posted[0])
    seen: list[tuple[int, bool]] = []

    def progress(result: RefreshResult) -> None:
        seen.append((result.checked, result.done))

    with Archive(db) as archive:
        (result,) = asyncio.run(refresh(archive, on_progress=progress))
    assert (result.checked, result.deleted, result.edited, result.error) == (3, 1, 0, None)
    assert seen[-1] == (3, True)


def test_an_instance_that_is_gone_is_reported_and_nothing_is_marked(
    mock_server: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = harvested(mock_server, tmp_path, "refreshgone", 2)
    gone = f"127.0.0.1:{free_port()}"
    with sqlite3.connect(db) as con:
        con.execute("UPDATE sightings SET instance=?", (gone,))
    capsys.readouterr()
    assert run("refresh", str(db), "--retries", "0") == 1
    err = capsys.readouterr().err
    assert f"could not reach {gone} (nothing of it marked)" in err
    assert err.count("tootkit: error:") == 1
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM statuses WHERE deleted_at IS NULL").fetchone() == (
            2,
        )
        assert con.execute("SELECT count(*) FROM checked").fetchone() == (0,)
        (error,) = con.execute("SELECT error FROM refreshes").fetchone()
    assert error


@pytest.mark.parametrize("content", [b"not an archive\n", b""])
def test_refresh_of_a_file_that_is_not_an_archive_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(content)
    assert run("refresh", str(path)) == 1
    err = capsys.readouterr().err
    assert err.startswith("tootkit: error:")
    assert err.count("\n") == 1
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]


def test_a_bad_older_than_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("refresh", str(tmp_path / "x.sqlite"), "--older-than", "a week") == 2
    assert "--older-than 'a week'" in capsys.readouterr().err


def test_snac2_a_status_deleted_there_is_marked(snac2: Snac2, tmp_path: Path) -> None:
    token = snac2.tokens["alice"]
    auth = {"Authorization": f"Bearer {token}"}
    posted = [
        httpx.post(
            f"{snac2.base_url}/api/v1/statuses",
            data={"status": f"refresh me {i} #snacrefresh"},
            headers=auth,
            timeout=30,
        ).json()
        for i in range(2)
    ]
    db = tmp_path / "snac.sqlite"
    harvest = ("harvest", "snacrefresh", "--instance", snac2.base_url, "--db", str(db))
    assert run(*harvest, "--token", token, "--quiet") == 0
    with Archive(db, read_only=True) as archive:
        assert archive.count() == 2
    httpx.delete(
        f"{snac2.base_url}/api/v1/statuses/{posted[0]['id']}", headers=auth, timeout=30
    ).raise_for_status()
    assert run("refresh", str(db), "--token", token) == 0
    with Archive(db, read_only=True) as archive:
        assert archive.deleted_at(posted[0]["uri"]) is not None
        assert archive.deleted_at(posted[1]["uri"]) is None
        assert [r["uri"] for r in archive.records()] == [posted[1]["uri"]]


def test_a_rate_limit_that_outlasts_the_retries_stops_the_instance_and_marks_nothing(
    mock_server: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, posted = harvested(mock_server, tmp_path, "refreshlimited", 3)
    delete(mock_server, posted[0])
    rule = mock_server.add_fault(
        {
            "match": {"path": "/api/v1/statuses"},
            "effect": {"type": "status", "status": 429, "body": {"error": "Too many requests"}},
        }
    )
    try:
        capsys.readouterr()
        assert run("refresh", str(db), "--retries", "0") == 1
    finally:
        mock_server.http.delete(f"/api/v1/_mock/faults/{rule}")
    err = capsys.readouterr().err
    assert "0 statuses checked" in err
    assert "stopped early on" in err
    assert "rate limit" in err.lower() or "429" in err
    with Archive(db, read_only=True) as archive:
        assert archive.deleted_at(posted[0]["uri"]) is None


def test_ctrl_c_keeps_what_was_marked_and_older_than_goes_on(
    mock_server: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, posted = harvested(mock_server, tmp_path, "refreshstopped", 25)
    for status in (posted[0], posted[24]):
        delete(mock_server, status)

    def interrupt(result: RefreshResult) -> None:
        if result.checked == 20 and not result.done:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C, once the first batch is stored

    with Archive(db) as archive, pytest.raises(KeyboardInterrupt):
        asyncio.run(refresh(archive, on_progress=interrupt))
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM checked").fetchone() == (20,)
        assert con.execute("SELECT checked, deleted FROM refreshes").fetchall() == [(20, 1)]
    capsys.readouterr()
    assert run("refresh", str(db), "--older-than", "1d") == 0
    assert "5 statuses checked on 1 instances: 1 deleted" in capsys.readouterr().err
    with Archive(db, read_only=True) as archive:
        assert archive.deleted_at(posted[0]["uri"]) is not None
        assert archive.deleted_at(posted[24]["uri"]) is not None
