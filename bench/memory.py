#!/usr/bin/env python3
"""Peak memory while iterating 1,000,000 statuses from a loopback server (it must stay flat).

    python bench/memory.py [COUNT]

The server runs in its own process, so the peak resident size is the client's.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tootkit  # noqa: E402
from bench._measure import peak_rss_mb  # noqa: E402
from tests.support.mockserver import run_fake_server  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    checkpoints = {10_000, count // 4, count // 2, count}
    with run_fake_server(count) as server, tootkit.Client(server.base_url) as client:
        started = time.perf_counter()
        seen = 0
        baseline = 0.0
        for _ in client.timelines.tag("fake"):
            seen += 1
            if seen in checkpoints:
                gc.collect()
                if seen == 10_000:
                    baseline = peak_rss_mb()
                print(
                    f"{seen:>9,} statuses  peak RSS {peak_rss_mb():7.1f} MB  {time.perf_counter() - started:6.1f} s"
                )
    print(
        f"growth after the first 10,000: {peak_rss_mb() - baseline:.1f} MB over {seen:,} statuses"
    )


if __name__ == "__main__":
    main()
