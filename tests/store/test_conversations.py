"""--replies: the conversations around harvested statuses, on mastodon-mock over loopback.

Every request goes to a real server; a counting transport (the client's
``transport=`` seam around httpx's own) tells how many context requests each
run made, since mastodon-mock keeps no request log.
"""

from __future__ import annotations

import asyncio
import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.cli import run
from tests.support.mockserver import MockServer
from tootkit.store import Archive, HarvestSpec, fetch_conversations, harvest

pytestmark = pytest.mark.integration

pq = pytest.importorskip("pyarrow.parquet")


class Counting(httpx.AsyncHTTPTransport):
    """httpx's transport, keeping the path of each request it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return await super().handle_async_request(request)

    def asked(self, part: str) -> int:
        return sum(part in path for path in self.paths)


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


def test_a_rerun_asks_for_a_conversation_again_only_once_its_replies_grew(
    mock_server: MockServer, tmp_path: Path
) -> None:
    root, first = thread(mock_server, "threadgrows", depth=1)
    counting = Counting()
    spec = HarvestSpec(
        tags=["threadgrows"], instances=[mock_server.base_url], options={"transport": counting}
    )
    with Archive(tmp_path / "study.sqlite", create=True) as archive:
        (result,) = both(archive, spec)
        assert (result.fetched, result.new) == (1, 1)
        assert counting.asked("/context") == 1

        (result,) = both(archive, spec)  # nothing new: one request tells the count is the same
        assert (result.wanted, result.fetched) == (0, 0)
        assert counting.asked("/context") == 1
        assert counting.paths.count("/api/v1/statuses") == 1

        later = mock_server.post_status("a late reply", in_reply_to_id=root["id"])
        (result,) = both(archive, spec)
        assert (result.fetched, result.new) == (1, 1)
        assert counting.asked("/context") == 2
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
