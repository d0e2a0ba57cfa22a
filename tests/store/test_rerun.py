"""A study re-run must fetch what was posted since, whatever its --until, on one machine or on Dask.

The server is mastodon-mock on loopback; its statuses are dated when they are posted,
so a status posted between two runs is newer than everything the first run saw.
"""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest

from tests.support.cli import run
from tests.support.mockserver import MockServer, run_fake_server
from tootkit.errors import ArchiveError
from tootkit.store import CLOCK_MARGIN, Archive, HarvestSpec, harvest, harvest_partition, part_path
from tootkit.store import partitions as partitions_of

pytestmark = pytest.mark.integration

NEXT_YEAR = str(date.today().replace(year=date.today().year + 1, month=1, day=1))
TODAY = str(datetime.now(UTC).date())


def fresh_tag(mock_server: MockServer) -> str:
    tag = f"rerun{uuid.uuid4().hex[:10]}"
    mock_server.post_status(f"first #{tag}")
    return tag


def stored(db: Path) -> int:
    with Archive(db, read_only=True) as archive:
        return archive.count()


@pytest.mark.parametrize("until", [NEXT_YEAR, TODAY], ids=["next-year", "today"])
def test_a_rerun_with_an_until_not_yet_passed_fetches_what_came_since(
    until: str, mock_server: MockServer, tmp_path: Path
) -> None:
    tag = fresh_tag(mock_server)
    db = tmp_path / "study.sqlite"
    common = ["harvest", tag, "--instance", mock_server.base_url, "--db", str(db), "--quiet"]
    assert run(*common, "--until", until) == 0
    assert stored(db) == 1
    mock_server.post_status(f"second #{tag}")
    assert run(*common, "--until", until) == 0
    assert stored(db) == 2


def test_coverage_never_reaches_past_the_start_of_the_walk(
    mock_server: MockServer, tmp_path: Path
) -> None:
    tag = fresh_tag(mock_server)
    started = datetime.now(UTC)
    until = datetime(date.today().year + 1, 1, 1, tzinfo=UTC)
    with Archive(tmp_path / "c.sqlite", create=True) as archive:
        spec = HarvestSpec(tags=[tag], instances=[mock_server.base_url], until=until)
        (result,) = asyncio.run(harvest(archive, spec))
        assert result.ok
        (span,) = archive.coverage(result.instance, tag)
        assert span.hi <= started - CLOCK_MARGIN + timedelta(seconds=5)
        # Not finished for these bounds: until has not come, more may be posted.
        assert not archive.finished(result.instance, tag, None, until)


