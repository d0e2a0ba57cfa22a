"""A dataset's shareable form, and back: :func:`dehydrate` and :func:`hydrate`.

Posts belong to the people who wrote them: a study publishes the ids of its
statuses, and whoever checks it fetches them again, getting only what is
still there. :func:`dehydrate` writes a CSV with one row a status (``uri``,
``instance``, ``id``, ``created_at``, and ``tag``: the hashtags it was
harvested under, space-separated), with no text and no account. Deleted
statuses and context (``--replies``) are left out, and counted.

:func:`hydrate` asks each row's instance for the status again by its id,
20 to a request where the server allows; where that instance answers 404
and a token is given for it, the ``uri`` is looked up with
``/api/v2/search?resolve=true``. What comes back is stored in a new archive
with a sighting per tag on that instance, so that the hydrated archive
equals the original, less what was deleted since.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from tootkit._async.client import AsyncClient
from tootkit._core.request import make_request
from tootkit.errors import APIError, ArchiveError, DecodeError
from tootkit.models import SearchResults, Status
from tootkit.store._archive import Archive
from tootkit.store._harvest import DEFAULT_CONCURRENCY
from tootkit.store._refetch import (
    Refetched,
    instance_base,
    raw_items,
    refetch,
    with_raw,
)
from tootkit.store._rows import Page, instance_to_ask
from tootkit.store._spec import scope_tokens
from tootkit.store._writer import each_instance

__all__ = ["COLUMNS", "Dehydrated", "HydrateResult", "IdRow", "dehydrate", "hydrate", "read_ids"]

COLUMNS = ("uri", "instance", "id", "created_at", "tag")
"""The columns of a dehydrated dataset, in order; ``created_at`` and ``tag`` may be left out."""


@attrs.frozen
class IdRow:
    """One status of a dehydrated dataset."""

    uri: str
    instance: str
    """The instance to ask, as ``host[:port]``."""
    id: str
    """The status's id on that instance."""
    created_at: str = ""
    tags: tuple[str, ...] = ()
    """The hashtags it was harvested under; none: stored with the tag ``""``."""


@attrs.frozen
class Dehydrated:
    """What :func:`dehydrate` wrote, and what it left out."""

    rows: int
    deleted: int
    context: int


