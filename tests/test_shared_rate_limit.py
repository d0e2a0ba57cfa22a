"""One rate-limit state per client, shared safely by threads (sync) and tasks (async).

A scripted server enforces 10 requests per 10-second window on a fake clock
that moves only when a client sleeps; in "pace" mode, 40 requests made by 8
threads (or 8 tasks) at once never meet a 429.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx

from tootkit import AsyncClient, AsyncRuntime, Client, Runtime

STATUS = b'{"id": "1", "created_at": "2025-01-01T00:00:00Z", "account": {"id": "2"}}'


class Window:
    """The server's budget and the shared fake clock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = datetime(2025, 1, 1, tzinfo=UTC)
        self.reset = self.now + timedelta(seconds=10)
        self.used = 0
        self.refused = 0
        self.served = 0

    def clock(self) -> datetime:
        with self.lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self.lock:
            self.now += timedelta(seconds=seconds)

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            if self.now >= self.reset:
                self.reset = self.now + timedelta(seconds=10)
                self.used = 0
            self.used += 1
            headers = {
                "X-RateLimit-Limit": "10",
                "X-RateLimit-Remaining": str(max(0, 10 - self.used)),
                "X-RateLimit-Reset": self.reset.isoformat(),
            }
            if self.used > 10:
                self.refused += 1
                return httpx.Response(429, json={"error": "Too many requests"}, headers=headers)
            self.served += 1
            return httpx.Response(200, content=STATUS, headers=headers)


def test_threads_share_one_paced_budget() -> None:
    window = Window()
    runtime = Runtime(clock=window.clock, sleep=window.advance)
    transport = httpx.MockTransport(window.handle)
    with Client("m.example", transport=transport, rate_limit="pace", runtime=runtime) as client:

        def work(_: int) -> int:
            return sum(1 for _ in range(5) if client.statuses.get("1").id == "1")

        with ThreadPoolExecutor(max_workers=8) as pool:
            done = sum(pool.map(work, range(8)))
    assert done == 40
    assert window.refused == 0


def test_tasks_share_one_paced_budget() -> None:
    window = Window()

    async def run() -> int:
        async def fake_sleep(seconds: float) -> None:
            window.advance(seconds)
            await asyncio.sleep(0)

        transport = httpx.MockTransport(window.handle)
        runtime = AsyncRuntime(clock=window.clock, sleep=fake_sleep)
        async with AsyncClient(
            "m.example", transport=transport, rate_limit="pace", runtime=runtime
        ) as client:

            async def work() -> int:
                return sum([(await client.statuses.get("1")).id == "1" for _ in range(5)])

            return sum(await asyncio.gather(*(work() for _ in range(8))))

    assert asyncio.run(run()) == 40
    assert window.refused == 0
