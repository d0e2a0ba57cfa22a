"""Following hashtags live into an :class:`~tootkit.store.Archive`: :func:`follow`.

First a catch-up harvest, then per (instance, tag) the instance's hashtag
stream (WebSocket or Server-Sent Events), or its timeline polled where the
stream is missing, refused or deaf. Every status goes through one
:class:`~tootkit.store.PageWriter`, with a sighting and the coverage it adds.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from time import monotonic

from tootkit._async.client import AsyncClient
from tootkit._async.streaming.stream import AsyncStream
from tootkit._core.backfill import hashtag_stream_is_silent
from tootkit._core.request import instance_key
from tootkit._core.snowflake import newer_id
from tootkit.errors import APIError, ArchiveError, StreamingNotSupported, TootkitError
from tootkit.events import Delete, StatusUpdate, Update
from tootkit.store._archive import Archive, Page
from tootkit.store._coverage import Span, ceiling, merge, plan
from tootkit.store._follow_state import RETRY_DOWN, FollowResult
from tootkit.store._harvest import DEFAULT_CONCURRENCY, HarvestResult, _walk, harvest
from tootkit.store._spec import HarvestSpec
from tootkit.store._writer import PageWriter, first_error

__all__ = ["COVERAGE_EVERY", "DEAF_CHECKS", "follow"]

COVERAGE_EVERY = 1.0
"""Seconds between coverage updates written with streamed statuses: one per status would
rewrite the coverage rows 200,000 times for 200,000 statuses, for no gain."""

DEAF_CHECKS = 2
"""Polls in a row that find statuses a connected, silent stream never sent: the stream is deaf
(GoToSocial's hashtag stream, when NodeInfo did not say GoToSocial), and the timeline is polled."""


async def follow(
    archive: Archive,
    spec: HarvestSpec,
    *,
    poll_every: float = 60.0,
    on_progress: Callable[[FollowResult], None] | None = None,
    on_catch_up: Callable[[HarvestResult], None] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> list[FollowResult]:
    """Harvest ``spec`` as :func:`~tootkit.store.harvest` does, then follow it live until cancelled.

    Each (instance, tag) reads the instance's hashtag stream (the client's
    ``auto`` transport: WebSocket, else Server-Sent Events), starting from
    the newest status the archive holds for it, so that what was posted
    between the catch-up and the stream is fetched first; every reconnect
    backfills the same way. GoToSocial (by its NodeInfo) is read from its
    public stream, whose statuses are kept when they carry the tag. An
    instance with no stream (Takahe, snac2), one that refuses it, or one
    whose stream stays silent while its timeline grows, is polled instead:
    a newer walk from the newest id every ``poll_every`` seconds. A silent
    stream is checked that way too, once per ``poll_every``: coverage keeps
    up with a quiet hashtag.

    Every status is stored with a sighting, edits (``status.update``) as
    new versions, deletions as :attr:`Page.deleted`; the coverage of each
    (instance, tag) grows to the time of its last event or poll, less
    :data:`~tootkit.store.CLOCK_MARGIN`. An instance whose stream and
    timeline both fail for longer than ``spec.instance_timeout`` is
    reported (``FollowResult.down``) and retried every 5 minutes; the others
    go on. A problem with the archive (:class:`~tootkit.errors.ArchiveError`)
    stops it all, raised as itself.

    Cancel the task to stop: what is queued is written, and the results
    are returned. ``spec.until`` must be None: following has no end.

    Examples:
        >>> spec = HarvestSpec(tags=["python"], instances=["mastodon.social", "fosstodon.org"])
        >>> async def ten_minutes():  # doctest: +SKIP
        ...     with Archive("live.sqlite", create=True) as archive:
        ...         task = asyncio.create_task(follow(archive, spec, poll_every=30))
        ...         await asyncio.sleep(600)
        ...         task.cancel()
        ...         return await task
        >>> [(r.instance, r.transport, r.statuses) for r in asyncio.run(ten_minutes())]  # doctest: +SKIP
        [('mastodon.social', 'websocket', 212), ('fosstodon.org', 'sse', 31)]
    """
    if spec.until is not None:
        raise ValueError("following has no end: give no until")
    if poll_every <= 0:
        raise ValueError(f"poll_every must be positive, not {poll_every}")
    results = [
        FollowResult(instance=instance_key(url), tag=tag)
        for url in spec.instances
        for tag in spec.tags
    ]
    try:
        await harvest(archive, spec, on_progress=on_catch_up, concurrency=concurrency)
    except asyncio.CancelledError:
        return results  # stopped while catching up: every page written so far is kept
    writer = PageWriter(archive)
    writing = asyncio.create_task(writer.run())

    def report(result: FollowResult) -> None:
        if on_progress is not None:
            on_progress(result)

    async def watch_writer() -> None:
        # The writer outlives a cancellation of the followers: shielded, it is flushed after.
        await asyncio.shield(writing)

    async def one_instance(url: str) -> None:
        mine = [r for r in results if r.instance == instance_key(url)]
        async with AsyncClient(url, access_token=spec.token_for(url), **spec.options) as client:
            public = hashtag_stream_is_silent(await _software(client))
            async with asyncio.TaskGroup() as group:
                for result in mine:
                    follower = _Follower(client, writer, archive, spec, result, poll_every)
                    group.create_task(follower.run(public, report))

    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(watch_writer())
            for url in spec.instances:
                group.create_task(one_instance(url))
    except asyncio.CancelledError:
        pass  # asked to stop: flush below
    except BaseExceptionGroup as errors:
        await writer.close()
        raise first_error(errors) from None
    finally:
        await writer.close()
        await writing  # writes what is queued; raises the writer's ArchiveError
    return results


async def _software(client: AsyncClient) -> str:
    """The server's software by its NodeInfo (``gotosocial``...), or empty when it does not say."""
    try:
        return (await client.server.nodeinfo()).software.name
    except TootkitError:
        return ""


def _refused(exc: TootkitError) -> bool:
    """Whether the stream is not to be had here (none, or refused), rather than failing for now."""
    if isinstance(exc, StreamingNotSupported):
        return True
    return isinstance(exc, APIError) and 400 <= exc.status_code < 500 and exc.status_code != 429


class _Follower:
    """Follows one (instance, tag): its stream while it works, its timeline polled otherwise."""

    def __init__(
        self,
        client: AsyncClient,
        writer: PageWriter,
        archive: Archive,
        spec: HarvestSpec,
        result: FollowResult,
        poll_every: float,
    ) -> None:
        self._client = client
        self._writer = writer
        self._spec = spec
        self._result = result
        self._poll_every = poll_every
        self._spans: list[Span] = archive.coverage(result.instance, result.tag)
        self._covered = 0.0  # monotonic time coverage was last written with a status
        self._failing_since: float | None = None
        self._heard = 0  # live (not backfilled) stream events since the last check
        self._report: Callable[[FollowResult], None] = lambda _: None

    @property
    def _newest(self) -> str | None:
        """The newest status the archive holds for this (instance, tag): where backfills start."""
        return self._spans[0].hi_id if self._spans else None

    @property
    def _interval(self) -> float:
        return RETRY_DOWN if self._result.down else self._poll_every

    async def run(self, public: bool, report: Callable[[FollowResult], None]) -> None:
        self._report = report
        report(self._result)  # following from now on
        streaming = True
        while True:
            # A tag without a status yet has no id to backfill from: polled until it has one.
            if streaming and self._newest is not None:
                streaming = await self._stream(public)
                continue
            self._result.transport = "poll"
            try:
                await self._poll()
                self._succeeded()
            except ArchiveError:
                raise
            except TootkitError as exc:
                self._failed(exc)
            await self._client.runtime.sleep(self._interval)

    async def _stream(self, public: bool) -> bool:
        """Read the hashtag stream until it cannot be used; False: poll from now on."""
        result = self._result
        stream = self._client.streaming.hashtag(
            result.tag, backfill=True, since_id=self._newest, from_public=public
        )
        async with stream:
            reader = asyncio.create_task(self._read(stream))
            try:
                return await self._check(stream, reader)
            except ArchiveError:
                raise
            except TootkitError as exc:
                if not _refused(exc):  # the instance or its timeline failing: try again later
                    self._failed(exc)
                    await self._client.runtime.sleep(self._interval)
                    return True
                result.note = f"polled: {exc}"  # no stream here, or a refusal of it
                result.transport = "poll"
                self._report(result)
                return False
            finally:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, TootkitError):
                    await reader

    async def _check(self, stream: AsyncStream, reader: asyncio.Task[None]) -> bool:
        """While the stream is read, poll once per silent ``poll_every``; False: it is deaf."""
        deaf = 0
        reconnects = stream.reconnects
        while True:
            done, _ = await asyncio.wait([reader], timeout=self._interval)
            if done:
                reader.result()  # what ended the stream is raised
                return True  # it ended by itself: open it again
            if stream.transport is not None and not self._result.transport:
                self._result.transport = stream.transport
                self._report(self._result)
            if self._heard:
                self._heard, deaf = 0, 0
                continue
            try:
                found = await self._poll()
                self._succeeded()
            except ArchiveError:
                raise
            except TootkitError as exc:
                self._failed(exc)  # the stream goes on trying by itself
                continue
            # Statuses the connected stream never sent, even by the end of the poll
            # (it is quicker than a poll), twice in a row: it hears nothing.
            steady = stream.transport is not None and stream.reconnects == reconnects
            deaf = deaf + 1 if found and steady and not self._heard else 0
            reconnects = stream.reconnects
            if deaf >= DEAF_CHECKS:
                self._result.note = "polled: its hashtag stream sends nothing"
                self._result.transport = "poll"
                self._report(self._result)
                return False

    async def _read(self, stream: AsyncStream) -> None:
        """Write every event of ``stream`` through the writer."""
        result = self._result
        async for event in stream:
            result.transport = stream.transport or result.transport
            now = datetime.now(UTC)
            if isinstance(event, Update):
                if not event.backfilled:
                    self._heard += 1
                result.last_event = now
                newest = newer_id(self._newest, event.status.id)
                page = Page(
                    result.instance,
                    result.tag,
                    [event.status],
                    [event.raw],
                    self._extend(now, newest),
                )
                await self._writer.put(page, self._stored)
            elif isinstance(event, StatusUpdate):
                # A new version of a stored status: the archive keeps both.
                result.edits += 1
                page = Page(result.instance, result.tag, [event.status], [event.raw])
                await self._writer.put(page)
            elif isinstance(event, Delete):
                result.deletions += 1
                await self._writer.put(
                    Page(result.instance, result.tag, [], [], deleted=[(event.id, now)])
                )
            # Other events are not statuses of the tag. mastodon-mock's ``status_update``
            # (Mastodon says ``status.update``) arrives as an UnknownEvent: not an edit.
            self._succeeded()

    def _extend(self, at: datetime, newest: str) -> list[Span] | None:
        """The coverage after a status ``newest`` seen at ``at``: up to ``at`` less the clock margin.

        Written at most every :data:`COVERAGE_EVERY` seconds (None between); the
        newest id is kept at once in memory, for the next backfill or poll.
        """
        if not self._spans:
            # Nothing was covered before (the catch-up failed): claim no more than
            # the moment itself, with the id a backfill starts from; the next
            # harvest walks what lies below it.
            self._spans = [Span(lo=ceiling(None, at), hi=ceiling(None, at), hi_id=newest)]
        top = self._spans[0]
        hi = max(ceiling(None, at), top.hi)
        self._spans = merge([*self._spans, Span(lo=top.hi, hi=hi, hi_id=newest)])
        clock = monotonic()
        if clock - self._covered < COVERAGE_EVERY:
            return None
        self._covered = clock
        return list(self._spans)

    def _stored(self, new: int) -> None:
        if new:
            self._result.statuses += new
            self._result.recent.add(new)
            self._report(self._result)

    async def _poll(self) -> int:
        """Walk what is newer than the archive holds; how many statuses were new to it."""
        result = self._result
        scratch = HarvestResult(instance=result.instance, tag=result.tag)
        counted = 0

        def stored() -> None:
            nonlocal counted
            if scratch.new > counted:
                self._stored(scratch.new - counted)
                result.last_event = datetime.now(UTC)
                counted = scratch.new

        for walk in plan(self._spans, since=self._spec.since, until=None):
            spans = await _walk(self._client, self._writer, scratch, walk, self._spans, stored)
            # Streamed statuses may have grown the spans meanwhile: both claims hold.
            self._spans = merge([*self._spans, *spans])
        await self._writer.write(Page(result.instance, result.tag, [], [], self._spans))
        return scratch.new

    def _succeeded(self) -> None:
        result = self._result
        if result.error is not None:
            result.error, result.down = None, False
            self._report(result)
        self._failing_since = None

    def _failed(self, exc: BaseException) -> None:
        result, clock = self._result, monotonic()
        if self._failing_since is None:
            self._failing_since = clock
        limit = self._spec.instance_timeout
        result.error = exc
        result.down = limit is not None and clock - self._failing_since > limit
        self._report(result)
