"""Reading an archive back: the rows of an export, and what an export leaves out.

What is read by default is what was harvested: statuses with a hashtag
sighting, never deleted ones. The statuses of a conversation fetched around
a hit (``--replies``) come only with ``include_context=True``, each with the
``uri`` of the hits it is context of. A query's dates and hashtag apply to
the hits; the context of a hit comes with it, whenever it was posted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, TypedDict, Unpack

import attrs
import orjson

from tootkit._convert import converter
from tootkit._core.hashtags import tag_key
from tootkit._records import records
from tootkit.models import Status
from tootkit.store._optouts import OptOuts
from tootkit.store._pseudonyms import Pseudonymizer
from tootkit.store._schema import iso

__all__ = ["LeftOut", "Query", "Readers", "StoredRow"]


class Query(TypedDict, total=False):
    """What :meth:`Readers.rows` and the readers built on it take; see :meth:`Readers.rows`."""

    since: datetime | None
    until: datetime | None
    tag: str | None
    include_context: bool
    include_opted_out: bool
    require_indexable: bool
    pseudonyms: Pseudonymizer | None
    tally: OptOuts | None


@attrs.frozen
class StoredRow:
    """A status as an export reads it: its raw JSON, the instances that returned it, and more."""

    raw: bytes
    instance: str
    """The first instance that returned it."""
    instances: list[str]
    """Every instance that returned it, sorted: as a hit, or for context as context."""
    context_of: list[str]
    """For a context status, the ``uri`` of each hit it is context of; empty for a hit."""


@attrs.frozen
class LeftOut:
    """How many statuses an export left out, and why."""

    deleted: int = 0
    context: int = 0
    opted_out: int = 0
    """Statuses of accounts that opted out (or, with ``require_indexable``, are not indexable)."""
    opted_out_accounts: tuple[tuple[str, int], ...] = ()
    """How many accounts were left out, by reason (``"noindex"``, ``"#nobot"``, ``"not indexable"``…)."""


def _hit(
    alias: str, since: datetime | None, until: datetime | None, tag: str | None
) -> tuple[str, list[Any]]:
    """The condition (and its parameters) that the status ``alias`` is a hit of the query."""
    # Only the alias and placeholders go into the query, never a value.
    sql = f"EXISTS (SELECT 1 FROM sightings g WHERE g.uri = {alias}.uri"  # noqa: S608
    params: list[Any] = []
    if tag is not None:
        sql += " AND g.tag = ?"
        params.append(tag_key(tag))
    sql += ")"
    if since is not None:
        sql += f" AND {alias}.created_at >= ?"
        params.append(iso(since))
    if until is not None:
        sql += f" AND {alias}.created_at <= ?"
        params.append(iso(until))
    return sql, params


def _context(
    since: datetime | None, until: datetime | None, tag: str | None
) -> tuple[str, list[Any]]:
    """The condition that the status ``s`` is context of a hit of the query."""
    hit, params = _hit("h", since, until, tag)
    sql = (
        "EXISTS (SELECT 1 FROM context c JOIN statuses h ON h.uri = c.context_of "  # noqa: S608
        f"WHERE c.uri = s.uri AND {hit})"
    )
    return sql, params


class Readers:
    """The reading half of :class:`~tootkit.store.Archive`."""

    _db: sqlite3.Connection

    def _guard(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _current(self) -> bool:
        """Whether the archive knows deletions and context; one of an earlier tootkit, opened
        read-only, does not, and is read as it is: every status is a hit."""
        with self._guard():
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(statuses)")}
        return "deleted_at" in columns

    def rows(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        tag: str | None = None,
        include_context: bool = False,
        include_opted_out: bool = False,
        require_indexable: bool = False,
        pseudonyms: Pseudonymizer | None = None,
        tally: OptOuts | None = None,
    ) -> Iterator[StoredRow]:
        """Yield a :class:`StoredRow` per status, oldest first: the hits of the query, and their context when asked.

        Deleted statuses are never yielded. One row at a time, so an export of
        millions of statuses stays small.

        The statuses of accounts that opted out (:func:`opted_out`) are left
        out unless ``include_opted_out``; with ``require_indexable``, so are
        those of every account not ``indexable: true``. ``tally`` counts
        them (with ``include_opted_out``, those it kept). With ``pseudonyms``,
        each raw JSON is made pseudonymous (:meth:`Pseudonymizer.raw`).

        Examples:
            >>> with Archive("research.sqlite", read_only=True) as archive:  # doctest: +SKIP
            ...     for row in archive.rows(tag="python", include_context=True):
            ...         print(row.instances, row.context_of)
        """
        for row, _ in self._read(
            decode=False, since=since, until=until, tag=tag, include_context=include_context,
            include_opted_out=include_opted_out, require_indexable=require_indexable,
            pseudonyms=pseudonyms, tally=tally,
        ):  # fmt: skip
            yield row

    def _read(self, *, decode: bool, **query: Unpack[Query]) -> Iterator[tuple[StoredRow, Any]]:
        """The rows of :meth:`rows`, each with its raw JSON decoded, or ``None`` unless ``decode``.

        Opt-outs and pseudonyms decode every status anyway: a reader that
        wants the JSON takes it from here rather than decoding it again.
        """
        include_opted_out = query.get("include_opted_out", False)
        tally, pseudonyms = query.get("tally"), query.get("pseudonyms")
        stored = self._stored(query.get("since"), query.get("until"), query.get("tag"),
                              query.get("include_context", False))  # fmt: skip
        if include_opted_out and tally is None and pseudonyms is None:
            for row in stored:
                yield row, orjson.loads(row.raw) if decode else None
            return
        tally = OptOuts(query.get("require_indexable", False)) if tally is None else tally
        for row in stored:
            status = orjson.loads(row.raw)
            if tally.leaves_out(status, row.instance) and not include_opted_out:
                continue
            if pseudonyms is not None:
                status = pseudonyms.raw(status, row.instance)
                row = attrs.evolve(
                    row,
                    raw=orjson.dumps(status),
                    context_of=[pseudonyms.url(uri) for uri in row.context_of],
                )
            yield row, status

    def _stored(
        self, since: datetime | None, until: datetime | None, tag: str | None, include_context: bool
    ) -> Iterator[StoredRow]:
        """The rows of the query as stored, before opt-outs and pseudonyms."""
        hit, params = _hit("s", since, until, tag)
        wanted = hit
        current = self._current()
        if include_context and current:
            context, more = _context(since, until, tag)
            wanted = f"({hit}) OR ({context})"
            params = [*params, *params, *more]
            shown = (
                f"CASE WHEN {hit} THEN NULL ELSE (SELECT group_concat(DISTINCT c.context_of) "  # noqa: S608
                "FROM context c WHERE c.uri = s.uri) END"
            )
        else:
            shown = "NULL"
        context_instances = (
            "(SELECT group_concat(DISTINCT c.instance) FROM context c WHERE c.uri = s.uri)"
            if current
            else "NULL"
        )
        query = (
            "SELECT s.raw, s.instance, coalesce((SELECT group_concat(DISTINCT g.instance) "  # noqa: S608
            f"FROM sightings g WHERE g.uri = s.uri), {context_instances}), {shown} FROM statuses s "
            f"WHERE {'s.deleted_at IS NULL' if current else '1'} AND ({wanted}) "
            "ORDER BY s.created_at, s.uri"
        )
        with self._guard():
            for raw, first, instances, context_of in self._db.execute(query, params):
                yield StoredRow(
                    raw=raw,
                    instance=first,
                    instances=sorted(instances.split(",")) if instances else [],
                    context_of=sorted(context_of.split(",")) if context_of else [],
                )

    def left_out(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        tag: str | None = None,
        include_context: bool = False,
        include_opted_out: bool = False,
        require_indexable: bool = False,
        tally: OptOuts | None = None,
    ) -> LeftOut:
        """How many statuses :meth:`rows` with the same query leaves out: deleted ones, context, opt-outs.

        ``tally``: the one :meth:`rows` filled, so that the archive is not
        read twice; without it the opt-outs are counted here.

        Examples:
            >>> with Archive("research.sqlite", read_only=True) as archive:  # doctest: +SKIP
            ...     archive.left_out(tag="python")
            LeftOut(deleted=12, context=40, opted_out=3, opted_out_accounts=(('#nobot', 1),))
        """
        if tally is None and not include_opted_out:
            tally = OptOuts(require_indexable)
            for _ in self.rows(since=since, until=until, tag=tag, include_context=include_context,
                               tally=tally):  # fmt: skip
                pass
        counted = (
            LeftOut(
                opted_out=tally.statuses,
                opted_out_accounts=tuple(sorted(tally.accounts.items())),
            )
            if tally is not None and not include_opted_out
            else LeftOut()
        )
        if not self._current():
            return counted
        hit, params = _hit("s", since, until, tag)
        context, more = _context(since, until, tag)
        deleted = f"({hit}) OR ({context})" if include_context else hit
        query = (
            f"SELECT count(*) FILTER (WHERE s.deleted_at IS NOT NULL AND ({deleted})), "  # noqa: S608
            f"count(*) FILTER (WHERE s.deleted_at IS NULL AND NOT ({hit}) AND ({context})) "
            "FROM statuses s"
        )
        args = [*params, *(more if include_context else []), *params, *more]
        with self._guard():
            gone, kept_apart = self._db.execute(query, args).fetchone()
        return attrs.evolve(counted, deleted=gone, context=0 if include_context else kept_apart)

    def statuses(self, **query: Unpack[Query]) -> Iterator[tuple[Status, Any, list[str]]]:
        """Yield ``(status, raw_json, instances)``, oldest first, optionally filtered.

        One row at a time, so an export of millions of statuses stays small.
        Deleted statuses are left out, and context unless ``include_context``;
        opt-outs as in :meth:`rows`, which takes the same keywords.
        """
        for row, data in self._read(decode=True, **query):
            # The fast path reads the model from the bytes; the dict is the one decoded.
            yield converter.loads(row.raw, Status), data, row.instances

    def raw_json(self, **query: Unpack[Query]) -> Iterator[tuple[Any, list[str]]]:
        """Yield ``(raw_json, instances)``, oldest first: each status exactly as the server sent it.

        No model is built, so it is the fastest way through an archive.
        """
        for row, data in self._read(decode=True, **query):
            yield data, row.instances

    def records(self, **query: Unpack[Query]) -> Iterator[dict[str, Any]]:
        """Yield one flat dict per status, oldest first: the columns of the CSV and Parquet exports.

        The columns of :func:`tootkit.records`, with ``account_acct`` always
        ``user@domain`` and ``text`` with links in full, plus ``instances``:
        the space-separated instances that returned the status. With
        ``include_context``, the context statuses come too, and every record
        has ``context_of``: the space-separated ``uri`` of the hits a context
        status belongs to, ``None`` for a hit.

        Examples:
            >>> import pandas  # doctest: +SKIP
            >>> with Archive("research.sqlite", read_only=True) as archive:  # doctest: +SKIP
            ...     frame = pandas.DataFrame(archive.records(tag="python"))
        """
        for row in self.rows(**query):
            status = converter.loads(row.raw, Status)
            record = next(records([status], instance=row.instance, links="full"))
            record["instances"] = " ".join(row.instances)
            if query.get("include_context"):
                record["context_of"] = " ".join(row.context_of) or None
            yield record
