"""Harvesting a hashtag from several instances into an :class:`~tootkit.store.Archive`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import attrs

from tootkit._async.client import AsyncClient
from tootkit._async.timelines import _tag_name
from tootkit._core.page import Page
from tootkit.models import Status
from tootkit.store._archive import Archive, HarvestState

__all__ = ["HarvestProgress", "harvest"]


@attrs.define
class HarvestProgress:
    """What one instance's harvest has done so far, for a progress display."""

    instance: str
    fetched: int = 0
    new: int = 0
    reached: datetime | None = None
    waiting: str = ""
    done: bool = False


async def harvest(
    archive: Archive,
    tag: str,
    instances: Sequence[str],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    access_token: str | None = None,
    on_progress: Callable[[HarvestProgress], None] | None = None,
    **client_options: Any,
) -> list[HarvestProgress]:
    """Harvest ``#tag`` from every instance into ``archive``, concurrently, one client each.

    Each instance keeps its own rate-limit budget. Each page is stored in one
    transaction with the harvest's state, so an interrupted harvest loses
    nothing, and running the same harvest again resumes it: first the statuses
    newer than the newest stored, then any older range not finished.

    Example:
        >>> with Archive("research.sqlite") as archive:  # doctest: +SKIP
        ...     asyncio.run(harvest(archive, "python", ["mastodon.social", "fosstodon.org"],
        ...                         since=datetime(2025, 1, 1, tzinfo=UTC)))
    """
    name = _tag_name(tag).lower()

    async def one(instance: str) -> HarvestProgress:
        progress = HarvestProgress(instance=instance)

        def waiting(reason: str, seconds: float) -> None:
            progress.waiting = f"waiting {seconds:.0f} s: {reason}" if seconds >= 1 else ""
            if on_progress is not None:
                on_progress(progress)

        async with AsyncClient(
            instance, access_token=access_token, on_wait=waiting, **client_options
        ) as client:
            key = client.base_url.split("://", 1)[1]
            progress.instance = key
            state = archive.state(key, name, since, until)

            def store(page: Page[Status], new_state: HarvestState) -> None:
                progress.fetched += len(page.items)
                progress.new += archive.store_page(
                    key, name, page.items, page.raw or [], since=since, until=until, state=new_state
                )
                if page.items:
                    progress.reached = page.items[-1].created_at
                progress.waiting = ""
                if on_progress is not None:
                    on_progress(progress)

            if state.newest_id is not None:
                # Newer first: what was posted since the last run.
                newer = client.timelines.tag(name, min_id=state.newest_id, until=until)
                async for page in newer.keeping_raw().pages():
                    if page.items:
                        state = attrs.evolve(state, newest_id=page.items[0].id)
                        store(page, state)
            if not state.complete:
                older = client.timelines.tag(name, max_id=state.oldest_id, since=since, until=until)
                async for page in older.keeping_raw().pages():
                    if page.items:
                        state = HarvestState(
                            newest_id=state.newest_id or page.items[0].id,
                            oldest_id=page.items[-1].id,
                            complete=page.next_cursor is None,
                        )
                        store(page, state)
                state = attrs.evolve(state, complete=True)
                archive.store_page(key, name, [], [], since=since, until=until, state=state)
        progress.done = True
        progress.waiting = ""
        if on_progress is not None:
            on_progress(progress)
        return progress

    return list(await asyncio.gather(*(one(instance) for instance in instances)))
