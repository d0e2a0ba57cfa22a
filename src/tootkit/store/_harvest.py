"""Harvesting hashtags from several instances into an :class:`~tootkit.store.Archive`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial

import attrs

from tootkit._async.client import AsyncClient
from tootkit._core.request import instance_key
from tootkit._explain import describe_failure
from tootkit.errors import ArchiveError, TransportError
from tootkit.models import Status
from tootkit.store._archive import Archive, Page
from tootkit.store._coverage import Span, Walk, ceiling, merge, plan
from tootkit.store._spec import HarvestSpec
from tootkit.store._writer import PageWriter, alongside

__all__ = ["DEFAULT_CONCURRENCY", "HarvestProgress", "HarvestResult", "harvest"]

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


def _edges(items: Sequence[Status]) -> tuple[Status, Status]:
    """The newest and the oldest status of a page, whichever order the server sent it in."""
    first, last = items[0], items[-1]
    return (first, last) if first.created_at >= last.created_at else (last, first)


def _span(lo: datetime | None, hi: datetime, lo_id: str | None, hi_id: str | None) -> Span:
    """A span, its lower edge kept at or below its upper one (statuses newer than the cap)."""
    return Span(lo=lo if lo is None or lo <= hi else hi, hi=hi, lo_id=lo_id, hi_id=hi_id)


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

    cap = ceiling(walk.hi, datetime.now(UTC))
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
            current = _span(walk.lo, min(newest.created_at, cap), None, newest.id)
        else:
            top = current.hi if current else cap
            top_id = current.hi_id if current else (newest.id if walk.from_id is None else None)
            current = _span(oldest.created_at, top, oldest.id, top_id)
        result.fetched += len(page.items)
        page_coverage = [*spans, current]
        await writer.put(
            Page(result.instance, result.tag, page.items, page.raw or [], page_coverage), stored
        )
        if result.reached is None or oldest.created_at < result.reached:
            result.reached = oldest.created_at
        result.waiting = ""
        report()
    # The walk reached its end: the whole gap is covered, up to the cap.
    if walk.newer:
        final = _span(walk.lo, cap, None, current.hi_id if current else None)
    else:
        final = _span(
            walk.lo,
            current.hi if current else cap,
            current.lo_id if current else None,
            current.hi_id if current else None,
        )
    spans = merge([*spans, final])
    await writer.put(Page(result.instance, result.tag, [], [], spans))
    return spans


async def harvest(
    archive: Archive,
    spec: HarvestSpec,
    *,
    on_progress: Callable[[HarvestResult], None] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    skip_finished: bool = False,
) -> list[HarvestResult]:
    """Harvest each hashtag of ``spec`` from every instance of it into ``archive``.

    Up to ``concurrency`` instances are harvested at once, one client each,
    with their own rate-limit budget; an instance's hashtags one after
    another. One instance failing never stops another: its
    :class:`HarvestResult` carries the error, and the others go on. An
    instance still at work after ``spec.instance_timeout`` seconds is given
    up (its error is a ``TimeoutError``; what it fetched is kept). Only a
    problem with the archive itself (:class:`~tootkit.errors.ArchiveError`)
    stops the whole harvest, and it is raised as itself, not in a group.
    Each token of ``spec`` is sent to its own instance and nowhere else.

    The archive records which date ranges of each (instance, tag) it holds in
    full, never past the moment a walk began (less :data:`~tootkit.store.CLOCK_MARGIN`), even
    when ``until`` lies in the future. Running the same harvest again, or one
    with other ``since`` and ``until``, fetches only what is missing: a
    complete (instance, tag) costs one request, for what is newer, or none
    with ``skip_finished=True`` when it was finished for the same bounds and
    ``until`` had passed when it finished. Pages go through a bounded queue
    to one writer, which stores each page with the coverage it adds, many
    pages to a transaction: an interrupted harvest loses nothing and resumes.

    Examples:
        >>> spec = HarvestSpec(tags=["python", "django"],
        ...                    instances=["mastodon.social", "fosstodon.org"],
        ...                    since=datetime(2025, 1, 1, tzinfo=UTC),
        ...                    tokens={"mastodon.social": TOKEN})  # doctest: +SKIP
        >>> with Archive("research.sqlite", create=True) as archive:  # doctest: +SKIP
        ...     results = asyncio.run(harvest(archive, spec))
        >>> [(r.instance, r.tag, r.reason) for r in results if not r.ok]  # doctest: +SKIP
        [('fosstodon.org', 'django', 'cannot reach fosstodon.org: ...')]
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, not {concurrency}")
    writer = PageWriter(archive)
    results = {
        url: [HarvestResult(instance=instance_key(url), tag=t) for t in spec.tags]
        for url in spec.instances
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
                if skip_finished and archive.finished(
                    result.instance, result.tag, spec.since, spec.until
                ):
                    result.skipped = True
                else:
                    await _partition(client, writer, archive, result, spec, report)
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

        timeout = spec.instance_timeout
        try:
            async with (
                asyncio.timeout(timeout),
                AsyncClient(
                    url, access_token=spec.token_for(url), on_wait=waiting, **spec.options
                ) as client,
            ):
                await partitions(client, mine)
        except TimeoutError:
            late = TimeoutError(f"still at work after {timeout:g} s, its deadline")
            for result in mine:
                if not result.done:
                    result.error, result.done, result.waiting = late, True, ""
                    report(result)

    await alongside(writer, spec.instances, one_instance, concurrency)
    return [result for url in spec.instances for result in results[url]]


async def _partition(
    client: AsyncClient,
    writer: PageWriter,
    archive: Archive,
    result: HarvestResult,
    spec: HarvestSpec,
    report: Callable[[HarvestResult], None],
) -> None:
    """Harvest one (instance, tag): the walks its coverage still needs, then mark it finished.

    It returns once every page is written, so that ``result.new`` is whole
    when the partition is reported done.
    """
    started = datetime.now(UTC)
    spans = archive.coverage(result.instance, result.tag)
    for walk in plan(spans, since=spec.since, until=spec.until):
        spans = await _walk(client, writer, result, walk, spans, partial(report, result))
    # Finished for these bounds only once ``until`` has passed: until then, more may come.
    whole = spec.until is not None and ceiling(spec.until, started) == spec.until
    last = Page(
        result.instance,
        result.tag,
        [],
        [],
        spans,
        finished=(spec.since, spec.until) if whole else None,
    )
    await writer.write(last)
    result.waiting = ""
