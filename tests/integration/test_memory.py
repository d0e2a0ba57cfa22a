"""Iterating a long timeline holds one page at a time: memory stays flat.

The statuses come from the fake server, a separate process on loopback. The
walk runs in a Python process of its own and is measured with tracemalloc:
under pytest-xdist a worker runs many modules, and threads that earlier tests
left behind allocate too, which a measurement in the worker would count.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.mockserver import run_fake_server

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
COUNT = 20_000
WARM = 2_000

WALK = """
import gc, json, sys, tracemalloc
from tootkit import Client

url, warm_after = sys.argv[1], int(sys.argv[2])
seen, last_id, warm = 0, None, 0
with Client(url) as client:
    tracemalloc.start()
    for status in client.timelines.tag("fake"):
        seen += 1
        last_id = status.id
        if seen == warm_after:
            gc.collect()
            tracemalloc.reset_peak()
            warm = tracemalloc.get_traced_memory()[0]
    peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"seen": seen, "last_id": last_id, "grown": (peak - warm) / 2**20}))
"""


def test_peak_memory_stays_flat_over_20000_statuses() -> None:
    with run_fake_server(COUNT) as server:
        walked = subprocess.run(
            [sys.executable, "-c", WALK, server.base_url, str(WARM)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
            check=True,
        )
        first = server.timeline.id_of(0)
    found = json.loads(walked.stdout)
    assert found["seen"] == COUNT
    assert found["last_id"] == first
    # Measured: 0.4 MB, a page and its statuses. A status costs about 4 KB, so
    # keeping every status would grow by 70 MB, and keeping even one id of
    # each (a set of seen ids) by more than the bound.
    grown = found["grown"]
    assert grown < 1.5, f"peak memory grew by {grown:.2f} MB after the first {WARM:,} statuses"
