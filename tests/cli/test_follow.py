"""``tootkit harvest --follow`` in a real process: SIGINT stops it cleanly, SIGKILL loses nothing."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import run
from tests.support.follows import post, three_fakes
from tests.support.mockserver import FakeServer

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

ROOT = Path(__file__).resolve().parents[2]


def host(server: FakeServer) -> str:
    return server.base_url.removeprefix("http://")


def start(db: Path, *servers: FakeServer) -> subprocess.Popen[str]:
    """``tootkit harvest fake --follow`` on ``servers``, polling every 0.2 s, progress every 0.3 s."""
    args = [sys.executable, "-m", "tootkit", "harvest", "fake", "--db", str(db), "--follow"]
    for server in servers:
        args += ["--instance", server.base_url]
    args += ["--poll-every", "0.2", "--progress-every", "0.3"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(args, env=env, stderr=subprocess.PIPE, text=True)


def sightings(db: Path) -> dict[str, int]:
    """Statuses stored per instance, read as another process would (the follow writes on)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
            rows = con.execute("SELECT instance, COUNT(*) FROM sightings GROUP BY instance")
            return dict(rows.fetchall())
    except sqlite3.Error:
        return {}  # not created yet


def wait_stored(db: Path, process: subprocess.Popen[str], want: dict[str, int]) -> None:
    """Wait until the archive holds at least ``want[instance]`` statuses of each."""
    deadline = time.monotonic() + 60
    while True:
        have = sightings(db)
        if all(have.get(i, 0) >= n for i, n in want.items()):
            return
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"stored {have}, wanted {want}: {process.communicate()[1]}")
        time.sleep(0.05)


@pytest.fixture
def fakes() -> Iterator[tuple[FakeServer, FakeServer, FakeServer]]:
    with three_fakes() as servers:
        yield servers["websocket"], servers["sse"], servers["none"]


def test_sigint_stops_cleanly_with_a_summary_per_instance(
    tmp_path: Path, fakes: tuple[FakeServer, FakeServer, FakeServer]
) -> None:
    ws, sse, poll = fakes
    db = tmp_path / "live.sqlite"
    process = start(db, ws, sse, poll)
    ws.wait_listening(("hashtag", "fake"))
    sse.wait_listening(("hashtag", "fake"))
    assert process.stderr is not None
    progress = f"tootkit: {host(ws)} #fake: websocket, 0 a minute, 0 statuses, last event none yet"
    while not process.stderr.readline().startswith(progress):  # no terminal: plain lines
        assert process.poll() is None
    for server in fakes:
        post(server, 10)
    wait_stored(db, process, {host(ws): 15, host(sse): 15, host(poll): 15})
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    lines = err.splitlines()
    assert f"{host(ws)} #fake: websocket, 10 statuses" in lines
    assert f"{host(sse)} #fake: sse, 10 statuses" in lines
    assert f"{host(poll)} #fake: poll, 10 statuses" in lines
    assert lines[-1].endswith(f"; 45 statuses in {db}")
    assert not Path(f"{db}-wal").exists()
    assert sightings(db) == {host(s): 15 for s in fakes}


def test_sigkill_then_a_second_run_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, fakes: tuple[FakeServer, FakeServer, FakeServer]
) -> None:
    _, sse, poll = fakes  # a stream and a poll
    db = tmp_path / "live.sqlite"
    process = start(db, sse, poll)
    sse.wait_listening(("hashtag", "fake"))
    post(sse, 5)
    post(poll, 5)
    wait_stored(db, process, {host(sse): 10, host(poll): 10})
    process.kill()
    process.communicate(timeout=30)
    post(sse, 5)  # while no one follows
    post(poll, 5)
    again = start(db, sse, poll)
    wait_stored(db, again, {host(sse): 15, host(poll): 15})
    sse.wait_listening(("hashtag", "fake"))
    post(sse, 3)
    wait_stored(db, again, {host(sse): 18})
    again.send_signal(signal.SIGTERM)
    _, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert f"{host(sse)} #fake: sse, 3 statuses" in err.splitlines()
    assert sightings(db) == {host(sse): 18, host(poll): 15}
    with contextlib.closing(sqlite3.connect(db)) as con:
        uris = [row[0] for row in con.execute("SELECT uri FROM statuses")]
    assert len(uris) == len(set(uris)) == 33


def test_follow_with_until_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "x.sqlite"
    code = run("harvest", "fake", "--db", str(db), "--follow", "--until", "2025-01-01")
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "tootkit: error: --follow runs until stopped, on one machine: it takes no --until"
    ]
    assert not db.exists()
