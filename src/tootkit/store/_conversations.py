"""The conversations around harvested statuses (``--replies``): :func:`fetch_conversations`.

A hashtag search finds the statuses that carry the hashtag, not the replies
that do not. For every harvested status that has replies, or is itself a
reply, one request (``GET /api/v1/statuses/:id/context``) to the instance
that returned it gives its ancestors and descendants. They are stored as
context (``Page.context_of``): no hashtag sighting, a link to the status
that brought them, and left out of exports unless asked for.

The ``threads`` table remembers each conversation fetched, with the
status's ``replies_count`` then: a later run fetches it again only once that
count grew. To see which grew, it asks for those statuses again, 20 to a
request, and the archive keeps the highest count any instance reported. A
status that is among the descendants of a conversation fetched in the same
run from the same instance costs no request: its thread is already stored.
A conversation that fails (404, 403...) is noted in ``threads`` with the
reason and skipped; one that failed for a passing reason (a timeout, a
server error) is tried again on the next run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import attrs

from tootkit._async.client import AsyncClient
from tootkit._core.request import instance_key, make_request
from tootkit._explain import describe_failure
from tootkit.errors import (
    APIError,
    ArchiveError,
    DecodeError,
    RateLimited,
    ServerError,
    TransportError,
)
from tootkit.models import Context
from tootkit.store._archive import Archive
from tootkit.store._harvest import DEFAULT_CONCURRENCY
from tootkit.store._refetch import BATCH, raw_items, with_raw
from tootkit.store._rows import Page, instance_to_ask
from tootkit.store._schema import iso
from tootkit.store._spec import HarvestSpec
from tootkit.store._writer import PageWriter, alongside

__all__ = ["ConversationResult", "fetch_conversation", "fetch_conversations"]


@attrs.define
class ConversationResult:
    """What fetching the conversations of one instance's statuses did."""

    instance: str
    wanted: int = 0
    """Conversations to fetch: statuses with replies or that reply, new or grown since."""
    fetched: int = 0
    """Conversations fetched and stored: one request each."""
    covered: int = 0
    """Not fetched: the status was in a conversation fetched before it, in this run."""
    statuses: int = 0
    """Context statuses received."""
    new: int = 0
    """Of which new to the archive."""
    failed: list[tuple[str, str]] = attrs.field(factory=list)
    """``(uri, why)`` of each conversation that failed, and was skipped."""
    error: BaseException | None = None
    """What stopped this instance's conversations, if anything did."""
    done: bool = False


@attrs.frozen
class _Wanted:
    uri: str
    id: str
    replies_count: int
    fetched_with: int | None
    """The status's ``replies_count`` when its conversation was fetched, None if never."""


async def fetch_conversation(
    client: AsyncClient, instance: str, uri: str, id: str
) -> tuple[Page, list[str]]:
    """The conversation of the status ``id`` on ``instance`` as a context page, and the ids of its descendants.

    One request; the statuses keep the JSON the server sent. Raises what
    the client raises (:class:`~tootkit.errors.NotFound`...).

    Examples:
        >>> async with AsyncClient("mastodon.social") as client:  # doctest: +SKIP
        ...     page, _ = await fetch_conversation(client, "mastodon.social", uri, "109")
        ...     await writer.write(page)
    """
    request = make_request("GET", "/api/v1/statuses/{}/context", id)
    thread, body = await with_raw(client, request, Context)
    statuses = [*thread.ancestors, *thread.descendants]
    raws = raw_items(body, "ancestors", "descendants")
    page = Page(instance, "", statuses, raws, context_of=uri)
    return page, [status.id for status in thread.descendants]


def _wanted(archive: Archive, spec: HarvestSpec) -> dict[str, list[_Wanted]]:
    """The statuses whose conversation may be fetched, by the instance key to ask, oldest first.

    A status sighted on several instances is fetched from its own (the host
    of its ``uri``) when that is one of them, since replies reach the
    author's server; else from the first in the spec's order.
    """
    keys = [instance_key(url) for url in spec.instances]
    marks = ",".join("?" * len(keys))
    tags = ",".join("?" * len(spec.tags))
    query = (
        "SELECT s.uri, g.instance, g.id, s.replies_count, t.replies_count FROM statuses s "  # noqa: S608
        "JOIN sightings g ON g.uri = s.uri LEFT JOIN threads t ON t.uri = s.uri "
        f"WHERE g.instance IN ({marks}) AND g.tag IN ({tags}) AND s.deleted_at IS NULL "
        "AND s.reblog_of IS NULL AND (s.replies_count > 0 OR s.reply_to IS NOT NULL) "
        "AND s.created_at >= ? AND (? = '' OR s.created_at <= ?) ORDER BY s.created_at, s.uri"
    )
    until = iso(spec.until)
    params = [*keys, *spec.tags, iso(spec.since), until, until]
    with archive.connection() as db:
        rows = db.execute(query, params).fetchall()
    places: dict[str, dict[str, _Wanted]] = {}
    for uri, instance, id_, replies, fetched_with in rows:
        places.setdefault(uri, {})[instance] = _Wanted(uri, id_, replies, fetched_with)
    wanted: dict[str, list[_Wanted]] = {key: [] for key in keys}
    for uri, found in places.items():
        instance = instance_to_ask(uri, [key for key in keys if key in found])
        wanted[instance].append(found[instance])
    return wanted


