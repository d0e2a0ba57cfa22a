"""Every usage error of every command exits 2, with one line that says what is wrong.

No case reaches a server: each is refused before any request, so the
instance is a closed loopback port that would fail with exit 1 instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import run

CLOSED = "http://127.0.0.1:1"
REVERSED = ["--since", "2025-02-01", "--until", "2025-01-01"]


CASES: list[tuple[list[str], str]] = [
    (["tag", "x", "--instance", CLOSED, *REVERSED], "is after --until"),
    (["tag", "a/b", "--instance", CLOSED], "not '/'"),
    (["tag", "foo,bar", "--instance", CLOSED], "not ','"),
    (["tag", "two words", "--instance", CLOSED], "no spaces"),
    (["tag", "x", "--any", "c++", "--instance", CLOSED], "not '+'"),
    (["tag", "x", "--since", "last tuesday", "--instance", CLOSED], "not a date"),
    (["tag", "x", "--instance", "ftp://nope"], "scheme"),
    (["tag", "x", "--limit", "0", "--instance", CLOSED], "--limit"),
    (["tag", "x", "--timeout", "0", "--instance", CLOSED], "--timeout"),
    (["status", "1", "--timeout", "soon", "--instance", CLOSED], "--timeout"),
    (["tag", "x", "--token", "other.example=t", "--instance", CLOSED], "not an --instance"),
    (["tag", "--instance", CLOSED], "Missing argument"),
    (["tag", "x", "--no-such-option"], "No such option"),
    (["status", "a/b", "--instance", CLOSED], "neither a status id"),
    (["status", "https://a.example/@x/1", "--instance", CLOSED], "not on --instance"),
    (["thread", "", "--instance", CLOSED], "neither a status id"),
    (["harvest", "x", "--instance", CLOSED, "--db", "{tmp}/a.db", *REVERSED], "is after --until"),
    (["harvest", "a/b", "--instance", CLOSED, "--db", "{tmp}/a.db"], "not '/'"),
    (["harvest", "x", "--instance", CLOSED, "--db", "{tmp}/no/a.db"], "does not exist"),
    (["harvest", "x", "--instance", CLOSED], "--db"),
    (["harvest", "x", "--instances-file", "{tmp}/none.txt", "--db", "{tmp}/a.db"], "not exist"),
    (["harvest", "x", "--instance", CLOSED, "--db", "{tmp}/a.db", "--dask", "nowhere"], "--dask"),
    (["export", "{tmp}/a.db", "--format", "csv", "-o", "-"], "does not exist"),
    (["export", "{tmp}/a.db", "--format", "csv", "-o", "-", *REVERSED], "is after --until"),
    (["export", "{tmp}/a.db", "--format", "csv", "-o", "-", "--tag", "a,b"], "not ','"),
    (["export", "{tmp}/a.db", "--format", "xml", "-o", "-"], "--format"),
    (["merge", "{tmp}/no/a.db", "-o", "{tmp}/a.db"], "no such archive"),
]


@pytest.mark.parametrize(("args", "message"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_a_usage_error_exits_2_with_one_line(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(*(arg.replace("{tmp}", str(tmp_path)) for arg in args))
    err = capsys.readouterr().err
    assert (code, message in err) == (2, True), err
    assert len(err.strip().splitlines()) == 1, err
