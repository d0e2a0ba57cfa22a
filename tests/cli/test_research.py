"""The research path off the happy path: failing instances, tokens, damaged files, safe exports.

Every server here is a real process on loopback: the fake timeline server
(which records the Authorization header of each request) or mastodon-mock.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import pytest

import tootkit
from tests.support.cli import run, timeline_requests
from tests.support.mockserver import FakeServer, MockServer, free_port, run_fake_server
from tootkit.cli import cli
from tootkit.store import Archive, StoredRow

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def host(server: FakeServer) -> str:
    return server.base_url.split("://")[1]


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert "Traceback" not in err
    assert len(lines) == 1, lines
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- each instance on its own ----------------------------------------------------


def test_five_instances_two_failing_then_a_second_run_finishes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "five.sqlite"
    failing_port, dead_port = free_port(), free_port()
    with (
        run_fake_server(300) as a,
        run_fake_server(300, first="1000") as b,
        run_fake_server(300, ids="ulid", first="2000") as c,
    ):
        healthy = [a, b, c]
        failing = f"http://127.0.0.1:{failing_port}"
        dead = f"http://127.0.0.1:{dead_port}"
        args = ["harvest", "fake", "--db", str(db), "--retries", "1", "--quiet"]
        for server in healthy:
            args += ["--instance", server.base_url]
        args += ["--instance", failing, "--instance", dead]
        with run_fake_server(300, port=failing_port, first="3000", fail_every="1"):
            assert run(*args) == 1
        err = capsys.readouterr().err
        last = err.strip().splitlines()[-1]
        assert "2 of 5 harvests failed" in last
        assert f"127.0.0.1:{failing_port}" in last
        assert f"127.0.0.1:{dead_port}" in last
        assert not any(host(s) in last for s in healthy)
        summary = {line.split()[0]: line for line in err.splitlines() if "#fake" in line}
        for server in healthy:
            assert summary[host(server)].split()[2:4] == ["300", "300"]
            assert summary[host(server)].endswith("ok")
        assert "answered 503" in summary[f"127.0.0.1:{failing_port}"]
        assert "cannot reach" in summary[f"127.0.0.1:{dead_port}"]
        with Archive(db) as archive:
            assert archive.count() == 900
        for server in healthy:
            server.reset()
        # The failing instance is healthy again; the dead one still is not.
        with run_fake_server(300, port=failing_port, first="3000") as mended:
            assert run(*args) == 1
            assert len(timeline_requests(mended)) >= 8
        err = capsys.readouterr().err
        assert "1 of 5 harvests failed" in err.strip().splitlines()[-1]
        for server in healthy:
            assert len(timeline_requests(server)) <= 2
        with Archive(db) as archive:
            assert archive.count() == 1200


def test_the_library_returns_a_result_per_instance(tmp_path: Path) -> None:
    import asyncio

    from tootkit.store import HarvestSpec, harvest

    dead = f"http://127.0.0.1:{free_port()}"
    with run_fake_server(50) as good, Archive(tmp_path / "lib.sqlite", create=True) as archive:
        results = asyncio.run(
            harvest(
                archive,
                HarvestSpec(
                    tags=["fake", "#Other"],
                    instances=[good.base_url, dead],
                    options={"retry": False},
                ),
            )
        )
    assert [(r.instance.split(":")[1], r.tag, r.ok) for r in results] == [
        (good.base_url.split(":")[2], "fake", True),
        (good.base_url.split(":")[2], "other", True),
        (dead.split(":")[2], "fake", False),
        (dead.split(":")[2], "other", False),
    ]
    assert isinstance(results[2].error, tootkit.errors.TransportError)
    assert results[0].fetched == 50
    assert results[0].reason == "ok"
    assert "cannot reach" in results[3].reason


# --- tokens stay home --------------------------------------------------------------


def test_each_instance_receives_only_its_own_token(tmp_path: Path) -> None:
    with run_fake_server(30) as a, run_fake_server(30) as b, run_fake_server(30) as c:
        code = run(
            "harvest", "fake", "--db", str(tmp_path / "t.sqlite"), "--quiet",
            "--instance", a.base_url, "--instance", b.base_url, "--instance", c.base_url,
            "--token", f"{a.base_url}=token-a", "--token", f"{host(b)}=token-b",
        )  # fmt: skip
        assert code == 0
        assert a.authorizations() == {"Bearer token-a"}
        assert b.authorizations() == {"Bearer token-b"}
        assert c.authorizations() == {None}


@pytest.mark.parametrize(
    ("tokens", "env", "message"),
    [
        (["--token", "bare"], None, "a bare --token would go to every instance"),
        ([], "from-env", "TOOTKIT_TOKEN would go to every instance"),
        (["--token", "other.example=t"], None, "not an --instance"),
    ],
)
def test_a_token_that_could_stray_is_refused_before_any_request(
    tokens: list[str],
    env: str | None,
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if env:
        monkeypatch.setenv("TOOTKIT_TOKEN", env)
    with run_fake_server(10) as a, run_fake_server(10) as b:
        code = run(
            "harvest", "fake", "--db", str(tmp_path / "t.sqlite"),
            "--instance", a.base_url, "--instance", b.base_url, *tokens,
        )  # fmt: skip
        assert code == 2
        assert message in one_line(capsys.readouterr().err)
        assert timeline_requests(a) == timeline_requests(b) == []
    assert not (tmp_path / "t.sqlite").exists()


def test_a_bare_token_goes_to_the_one_instance(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TOOTKIT_TOKEN", "from-env")
    with run_fake_server(10) as a:
        assert run("tag", "fake", "--instance", a.base_url, "--limit", "1") == 0
        assert a.authorizations() == {"Bearer from-env"}
        a.reset()
        assert run("tag", "fake", "--instance", a.base_url, "--limit", "1", "--token", "t") == 0
        assert a.authorizations() == {"Bearer t"}
        a.reset()
        # Padded base64 holds "/" and "=": still a bare token, never echoed.
        token = "ab/cd+ef=="
        assert run("tag", "fake", "--instance", a.base_url, "--limit", "1", "--token", token) == 0
        assert a.authorizations() == {f"Bearer {token}"}
        assert "ab/cd" not in capsys.readouterr().err


def test_the_library_refuses_a_token_for_every_instance() -> None:
    from tootkit.store import HarvestSpec

    with pytest.raises(TypeError, match="tokens="):
        HarvestSpec(tags="x", instances=["a.example", "b.example"], options={"access_token": "T"})
    with pytest.raises(ValueError, match="not among the instances"):
        HarvestSpec(tags="x", instances=["a.example"], tokens={"b.example": "T"})


# --- exports that cannot hurt the archive ----------------------------------------


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An archive of 120 statuses, some of whose texts start like spreadsheet formulas."""
    db = tmp_path_factory.mktemp("archive") / "research.sqlite"
    with run_fake_server(120) as server:
        assert run("harvest", "fake", "--instance", server.base_url, "--db", str(db)) == 0
    return db


