"""The tootkit command against loopback servers: tag, status, thread, harvest, export."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import tootkit
from tests.conftest import Seed
from tests.support.cli import run, timeline_requests
from tests.support.mockserver import FakeServer, MockServer, run_fake_server
from tootkit.cli import main
from tootkit.models import Account, Status, Tag

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def five_hundred() -> Iterator[FakeServer]:
    with run_fake_server(500) as server:
        yield server


def test_tag_prints_the_entries(
    five_hundred: FakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("tag", "#fake", "--instance", five_hundred.base_url, "--limit", "3") == 0
    out = capsys.readouterr().out
    blocks = [b for b in out.split("\n\n") if b.strip()]
    assert len(blocks) == 3
    assert blocks[0].splitlines() == [
        "2025-01-03 10:13 UTC  User 14 @u14@fake.example",
        "Status number 499 about #fake and a link example.com/some/long/pa…",
        "#fake",
        f"https://fake.example/@u14/{five_hundred.timeline.id_of(499)}",
    ]


def test_tag_as_jsonl_and_csv(five_hundred: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            "tag", "fake", "--instance", five_hundred.base_url, "--limit", "45", "--format", "jsonl"
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 45
    assert json.loads(lines[0])["id"] == five_hundred.timeline.id_of(499)
    assert (
        run("tag", "fake", "--instance", five_hundred.base_url, "--limit", "5", "--format", "csv")
        == 0
    )
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert len(rows) == 5
    assert rows[0]["text"].startswith("Status number 499")


def test_a_boost_shows_who_boosted_it(capsys: pytest.CaptureFixture[str]) -> None:
    from rich.console import Console

    from tootkit.cli import print_status

    original = Status(
        id="1",
        content="<p>the post</p>",
        account=Account(id="1", acct="author", display_name="Author"),
        tags=(Tag(name="cats"),),
    )
    boost = Status(id="2", reblog=original, account=Account(id="2", acct="fan", display_name="Fan"))
    print_status(Console(), boost)
    out = capsys.readouterr().out
    assert "Author @author" in out
    assert "the post" in out
    assert "#cats" in out
    assert "boosted by Fan @fan" in out


def test_status_and_thread(
    mock_server: MockServer, seed: Seed, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("status", seed.thread[0], "--instance", mock_server.base_url) == 0
    assert "a thread starts #thread" in capsys.readouterr().out
    assert run("thread", seed.thread[1], "--instance", mock_server.base_url) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    bodies = [line for line in lines if "thread starts" in line or "reply" in line]
    assert bodies == ["a thread starts #thread", "  a reply", "    a reply to the reply"]


def test_harvest_resume_and_export(five_hundred: FakeServer, tmp_path: Path) -> None:
    db = tmp_path / "research.sqlite"
    five_hundred.reset()
    assert (
        run("harvest", "fake", "--instance", five_hundred.base_url, "--db", str(db), "--quiet") == 0
    )
    with tootkit.store.Archive(db) as archive:
        assert archive.count() == 500
    first_run = len(timeline_requests(five_hundred))
    assert first_run == 14  # 12 full pages, a short one, and the empty page that closes the walk
    five_hundred.reset()
    assert (
        run("harvest", "#fake", "--instance", five_hundred.base_url, "--db", str(db), "--quiet")
        == 0
    )
    assert len(timeline_requests(five_hundred)) <= 3
    jsonl, table = tmp_path / "out.jsonl", tmp_path / "out.csv"
    assert run("export", str(db), "--format", "jsonl", "-o", str(jsonl)) == 0
    assert run("export", str(db), "--format", "csv", "-o", str(table)) == 0
    ids = [json.loads(line)["id"] for line in jsonl.read_text().splitlines()]
    assert len(ids) == len(set(ids)) == 500
    with table.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len({r["uri"] for r in rows}) == len(rows) == 500
    assert rows[0]["instances"] == five_hundred.base_url.split("://")[1]


def test_parquet_and_records(five_hundred: FakeServer, tmp_path: Path) -> None:
    import pandas as pd
    import pyarrow.parquet as pq

    db = tmp_path / "p.sqlite"
    since = "2025-01-03"
    assert (
        run(
            "harvest",
            "fake",
            "--instance",
            five_hundred.base_url,
            "--db",
            str(db),
            "--since",
            since,
            "--quiet",
        )
        == 0
    )
    out = tmp_path / "out.parquet"
    assert run("export", str(db), "--format", "parquet", "-o", str(out)) == 0
    table = pq.read_table(out)
    assert table.num_rows == 500 - 412  # statuses 412 to 499 were created on 2025-01-03 or later
    with tootkit.Client(five_hundred.base_url) as client:
        frame = pd.DataFrame(tootkit.records(client.timelines.tag("fake", limit=50)))
    assert len(frame) == 50
    assert {"created_at", "account_acct", "text", "tags"} <= set(frame.columns)


def test_two_instances_that_share_half_store_each_status_once(tmp_path: Path) -> None:
    db = tmp_path / "two.sqlite"
    with run_fake_server(400) as a, run_fake_server(400, first="200") as b:
        assert (
            run(
                "harvest",
                "fake",
                "--instance",
                a.base_url,
                "--instance",
                b.base_url,
                "--db",
                str(db),
                "--quiet",
            )
            == 0
        )
        with tootkit.store.Archive(db) as archive:
            assert archive.count() == 600
            shared = archive.sightings(a.timeline.status_uri(250))
            assert [instance for instance, _ in shared] == sorted([a.base_url[7:], b.base_url[7:]])


def _archive_contents(db: Path) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    with sqlite3.connect(db) as conn:
        statuses = conn.execute(
            "SELECT uri, id, created_at, text FROM statuses ORDER BY uri"
        ).fetchall()
        sightings = conn.execute("SELECT uri, id, tag FROM sightings ORDER BY uri").fetchall()
    return statuses, sightings


def test_an_interrupted_harvest_ends_like_an_uninterrupted_one(tmp_path: Path) -> None:
    total = 8_000
    root = Path(__file__).resolve().parents[2]
    with run_fake_server(total) as server:
        whole, broken = tmp_path / "whole.sqlite", tmp_path / "broken.sqlite"
        command = [
            sys.executable,
            "-m",
            "tootkit",
            "harvest",
            "fake",
            "--instance",
            server.base_url,
            "--quiet",
        ]
        env = {**os.environ, "PYTHONPATH": str(root / "src")}
        subprocess.run([*command, "--db", str(whole)], check=True, env=env, capture_output=True)
        process = subprocess.Popen([*command, "--db", str(broken)], env=env, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.1)
            try:
                with sqlite3.connect(broken) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM statuses").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored >= total // 10:
                break
        process.send_signal(signal.SIGKILL)  # no chance to clean up
        process.wait()
        assert process.stderr is not None
        assert stored >= total // 10, process.stderr.read().decode()
        with sqlite3.connect(broken) as conn:
            assert 0 < conn.execute("SELECT COUNT(*) FROM statuses").fetchone()[0] < total
        again = subprocess.run(
            [*command, "--db", str(broken)], check=False, env=env, capture_output=True, text=True
        )
        assert again.returncode == 0, again.stderr
    assert _archive_contents(broken) == _archive_contents(whole)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tag", "two words"], "not a hashtag"),
        (["tag", "x", "--since", "last tuesday"], "not a date"),
        (["tag", "x", "--instance", "ftp://nope"], "scheme"),
        (["tag", "x", "--instance", "http://127.0.0.1:1", "--retries", "0"], "cannot reach"),
        (["tag", "x", "--instance", "no-such-host.invalid", "--retries", "0"], "cannot reach"),
        (["tag", "x", "--limit", "zero"], "limit"),
        (
            ["export", "/nonexistent/file.sqlite", "--format", "csv", "-o", "x.csv"],
            "does not exist",
        ),
    ],
)
def test_bad_input_is_one_clear_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(*args)
    err = capsys.readouterr().err
    assert code != 0
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_an_instance_that_refuses_anonymous_tag_timelines(
    mock_server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    rule = mock_server.add_fault(
        {
            "match": {"path": "/api/v1/timelines/tag/private"},
            "effect": {
                "type": "status",
                "status": 422,
                "body": {"error": "This method requires an authenticated user"},
            },
        }
    )
    try:
        assert run("tag", "private", "--instance", mock_server.base_url) == 1
        err = capsys.readouterr().err
        assert "--token" in err
        assert len(err.strip().splitlines()) == 1
        with pytest.raises(tootkit.errors.UnprocessableEntity):
            main(["--debug", "tag", "private", "--instance", mock_server.base_url])
    finally:
        mock_server.http.delete(f"/api/v1/_mock/faults/{rule}")
