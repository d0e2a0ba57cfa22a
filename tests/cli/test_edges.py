"""``tootkit export --format edges``: a conversation seeded on mastodon-mock, harvested, as a network.

The conversation (under #edgenet, by three accounts of their own):

- ann posts the root;
- ben replies to it, mentioning cat only: whom he answers is found in the archive;
- cat replies to ben, mentioning ben and ann: whom she answers is found in the mentions;
- cat quotes the root (mastodon-mock sends the quoted status in full, as Mastodon 4.4+);
- ben boosts the root. Mastodon leaves boosts out of hashtag timelines, so
  the boost is stored with ``Archive.store_page``, as a library user would.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.support.cli import run
from tests.support.mockserver import MockServer
from tootkit._convert import converter
from tootkit.models import Status
from tootkit.store import EDGE_FIELDS, Archive, edges

pytestmark = pytest.mark.integration

TAG = "edgenet"


class Conversation:
    def __init__(self, server: MockServer) -> None:
        self.domain = server.base_url.split("://")[1]
        tokens = {who: server.new_user(f"edge{who}") for who in ("ann", "ben", "cat")}
        self.tokens = tokens
        self.root = server.post_status(f"a question #{TAG}", token=tokens["ann"])
        self.reply = server.post_status(
            f"@edgecat what do you think? #{TAG}",
            in_reply_to_id=self.root["id"],
            token=tokens["ben"],
        )
        self.answer = server.post_status(
            f"@edgeben @edgeann agreed #{TAG}", in_reply_to_id=self.reply["id"], token=tokens["cat"]
        )
        self.quote = server.post_status(
            f"worth reading #{TAG}", quoted_status_id=self.root["id"], token=tokens["cat"]
        )
        boosted = server.http.post(
            f"/api/v1/statuses/{self.root['id']}/reblog",
            headers={"Authorization": f"Bearer {tokens['ben']}"},
        )
        boosted.raise_for_status()
        self.boost: dict[str, Any] = boosted.json()

    def acct(self, who: str) -> str:
        return f"edge{who}@{self.domain}"

    def expected(self) -> list[tuple[str, str, str, str, str]]:
        """Every edge, as (source, target, kind, status_uri, created_at)."""
        a, b, c = self.acct("ann"), self.acct("ben"), self.acct("cat")
        reply, answer = self.reply, self.answer
        return sorted(
            [
                (b, a, "reply", reply["uri"], reply["created_at"]),
                (b, c, "mention", reply["uri"], reply["created_at"]),
                (c, b, "reply", answer["uri"], answer["created_at"]),
                (c, b, "mention", answer["uri"], answer["created_at"]),
                (c, a, "mention", answer["uri"], answer["created_at"]),
                (c, a, "quote", self.quote["uri"], self.quote["created_at"]),
                (b, a, "boost", self.boost["uri"], self.boost["created_at"]),
            ]
        )


# Once per session: the accounts can be made once on the session's server, and
# --dist worksteal may run this module's tests apart, which would make a module
# fixture again.
@pytest.fixture(scope="session")
def conversation(mock_server: MockServer) -> Conversation:
    return Conversation(mock_server)


@pytest.fixture
def archive_path(conversation: Conversation, mock_server: MockServer, tmp_path: Path) -> Path:
    db = tmp_path / "net.sqlite"
    assert run("harvest", TAG, "--instance", mock_server.base_url, "--db", str(db), "--quiet") == 0
    with Archive(db) as archive:
        instance = next(archive.rows()).instance
        raw = conversation.boost
        archive.store_page(instance, TAG, [converter.loads(orjson.dumps(raw), Status)], [raw])
    return db


def _same_instant(row: tuple[str, ...]) -> tuple[str, ...]:
    """A row with its date in one spelling: the server's ``+00:00`` or ``Z``, at microseconds."""
    return (*row[:-1], datetime.fromisoformat(row[-1].replace("Z", "+00:00")).isoformat())


def _csv_rows(text: str) -> list[tuple[str, ...]]:
    reader = csv.reader(io.StringIO(text))
    assert next(reader) == list(EDGE_FIELDS)
    return sorted(_same_instant(tuple(r)) for r in reader)