def test_export_to_stdout(archive_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert run("export", str(archive_path), "--format", "jsonl", "-o", "-") == 0
    lines = capsysbinary.readouterr().out.splitlines()
    assert len(lines) == len({json.loads(line)["uri"] for line in lines}) == 120
    assert run("export", str(archive_path), "--format", "csv", "-o", "-") == 0
    rows = list(csv.DictReader(io.StringIO(capsysbinary.readouterr().out.decode())))
    assert len(rows) == 120


def test_exported_columns_a_researcher_can_count_on(archive_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    assert run("export", str(archive_path), "--format", "csv", "-o", str(out)) == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # The fake server's accounts are remote, already user@domain; full links in the text.
    assert all("@" in r["account_acct"] for r in rows)
    assert rows[0]["text"].endswith("https://example.com/some/long/path/0")


def test_csv_cells_that_would_run_as_formulas_are_neutralized(
    mock_server: MockServer, tmp_path: Path
) -> None:
    texts = ["=1+1 #formula", "+1 #formula", "-1 #formula", "@testuser hi #formula"]
    texts += ["plain #formula"]
    for text in texts:
        mock_server.post_status(text)
    db, safe, raw = tmp_path / "f.sqlite", tmp_path / "safe.csv", tmp_path / "raw.csv"
    assert run("harvest", "formula", "--instance", mock_server.base_url, "--db", str(db)) == 0
    assert run("export", str(db), "--format", "csv", "-o", str(safe)) == 0
    assert run("export", str(db), "--format", "csv", "-o", str(raw), "--no-neutralize") == 0
    with safe.open(encoding="utf-8-sig", newline="") as handle:
        safe_rows = list(csv.DictReader(handle))
    with raw.open(encoding="utf-8-sig", newline="") as handle:
        raw_rows = list(csv.DictReader(handle))
    for row in safe_rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert sorted(r["text"] for r in safe_rows) == sorted(
        "'" + t if t[0] in "=+-@" else t for t in texts
    )
    assert sorted(r["text"] for r in raw_rows) == sorted(texts)
    # A local account gets the instance's domain: two "testuser"s on two instances differ.
    assert {r["account_acct"] for r in raw_rows} == {f"testuser@{mock_server.base_url[7:]}"}


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@grace hi", "'@grace hi"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-1, -1),
        (True, "true"),
    ],
)
def test_csv_cell(value: object, cell: object) -> None:
    from tootkit._records import csv_cell

    assert csv_cell(value) == cell


