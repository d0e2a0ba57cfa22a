"""The interaction network of an archive: who replied to, boosted, mentioned and quoted whom.

:func:`edges` reads the statuses an export reads (deleted ones never; the
context of ``--replies`` only when asked) and yields one :class:`Edge` an
interaction, with both accounts as ``user@domain``. An edge list is the form
every network tool reads: networkx, igraph, Gephi, R's igraph and tidygraph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime

import attrs
import orjson

from tootkit._convert import converter
from tootkit._records import full_acct
from tootkit.models import Quote, ShallowQuote, Status
from tootkit.store._archive import Archive
from tootkit.store._optouts import OptOuts, authors

__all__ = ["EDGE_FIELDS", "EDGE_KINDS", "Edge", "edges"]

EDGE_FIELDS = ("source", "target", "kind", "status_uri", "created_at")
"""The columns of an edge list, in order."""

EDGE_KINDS = ("reply", "boost", "mention", "quote")
"""What an edge can stand for."""


@attrs.frozen
class Edge:
    """One interaction: ``source`` replied to, boosted, mentioned or quoted ``target``.

    ``status_uri`` is the status that made the interaction (the reply, the
    boost, the post that mentions or quotes) and ``created_at`` its date.

    Examples:
        >>> from datetime import UTC, datetime
        >>> e = Edge("ada@a.example", "grace@b.example", "reply", "https://a.example/1",
        ...          datetime(2025, 1, 1, tzinfo=UTC))
        >>> e.row()["kind"], e.row()["target"]
        ('reply', 'grace@b.example')
    """

    source: str
    target: str
    kind: str
    status_uri: str
    created_at: datetime | None

    def row(self) -> dict[str, object]:
        """The edge as a dict with the keys of :data:`EDGE_FIELDS`."""
        return {name: getattr(self, name) for name in EDGE_FIELDS}


def edges(
    archive: Archive,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    tag: str | None = None,
    include_context: bool = False,
    include_opted_out: bool = False,
    require_indexable: bool = False,
    name: Callable[[str], str] | None = None,
    link: Callable[[str], str] | None = None,
    opted_out: Callable[[str], bool] | None = None,
    unresolved: Counter[str] | None = None,
    tally: OptOuts | None = None,
) -> Iterator[Edge]:
    """Yield the interactions of the statuses an export of the same query reads, oldest first.

    Per status, in this order:

    - a boost gives one ``boost`` edge, booster to the boosted status's
      author, and nothing else: what the boosted status says is its author's;
    - a reply gives a ``reply`` edge to the author of the status it replies
      to. Mastodon names that account only by its id on the instance, so it
      is looked up among the status's mentions, then among the archive's
      statuses (the replied-to status, by its id on that instance). A reply
      whose author stays unknown gives no edge and counts one ``"reply"`` in
      ``unresolved``. A reply to oneself (a thread) is a self-loop;
    - each mention gives a ``mention`` edge. Mastodon mentions the author of
      the replied-to status in every reply, so a reply usually also gives a
      mention of the same account: keep one ``kind`` to count it once;
    - an accepted quote (Mastodon 4.4+) gives a ``quote`` edge to the quoted
      status's author; a quote sent by id only (a nested quote) is looked up
      in the archive like a reply, and counts one ``"quote"`` in
      ``unresolved`` when it is not there. A quote that is pending, rejected
      or revoked gives none: the quoted author did not accept it.

    ``name`` maps each ``user@domain`` to what is written instead (a
    pseudonym, for instance), and ``link`` each status's ``uri``, which
    names its author in its path. Accounts that opted out (see
    :func:`~tootkit.store.opted_out`; with ``require_indexable``, every
    account not ``indexable: true``) are left out as exports leave them out,
    unless ``include_opted_out``: an edge that touches one is dropped, so
    that it appears on neither end. ``opted_out`` replaces that rule with
    one of your own, a predicate on ``user@domain``. ``tally`` counts the
    statuses left out, as :meth:`Archive.rows` does, for
    :meth:`Archive.left_out` to report without reading the archive again.

    Examples:
        >>> from collections import Counter
        >>> with Archive("research.sqlite", read_only=True) as archive:  # doctest: +SKIP
        ...     missing = Counter()
        ...     replies = [e for e in edges(archive, unresolved=missing) if e.kind == "reply"]
        ...     missing["reply"]
        3
    """
    rename, relink = name or _same, link or _same
    if opted_out is not None:
        keep_out = opted_out
    elif include_opted_out:
        keep_out = _nobody
    else:
        keep_out = opted_out_accounts(archive, require_indexable=require_indexable).__contains__
    rows = archive.rows(
        since=since,
        until=until,
        tag=tag,
        include_context=include_context,
        include_opted_out=include_opted_out,
        require_indexable=require_indexable,
        tally=tally,
    )
    authors = _Authors(archive)
    for row in rows:
        status = converter.loads(row.raw, Status)
        for source, target, kind in _interactions(authors, status, row.instance, unresolved):
            if keep_out(source) or keep_out(target):
                continue
            uri = relink(status.uri) if status.uri else status.uri
            yield Edge(rename(source), rename(target), kind, uri, status.created_at)


def opted_out_accounts(archive: Archive, *, require_indexable: bool = False) -> set[str]:
    """Every account of the archive that opted out, as ``user@domain`` (one pass over it)."""
    found: set[str] = set()
    decided = OptOuts(require_indexable)  # decides once per profile, as an export does
    for row in archive.rows(include_context=True, include_opted_out=True):
        for account in authors(orjson.loads(row.raw)):
            if decided._decide(account, row.instance)[1] is not None:
                found.add(full_acct(str(account.get("acct") or ""), row.instance))
    return found


def _same(acct: str) -> str:
    return acct


def _nobody(acct: str) -> bool:
    return False


def _interactions(
    authors: _Authors, status: Status, instance: str, unresolved: Counter[str] | None
) -> Iterator[tuple[str, str, str]]:
    """``(source, target, kind)`` for each interaction of one status, as ``user@domain``."""
    author = full_acct(status.account.acct, instance)
    if status.reblog is not None:
        yield author, full_acct(status.reblog.account.acct, instance), "boost"
        return
    if status.in_reply_to_id is not None:
        target = _replied_to(authors, status, instance)
        if target is not None:
            yield author, target, "reply"
        elif unresolved is not None:
            unresolved["reply"] += 1
    for mention in status.mentions:
        yield author, full_acct(mention.acct, instance), "mention"
    quote = status.quote
    if isinstance(quote, Quote) and quote.state in ("accepted", ""):
        if quote.quoted_status is not None:
            yield author, full_acct(quote.quoted_status.account.acct, instance), "quote"
        elif unresolved is not None:
            unresolved["quote"] += 1
    elif isinstance(quote, ShallowQuote) and quote.state in ("accepted", ""):
        quoted = authors(instance, quote.quoted_status_id)
        if quoted is not None:
            yield author, quoted, "quote"
        elif unresolved is not None:
            unresolved["quote"] += 1


def _replied_to(authors: _Authors, status: Status, instance: str) -> str | None:
    """The author of the status that ``status`` replies to, as ``user@domain``, if known."""
    account_id = status.in_reply_to_account_id
    if account_id is not None:
        if account_id == status.account.id:
            return full_acct(status.account.acct, instance)
        for mention in status.mentions:
            if mention.id == account_id:
                return full_acct(mention.acct, instance)
    return authors(instance, status.in_reply_to_id)


class _Authors:
    """The author of the status with an id on an instance, as ``user@domain``, if the archive holds it.

    A status is known by its id on every instance that returned it: as a hit
    (``sightings``) or as context, both indexed by ``(instance, id)``. The
    first instance's id is also in the status's own row, which no index
    covers: the few statuses known there only (neither a sighting nor context
    there) are read in one pass, at the first id the indexes do not know, so
    that a reply to a status the archive lacks costs a lookup, not a scan.
    """

    def __init__(self, archive: Archive) -> None:
        self._archive = archive
        tables = ["sightings", "context"] if archive._current() else ["sightings"]
        # Only table names chosen here go into the queries, never a value.
        listed = [
            f"SELECT s.account_acct FROM statuses s JOIN {t} o ON o.uri = s.uri "  # noqa: S608
            "WHERE o.instance = ? AND o.id = ?"
            for t in tables
        ]
        self._listed = " UNION ".join(listed) + " LIMIT 1"
        elsewhere = [
            f"NOT EXISTS (SELECT 1 FROM {t} o WHERE o.instance = s.instance AND o.id = s.id)"  # noqa: S608
            for t in tables
        ]
        self._unlisted_query = (
            f"SELECT instance, id, account_acct FROM statuses s WHERE {' AND '.join(elsewhere)}"  # noqa: S608
        )
        self._arguments = len(tables)
        self._unlisted: dict[tuple[str, str], str] | None = None

    def __call__(self, instance: str, status_id: str | None) -> str | None:
        if status_id is None:
            return None
        with self._archive.connection() as db:
            found = db.execute(self._listed, [instance, status_id] * self._arguments)
            row = found.fetchone()
            if row is not None:
                return str(row[0])
            if self._unlisted is None:
                self._unlisted = {
                    (i, id_): str(acct) for i, id_, acct in db.execute(self._unlisted_query)
                }
        return self._unlisted.get((instance, status_id))
