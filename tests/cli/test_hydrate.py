"""``tootkit dehydrate`` and ``hydrate``: a dataset as ids and back, less what was deleted since."""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.cli.test_refresh import delete, harvested
from tests.support import profiles
from tests.support.cli import run
from tests.support.mockserver import MockServer
from tootkit.store import Archive, read_ids

pytestmark = pytest.mark.integration


def sightings(db: Path) -> set[tuple[str, str, str, str]]:
    with sqlite3.connect(db) as con:
        return set(con.execute("SELECT uri, instance, id, tag FROM sightings"))


def statuses(db: Path) -> set[tuple[str, str, str, str]]:
    with sqlite3.connect(db) as con:
        return set(
            con.execute(
                "SELECT uri, created_at, account_acct, text FROM statuses WHERE deleted_at IS NULL"
            )
        )


def test_dehydrate_then_hydrate_gives_the_original_less_the_deleted(
    mock_server: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, posted = harvested(mock_server, tmp_path, "hydrateten", 10)
    ids = tmp_path / "ids.csv"
    assert run("dehydrate", str(db), "-o", str(ids)) == 0
    assert "10 statuses written" in capsys.readouterr().err
    with ids.open(newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["uri", "instance", "id", "created_at", "tag"]
    assert len(rows) == 11
    assert all(row[4] == "hydrateten" for row in rows[1:])
    text = ids.read_text()
    assert "post 3" not in text
    assert "admin" not in text  # no account
    for status in posted[:5]:
        delete(mock_server, status)
    again = tmp_path / "again.sqlite"
    assert run("hydrate", str(ids), "--db", str(again)) == 0
    assert "10 statuses: 5 came back, 5 deleted, 0 could not be reached" in capsys.readouterr().err
    kept = {s["uri"] for s in posted[5:]}
    assert {row[0] for row in sightings(again)} == kept
    assert sightings(again) == {row for row in sightings(db) if row[0] in kept}
    assert statuses(again) == {row for row in statuses(db) if row[0] in kept}


def test_dehydrate_leaves_out_the_deleted_and_says_so(
    mock_server: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, posted = harvested(mock_server, tmp_path, "hydrategone", 3)
    delete(mock_server, posted[0])
    assert run("refresh", str(db)) == 0
    capsys.readouterr()
    assert run("dehydrate", str(db)) == 0
    out, err = capsys.readouterr()
    assert "2 statuses written; 1 deleted left out" in err
    assert posted[0]["uri"] not in out
    assert out.count("\n") == 3


def test_an_instance_that_is_gone_is_counted_as_not_reached(
    mock_server: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = tmp_path / "ids.csv"
    row = "http://127.0.0.1:9/statuses/1,127.0.0.1:9,1\n"
    ids.write_text(f"uri,instance,id\n{row}{row}")  # a row given twice is asked for once
    assert run("hydrate", str(ids), "--db", str(tmp_path / "new.sqlite"), "--retries", "0") == 1
    err = capsys.readouterr().err
    assert "1 statuses: 0 came back, 0 deleted, 1 could not be reached" in err
    assert "127.0.0.1:9" in err


def _moved(status: dict[str, Any]) -> type[BaseHTTPRequestHandler]:
    """An instance that no longer knows ``status`` by its id, but finds its uri by search, with a token.

    It has no ``GET /api/v1/statuses?id[]=`` (before Mastodon 4.3): one status a request.
    """

    class Moved(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == "/api/v2/search" and self.headers.get("Authorization"):
                code, body = 200, {"accounts": [], "statuses": [status], "hashtags": []}
            else:  # an older server: no batch of statuses either
                code, body = 404, {"error": "Record not found"}
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Moved


def test_a_token_lets_a_status_its_id_no_longer_finds_be_found_by_its_uri(
    mock_server: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = mock_server.post_status("found by its address #hydratesearch")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _moved(status))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    here = f"127.0.0.1:{server.server_address[1]}"
    ids = tmp_path / "ids.csv"
    ids.write_text(f"uri,instance,id,tag\n{status['uri']},{here},999,hydratesearch\n")
    again = tmp_path / "again.sqlite"
    try:
        assert run("hydrate", str(ids), "--db", str(again)) == 0
        assert "0 came back, 1 deleted" in capsys.readouterr().err
        again.unlink()
        assert run("hydrate", str(ids), "--db", str(again), "--token", f"{here}=T") == 0
        assert "1 came back, 0 deleted" in capsys.readouterr().err
    finally:
        server.shutdown()
        server.server_close()
    assert sightings(again) == {(status["uri"], here, status["id"], "hydratesearch")}


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (
            "uri,instance,id\nhttps://a.example/s/1,a.example,1\nhttps://a.example/s/2,a.example\n",
            3,
        ),
        ("uri,instance,id\nhttps://a.example/s/1,a.example,\n", 2),
        ("text,author\nhello,grace\n", 1),
    ],
)
def test_a_corrupt_ids_file_names_the_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, line: int
) -> None:
    ids = tmp_path / "ids.csv"
    ids.write_text(content)
    db = tmp_path / "new.sqlite"
    assert run("hydrate", str(ids), "--db", str(db)) == 1
    err = capsys.readouterr().err
    assert f"ids.csv, line {line}:" in err
    assert err.count("\n") == 1
    assert not db.exists()


def test_hydrate_into_a_file_that_is_not_an_archive_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = tmp_path / "ids.csv"
    ids.write_text("uri,instance,id\n")
    db = tmp_path / "notes.txt"
    db.write_bytes(b"my notes\n")
    assert run("hydrate", str(ids), "--db", str(db)) == 1
    assert capsys.readouterr().err.count("\n") == 1
    assert db.read_bytes() == b"my notes\n"
    # An archive given as the ids file: one line, not a traceback.
    assert run("hydrate", str(db), "--db", str(tmp_path / "x.sqlite")) == 1


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """An archive of one status, made without a server."""
    db = tmp_path / "small.sqlite"
    with Archive(db, create=True) as archive:
        ada = profiles.account("1", "ada", "Ada")
        profiles.store(archive, [profiles.status("300", ada, "<p>hi #research</p>")])
    return db


def test_dehydrate_onto_its_own_archive_is_refused_and_the_archive_stays(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = small.read_bytes()
    assert run("dehydrate", str(small), "-o", str(small)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is the archive itself" in err
    assert small.read_bytes() == before


def test_dehydrate_into_a_missing_folder_is_one_line(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("dehydrate", str(small), "-o", str(tmp_path / "no" / "ids.csv")) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "does not exist" in err


def test_dehydrated_ids_are_plain_utf8_that_read_ids_reads(small: Path, tmp_path: Path) -> None:
    ids = tmp_path / "ids.csv"
    assert run("dehydrate", str(small), "-o", str(ids)) == 0
    assert ids.read_bytes().startswith(b"uri,instance,id,created_at,tag\n")  # no BOM
    assert [row.id for row in read_ids(ids)] == ["300"]


def test_hydrate_into_a_missing_folder_is_a_usage_error_before_any_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = tmp_path / "ids.csv"
    ids.write_text("uri,instance,id\n")
    assert run("hydrate", str(ids), "--db", str(tmp_path / "missing" / "new.sqlite")) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "the folder" in err


@pytest.mark.parametrize("command", ["dehydrate", "refresh", "export", "report"])
def test_a_missing_archive_is_one_usage_line_for_every_command(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothere.sqlite"
    options = {"export": ["--format", "csv", "-o", str(tmp_path / "o.csv")]}
    options["report"] = ["-o", str(tmp_path / "r.html")]
    assert run(command, str(missing), *options.get(command, [])) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "there is no archive to" in err
    assert not missing.exists()
