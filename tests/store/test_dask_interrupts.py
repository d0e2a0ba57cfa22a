"""A distributed harvest stopped midway, by SIGKILL or by Ctrl-C, and run again.

A module of its own: these are the slowest tests, and pytest-xdist runs
each module on one worker.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.harvests import ROOT, contents, finished, single_process, write_list
from tests.support.mockserver import run_fake_instances
from tootkit.store import Archive

pytestmark = pytest.mark.integration


@pytest.mark.timeout(300)
def test_an_interrupted_distributed_harvest_resumes_without_fetching_finished_partitions(
    tmp_path: Path,
) -> None:
    pytest.importorskip("distributed")
    # Every instance waits 0.3 s a page, 4 requests each, and 48 partitions share the 32
    # threads of two local workers: they finish in waves, and the kill falls between.
    with run_fake_instances(48, 100, slow_every=1, latency=0.3) as fake:
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
        assert 5 <= len(done_before) < 48
        asked = {k: len(fake.requests(k)) for k in range(48)}
        assert subprocess.run(args, env=env, timeout=240).returncode == 0
        for k, url in enumerate(fake.urls):
            if url.removeprefix("http://") in done_before:
                assert len(fake.requests(k)) == asked[k], f"{url} was fetched again"
        one = single_process(tmp_path, fake)
    assert contents(db) == contents(one)


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
        line = first
        while not line.startswith(("tootkit: 32 of", "tootkit: 40 of")):
            line = process.stderr.readline()  # until the first wave of parts is written
            assert line, "the harvest ended before it could be interrupted"
        os.killpg(process.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
        rest = process.communicate(timeout=60)[1]
        assert process.returncode == 130
        assert "instances done" in first
        assert "WARNING" not in rest
        assert "Traceback" not in rest
        assert rest.strip().splitlines()[-1].startswith("tootkit: error: interrupted:")
    # Every part there is whole: the killed tasks left none (resuming: the test above).
    for part in (tmp_path / "study.sqlite.parts").glob("*.sqlite"):
        with Archive(part, read_only=True) as archive:
            assert archive.count() == 100