@pytest.mark.timeout(240)
def test_a_rerun_on_dask_with_an_until_not_yet_passed_fetches_what_came_since(
    mock_server: MockServer, tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    tag = fresh_tag(mock_server)
    db = tmp_path / "study.sqlite"
    common = ["harvest", tag, "--instance", mock_server.base_url, "--db", str(db), "--quiet"]
    common += ["--until", NEXT_YEAR, "--dask", "local:2"]
    assert run(*common) == 0
    assert stored(db) == 1
    mock_server.post_status(f"second #{tag}")
    assert run(*common) == 0
    assert stored(db) == 2


def test_an_archive_that_claims_the_future_is_cut_back_to_what_it_saw(
    mock_server: MockServer, tmp_path: Path
) -> None:
    """Archives of earlier tootkits recorded coverage up to an --until still to come."""
    tag = fresh_tag(mock_server)
    db = tmp_path / "old.sqlite"
    common = ["harvest", tag, "--instance", mock_server.base_url, "--db", str(db), "--quiet"]
    assert run(*common) == 0
    with sqlite3.connect(db) as raw:  # what the earlier release wrote
        raw.execute("UPDATE coverage SET hi = '2999-01-01T00:00:00+00:00'")
        raw.execute(
            "INSERT INTO finished SELECT instance, tag, '', '2999-01-01T00:00:00+00:00', "
            "'2026-01-01T00:00:00+00:00' FROM coverage"
        )
    mock_server.post_status(f"second #{tag}")
    assert run(*common, "--until", "2999-01-01T00:00:00Z") == 0
    assert stored(db) == 2


# --- archive errors inside an instance's task ------------------------------------


def test_an_archive_error_inside_an_instance_task_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(self: Archive, instance: str, tag: str) -> Any:
        raise ArchiveError(f"{self.path} cannot be read or written (SQLite says: disk I/O error)")

    monkeypatch.setattr(Archive, "coverage", broken)
    with run_fake_server(20) as server:
        code = run("harvest", "fake", "--instance", server.base_url, "--quiet",
                   "--db", str(tmp_path / "x.sqlite"))  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert "ExceptionGroup" not in err
    assert err.strip().splitlines() == [
        f"tootkit: error: {tmp_path / 'x.sqlite'} cannot be read or written (SQLite says: disk I/O error)"
    ]


def test_the_library_raises_the_archive_error_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> bool:
        raise ArchiveError("x.sqlite is locked by another program")

    monkeypatch.setattr(Archive, "finished", broken)
    with run_fake_server(5) as server, Archive(tmp_path / "x.sqlite", create=True) as archive:
        spec = HarvestSpec(tags="fake", instances=[server.base_url])
        with pytest.raises(ArchiveError, match="locked"):
            asyncio.run(harvest(archive, spec, skip_finished=True))


@pytest.mark.timeout(120)
def test_dask_runs_a_task_that_raised_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An archive error fails the same way again: Dask must not retry it."""
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    from tootkit.store import _distributed

    calls = tmp_path / "calls"  # Dask pickles the task even in-process: count on disk

    def failing(folder: str, spec: HarvestSpec) -> Any:
        with calls.open("a") as record:
            record.write(f"{spec.tags[0]}\n")
        raise ArchiveError(f"{folder}/part.sqlite is not an SQLite database")

    monkeypatch.setattr(_distributed, "harvest_partition", failing)
    # Threads in this process, so that the patched function is the one that runs.
    with (
        LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        spec = HarvestSpec(tags="fake", instances=["127.0.0.1:9"])
        with pytest.raises(ArchiveError, match="not an SQLite database"):
            _distributed.harvest_on_dask(client, tmp_path, spec)
    assert calls.read_text().split() == ["fake"]


# --- part archives: whole or absent ----------------------------------------------


def test_a_part_is_written_with_a_rollback_journal_and_leaves_nothing_beside_it(
    tmp_path: Path,
) -> None:
    until = datetime(2025, 12, 31, tzinfo=UTC)
    with run_fake_server(30) as server:
        spec = HarvestSpec(tags="fake", instances=[server.base_url], until=until)
        result = harvest_partition(tmp_path, spec)
    assert result.ok
    assert result.fetched == 30
    assert [p.name for p in tmp_path.iterdir()] == [Path(result.path).name]
    with sqlite3.connect(result.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_failed_run_of_a_partition_leaves_its_part_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    until = datetime(2025, 12, 31, tzinfo=UTC)
    with run_fake_server(30) as server:
        spec = HarvestSpec(tags="fake", instances=[server.base_url], until=until)
        first = harvest_partition(tmp_path, attrs.evolve(spec, since=until - timedelta(days=1)))
        before = Path(first.path).read_bytes()

        async def interrupted(*args: Any, **kwargs: Any) -> Any:
            raise KeyboardInterrupt

        monkeypatch.setattr("tootkit.store._partitions.harvest", interrupted)
        with pytest.raises(KeyboardInterrupt):
            harvest_partition(tmp_path, spec)
    assert Path(first.path).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [Path(first.path).name]
    part = partitions_of(["fake"], [server.base_url])[0]
    assert Path(first.path) == part_path(tmp_path, part)


# --- the log's counts ------------------------------------------------------------


def test_the_log_counts_every_new_status(tmp_path: Path) -> None:
    log = tmp_path / "harvest.log"
    with run_fake_server(150) as server:
        code = run("harvest", "fake", "--instance", server.base_url, "--quiet",
                   "--db", str(tmp_path / "x.sqlite"), "--log", str(log))  # fmt: skip
    assert code == 0
    assert log.read_text().splitlines()[-1].endswith("#fake: ok (150 fetched, 150 new)")
