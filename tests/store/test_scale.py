"""Harvests at fediverse scale on one machine: hundreds of loopback instances in one process.

One fake server process serves every instance, a port each
(``tests.support.fakeserver --instances``). Neighbouring instances share
half their statuses, as instances of the fediverse do, so that merging by
``uri`` has work to do.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import run
from tests.support.harvests import UNTIL, write_list
from tests.support.mockserver import run_fake_instances
from tootkit.store import (
    Archive,
    HarvestSpec,
    harvest,
    parse_instances,
)

pytestmark = pytest.mark.integration


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