def dehydrate(archive: Archive, out: TextIO) -> Dehydrated:
    """Write the statuses of ``archive`` as ids to ``out`` (CSV with a header); what it wrote and left out.

    Each status is named on one instance that returned it: its own (the host
    of its ``uri``) when that is one, else the first by name.

    Examples:
        >>> import io
        >>> with Archive(":memory:") as archive:
        ...     dehydrate(archive, io.StringIO())
        Dehydrated(rows=0, deleted=0, context=0)
    """
    # An archive of an earlier tootkit, opened read-only, knows no deletions.
    kept = "s.deleted_at IS NULL" if archive._current() else "1"
    query = (
        "SELECT s.uri, g.instance, g.id, s.created_at, group_concat(g.tag, ' ') "  # noqa: S608
        f"FROM statuses s JOIN sightings g ON g.uri = s.uri WHERE {kept} "
        "GROUP BY s.uri, g.instance ORDER BY s.created_at, s.uri, g.instance"
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    rows = 0
    with archive.connection() as db:
        found = db.execute(query).fetchall()
    by_uri: dict[str, dict[str, tuple[str, str, str]]] = {}
    for uri, instance, id_, created_at, tags in found:
        by_uri.setdefault(uri, {})[instance] = (id_, created_at, tags)
    for uri, places in by_uri.items():
        instance = instance_to_ask(uri, list(places))  # in name order, as the query sorts them
        id_, created_at, _ = places[instance]
        every = sorted({t for _, _, tags in places.values() for t in tags.split(" ") if t})
        writer.writerow((uri, instance, id_, created_at, " ".join(every)))
        rows += 1
    # Only deletions and context are said: counting opt-outs would decode every status.
    left = archive.left_out(include_opted_out=True)
    return Dehydrated(rows=rows, deleted=left.deleted, context=left.context)


def read_ids(source: Path) -> list[IdRow]:
    """The rows of a dehydrated dataset; a file that is not one raises ``ValueError`` naming the line.

    Examples:
        >>> read_ids(Path("ids.csv"))[0]  # doctest: +SKIP
        IdRow(uri='https://mastodon.social/users/grace/statuses/1', instance='mastodon.social', ...)
    """
    try:
        with source.open(newline="", encoding="utf-8") as file:
            return _parse(source, file)
    except UnicodeDecodeError as exc:
        raise ValueError(f"{source} is not a dehydrated dataset: it is not UTF-8 text") from exc
    except OSError as exc:
        raise ValueError(f"cannot read {source}: {exc.strerror or exc}") from exc


def _parse(source: Path, file: TextIO) -> list[IdRow]:
    reader = csv.reader(file)
    try:
        header = next(reader, None)
        if header is None or not {"uri", "instance", "id"} <= set(header):
            raise ValueError(
                f"{source}, line 1: not a dehydrated dataset: the header must name uri, instance, id"
            )
        place = {name: header.index(name) for name in COLUMNS if name in header}
        rows = []
        for cells in reader:
            line = reader.line_num
            if not cells:
                continue
            if len(cells) != len(header):
                raise ValueError(f"{source}, line {line}: {len(cells)} cells, not {len(header)}")
            row = {name: cells[at].strip() for name, at in place.items()}
            if "://" not in row["uri"] or not row["instance"] or not row["id"]:
                raise ValueError(f"{source}, line {line}: no uri, instance or id")
            if "/" in row["instance"] or "/" in row["id"]:
                raise ValueError(f"{source}, line {line}: the instance or id has a '/' in it")
            tags = tuple(t for t in row.get("tag", "").split(" ") if t)
            rows.append(
                IdRow(
                    row["uri"], row["instance"].lower(), row["id"], row.get("created_at", ""), tags
                )
            )
    except csv.Error as exc:
        raise ValueError(f"{source}, line {reader.line_num}: {exc}") from exc
    return rows


@attrs.define
class HydrateResult:
    """What hydrating one instance's rows did."""

    instance: str
    wanted: int = 0
    came_back: int = 0
    deleted: int = 0
    """Answered 404 or 410, and not found by search either."""
    failed: list[tuple[str, str]] = attrs.field(factory=list)
    """``(id, why)`` of rows the instance would not tell about."""
    error: BaseException | None = None
    """Why the instance could not be reached, if it could not: its rows are not counted as deleted."""
    done: bool = False

    @property
    def unreachable(self) -> int:
        """Rows that neither came back nor were found deleted."""
        return self.wanted - self.came_back - self.deleted


async def _search(client: AsyncClient, uri: str) -> tuple[Status, bytes] | None:
    """The status at ``uri`` as the instance finds it by search, with its raw JSON, or None."""
    params = {"q": uri, "type": "statuses", "resolve": "true", "limit": 1}
    request = make_request("GET", "/api/v2/search", params=params)
    try:
        found, body = await with_raw(client, request, SearchResults)
    except (APIError, DecodeError):
        return None
    if not found.statuses:
        return None
    return found.statuses[0], raw_items(body, "statuses")[0]


async def _hydrate_one(
    client: AsyncClient,
    archive: Archive,
    rows: Sequence[IdRow],
    result: HydrateResult,
    searching: bool,
    report: Callable[[HydrateResult], None],
) -> None:
    by_id = {row.id: row for row in rows}
    async for said in refetch(client, list(by_id)):
        found = list(said.found)
        gone = []
        for id_ in said.gone:
            hit = await _search(client, by_id[id_].uri) if searching else None
            if hit is None:
                gone.append(id_)
            else:
                found.append((id_, *hit))
        _keep(archive, result.instance, by_id, Refetched(found, gone, said.failed))
        result.came_back += len(found)
        result.deleted += len(gone)
        result.failed.extend(said.failed)
        report(result)


def _keep(archive: Archive, instance: str, by_id: Mapping[str, IdRow], said: Refetched) -> None:
    """Store what came back: one page per tag, so each status has a sighting per tag it had."""
    pages: dict[str, tuple[list[Status], list[bytes]]] = {}
    for id_, status, raw in said.found:
        for tag in by_id[id_].tags or ("",):
            statuses, raws = pages.setdefault(tag, ([], []))
            statuses.append(status)
            raws.append(raw)
    archive.store_pages([Page(instance, tag, s, r) for tag, (s, r) in pages.items()])


async def hydrate(
    rows: Sequence[IdRow],
    archive: Archive,
    *,
    tokens: Mapping[str, str] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_progress: Callable[[HydrateResult], None] | None = None,
    **options: Any,
) -> list[HydrateResult]:
    """Fetch every row again from its instance into ``archive``; one result per instance.

    ``tokens`` maps an instance to its token, which goes to that instance
    only; where one is given, a status its id no longer finds is looked up
    by its ``uri``. ``options`` go to each :class:`~tootkit.AsyncClient`.

    Examples:
        >>> with Archive("again.sqlite", create=True) as archive:  # doctest: +SKIP
        ...     results = asyncio.run(hydrate(read_ids(Path("ids.csv")), archive))
        >>> [(r.instance, r.came_back, r.deleted, r.unreachable) for r in results]  # doctest: +SKIP
        [('mastodon.social', 995, 5, 0)]
    """
    # A row given twice is asked for once, with the tags of both.
    mine: dict[str, dict[str, IdRow]] = {}
    for row in rows:
        same = mine.setdefault(row.instance, {}).get(row.id)
        if same is not None:
            row = attrs.evolve(row, tags=tuple(dict.fromkeys((*same.tags, *row.tags))))
        mine[row.instance][row.id] = row
    scoped = scope_tokens(tokens, [instance_base(key) for key in mine])

    def report(result: HydrateResult) -> None:
        if on_progress is not None:
            on_progress(result)

    async def one_instance(key: str) -> HydrateResult:
        result = HydrateResult(instance=key, wanted=len(mine[key]))
        url = instance_base(key)
        token = scoped.get(url)
        try:
            async with AsyncClient(url, access_token=token, **options) as client:
                await _hydrate_one(
                    client, archive, list(mine[key].values()), result, token is not None, report
                )
        except ArchiveError:
            raise
        except Exception as exc:
            result.error = exc
        result.done = True
        report(result)
        return result

    return await each_instance(sorted(mine), one_instance, concurrency)
