"""Iterating a long timeline holds one page at a time: memory stays flat.

100,000 statuses come from the fake server, a separate process on loopback,
so that the peak resident size measured here is the client's alone.
"""

from __future__ import annotations

import gc
import resource

import pytest

from tests.support.mockserver import run_fake_server
from tootkit import Client

pytestmark = pytest.mark.integration

COUNT = 100_000


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def test_peak_memory_stays_flat_over_100000_statuses() -> None:
    with run_fake_server(COUNT) as server, Client(server.base_url) as client:
        walk = iter(client.timelines.tag("fake"))
        seen = 0
        last_id = None
        for status in walk:
            seen += 1
            last_id = status.id
            if seen == 5_000:
                gc.collect()
                warm = peak_rss_mb()
        grown = peak_rss_mb() - warm
    assert seen == COUNT
    assert last_id == server.timeline.id_of(0)
    assert grown < 10, f"peak RSS grew by {grown:.1f} MB after the first 5,000 statuses"
