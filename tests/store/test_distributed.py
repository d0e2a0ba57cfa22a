"""Many machines: partitions, part archives, Dask and merge, on loopback instances.

One fake server process serves every instance, a port each. Neighbouring
instances share half their statuses, so that merging by ``uri`` has work to do.
"""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import run
from tests.support.harvests import UNTIL, contents, one_part, single_process, write_list
from tests.support.mockserver import run_fake_instances
from tootkit import RetryPolicy
from tootkit.store import (
    Archive,
    HarvestSpec,
    harvest_partition,
    merge_archives,
    part_path,
    partitions,
)

pytestmark = pytest.mark.integration


def test_a_partition_finished_before_costs_no_request(tmp_path: Path) -> None:
    with run_fake_instances(2, 60) as fake:
        first = harvest_partition(tmp_path, one_part(fake.urls[1], "fake"))
        asked = len(fake.requests(1))
        again = harvest_partition(tmp_path, one_part(fake.urls[1], "#Fake"))
        assert len(fake.requests(1)) == asked
    assert (first.ok, first.skipped, first.fetched) == (True, False, 60)
    assert (again.ok, again.skipped, again.fetched) == (True, True, 0)
    assert again.path == str(part_path(tmp_path, partitions(["fake"], [fake.urls[1]])[0]))


@pytest.mark.timeout(240)
def test_a_local_cluster_and_a_merge_give_what_one_process_gives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("distributed")
    with run_fake_instances(20, 100) as fake:
        one = single_process(tmp_path, fake)
        listing = write_list(tmp_path / "instances.txt", fake)
        db = tmp_path / "study.sqlite"
        code = run("harvest", "fake", "--instances-file", str(listing), "--db", str(db),
                   "--until", "2025-12-31", "--dask", "local:2", "--quiet")  # fmt: skip
    err = capsys.readouterr().err
    assert code == 0, err
    parts = sorted((tmp_path / "study.sqlite.parts").glob("*.sqlite"))
    assert len(parts) == 20
    assert run("merge", *map(str, parts), "-o", str(tmp_path / "merged.sqlite")) == 0
    assert "20 archives merged" in capsys.readouterr().err
    expected = contents(one)
    assert contents(tmp_path / "merged.sqlite") == expected
    assert contents(db) == expected  # harvest --dask merges too


def test_merging_into_an_existing_archive_adds_and_keeps_coverage(tmp_path: Path) -> None:
    with run_fake_instances(3, 50) as fake:
        for url in fake.urls:
            harvest_partition(tmp_path / "parts", one_part(url, "fake"))
        parts = sorted((tmp_path / "parts").glob("*.sqlite"))
        first = merge_archives(parts[:1], tmp_path / "m.sqlite")
        rest = merge_archives(parts[1:], tmp_path / "m.sqlite")
        again = merge_archives(parts, tmp_path / "m.sqlite")
        one = single_process(tmp_path, fake)
    assert (first.added, rest.added, again.added) == (50, 50, 0)  # 3 x 50, halves shared
    assert contents(tmp_path / "m.sqlite") == contents(one)
    with Archive(tmp_path / "m.sqlite") as merged:
        assert len(merged.coverage(fake.urls[0].removeprefix("http://"), "fake")) == 1


def test_merge_refuses_an_old_archive_before_it_writes(tmp_path: Path) -> None:
    with run_fake_instances(1, 20) as fake:
        good = harvest_partition(tmp_path / "parts", one_part(fake.urls[0], "fake"))
    old = tmp_path / "old.sqlite"
    with sqlite3.connect(old) as db:  # an archive of tootkit 0.1: no coverage yet
        db.execute("CREATE TABLE statuses (uri TEXT PRIMARY KEY)")
        db.execute("CREATE TABLE harvests (instance TEXT)")
    assert run("merge", good.path, str(old), "-o", str(tmp_path / "out.sqlite")) == 1
    assert not (tmp_path / "out.sqlite").exists()


def test_merge_refuses_what_is_not_an_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    assert run("merge", str(junk), "-o", str(tmp_path / "out.sqlite")) == 1
    assert "junk.sqlite" in capsys.readouterr().err
    assert not (tmp_path / "out.sqlite").exists()  # refused before the output was made
    assert run("merge", str(tmp_path / "none.sqlite"), "-o", str(tmp_path / "o.sqlite")) == 2
    assert run("merge", str(junk), "-o", str(junk)) == 2
    assert junk.read_text() == "not a database"


def test_partitions_and_retry_options_reach_the_workers(tmp_path: Path) -> None:
    with run_fake_instances(1, 10) as fake:
        result = harvest_partition(
            tmp_path, one_part(fake.urls[0], "fake", retry=RetryPolicy(max_attempts=1))
        )
    assert result.ok


@pytest.mark.timeout(300)
def test_a_worker_killed_mid_harvest_changes_nothing_in_the_end(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from tootkit.store import dask_client, harvest_on_dask

    # 48 partitions for 32 threads: when the first ends, others are under way.
    with run_fake_instances(48, 100, slow_every=1, latency=0.2) as fake:
        folder = tmp_path / "parts"
        spec = HarvestSpec(tags="fake", instances=fake.urls, until=UNTIL)
        with dask_client("local:2") as client:
            pids = list(client.run(os.getpid).values())
            killed: list[int] = []

            def kill_one(result: Any) -> None:
                if not killed:  # after the first partition: the others are under way
                    killed.append(pids[0])
                    os.kill(pids[0], signal.SIGKILL)

            first = harvest_on_dask(client, folder, spec, on_result=kill_one)  # fmt: skip
            assert killed
            again = harvest_on_dask(client, folder, spec)
        one = single_process(tmp_path, fake)
    assert all(r.ok for r in first), [r.reason for r in first if not r.ok]
    assert all(r.skipped for r in again)  # nothing fetched a second time
    merge_archives(sorted(folder.glob("*.sqlite")), tmp_path / "merged.sqlite")
    assert contents(tmp_path / "merged.sqlite") == contents(one)
