"""``tootkit discover`` and ``harvest --discover``, against real servers on loopback.

The seeds are mastodon-mock (a hashtag of the test's own, posted there), the
fake timeline server (which records the ``Authorization`` header of each
request; its statuses come from ``fake.example``, so it is only read at
``--depth 0``), and ports nobody listens on.
"""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rich.console import Console

from tests.support.cli import run
from tests.support.mockserver import FakeServer, MockServer, Snac2, free_port, run_fake_server
from tootkit.cli._progress import DiscoveryDisplay
from tootkit.discovery import InstanceReport
from tootkit.store import Archive, parse_instances

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def host(server: MockServer | FakeServer | Snac2) -> str:
    return server.base_url.split("://")[1]


def dead() -> str:
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def tag(mock_server: MockServer) -> str:
    """A hashtag of this test's own, with three statuses on mastodon-mock."""
    name = f"disc{uuid.uuid4().hex[:10]}"
    for i in range(3):
        mock_server.post_status(f"status {i} under #{name}")
    return name


def report_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@contextmanager
def silent_port() -> Iterator[str]:
    """A port that accepts connections and never answers: a request there waits out its timeout."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


# --- the files ---------------------------------------------------------------------


def test_the_holders_go_to_o_and_every_instance_to_the_report(
    mock_server: MockServer, tag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, report = tmp_path / "instances.txt", tmp_path / "report.jsonl"
    gone = dead()
    args = ["discover", f"#{tag}", "--seed", mock_server.base_url, "--seed", gone]
    assert run(*args, "-o", str(out), "--report", str(report)) == 0
    err = capsys.readouterr().err
    assert parse_instances(out.read_text(encoding="utf-8")).instances == [mock_server.base_url]
    assert "3 statuses seen" in out.read_text(encoding="utf-8")
    lines = report_lines(report)
    assert [line["instance"] for line in lines] == sorted([host(mock_server), gone[7:]])
    by_host = {line["instance"]: line for line in lines}
    held = by_host[host(mock_server)]
    assert (held["status"], held["statuses_seen"], held["found_via"]) == ("holds", 3, "seed")
    assert held["newest"] is not None
    assert (by_host[gone[7:]]["status"], by_host[gone[7:]]["found_via"]) == ("dead", "seed")
    assert by_host[gone[7:]]["reason"]
    # Progress a line per instance (stderr is not a terminal), then the summary.
    assert f"tootkit: {host(mock_server)}: holds, 3 statuses seen; found via a seed" in err
    assert f"2 instances probed for #{tag}" in err
    assert "  holds         1" in err
    assert "  dead          1" in err
    assert err.strip().splitlines()[-1] == (
        f"1 instance holding the hashtag written to {out}, every instance probed to {report}"
    )


def test_a_second_run_writes_the_same_files(
    mock_server: MockServer, tag: str, tmp_path: Path
) -> None:
    written = []
    for run_number in (1, 2):
        out, report = tmp_path / f"i{run_number}.txt", tmp_path / f"r{run_number}.jsonl"
        args = ["discover", tag, "--seed", mock_server.base_url, "--quiet"]
        assert run(*args, "-o", str(out), "--report", str(report)) == 0
        written.append((out.read_bytes(), report.read_bytes()))
    assert written[0] == written[1]


def test_seeds_that_hold_nothing_give_an_empty_list_and_exit_0(
    mock_server: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "none.txt"
    nothing = f"none{uuid.uuid4().hex[:10]}"
    assert run("discover", nothing, "--seed", mock_server.base_url, "-o", str(out)) == 0
    assert parse_instances(out.read_text(encoding="utf-8")).instances == []
    assert f"no instance probed holds #{nothing}" in capsys.readouterr().err


# --- what goes wrong ---------------------------------------------------------------


def test_no_seed_readable_is_a_line_per_seed_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "instances.txt"
    out.write_text("kept\n")
    seeds = sorted([dead(), dead()], key=lambda url: url[7:])
    args = ["discover", "python", "--seed", seeds[0], "--seed", seeds[1], "--quiet"]
    assert run(*args, "-o", str(out)) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2, lines
    for line, seed in zip(lines, seeds, strict=True):
        assert line.startswith(f"tootkit: error: cannot start from the seed {seed[7:]}: dead")
    assert out.read_text() == "kept\n"  # a failed run leaves the last list alone


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["not a tag", "--seed", "127.0.0.1:9"], "hashtag"),
        (["", "--seed", "127.0.0.1:9"], "hashtag"),
        (["python"], "give at least one --seed INSTANCE"),
        (["python", "--seed", "http://example.org"], "http"),
        (["python", "--seed", "127.0.0.1:9", "--token", "T0K3N"], "a bare --token"),
        (["python", "--seed", "127.0.0.1:9", "--token", "a.example="], "has no token"),
        (["python", "--seed", "127.0.0.1:9", "--depth", "-1"], "--depth"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("discover", *args, "-o", str(tmp_path / "i.txt")) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert message in err
    assert not (tmp_path / "i.txt").exists()


@pytest.mark.parametrize("option", ["-o", "--report"])
def test_a_missing_folder_is_one_line_before_any_request(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with run_fake_server(10) as server:
        missing = tmp_path / "nowhere" / "file"
        files = {"-o": str(tmp_path / "i.txt"), "--report": str(tmp_path / "r.jsonl")}
        files[option] = str(missing)
        args = ["discover", "fake", "--seed", server.base_url, "--depth", "0"]
        assert run(*args, "-o", files["-o"], "--report", files["--report"]) == 2
        assert server.requests() == []
    err = capsys.readouterr().err.strip()
    assert err == (
        f"tootkit: error: cannot write {option} {missing}: "
        f"the folder {missing.parent} does not exist"
    )


def test_ctrl_c_writes_what_was_found_and_exits_130(
    mock_server: MockServer, tmp_path: Path
) -> None:
    out, report = tmp_path / "instances.txt", tmp_path / "report.jsonl"
    name = f"disc{uuid.uuid4().hex[:10]}"
    mock_server.post_status(f"one status under #{name}")
    with silent_port() as silent:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        process = subprocess.Popen(
            [sys.executable, "-m", "tootkit", "discover", name, "--seed", mock_server.base_url,
             "--seed", silent, "--timeout", "60", "-o", str(out), "--report", str(report)],
            env=env, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert process.stderr is not None
        deadline = time.monotonic() + 60
        seen = []
        # The mock answers at once; the silent seed keeps the crawl waiting.
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            seen.append(line)
            if line.startswith(f"tootkit: {host(mock_server)}: holds"):
                break
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=60)[1]
    assert process.returncode == 130, [*seen, rest]
    last = rest.strip().splitlines()[-1]
    assert last == (
        f"tootkit: error: interrupted: 1 of the 1 instances probed so far hold the hashtag; "
        f"they are in {out}"
    )
    assert parse_instances(out.read_text(encoding="utf-8")).instances == [mock_server.base_url]
    assert [line["instance"] for line in report_lines(report)] == [host(mock_server)]


# --- tokens ------------------------------------------------------------------------


def test_each_token_goes_to_its_own_instance_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with run_fake_server(30) as a, run_fake_server(30, first="5000") as b:
        args = ["discover", "fake", "--seed", a.base_url, "--seed", b.base_url, "--depth", "0"]
        args += ["--token", f"{host(a)}=TA", "--token", f"{b.base_url}=TB"]
        args += ["--token", "elsewhere.example=TC", "-o", str(tmp_path / "i.txt"), "--quiet"]
        assert run(*args) == 0
        assert set(a.authorizations()) == {"Bearer TA"}
        assert set(b.authorizations()) == {"Bearer TB"}
    err = capsys.readouterr().err
    assert "the token for elsewhere.example was not used" in err


# --- harvest --discover ------------------------------------------------------------


def test_harvest_discover_stores_the_holders_statuses_once(
    mock_server: MockServer, tag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "study.sqlite"
    args = ["harvest", tag, "--discover", "--seed", mock_server.base_url, "--seed", dead()]
    assert run(*args, "--db", str(db), "--quiet") == 0
    with Archive(db) as archive:
        assert archive.count() == 3
        assert archive.instances() == [host(mock_server)]
    err = capsys.readouterr().err
    assert f"2 instances probed for #{tag}" in err
    assert err.strip().splitlines()[-1] == f"3 statuses in {db}"
    # Again: nothing new, and still once each.
    assert run(*args, "--db", str(db), "--quiet") == 0
    with Archive(db) as archive:
        assert archive.count() == 3


def test_harvest_discover_takes_the_given_instances_as_seeds_and_scopes_tokens(
    tmp_path: Path,
) -> None:
    with run_fake_server(30) as a, run_fake_server(30, first="5000") as b:
        listed = tmp_path / "list.txt"
        listed.write_text(f"{b.base_url} TB\n")
        listed.chmod(0o600)
        args = ["harvest", "fake", "--discover", "--instance", a.base_url]
        args += ["--instances-file", str(listed), "--depth", "0", "--token", f"{host(a)}=TA"]
        assert run(*args, "--db", str(tmp_path / "s.sqlite"), "--quiet") == 0
        # Both were probed and harvested, each with its own token only.
        assert set(a.authorizations()) == {"Bearer TA"}
        assert set(b.authorizations()) == {"Bearer TB"}
        assert any("max_id" in r for r in a.requests())
    with Archive(tmp_path / "s.sqlite") as archive:
        assert archive.count() == 60


def test_harvest_discover_with_no_holder_exits_1(
    mock_server: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nothing = f"none{uuid.uuid4().hex[:10]}"
    args = ["harvest", nothing, "--discover", "--seed", mock_server.base_url, "--quiet"]
    assert run(*args, "--db", str(tmp_path / "s.sqlite")) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last == f"tootkit: error: no instance found holds #{nothing}: nothing to harvest"
    assert not (tmp_path / "s.sqlite").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--seed", "127.0.0.1:9"], "--seed is an option of --discover"),
        (["--peers"], "--peers is an option of --discover"),
        (["--discover"], "give at least one --seed INSTANCE"),
        (["--discover", "--seed", "127.0.0.1:9", "--token", "T0K3N"], "a bare --token"),
    ],
)
def test_harvest_discover_usage_errors_exit_2(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("harvest", "python", *args, "--db", str(tmp_path / "s.sqlite")) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert message in err


def test_in_a_terminal_progress_is_one_live_line_of_counts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    display = DiscoveryDisplay(["python"])
    display.console = Console(file=io.StringIO(), force_terminal=True, width=120)
    with display:
        for i, verdict in enumerate(["holds", "dead", "holds"]):
            display(InstanceReport(instance=f"https://{i}.example", verdict=verdict))
        time.sleep(0.25)
    drawn = display.console.file.getvalue()  # type: ignore[attr-defined]
    assert "discovering #python: 3 instances probed (2 holds, 1 dead)" in drawn
    assert capsys.readouterr().err == ""  # no line per instance


def test_snac2_keeps_crawlers_out_unless_exempted(
    snac2: Snac2, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "instances.txt"
    args = ["discover", "snactest", "--seed", snac2.base_url, "-o", str(out), "--quiet"]
    assert run(*args) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"tootkit: error: cannot start from the seed {host(snac2)}: robots")
    token = f"{snac2.base_url}={snac2.tokens['bob']}"
    assert run(*args, "--robots-exempt", snac2.base_url, "--token", token) == 0
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith(f"{snac2.base_url}  # snac ")
