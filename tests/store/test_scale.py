"""Harvests at fediverse scale, on one machine: hundreds of loopback instances, Dask, merge.

One fake server process serves every instance, a port each
(``tests.support.fakeserver --instances``). Neighbouring instances share
half their statuses, as instances of the fediverse do, so that merging by
``uri`` has work to do.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import run
from tests.support.mockserver import FakeInstances, run_fake_instances
from tootkit import RetryPolicy
from tootkit.store import (
    Archive,
    HarvestSpec,
    harvest,
    harvest_partition,
    merge_archives,
    parse_instances,
    part_path,
    partitions,
)

ROOT = Path(__file__).resolve().parents[2]
UNTIL = datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
"""After the fake timelines' last status: coverage ends here, not at "now", so runs compare."""

pytestmark = pytest.mark.integration


def one_part(instance: str, tag: str, **options: Any) -> HarvestSpec:
    """The spec of one partition, bounded by UNTIL."""
    return HarvestSpec(tags=[tag], instances=[instance], until=UNTIL, options=options)


def contents(path: Path) -> dict[str, Any]:
    """What a merge must keep: the statuses, who returned each, and every partition's coverage."""
    with sqlite3.connect(path) as db:
        return {
            "uris": {row[0] for row in db.execute("SELECT uri FROM statuses")},
            "sightings": set(db.execute("SELECT uri, instance, id, tag FROM sightings")),
            "coverage": sorted(db.execute("SELECT * FROM coverage")),
            "raw": dict(db.execute("SELECT uri, raw FROM statuses")),
        }


def write_list(path: Path, fake: FakeInstances) -> Path:
    lines = ["# a study of #fake", *(f"{url}  # instance {k}" for k, url in enumerate(fake.urls))]
    path.write_text("\n".join(lines) + "\n")
    return path