def test_export_onto_the_archive_itself_is_refused(
    archive_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(archive_path.parent)
    other_spelling = archive_path.parent / "." / ".." / archive_path.parent.name / archive_path.name
    link = archive_path.parent / "link.sqlite"
    link.symlink_to(archive_path)
    try:
        for fmt in ("csv", "parquet", "jsonl"):
            for target in (archive_path, other_spelling, link):
                assert run("export", str(archive_path), "--format", fmt, "-o", str(target)) == 2
                assert "is the archive itself" in one_line(capsys.readouterr().err)
    finally:
        link.unlink()
    assert snapshot(archive_path.parent) == before


def test_export_into_a_missing_folder(
    archive_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no" / "such" / "out.csv"
    assert run("export", str(archive_path), "--format", "csv", "-o", str(out)) == 2
    assert "does not exist" in one_line(capsys.readouterr().err)
    assert not (tmp_path / "no").exists()


def test_export_with_an_unknown_tag_warns(
    archive_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "none.jsonl"
    assert (
        run("export", str(archive_path), "--format", "jsonl", "-o", str(out), "--tag", "nope") == 0
    )
    assert "0 rows written" in capsys.readouterr().err
    assert out.read_bytes() == b""


def test_a_failed_export_leaves_no_partial_file(
    archive_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("the previous export\n")
    original = Archive._read  # what the JSON lines export reads, row by row

    def disk_fills_up(self: Archive, **query: Any) -> Iterator[tuple[StoredRow, Any]]:
        for number, row in enumerate(original(self, **query)):
            if number == 50:
                raise OSError(28, "No space left on device")
            yield row

    monkeypatch.setattr(Archive, "_read", disk_fills_up)
    assert run("export", str(archive_path), "--format", "jsonl", "-o", str(out)) == 1
    assert "No space left on device" in one_line(capsys.readouterr().err)
    assert out.read_text() == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


# --- file mistakes get one line ----------------------------------------------------


def damaged_files(folder: Path, archive_path: Path) -> dict[str, Path]:
    garbage = folder / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database\n" * 200)
    cut = folder / "cut.sqlite"
    cut.write_bytes(archive_path.read_bytes()[: 4096 * 3])
    other = folder / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE people (name TEXT)")
    conn.close()
    header = folder / "header.sqlite"
    data = bytearray(archive_path.read_bytes())
    data[16:24] = b"\xff" * 8  # page size and versions: nonsense
    header.write_bytes(bytes(data))
    return {"garbage": garbage, "cut": cut, "other": other, "header": header}


@pytest.mark.parametrize("kind", ["garbage", "cut", "other", "header"])
def test_damaged_files_give_one_line_and_stay_as_they_were(
    kind: str, archive_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(archive_path, tmp_path / "good.sqlite")
    path = damaged_files(tmp_path, tmp_path / "good.sqlite")[kind]
    before = snapshot(tmp_path)
    assert run("export", str(path), "--format", "csv", "-o", str(tmp_path / "out.csv")) == 1
    assert str(path) in one_line(capsys.readouterr().err)
    with run_fake_server(10) as server:
        assert run("harvest", "fake", "--instance", server.base_url, "--db", str(path)) == 1
        assert timeline_requests(server) == []
    assert str(path) in one_line(capsys.readouterr().err)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["harvest", "x", "--db", "/no/such/folder/a.sqlite"], "does not exist"),
        (["harvest", "", "--db", "a.sqlite"], "a hashtag cannot be empty"),
        (["tag", "#"], "a hashtag cannot be empty"),
        (["export", "/no/such/a.sqlite", "--format", "csv", "-o", "-"], "does not exist"),
        (["status", "https://x.example/"], "no status id"),
    ],
)
def test_mistakes_give_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(*args) != 0
    assert message in one_line(capsys.readouterr().err)


def test_opening_a_missing_archive_for_reading_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "missing.sqlite"
    with pytest.raises(tootkit.errors.ArchiveError, match="does not exist"):
        Archive(path)
    with pytest.raises(tootkit.errors.ArchiveError, match="does not exist"):
        Archive(path, read_only=True)
    assert not path.exists()
    with Archive(path, create=True) as archive:
        assert archive.count() == 0
    with Archive(path, read_only=True) as archive:
        assert archive.count() == 0


def test_a_locked_archive_is_one_line(archive_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite"
    shutil.copy(archive_path, path)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(tootkit.errors.ArchiveError, match="is locked by another program"):
            Archive(path, timeout=0.1)
    finally:
        holder.rollback()
        holder.close()


@contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Make files and folders read-only, even for root (the immutable attribute)."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: no way to make a file read-only")
    done: list[Path] = []
    try:
        for p in paths:
            if subprocess.run(["chattr", "+i", str(p)], capture_output=True).returncode != 0:
                pytest.skip("this file system has no immutable attribute")
            done.append(p)
        yield
    finally:
        for p in done:
            subprocess.run(["chattr", "-i", str(p)], check=True)


def test_a_read_only_archive_exports_but_does_not_harvest(
    archive_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "ro.sqlite"
    shutil.copy(archive_path, db)
    before = snapshot(folder)
    with read_only(db, folder):
        assert run("export", str(db), "--format", "jsonl", "-o", str(tmp_path / "x.jsonl")) == 0
        assert len((tmp_path / "x.jsonl").read_text().splitlines()) == 120
        capsys.readouterr()
        with run_fake_server(10) as server:
            assert run("harvest", "fake", "--instance", server.base_url, "--db", str(db)) == 1
            assert timeline_requests(server) == []
        assert "read-only" in one_line(capsys.readouterr().err)
    assert snapshot(folder) == before


# --- several hashtags, and resume by coverage ------------------------------------


def test_several_hashtags_and_resume_by_coverage(tmp_path: Path) -> None:
    db = tmp_path / "cov.sqlite"
    with run_fake_server(500) as server:
        base = ["harvest", "fake", "other", "--instance", server.base_url, "--db", str(db)]
        # Statuses 412 to 499 were created on 2025-01-03 or later.
        assert run(*base, "--since", "2025-01-03", "--quiet") == 0
        with Archive(db) as archive:
            assert archive.count() == 88
            spans = archive.coverage(host(server), "fake")
            assert len(spans) == 1
            assert spans[0].lo is not None
        server.reset()
        # Earlier dates: only the older part is walked, for each hashtag.
        assert run(*base, "--since", "2025-01-02", "--quiet") == 0
        with Archive(db) as archive:
            assert archive.count() == 500 - 206
        requests = timeline_requests(server)
        assert all("max_id" in r or "min_id" in r for r in requests)
        assert len(requests) <= 2 * (1 + 6)
        # The whole timeline, then a narrower range again: one request per pair.
        assert run(*base, "--quiet") == 0
        server.reset()
        assert run(*base, "--since", "2025-01-01", "--quiet") == 0
        assert len(timeline_requests(server)) == 2
        with Archive(db) as archive:
            assert archive.count() == 500
            assert [s.lo for s in archive.coverage(host(server), "other")] == [None]


def test_an_archive_of_tootkit_0_1_resumes_from_its_harvest_state(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    with run_fake_server(200) as server:
        assert run("harvest", "fake", "--instance", server.base_url, "--db", str(db)) == 0
        newest = server.timeline.id_of(199)
        with sqlite3.connect(db) as conn:
            conn.execute("DROP TABLE coverage")
            conn.execute(
                "CREATE TABLE harvests (instance TEXT, tag TEXT, since TEXT, until TEXT, "
                "newest_id TEXT, oldest_id TEXT, complete INTEGER)"
            )
            conn.execute(
                "INSERT INTO harvests VALUES (?, 'fake', '', '', ?, ?, 1)",
                (host(server), newest, server.timeline.id_of(0)),
            )
        conn.close()
        server.reset()
        assert run("harvest", "fake", "--instance", server.base_url, "--db", str(db)) == 0
        assert len(timeline_requests(server)) == 1


# --- progress where people look ---------------------------------------------------


def test_progress_lines_when_not_in_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with run_fake_server(400, latency="0.05") as server:
        assert (
            run(
                "harvest",
                "fake",
                "--instance",
                server.base_url,
                "--db",
                str(tmp_path / "p.sqlite"),
                "--progress-every",
                "0.2",
            )
            == 0
        )
    err = capsys.readouterr().err.splitlines()
    progress = [line for line in err if line.startswith(f"tootkit: {host(server)} #fake: ")]
    assert len(progress) >= 2
    assert "fetched" in progress[0]
    assert "harvesting" in progress[0]
    assert err[-1] == f"400 statuses in {tmp_path / 'p.sqlite'}"


def test_ctrl_c_says_what_is_saved_and_how_to_resume(tmp_path: Path) -> None:
    db = tmp_path / "int.sqlite"
    with run_fake_server(5000, latency="0.02") as server:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        process = subprocess.Popen(
            [sys.executable, "-m", "tootkit", "harvest", "fake", "--instance", server.base_url,
             "--db", str(db), "--quiet"],
            env=env, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(timeline_requests(server)) < 5:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    line = one_line(err)
    assert "statuses are saved in" in line
    assert str(db) in line
    assert "run the same command again to resume" in line


# --- the small things -------------------------------------------------------------


def test_no_arguments_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run() == 0
    assert "harvest" in capsys.readouterr().out


def test_every_option_has_help_text() -> None:
    for name, command in cli.commands.items():
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.opts}"


def test_any_all_none_are_applied_to_what_arrives(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The fake server, like Takahe, ignores any[], all[] and none[].
    with run_fake_server(50) as server:
        assert run("tag", "fake", "--instance", server.base_url, "--none", "fake") == 0
        assert capsys.readouterr().out == ""
        assert run("tag", "fake", "--instance", server.base_url, "--all", "cats") == 0
        assert capsys.readouterr().out == ""
        args = ["tag", "fake", "--instance", server.base_url, "--any", "cats", "--limit", "3"]
        assert run(*args, "--format", "jsonl") == 0
        assert len(capsys.readouterr().out.splitlines()) == 3


def test_status_and_thread_take_a_url(
    mock_server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    posted = mock_server.post_status("find me by my URL")
    assert run("status", posted["url"]) == 0
    assert "find me by my URL" in capsys.readouterr().out
    assert run("thread", posted["url"]) == 0
    assert "find me by my URL" in capsys.readouterr().out
    assert run("status", posted["url"], "--instance", "mastodon.social") == 2
    assert "a status id belongs to one instance" in one_line(capsys.readouterr().err)


def test_tag_says_why_it_waits(capsys: pytest.CaptureFixture[str]) -> None:
    with run_fake_server(100, limit_every="2") as server:
        args = ["tag", "fake", "--instance", server.base_url, "--limit", "60", "--format", "jsonl"]
        assert run(*args) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 60
    assert captured.err.startswith("tootkit: waiting 1 s: rate limited")
