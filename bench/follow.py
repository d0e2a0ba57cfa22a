"""Following a hashtag live: memory over 200,000 streamed statuses, and a post's time to the archive.

Two loopback runs of :func:`tootkit.store.follow`, each against the fake server
(tests/support/fakeserver.py) streaming over Server-Sent Events:

- **memory**: the fake streams 200,000 statuses as fast as it can
  (``--stream-total``, ``--stream-interval 0``) through one follow. The script
  reports the peak RSS growth once the follow is live (target: under 30 MB),
  and the statuses stored per second.
- **latency**: 200 statuses posted one by one, 20 ms apart; for each, the
  time from the start of its ``POST`` to the commit of its row in the archive
  (target: a median under 1 s with the writer batching).

Measured on a 2-core machine (issue 21): 200,000 statuses in 24 s (8,200 a
second, the fake server sharing the cores), peak RSS 17.5 MB above the 52 MB
of the live follow (8.9 MB for 20,000); a post to its row: median 2.4 ms, p99
3.6 ms.

Run: ``python bench/follow.py [--statuses 200000]``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._measure import peak_rss_mb
from tests.support.mockserver import FakeServer, run_fake_server
from tootkit.store import Archive, FollowResult, HarvestSpec, follow

POSTS = 200
GAP = 0.02


def rss_mb() -> float:
    """The resident memory now, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def follow_until(
    archive: Archive, url: str, want: int, live: Callable[[], None] | None = None
) -> tuple[FollowResult, float, list[float]]:
    """Follow #fake on ``url`` until ``want`` statuses are stored; the result, RSS when live, commits."""
    done = asyncio.Event()
    commits: list[float] = []
    baseline: list[float] = []

    def progress(result: FollowResult) -> None:
        if not baseline:
            baseline.append(rss_mb())  # the catch-up is over: following from now on
            if live is not None:
                live()
        if len(commits) < result.statuses:
            commits.extend([time.perf_counter()] * (result.statuses - len(commits)))
        if result.statuses >= want:
            done.set()

    spec = HarvestSpec(tags=["fake"], instances=[url])
    task = asyncio.create_task(follow(archive, spec, poll_every=600, on_progress=progress))
    await done.wait()
    task.cancel()
    (result,) = await task
    return result, baseline[0], commits


def memory(statuses: int) -> None:
    # One status to start with: a tag with none is polled, not streamed, until it has one.
    options = {"stream_transport": "sse", "stream_interval": "0"}
    with (
        run_fake_server(1, stream_total=str(statuses + 1), **options) as server,
        tempfile.TemporaryDirectory() as folder,
        Archive(Path(folder) / "memory.sqlite", create=True) as archive,
    ):
        started = time.perf_counter()
        result, baseline, commits = asyncio.run(follow_until(archive, server.base_url, statuses))
        seconds = commits[-1] - started
        growth = peak_rss_mb() - baseline
        print(
            f"memory: {result.statuses:,} statuses over {result.transport} in {seconds:.1f} s "
            f"({result.statuses / seconds:,.0f}/s); peak RSS {peak_rss_mb():.0f} MB, "
            f"{growth:.1f} MB above the {baseline:.0f} MB when live (target < 30 MB)"
        )


def latency() -> None:
    posted: list[float] = []

    def post(server: FakeServer) -> None:
        server.wait_listening(("hashtag", "fake"))
        for number in range(POSTS):
            posted.append(time.perf_counter())
            server.http.post("/api/v1/statuses", data={"status": f"post {number} #fake"})
            time.sleep(GAP)

    with (
        run_fake_server(1, stream_transport="sse") as server,
        tempfile.TemporaryDirectory() as folder,
        Archive(Path(folder) / "latency.sqlite", create=True) as archive,
    ):
        poster = threading.Thread(target=post, args=(server,), daemon=True)
        _, _, commits = asyncio.run(follow_until(archive, server.base_url, POSTS, poster.start))
        poster.join()
    delays = sorted(c - p for c, p in zip(commits, posted, strict=True))
    median, p99 = statistics.median(delays), delays[int(len(delays) * 0.99) - 1]
    print(
        f"latency: {POSTS} posts, post to row in the archive: median {median * 1000:.1f} ms, "
        f"p99 {p99 * 1000:.1f} ms, max {delays[-1] * 1000:.1f} ms (target: median < 1 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statuses", type=int, default=200_000)
    args = parser.parse_args()
    latency()
    memory(args.statuses)


if __name__ == "__main__":
    main()