def _note(
    archive: Archive, instance: str, wanted: _Wanted, error: BaseException | None, why: str = ""
) -> None:
    """Remember a conversation fetched (or failed) in ``threads``, in a transaction of its own."""
    # A passing failure is noted with a count of -1, which any count outgrows: tried next run.
    passing = isinstance(error, TransportError | RateLimited | ServerError)
    count = -1 if passing else wanted.replies_count
    with archive.connection() as db, db:
        db.execute(
            "INSERT OR REPLACE INTO threads VALUES (?,?,?,?,?,?)",
            (wanted.uri, instance, wanted.id, count, iso(datetime.now(UTC)), why or None),
        )


async def fetch_conversations(
    archive: Archive,
    spec: HarvestSpec,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_progress: Callable[[ConversationResult], None] | None = None,
) -> list[ConversationResult]:
    """Fetch and store the conversations of the statuses harvested for ``spec``; one result per instance.

    Run after :func:`~tootkit.store.harvest` with the same spec. Each
    instance gets its own client (its token only, its own rate limit), and
    up to ``concurrency`` instances are asked at once, one request after
    another on each. A conversation that fails is noted and skipped; an
    instance that cannot be reached stops that instance only.

    Examples:
        >>> with Archive("research.sqlite", create=True) as archive:  # doctest: +SKIP
        ...     asyncio.run(harvest(archive, spec))
        ...     results = asyncio.run(fetch_conversations(archive, spec))
        >>> [(r.instance, r.fetched, r.new) for r in results]  # doctest: +SKIP
        [('mastodon.social', 12, 85)]
    """
    wanted = _wanted(archive, spec)
    results = {url: ConversationResult(instance=instance_key(url)) for url in spec.instances}
    writer = PageWriter(archive)

    def report(result: ConversationResult) -> None:
        if on_progress is not None:
            on_progress(result)

    async def one_instance(url: str) -> None:
        result = results[url]
        mine = wanted[result.instance]
        if not mine:
            result.done = True
            return
        try:
            async with (
                asyncio.timeout(spec.instance_timeout),
                AsyncClient(url, access_token=spec.token_for(url), **spec.options) as client,
            ):
                await _conversations(client, writer, archive, result, mine, report)
        except ArchiveError:
            raise
        except Exception as exc:
            result.error = exc
        result.done = True
        report(result)

    await alongside(writer, spec.instances, one_instance, concurrency)
    return list(results.values())


async def _conversations(
    client: AsyncClient,
    writer: PageWriter,
    archive: Archive,
    result: ConversationResult,
    mine: Sequence[_Wanted],
    report: Callable[[ConversationResult], None],
) -> None:
    """Fetch one instance's conversations that are new or grew, one request after another."""
    grown = await _grown(client, archive, mine)
    result.wanted = len(grown)
    seen: set[str] = set()  # ids of descendants already stored in this run
    for wanted in grown:
        if wanted.id in seen:
            result.covered += 1
            _note(archive, result.instance, wanted, None)
            continue
        try:
            page, descendants = await fetch_conversation(
                client, result.instance, wanted.uri, wanted.id
            )
        except (APIError, DecodeError) as exc:
            why = describe_failure(exc, result.instance, timing=False)
            result.failed.append((wanted.uri, why))
            _note(archive, result.instance, wanted, exc, why)
            report(result)
            continue
        except TransportError as exc:
            _note(archive, result.instance, wanted, exc, str(exc))
            raise
        seen.update(descendants)
        result.statuses += len(page.statuses)
        result.new += await writer.write(page)
        result.fetched += 1
        _note(archive, result.instance, wanted, None)
        report(result)


async def _grown(
    client: AsyncClient, archive: Archive, candidates: Sequence[_Wanted]
) -> list[_Wanted]:
    """The candidates never fetched, and those fetched before whose ``replies_count`` grew since.

    A status harvested once is not seen again by later harvests, so its
    count is asked for anew: 20 statuses a request (``GET /api/v1/statuses``,
    Mastodon 4.3+). A server without that endpoint leaves the counts as the
    archive has them.
    """
    known = [c for c in candidates if c.fetched_with is not None and c.fetched_with >= 0]
    counts: dict[str, int] = {}
    for start in range(0, len(known), BATCH):
        batch = known[start : start + BATCH]
        try:
            fresh = await client.statuses.get_many([c.id for c in batch])
        except (APIError, DecodeError):
            break  # an older server: the counts the archive holds are all there is
        counts.update((status.id, status.replies_count) for status in fresh)
    grown = []
    raised = []
    for wanted in candidates:
        replies = max(wanted.replies_count, counts.get(wanted.id, 0))
        if replies > wanted.replies_count:
            raised.append((replies, wanted.uri, replies))
        if wanted.fetched_with is None or replies > wanted.fetched_with:
            grown.append(attrs.evolve(wanted, replies_count=replies))
    with archive.connection() as db, db:
        db.executemany(
            "UPDATE statuses SET replies_count=? WHERE uri=? AND replies_count < ?", raised
        )
    return grown
