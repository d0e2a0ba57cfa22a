"""Harvesting hashtags from several instances into an :class:`~tootkit.store.Archive`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

import attrs

from tootkit._async.client import AsyncClient
from tootkit._core.request import instance_key, normalize_base_url, tag_name
from tootkit._explain import describe_failure
from tootkit.errors import ArchiveError, TransportError
from tootkit.models import Status
from tootkit.store._archive import Archive, Page
from tootkit.store._coverage import Span, Walk, merge, plan
from tootkit.store._writer import PageWriter

__all__ = ["DEFAULT_CONCURRENCY", "HarvestProgress", "HarvestResult", "harvest", "scope_tokens"]

DEFAULT_CONCURRENCY = 64
"""Instances harvested at once. An instance gives about 40 statuses a second at most, and
decoding one costs about 50 µs: one core keeps up with some 500 busy instances, so 64 leave
room for slow ones while keeping sockets, memory and the progress display in bounds."""


@attrs.define
class HarvestResult:
    """What the harvest of one hashtag on one instance did: progress while it runs, the result after.

    ``error`` is the exception that stopped it, or None; ``ok`` is true when it
    finished. ``reached`` is the oldest ``created_at`` it stored in this run.
    """

    instance: str
    tag: str = ""
    fetched: int = 0
    new: int = 0
    reached: datetime | None = None
    waiting: str = ""
    done: bool = False
    error: BaseException | None = None
    skipped: bool = False
    """Not fetched: the archive says it was finished before, for the same bounds."""

    @property
    def ok(self) -> bool:
        """Finished, with no error."""
        return self.done and self.error is None

    @property
    def reason(self) -> str:
        """``ok``, what it is doing, or the one line that says why it failed."""
        if self.error is not None:
            return describe_failure(self.error, self.instance)
        if self.done:
            return "finished before" if self.skipped else "ok"
        return self.waiting or "harvesting"


HarvestProgress = HarvestResult
"""The earlier name of :class:`HarvestResult`."""


def scope_tokens(tokens: Mapping[str, str] | None, instances: Sequence[str]) -> dict[str, str]:
    """Each token under the normalized URL of the instance it was given for.

    A token for an instance that is not in ``instances`` is refused with
    ``ValueError``, before any request: it would otherwise be a typo that
    leaves an instance without its token.

    Examples:
        >>> scope_tokens({"mastodon.social": "T"}, ["https://mastodon.social/", "fosstodon.org"])
        {'https://mastodon.social': 'T'}
    """
    urls = {instance_key(i): normalize_base_url(i) for i in instances}
    scoped: dict[str, str] = {}
    for name, token in (tokens or {}).items():
        url = urls.get(instance_key(name))
        if url is None:
            raise ValueError(f"a token is given for {name}, which is not among the instances")
        if not isinstance(token, str) or not token:
            raise ValueError(f"the token for {name} is empty")
        scoped[url] = token
    return scoped


def _edges(items: Sequence[Status]) -> tuple[Status, Status]:
    """The newest and the oldest status of a page, whichever order the server sent it in."""
    first, last = items[0], items[-1]
    return (first, last) if first.created_at >= last.created_at else (last, first)


async def _walk(
    client: AsyncClient,
    writer: PageWriter,
    result: HarvestResult,
    walk: Walk,
    spans: list[Span],
    report: Callable[[], None],
) -> list[Span]:
    """Run one walk, storing each page with the coverage it adds; return the spans after it."""

    def stored(new: int) -> None:
        result.new += new
        report()

    now = datetime.now(UTC)
    if walk.newer:
        pager = client.timelines.tag(result.tag, min_id=walk.from_id, until=walk.hi)
    else:
        # Below a known status the walk needs no upper bound: max_id is one.
        until = walk.hi if walk.from_id is None else None
        pager = client.timelines.tag(result.tag, max_id=walk.from_id, since=walk.lo, until=until)
    current: Span | None = None
    async for page in pager.keeping_raw(as_bytes=True).pages():
        if not page.items:
            continue
        newest, oldest = _edges(page.items)
        if walk.newer:
            current = Span(lo=walk.lo, hi=newest.created_at, hi_id=newest.id)
        else:
            top = current.hi if current else max(walk.hi or now, newest.created_at)
            top_id = current.hi_id if current else (newest.id if walk.from_id is None else None)
            current = Span(lo=oldest.created_at, hi=top, lo_id=oldest.id, hi_id=top_id)
        result.fetched += len(page.items)
        page_coverage = [*spans, current]
        await writer.put(
            Page(result.instance, result.tag, page.items, page.raw or [], page_coverage), stored
        )
        if result.reached is None or oldest.created_at < result.reached:
            result.reached = oldest.created_at
        result.waiting = ""
        report()
    # The walk reached its end: the whole gap is covered.
    if walk.newer:
        hi = min(walk.hi, now) if walk.hi is not None else now
        hi = max(hi, current.hi) if current else hi
        final = Span(lo=walk.lo, hi=hi, hi_id=current.hi_id if current else None)
    else:
        hi = current.hi if current else (walk.hi or now)
        final = Span(
            lo=walk.lo,
            hi=hi,
            lo_id=current.lo_id if current else None,
            hi_id=current.hi_id if current else None,
        )
    spans = merge([*spans, final])
    await writer.put(Page(result.instance, result.tag, [], [], spans))
    return spans


async def harvest(
    archive: Archive,
    tags: str | Sequence[str],
    instances: Sequence[str],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    tokens: Mapping[str, str] | None = None,
    on_progress: Callable[[HarvestResult], None] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    instance_timeout: float | None = None,
    skip_finished: bool = False,
    **client_options: Any,
) -> list[HarvestResult]:
    """Harvest each hashtag in ``tags`` from every instance into ``archive``.

    Up to ``concurrency`` instances are harvested at once, one client each,
    with their own rate-limit budget; an instance's hashtags one after
    another. One instance failing never stops another: its
    :class:`HarvestResult` carries the error, and the others go on. An
    instance still at work after ``instance_timeout`` seconds is given up
    (its error is a ``TimeoutError``; what it fetched is kept). Only a
    problem with the archive itself (:class:`~tootkit.errors.ArchiveError`)
    stops the whole harvest.

    ``tokens`` maps an instance, written as in ``instances``, to its access
    token; each token is sent to its own instance and nowhere else.

    The archive records which date ranges of each (instance, tag) it holds in
    full. Running the same harvest again, or one with other ``since`` and
    ``until``, fetches only what is missing: a complete (instance, tag) costs
    one request, for what is newer, or none with ``skip_finished=True`` when
    it was finished for the same bounds, ``until`` included. Pages go through a bounded queue to
    one writer, which stores each page with the coverage it adds, many pages
    to a transaction: an interrupted harvest loses nothing and resumes.

    Examples:
        >>> with Archive("research.sqlite", create=True) as archive:  # doctest: +SKIP
        ...     results = asyncio.run(harvest(archive, ["python", "django"],
        ...                                   ["mastodon.social", "fosstodon.org"],
        ...                                   since=datetime(2025, 1, 1, tzinfo=UTC),
        ...                                   tokens={"mastodon.social": TOKEN}))
        >>> [(r.instance, r.tag, r.reason) for r in results if not r.ok]  # doctest: +SKIP
        [('fosstodon.org', 'django', 'cannot reach fosstodon.org: ...')]
    """
    if "access_token" in client_options:
        raise TypeError("harvest() takes tokens={instance: token}, so that each stays with its own")
    names = [tags] if isinstance(tags, str) else list(tags)
    if not names:
        raise ValueError("no hashtag to harvest")
    names = list(dict.fromkeys(tag_name(t).lower() for t in names))
    urls = list(dict.fromkeys(normalize_base_url(i) for i in instances))
    if not urls:
        raise ValueError("no instance to harvest from")
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, not {concurrency}")
    if instance_timeout is not None and instance_timeout <= 0:
        raise ValueError(f"instance_timeout must be positive, not {instance_timeout}")
    scoped = scope_tokens(tokens, urls)
    for bound in (since, until):
        if bound is not None and bound.utcoffset() is None:
            raise ValueError(f"{bound!r} is a naive datetime; give an aware one")
    writer = PageWriter(archive)
    slots = asyncio.Semaphore(concurrency)
    results = {
        url: [HarvestResult(instance=instance_key(url), tag=n) for n in names] for url in urls
    }

    def report(result: HarvestResult) -> None:
        if on_progress is not None:
            on_progress(result)

    async def partitions(client: AsyncClient, mine: list[HarvestResult]) -> None:
        unreachable: BaseException | None = None
        for result in mine:
            if unreachable is not None:
                result.error = unreachable  # its other hashtags would fail the same way
                result.done = True
                report(result)
                continue
            try:
                # Without an upper bound, "finished" was up to then: what is newer is missing.
                finished = until is not None and archive.finished(
                    result.instance, result.tag, since, until
                )
                if skip_finished and finished:
                    result.skipped = True
                else:
                    await _partition(client, writer, archive, result, since, until, report)
            except ArchiveError:
                raise
            except Exception as exc:
                result.error = exc
                if isinstance(exc, TransportError):
                    unreachable = exc
            result.done = True
            report(result)

    async def one_instance(url: str) -> None:
        mine = results[url]

        def waiting(reason: str, seconds: float) -> None:
            for result in mine:
                if not result.done:  # the one running now
                    result.waiting = f"waiting {seconds:.0f} s: {reason}" if seconds >= 1 else ""
                    report(result)
                    return

        async with slots:
            try:
                async with (
                    asyncio.timeout(instance_timeout),
                    AsyncClient(
                        url, access_token=scoped.get(url), on_wait=waiting, **client_options
                    ) as client,
                ):
                    await partitions(client, mine)
            except TimeoutError:
                late = TimeoutError(f"still at work after {instance_timeout:g} s, its deadline")
                for result in mine:
                    if not result.done:
                        result.error, result.done, result.waiting = late, True, ""
                        report(result)

    async def every_instance() -> None:
        try:
            async with asyncio.TaskGroup() as group:
                for url in urls:
                    group.create_task(one_instance(url))
        finally:
            await writer.close()

    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(writer.run())
            group.create_task(every_instance())
    except BaseExceptionGroup as group_error:
        raise group_error.exceptions[0] from None
    return [result for url in urls for result in results[url]]


async def _partition(
    client: AsyncClient,
    writer: PageWriter,
    archive: Archive,
    result: HarvestResult,
    since: datetime | None,
    until: datetime | None,
    report: Callable[[HarvestResult], None],
) -> None:
    """Harvest one (instance, tag): the walks its coverage still needs, then mark it finished."""
    spans = archive.coverage(result.instance, result.tag)
    for walk in plan(spans, since=since, until=until):
        spans = await _walk(client, writer, result, walk, spans, partial(report, result))
    await writer.put(Page(result.instance, result.tag, [], [], spans, finished=(since, until)))
    result.waiting = ""