def test_the_edges_of_a_seeded_conversation_are_exactly_its_interactions_in_csv(
    conversation: Conversation,
    archive_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "edges.csv"
    assert run("export", str(archive_path), "--format", "edges", "-o", str(out)) == 0
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # no BOM: csv.DictReader reads "source" as is
    expected = sorted(_same_instant(r) for r in conversation.expected())
    assert _csv_rows(data.decode()) == expected
    err = capsys.readouterr().err
    assert "7 edges written" in err
    assert "2 replies, 1 boost, 3 mentions, 1 quote" in err
    # -o - gives the same CSV on standard output.
    assert run("export", str(archive_path), "--format", "edges", "-o", "-") == 0
    assert _csv_rows(capsys.readouterr().out) == expected


def test_the_same_edges_in_parquet_read_into_networkx(
    conversation: Conversation, archive_path: Path, tmp_path: Path
) -> None:
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    nx = pytest.importorskip("networkx")
    out = tmp_path / "edges.parquet"
    assert run("export", str(archive_path), "--format", "edges", "-o", str(out)) == 0
    frame = pandas.read_parquet(out)
    assert list(frame.columns) == list(EDGE_FIELDS)
    assert str(frame["created_at"].dt.tz) == "UTC"
    rows = sorted(
        (r.source, r.target, r.kind, r.status_uri, r.created_at.isoformat())
        for r in frame.itertuples()
    )
    assert rows == sorted(_same_instant(r) for r in conversation.expected())
    graph = nx.from_pandas_edgelist(
        frame, "source", "target", edge_attr="kind", create_using=nx.MultiDiGraph
    )
    assert graph.number_of_edges() == 7
    assert graph.in_degree(conversation.acct("ann")) == 4  # a reply, a mention, a quote, a boost


def test_an_edge_list_of_a_bad_suffix_is_refused_and_nothing_is_written(
    archive_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "edges.txt"
    assert run("export", str(archive_path), "--format", "edges", "-o", str(out)) == 2
    assert "--format edges writes a .csv or a .parquet file" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [archive_path]


def test_edges_take_a_name_for_each_account_and_leave_out_the_opted_out(
    conversation: Conversation, archive_path: Path
) -> None:
    with Archive(archive_path, read_only=True) as archive:
        named = list(edges(archive, name=lambda acct: "p-" + acct.split("@")[0]))
        without_ann = list(edges(archive, opted_out=lambda acct: acct == conversation.acct("ann")))
    assert {(e.source, e.target) for e in named} == {
        ("p-edgeben", "p-edgeann"), ("p-edgeben", "p-edgecat"),
        ("p-edgecat", "p-edgeben"), ("p-edgecat", "p-edgeann"),
    }  # fmt: skip
    # ann is on neither end: her edges go, the others stay.
    assert sorted(e.kind for e in without_ann) == ["mention", "mention", "reply"]


def test_a_reply_or_nested_quote_to_an_unknown_status_is_counted_not_guessed(
    mock_server: MockServer,
    conversation: Conversation,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Real bodies from mastodon-mock, stored as a library user would, one of them
    # reshaped as Mastodon sends a nested quote (a ShallowQuote: an id only).
    lone = mock_server.post_status("not tagged, never harvested", token=conversation.tokens["ann"])
    orphan = mock_server.post_status("a reply to the unknown", in_reply_to_id=lone["id"])
    nested = {**mock_server.post_status("quoting by id"), "quote": {
        "state": "accepted", "quoted_status_id": conversation.root["id"]}}  # fmt: skip
    missing = {**mock_server.post_status("quoting the unknown"), "quote": {
        "state": "accepted", "quoted_status_id": lone["id"]}}  # fmt: skip
    pending = {**mock_server.post_status("a quote not yet accepted"), "quote": {
        "state": "pending", "quoted_status": None}}  # fmt: skip
    raws = [conversation.root, orphan, nested, missing, pending]
    statuses = [converter.loads(orjson.dumps(raw), Status) for raw in raws]
    unresolved: Counter[str] = Counter()
    db = tmp_path / "lone.sqlite"
    with Archive(db, create=True) as archive:
        archive.store_page(mock_server.base_url, "x", statuses, raws)
        found = list(edges(archive, unresolved=unresolved))
    me = f"testuser@{conversation.domain}"
    assert [(e.source, e.target, e.kind) for e in found] == [
        (me, conversation.acct("ann"), "quote")
    ]
    assert unresolved == Counter(reply=1, quote=1)
    # The command says what it left out, and why.
    assert run("export", str(db), "--format", "edges", "-o", "-") == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "1 edge written to standard output (1 quote)",
        "1 reply and 1 quote left out: the status they answer or quote is not in the archive",
    ]


def test_a_status_known_by_its_own_row_only_is_still_found(
    conversation: Conversation, archive_path: Path
) -> None:
    # ben's reply names ann nowhere: she is found as the author of the root. With the
    # root's sighting gone, only the root's own row (instance, id) knows it.
    with Archive(archive_path) as archive:
        archive._db.execute("DELETE FROM sightings WHERE uri = ?", [conversation.root["uri"]])
        archive._db.commit()
    with Archive(archive_path, read_only=True) as archive:
        found = sorted((e.source, e.target, e.kind) for e in edges(archive))
    assert found == sorted(row[:3] for row in conversation.expected())
