"""Checking an archive against its instances again: :func:`refresh`.

A status harvested last month may have been deleted or edited since. A
refresh asks the instance that returned each status for it again, by its id
there (20 to a request where the server allows, :mod:`~tootkit.store._refetch`).
A 404 or 410 marks it deleted: it keeps its ``uri``, id and ``created_at``,
but no text, and exports leave it out. A new ``edited_at`` adds a version
(:meth:`~tootkit.store.Archive.versions`). Each batch is stored in a
transaction of its own, so an interrupted refresh keeps what it found.

The ``checked`` table remembers when each status was last asked for, so that
``older_than`` asks only for those not checked since; the ``refreshes``
table logs each instance's refresh: when, how many checked, deleted, edited.
An instance that cannot be reached (refused, DNS, TLS) is reported, and
nothing of it is marked.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from tootkit._async.client import AsyncClient
from tootkit.errors import ArchiveError
from tootkit.store._archive import Archive
from tootkit.store._harvest import DEFAULT_CONCURRENCY
from tootkit.store._history import known, mark_deleted, revise
from tootkit.store._refetch import Refetched, instance_base, refetch
from tootkit.store._rows import Page, instance_to_ask
from tootkit.store._schema import iso
from tootkit.store._spec import scope_tokens
from tootkit.store._writer import each_instance

__all__ = ["RefreshResult", "refresh"]


@attrs.define
class RefreshResult:
    """What refreshing the statuses of one instance did."""

    instance: str
    wanted: int = 0
    """Statuses to check on this instance."""
    checked: int = 0
    """Of which the instance answered for (came back, or deleted)."""
    deleted: int = 0
    """Found deleted (404 or 410) and marked."""
    edited: int = 0
    """Found in a newer version, which was added."""
    failed: list[tuple[str, str]] = attrs.field(factory=list)
    """``(id, why)`` of statuses the instance would not tell about (403...): left as they were."""
    error: BaseException | None = None
    """What stopped this instance, if anything did (it could not be reached...)."""
    done: bool = False


def _targets(
    archive: Archive, older_than: timedelta | None, sample: int | None, seed: int | None
) -> dict[str, list[tuple[str, str]]]:
    """``{instance: [(uri, id there)]}``: each status not deleted, asked of one instance that returned it.

    The status's own instance (the host of its ``uri``) when it is one of
    them, else the first by name.
    """
    cutoff = iso(datetime.now(UTC) - older_than) if older_than is not None else None
    query = (
        "SELECT p.uri, p.instance, p.id FROM (SELECT uri, instance, id FROM sightings "
        "UNION SELECT uri, instance, id FROM context) p JOIN statuses s ON s.uri = p.uri "
        "LEFT JOIN checked c ON c.uri = p.uri WHERE s.deleted_at IS NULL "
        "AND (? IS NULL OR c.at IS NULL OR c.at < ?) ORDER BY s.created_at, p.uri, p.instance"
    )
    with archive.connection() as db:
        rows = db.execute(query, (cutoff, cutoff)).fetchall()
    places: dict[str, dict[str, str]] = {}
    for uri, instance, id_ in rows:
        places.setdefault(uri, {}).setdefault(instance, id_)
    uris = list(places)
    if sample is not None and sample < len(uris):
        drawn = set(random.Random(seed).sample(uris, sample))
        uris = [uri for uri in uris if uri in drawn]  # oldest first, as without a sample
    wanted: dict[str, list[tuple[str, str]]] = {}
    for uri in uris:
        found = places[uri]
        instance = instance_to_ask(uri, sorted(found))
        wanted.setdefault(instance, []).append((uri, found[instance]))
    return wanted


def _store(archive: Archive, instance: str, uris: Mapping[str, str], said: Refetched) -> int:
    """Store what a batch said, in one transaction; how many came in a newer version."""
    now = datetime.now(UTC)
    raws = [raw for _, _, raw in said.found]
    with archive.connection() as db, db:
        before = known(db, [uris[id_] for id_, _, _ in said.found])
        # The status's uri as the archive has it: a server may send another form of it.
        fixed = [attrs.evolve(status, uri=uris[id_]) for id_, status, _ in said.found]
        edited = revise(db, Page(instance, "", fixed, raws), before)
        mark_deleted(db, instance, [(id_, now) for id_ in said.gone])
        db.executemany(
            "INSERT OR REPLACE INTO checked VALUES (?,?)",
            [(uris[id_], iso(now)) for id_ in [*(i for i, _, _ in said.found), *said.gone]],
        )
    return edited


def _log(archive: Archive, result: RefreshResult) -> None:
    why = str(result.error) if result.error is not None else None
    with archive.connection() as db, db:
        db.execute(
            "INSERT INTO refreshes VALUES (?,?,?,?,?,?)",
            (
                iso(datetime.now(UTC)),
                result.instance,
                result.checked,
                result.deleted,
                result.edited,
                why,
            ),
        )


async def refresh(
    archive: Archive,
    *,
    tokens: Mapping[str, str] | None = None,
    older_than: timedelta | None = None,
    sample: int | None = None,
    seed: int | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_progress: Callable[[RefreshResult], None] | None = None,
    **options: Any,
) -> list[RefreshResult]:
    """Ask every archived status's instance for it again; mark deletions, add edits; one result per instance.

    ``tokens`` maps an instance of the archive to its token, which goes to
    that instance only. ``older_than`` checks only the statuses not checked
    in that long; ``sample`` checks a random ``sample`` of them (``seed``
    makes the draw repeatable). Up to ``concurrency`` instances are asked at
    once; ``options`` go to each :class:`~tootkit.AsyncClient` (``retry=``...).

    Examples:
        >>> with Archive("research.sqlite") as archive:  # doctest: +SKIP
        ...     results = asyncio.run(refresh(archive, older_than=timedelta(days=7)))
        >>> [(r.instance, r.checked, r.deleted, r.edited) for r in results]  # doctest: +SKIP
        [('mastodon.social', 1200, 14, 3)]
    """
    if archive.read_only:
        raise ArchiveError(f"{archive.path} is open read-only: a refresh writes to it")
    wanted = _targets(archive, older_than, sample, seed)
    with archive.connection() as db:
        keys = db.execute("SELECT instance FROM sightings UNION SELECT instance FROM context")
        scoped = scope_tokens(tokens, [instance_base(key) for (key,) in keys.fetchall()])

    def report(result: RefreshResult) -> None:
        if on_progress is not None:
            on_progress(result)

    async def one_instance(key: str) -> RefreshResult:
        mine = wanted[key]
        result = RefreshResult(instance=key, wanted=len(mine))
        uris = {id_: uri for uri, id_ in mine}
        url = instance_base(key)
        try:
            async with AsyncClient(url, access_token=scoped.get(url), **options) as client:
                async for said in refetch(client, [id_ for _, id_ in mine]):
                    result.edited += _store(archive, key, uris, said)
                    result.deleted += len(said.gone)
                    result.checked += len(said.found) + len(said.gone)
                    result.failed.extend(said.failed)
                    report(result)
        except ArchiveError:
            raise
        except Exception as exc:
            result.error = exc
        finally:
            # Also when interrupted: the log says how far it got.
            result.done = True
            _log(archive, result)
        report(result)
        return result

    return await each_instance(sorted(wanted), one_instance, concurrency)
