"""--replies: the conversations around harvested statuses.

The command-line runs go to mastodon-mock over loopback, a real server, since
a command takes an address and no transport. The library's reruns, which
only count requests, run on :class:`tootkit.testing.FakeInstance`, whose
``requests`` tell how many context requests each run made.
"""

from __future__ import annotations

import asyncio
import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import run
from tests.support.mockserver import MockServer
from tootkit.store import Archive, HarvestSpec, fetch_conversations, harvest
from tootkit.testing import FakeInstance

pytestmark = pytest.mark.integration

pq = pytest.importorskip("pyarrow.parquet")


def thread(server: MockServer, tag: str, depth: int = 3) -> list[dict[str, Any]]:
    """A root with the hashtag, then ``depth`` levels of replies without it."""
    statuses = [server.post_status(f"what do you think? #{tag}")]
    for level in range(depth):
        statuses.append(
            server.post_status(f"reply at level {level + 1}", in_reply_to_id=statuses[-1]["id"])
        )
    return statuses


def both(archive: Archive, spec: HarvestSpec) -> list[Any]:
    """A harvest, then its conversations."""
    asyncio.run(harvest(archive, spec))
    return asyncio.run(fetch_conversations(archive, spec))


def test_a_three_level_thread_is_stored_as_context_and_exported_only_when_asked(
    mock_server: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, *replies = thread(mock_server, "threadthree")
    db = tmp_path / "study.sqlite"
    code = run(
        "harvest", "threadthree", "--instance", mock_server.base_url, "--db", str(db),
        "--quiet", "--replies",
    )  # fmt: skip
    assert code == 0
    assert "replies: 127.0.0.1" in capsys.readouterr().err
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM statuses").fetchone()[0] == 4
        assert [r[0] for r in con.execute("SELECT uri FROM sightings")] == [root["uri"]]
        links = set(con.execute("SELECT uri, context_of FROM context"))
    assert links == {(reply["uri"], root["uri"]) for reply in replies}

    plain = tmp_path / "plain.jsonl"
    assert run("export", str(db), "--format", "jsonl", "-o", str(plain)) == 0
    err = capsys.readouterr().err
    assert [json.loads(line)["uri"] for line in plain.read_text().splitlines()] == [root["uri"]]
    assert "3 context statuses left out; --include-context adds the context" in err

    table = tmp_path / "all.csv"
    assert run("export", str(db), "--format", "csv", "-o", str(table), "--include-context") == 0
    assert "left out" not in capsys.readouterr().err
    with table.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [r["uri"] for r in rows] == [s["uri"] for s in (root, *replies)]
    assert [r["context_of"] for r in rows] == ["", *[root["uri"]] * 3]

    lines = tmp_path / "all.jsonl"
    assert run("export", str(db), "--format", "jsonl", "-o", str(lines), "--include-context") == 0
    found = [json.loads(line) for line in lines.read_text().splitlines()]
    assert [f["_context_of"] for f in found] == [[], *[[root["uri"]]] * 3]

    parquet = tmp_path / "all.parquet"
    assert (
        run("export", str(db), "--format", "parquet", "-o", str(parquet), "--include-context") == 0
    )
    assert pq.read_table(parquet).column("context_of").to_pylist() == [None, *[root["uri"]] * 3]


def asked(fake: FakeInstance, part: str) -> int:
    """How many requests the fake got whose path holds ``part``."""
    return sum(part in request.path for request in fake.requests)


def test_a_rerun_asks_for_a_conversation_again_only_once_its_replies_grew(
    tmp_path: Path,
) -> None:
    fake = FakeInstance()
    root = fake.post("bob", "what do you think? #threadgrows")
    first = fake.post("bob", "reply at level 1", in_reply_to=root["id"])
    spec = HarvestSpec(
        tags=["threadgrows"], instances=[fake.url], options={"transport": fake.transport()}
    )
    with Archive(tmp_path / "study.sqlite", create=True) as archive:
        (result,) = both(archive, spec)
        assert (result.fetched, result.new) == (1, 1)
        assert asked(fake, "/context") == 1

        (result,) = both(archive, spec)  # nothing new: one request tells the count is the same
        assert (result.wanted, result.fetched) == (0, 0)
        assert asked(fake, "/context") == 1
        assert [r.path for r in fake.requests].count("/api/v1/statuses") == 1

        later = fake.post("bob", "a late reply", in_reply_to=root["id"])
        (result,) = both(archive, spec)
        assert (result.fetched, result.new) == (1, 1)
        assert asked(fake, "/context") == 2
        uris = {json.loads(row.raw)["uri"] for row in archive.rows(include_context=True)}
    assert uris == {root["uri"], first["uri"], later["uri"]}


def test_a_conversation_that_fails_is_noted_and_skipped(
    mock_server: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lost, _ = thread(mock_server, "threadfails", depth=1)
    kept, reply = thread(mock_server, "threadfails", depth=1)
    path = f"/api/v1/statuses/{lost['id']}/context"
    fault = mock_server.add_fault({"match": {"path": path}, "effect": {"status": 404}})
    db = tmp_path / "study.sqlite"
    try:
        code = run(
            "harvest", "threadfails", "--instance", mock_server.base_url, "--db", str(db),
            "--quiet", "--replies",
        )  # fmt: skip
    finally:
        mock_server.clear_faults()
    assert fault
    err = capsys.readouterr().err
    assert code == 0
    assert "1 failed and skipped" in err
    assert f"{lost['uri']}: not found on" in err
    with sqlite3.connect(db) as con:
        noted = dict(con.execute("SELECT uri, error FROM threads"))
        context = {r[0] for r in con.execute("SELECT uri FROM context")}
    assert noted[lost["uri"]] is not None
    assert noted[kept["uri"]] is None
    assert reply["uri"] in context


def test_replies_with_dask_is_refused_before_any_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "study.sqlite"
    code = run("harvest", "x", "--dask", "local:1", "--replies", "--db", str(db), "--quiet")
    assert code == 2
    assert "--replies runs in one process" in capsys.readouterr().err
    assert not db.exists()
