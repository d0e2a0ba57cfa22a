"""Every Parquet export has one schema, whatever its rows: exports of one study concatenate."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import run
from tests.support.mockserver import MockServer
from tootkit.cli._export import parquet_schema

pytestmark = pytest.mark.integration

pq = pytest.importorskip("pyarrow.parquet")
pa = pytest.importorskip("pyarrow")


def export(db: Path, out: Path, *query: str) -> object:
    assert run("export", str(db), "--format", "parquet", "-o", str(out), *query) == 0
    return pq.read_table(out)


def test_exports_with_and_without_replies_have_one_schema(
    mock_server: MockServer, tmp_path: Path
) -> None:
    db = tmp_path / "study.sqlite"
    first = mock_server.post_status("a plain post #schemaplain")
    mock_server.post_status("a reply #schemareply", in_reply_to_id=first["id"])
    for tag in ("schemaplain", "schemareply"):
        code = run("harvest", tag, "--instance", mock_server.base_url, "--db", str(db), "--quiet")
        assert code == 0
    replies = export(db, tmp_path / "replies.parquet", "--tag", "schemareply")
    plain = export(db, tmp_path / "plain.parquet", "--tag", "schemaplain")
    empty = export(db, tmp_path / "empty.parquet", "--tag", "nothing_here")
    # Before one schema, a column empty in every row was typed null, and these differed.
    assert replies.column("in_reply_to_id").null_count == 0  # type: ignore[attr-defined]
    assert plain.column("in_reply_to_id").null_count == 1  # type: ignore[attr-defined]
    assert plain.column("reblog_of").null_count == 1  # type: ignore[attr-defined]
    for table in (replies, plain, empty):
        assert table.schema.equals(parquet_schema(), check_metadata=False)  # type: ignore[attr-defined]
    together = pa.concat_tables([replies, plain, empty])
    assert together.num_rows == 2
    assert str(together.schema.field("in_reply_to_id").type) == "string"
    assert str(together.schema.field("created_at").type) == "timestamp[us, tz=UTC]"