# --- instance lists ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "instances", "tokens"),
    [
        ("", [], {}),
        ("# only a comment\n\n   \n", [], {}),
        ("a.example\nb.example T\n", ["https://a.example", "https://b.example"], {
            "https://b.example": "T"
        }),
        ("a.example # the first\n#b.example\n", ["https://a.example"], {}),
        ("a.example\nhttps://A.example/\n", ["https://a.example"], {}),
        ("a.example T\na.example T\n", ["https://a.example"], {"https://a.example": "T"}),
        ("http://127.0.0.1:8080 x#y\n", ["http://127.0.0.1:8080"], {"http://127.0.0.1:8080": "x#y"}),
    ],
)  # fmt: skip
def test_instance_lists(text: str, instances: list[str], tokens: dict[str, str]) -> None:
    found = parse_instances(text)
    assert (found.instances, found.tokens) == (instances, tokens)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a.example T extra\n", "line 1: expected 'instance \\[token\\]'"),
        ("ok.example\nftp://b.example\n", "line 2: 'ftp://b.example' uses the scheme 'ftp'"),
        ("a.example T\na.example U\n", "line 2: a second, different token"),
    ],
)
def test_a_bad_instance_list_names_its_line(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_instances(text, source="list.txt")


# --- one machine --------------------------------------------------------------------


@pytest.mark.timeout(180)
def test_two_hundred_instances_in_one_process(tmp_path: Path) -> None:
    with run_fake_instances(200, 200, stride=100) as fake:
        started = time.monotonic()
        with Archive(tmp_path / "wide.sqlite", create=True) as archive:
            results = asyncio.run(
                harvest(archive, HarvestSpec(tags="fake", instances=fake.urls, until=UNTIL))
            )
            seconds = time.monotonic() - started
            assert all(r.ok for r in results), [r.reason for r in results if not r.ok]
            assert archive.count() == 199 * 100 + 200  # neighbours share half
            assert sum(r.fetched for r in results) == 200 * 200
            assert len(archive.instances()) == 200
    print(f"200 instances x 200 statuses: {seconds:.1f} s")


def test_ten_percent_of_instances_fail_and_the_rest_finish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with run_fake_instances(50, 40, dead_every=10) as fake:
        listing = write_list(tmp_path / "instances.txt", fake)
        db = tmp_path / "ten.sqlite"
        code = run("harvest", "fake", "--instances-file", str(listing), "--db", str(db),
                   "--retries", "0", "--until", "2025-12-31", "--quiet",
                   "--log", str(tmp_path / "harvest.log"))  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    dead = [fake.urls[k].removeprefix("http://") for k in range(0, 50, 10)]
    assert f"5 of 50 harvests failed ({' #fake, '.join(dead)} #fake)" in err
    for name in dead:
        assert f"failed: {name} #fake: cannot reach {name}" in err
    assert "45 of 50 instances done" in err
    with Archive(db, read_only=True) as archive:
        assert len(archive.instances()) == 45
    log = (tmp_path / "harvest.log").read_text().splitlines()
    assert sum(": ok (40 fetched" in line for line in log) == 45
    assert sum("cannot reach" in line for line in log) == 5


def test_a_slow_instance_is_given_up_by_its_deadline(tmp_path: Path) -> None:
    # Instances 1, 5, 9 wait 30 s before each page; their deadline is 1 s.
    with run_fake_instances(10, 40, slow_every=4, latency=30.0) as fake:
        started = time.monotonic()
        with Archive(tmp_path / "slow.sqlite", create=True) as archive:
            results = asyncio.run(
                harvest(
                    archive,
                    HarvestSpec(
                        tags="fake", instances=fake.urls, until=UNTIL, instance_timeout=1.0
                    ),
                )
            )
        took = time.monotonic() - started
    late = [r for r in results if not r.ok]
    assert [r.instance for r in late] == [fake.urls[k].removeprefix("http://") for k in (1, 5, 9)]
    assert all(isinstance(r.error, TimeoutError) for r in late)
    assert "still at work after 1 s, its deadline" in late[0].reason
    assert took < 15.0  # the slow ones held no one: half their latency, room for a loaded machine


def test_the_concurrency_cap_is_kept(tmp_path: Path) -> None:
    with run_fake_instances(12, 40, slow_every=1, latency=0.3) as fake:
        running: set[str] = set()
        most = [0]

        def progress(result: Any) -> None:
            if result.done:
                running.discard(result.instance)
            else:
                running.add(result.instance)
            most[0] = max(most[0], len(running))

        with Archive(tmp_path / "cap.sqlite", create=True) as archive:
            results = asyncio.run(
                harvest(archive, HarvestSpec(tags="fake", instances=fake.urls, until=UNTIL),
                        concurrency=3, on_progress=progress)
            )  # fmt: skip
    assert all(r.ok for r in results)
    assert most[0] == 3


# --- many machines: partitions, Dask, merge -------------------------------------


def test_a_partition_finished_before_costs_no_request(tmp_path: Path) -> None:
    with run_fake_instances(2, 60) as fake:
        first = harvest_partition(tmp_path, one_part(fake.urls[1], "fake"))
        asked = len(fake.requests(1))
        again = harvest_partition(tmp_path, one_part(fake.urls[1], "#Fake"))
        assert len(fake.requests(1)) == asked
    assert (first.ok, first.skipped, first.fetched) == (True, False, 60)
    assert (again.ok, again.skipped, again.fetched) == (True, True, 0)
    assert again.path == str(part_path(tmp_path, partitions(["fake"], [fake.urls[1]])[0]))


def single_process(tmp_path: Path, fake: FakeInstances) -> Path:
    db = tmp_path / "one.sqlite"
    with Archive(db, create=True) as archive:
        asyncio.run(harvest(archive, HarvestSpec(tags="fake", instances=fake.urls, until=UNTIL)))
    return db


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


@pytest.mark.timeout(300)
def test_an_interrupted_distributed_harvest_resumes_without_fetching_finished_partitions(
    tmp_path: Path,
) -> None:
    pytest.importorskip("distributed")
    # Every instance waits 0.3 s a page, 4 requests each, and 80 partitions share the 32
    # threads of two local workers: they finish in waves, and the kill falls between.
    with run_fake_instances(80, 100, slow_every=1, latency=0.3) as fake:
        listing = write_list(tmp_path / "instances.txt", fake)
        db = tmp_path / "study.sqlite"
        folder = tmp_path / "study.sqlite.parts"
        args = [sys.executable, "-m", "tootkit", "harvest", "fake", "--instances-file",
                str(listing), "--db", str(db), "--until", "2025-12-31", "--dask", "local:2",
                "--quiet"]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        process = subprocess.Popen(args, env=env, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(finished(folder)) < 5:
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGKILL)  # the command, the scheduler, the workers
        process.wait()
        done_before = finished(folder)
        assert 5 <= len(done_before) < 80
        asked = {k: len(fake.requests(k)) for k in range(80)}
        assert subprocess.run(args, env=env, timeout=240).returncode == 0
        for k, url in enumerate(fake.urls):
            if url.removeprefix("http://") in done_before:
                assert len(fake.requests(k)) == asked[k], f"{url} was fetched again"
        one = single_process(tmp_path, fake)
    assert contents(db) == contents(one)


def finished(folder: Path) -> set[str]:
    """The instances whose part archive says it is finished."""
    names: set[str] = set()
    for part in folder.glob("*.sqlite") if folder.exists() else []:
        try:
            with sqlite3.connect(f"file:{part}?mode=ro", uri=True) as db:
                names |= {row[0] for row in db.execute("SELECT instance FROM finished")}
        except sqlite3.Error:
            continue  # being created
    return names


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


def test_a_failing_archive_stops_the_harvest_without_hanging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tootkit.errors import ArchiveError

    calls = [0]
    real = Archive.store_pages

    def failing(self: Archive, pages: Any) -> list[int]:
        calls[0] += 1
        if calls[0] == 5:
            raise ArchiveError("the disk is full")
        time.sleep(0.05)  # a slow disk: the queue fills up behind it
        return real(self, pages)

    monkeypatch.setattr(Archive, "store_pages", failing)
    with (
        run_fake_instances(150, 80) as fake,
        Archive(tmp_path / "x.sqlite", create=True) as archive,
        pytest.raises(ArchiveError, match="the disk is full"),
    ):
        asyncio.run(
            harvest(
                archive, HarvestSpec(tags="fake", instances=fake.urls, until=UNTIL), concurrency=150
            )
        )


@pytest.mark.timeout(300)
def test_ctrl_c_on_a_dask_harvest_ends_at_once_in_one_line(tmp_path: Path) -> None:
    """Progress shows as for one process; Ctrl-C prints no Dask warnings and leaves parts whole."""
    pytest.importorskip("distributed")
    with run_fake_instances(40, 100, slow_every=1, latency=0.3) as fake:
        listing = write_list(tmp_path / "instances.txt", fake)
        db = tmp_path / "study.sqlite"
        args = [sys.executable, "-m", "tootkit", "harvest", "fake", "--instances-file",
                str(listing), "--db", str(db), "--until", "2025-12-31", "--dask", "local:2",
                "--progress-every", "0.2"]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        process = subprocess.Popen(
            args, env=env, start_new_session=True, stderr=subprocess.PIPE, text=True
        )
        assert process.stderr is not None
        first = process.stderr.readline()  # progress, while the tasks run
        os.killpg(process.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
        rest = process.communicate(timeout=60)[1]
        assert process.returncode == 130
        assert "instances done" in first
        assert "WARNING" not in rest
        assert "Traceback" not in rest
        assert rest.strip().splitlines()[-1].startswith("tootkit: error: interrupted:")
        assert subprocess.run([*args[:-2], "--quiet"], env=env, timeout=240).returncode == 0
        one = single_process(tmp_path, fake)
    assert contents(db) == contents(one)
