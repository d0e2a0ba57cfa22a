"""What the tootkit command says when a request goes wrong, or finds nothing."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import tootkit
from tests.support.cli import run
from tests.support.mockserver import MockServer, run_fake_server
from tootkit._explain import describe_failure

pytestmark = pytest.mark.integration


def test_a_tag_that_finds_nothing_says_so(
    mock_server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("tag", "#NothingHere", "--instance", mock_server.base_url) == 0
    captured = capsys.readouterr()
    host = mock_server.base_url.split("://")[1]
    assert captured.out == ""
    assert captured.err == f"tootkit: no statuses under #NothingHere on {host}\n"


@pytest.fixture
def hanging() -> Iterator[str]:
    """A loopback port that takes connections and never answers: the kernel queues them."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def test_a_hanging_instance_is_not_silent(hanging: str, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    code = run("tag", "x", "--instance", hanging, "--timeout", "0.3", "--retries", "2")
    took = time.monotonic() - started
    lines = capsys.readouterr().err.splitlines()
    assert code == 1
    assert len(lines) == 3, lines
    for number, line in enumerate(lines[:2], 1):
        assert line.startswith("tootkit: waiting "), line
        assert line.endswith(f"GET /api/v1/timelines/tag/x (try {number} of 3)"), line
    last = lines[2]
    assert last.startswith(f"tootkit: error: cannot reach {hanging}: timed out (3 tries over ")
    seconds = int(last.removesuffix(" s)").rsplit(" ", 1)[1])
    assert 1 <= seconds <= took + 1  # three read timeouts of 0.3 s at least
    assert took < 10  # --timeout 0.3 is used, not the default 30 s


def test_the_wait_before_a_retry_is_said_when_stderr_is_a_log(hanging: str, tmp_path: Path) -> None:
    log = tmp_path / "err.log"
    with log.open("w") as err:
        command = [sys.executable, "-m", "tootkit", "status", "1", "--instance", hanging]
        env = {**os.environ, "PYTHONPATH": str(Path(tootkit.__file__).parents[1])}
        subprocess.run(
            [*command, "--timeout", "0.2", "--retries", "1"], stderr=err, env=env, check=False
        )
    lines = log.read_text().splitlines()
    assert [line[:16] for line in lines] == ["tootkit: waiting", "tootkit: error: "], lines
    assert "(2 tries over" in lines[1]


def test_tls_to_a_plain_http_port_suggests_http(capsys: pytest.CaptureFixture[str]) -> None:
    with run_fake_server(3) as server:
        bare = server.base_url.split("://")[1]
        assert run("tag", "fake", "--instance", bare, "--retries", "0") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"tootkit: error: cannot reach https://{bare}: ")
    assert err.endswith(f"; if this server speaks plain HTTP, write http://{bare}\n")


@pytest.mark.parametrize(
    ("instance", "hint"),
    [
        ("127.0.0.1:8443", "write http://127.0.0.1:8443"),
        ("https://localhost:3000", "write http://localhost:3000"),
        ("example.com:8443", ""),  # plain http is refused off loopback: no use offering it
        ("127.0.0.1", ""),  # no port of its own: a real TLS problem
    ],
)
def test_the_plain_http_hint_only_where_it_can_help(instance: str, hint: str) -> None:
    failure = tootkit.errors.TransportError("GET / failed")
    failure.__cause__ = ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number")
    line = describe_failure(failure, instance)
    assert line.endswith(hint)
    assert ("plain HTTP" in line) == bool(hint)
