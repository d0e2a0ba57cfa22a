"""PageWriter on its own: one queue, batches, order, and no hang when the archive fails."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tootkit.errors import ArchiveError
from tootkit.models import Account, Status
from tootkit.store import Archive, Page, PageWriter

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def page(first: int, count: int = 3, tag: str = "x") -> Page:
    statuses = [
        Status(
            id=str(k),
            uri=f"https://a.example/s/{k}",
            created_at=T0 + timedelta(minutes=k),
            account=Account(id="1", acct="ada"),
            content=f"<p>post {k}</p>",
        )
        for k in range(first, first + count)
    ]
    raws = [{"id": s.id} for s in statuses]
    return Page("a.example", tag, statuses, raws)


async def test_pages_waiting_together_share_one_transaction() -> None:
    with Archive(":memory:") as archive:
        writer = PageWriter(archive)
        for k in range(10):
            await writer.put(page(k * 3))
        await writer.close()
        await writer.run()
        assert (writer.commits, writer.pages) == (1, 10)
        assert archive.count() == 30


async def test_a_batch_is_capped() -> None:
    with Archive(":memory:") as archive:
        writer = PageWriter(archive, batch=4)
        for k in range(10):
            await writer.put(page(k * 3))
        await writer.close()
        await writer.run()
        assert (writer.commits, writer.pages) == (3, 10)


async def test_write_returns_once_its_page_and_every_earlier_one_is_stored() -> None:
    with Archive(":memory:") as archive:
        writer = PageWriter(archive)
        task = asyncio.create_task(writer.run())
        counts: list[int] = []
        await writer.put(page(0), counts.append)
        await writer.put(page(0), counts.append)  # the same statuses again: none new
        assert await writer.write(page(3)) == 3
        assert counts == [3, 0]
        assert archive.count() == 6
        await writer.close()
        await task


async def test_a_write_cancelled_while_its_page_waits_does_not_stop_the_writer() -> None:
    with Archive(":memory:") as archive:
        writer = PageWriter(archive)
        waiting = asyncio.create_task(writer.write(page(0)))
        await asyncio.sleep(0)  # queued, not yet written
        waiting.cancel()
        await writer.close()
        await writer.run()  # it wrote the page, and told no one
        assert archive.count() == 3


async def test_a_failing_archive_ends_run_and_close_never_blocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: Archive, pages: Any) -> list[int]:
        raise ArchiveError("a.sqlite cannot be written: the disk is full")

    with Archive(":memory:") as archive:
        monkeypatch.setattr(Archive, "store_pages", broken)
        writer = PageWriter(archive, capacity=2)
        await writer.put(page(0))
        await writer.put(page(3))  # the queue is full now
        with pytest.raises(ArchiveError, match="disk is full"):
            await writer.run()
        await asyncio.wait_for(writer.close(), timeout=1)  # nobody empties the queue any more


async def test_a_full_queue_makes_the_walks_wait() -> None:
    with Archive(":memory:") as archive:
        writer = PageWriter(archive, capacity=2)
        await writer.put(page(0))
        await writer.put(page(3))
        third = asyncio.create_task(writer.put(page(6)))
        await asyncio.sleep(0)
        assert not third.done()  # memory stays bounded: the walk waits for the writer
        task = asyncio.create_task(writer.run())
        await third
        await writer.close()
        await task
        assert archive.count() == 9
