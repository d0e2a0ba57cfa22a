"""Iterating a long timeline holds one page at a time: memory stays flat.

The statuses come from the fake server, a separate process on loopback.
Memory is measured with tracemalloc, which counts what this process allocates
from when it starts, whatever other tests ran here before (under pytest-xdist
a worker runs many modules, and its peak resident size is theirs too).
"""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from tests.support.mockserver import run_fake_server
from tootkit import Client

pytestmark = pytest.mark.integration

COUNT = 20_000
WARM = 2_000


def test_peak_memory_stays_flat_over_20000_statuses() -> None:
    with run_fake_server(COUNT) as server, Client(server.base_url) as client:
        seen = 0
        last_id = None
        warm = 0
        tracemalloc.start()
        try:
            for status in client.timelines.tag("fake"):
                seen += 1
                last_id = status.id
                if seen == WARM:
                    gc.collect()
                    tracemalloc.reset_peak()
                    warm = tracemalloc.get_traced_memory()[0]
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    grown = (peak - warm) / 2**20
    assert seen == COUNT
    assert last_id == server.timeline.id_of(0)
    # Measured: 0.4 MB, a page and its statuses. A status costs about 4 KB, so
    # keeping every status would grow by 70 MB, and keeping even one id of
    # each (a set of seen ids) by more than the bound.
    assert grown < 1.5, f"peak memory grew by {grown:.2f} MB after the first {WARM:,} statuses"
