"""How long the archive's writer holds the event loop during a wide harvest.

200 loopback instances of 200 statuses each (neighbours share half) are
harvested in one process, as ``bench/scale.py`` does. The script reports the
share of the harvest's time spent in ``Archive.store_pages`` (on the event
loop) and how late a 10 ms timer fires meanwhile: the loop's lag.

Measured on a 2-core machine (issue 19): 35% of 3.9 s in store_pages, lag
55 ms at the median and 190 ms at p99. Storing on a thread of its own took the
median lag to 1-12 ms but the harvest to 4.0-4.6 s: making text from HTML holds
the GIL, so a thread adds hand-offs and no CPU. The writer stays on the loop.

Run: ``python bench/writer_blocking.py``.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.mockserver import run_fake_instances
from tootkit.store import Archive, HarvestSpec, harvest


def main() -> None:
    spent = [0.0]
    lags: list[float] = []
    store_pages = Archive.store_pages

    def timed(self: Archive, pages: list) -> list[int]:  # type: ignore[type-arg]
        started = time.perf_counter()
        try:
            return store_pages(self, pages)
        finally:
            spent[0] += time.perf_counter() - started

    Archive.store_pages = timed  # type: ignore[method-assign]

    async def lag() -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - started - 0.01)

    async def run(archive: Archive, urls: list[str]) -> None:
        watch = asyncio.create_task(lag())
        spec = HarvestSpec(tags="fake", instances=urls, options={"retry": False})
        results = await harvest(archive, spec)
        watch.cancel()
        assert all(r.ok for r in results), [r.reason for r in results if not r.ok]

    with (
        run_fake_instances(200, 200, stride=100) as fake,
        tempfile.TemporaryDirectory() as folder,
        Archive(Path(folder) / "writer.sqlite", create=True) as archive,
    ):
        started = time.perf_counter()
        asyncio.run(run(archive, fake.urls))
        total = time.perf_counter() - started
    lags.sort()
    print(
        f"harvest {total:.2f} s; store_pages {spent[0]:.2f} s ({spent[0] / total:.0%}) on the loop; "
        f"loop lag p50 {lags[len(lags) // 2] * 1000:.0f} ms, "
        f"p99 {lags[int(len(lags) * 0.99)] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
