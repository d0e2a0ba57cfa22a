"""What a page of harvested statuses becomes in the archive: :class:`Page`, and its rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import attrs
import orjson

from tootkit._core.origins import origin_of
from tootkit._records import full_acct, full_text
from tootkit.models import Status
from tootkit.store._coverage import Span
from tootkit.store._schema import iso

__all__ = ["Page", "instance_to_ask", "raw_bytes", "status_rows", "status_uri"]


@attrs.frozen
class Page:
    """A page to store: statuses from one (instance, tag), their raw JSON, and the coverage after it."""

    instance: str
    tag: str
    statuses: Sequence[Status]
    raws: Sequence[Any]
    coverage: Sequence[Span] | None = None
    finished: tuple[datetime | None, datetime | None] | None = None
    """``(since, until)`` when this page ends the partition's harvest for these bounds."""
    context_of: str | None = None
    """The ``uri`` of the status whose conversation these statuses are: they are stored with a
    ``context_of`` link instead of a hashtag sighting (``--replies``)."""
    deleted: Sequence[tuple[str, datetime]] = ()
    """``(id on this instance, when)`` of statuses a stream said were deleted."""


def status_uri(status: Status, instance: str) -> str:
    """A status's ``uri``, or one made from its instance and id when a server sent none."""
    return status.uri or f"{instance}/{status.id}"


def instance_to_ask(uri: str, instances: Sequence[str]) -> str:
    """Which of ``instances``, each of which returned the status at ``uri``, to ask about it.

    Its own (the server of its ``uri``, :func:`~tootkit._core.origins.origin_of`:
    replies and edits reach it first) when that is one of them, else the first.

    Examples:
        >>> instance_to_ask("https://B.example/users/ada/statuses/1", ["a.example", "b.example"])
        'b.example'
        >>> instance_to_ask("https://c.example/users/ada/statuses/1", ["a.example", "b.example"])
        'a.example'
    """
    home = origin_of(uri, None)
    key = home.split("://", 1)[1] if home is not None else ""
    return key if key in instances else instances[0]


def raw_bytes(raw: Any) -> bytes:
    """A status's raw JSON as the archive keeps it: the bytes the server sent, or its JSON."""
    return raw if isinstance(raw, bytes) else orjson.dumps(raw)


def status_rows(page: Page, known: set[str]) -> list[tuple[Any, ...]]:
    """The rows of the statuses of ``page`` whose uri is not ``known``."""
    rows = []
    instance = page.instance
    for status, raw in zip(page.statuses, page.raws, strict=True):
        if status_uri(status, instance) in known:
            continue  # stored from another instance: its text need not be made again
        shown = status.reblog or status
        rows.append(
            (
                status_uri(status, instance),
                status.id,
                instance,
                iso(status.created_at),
                full_acct(status.account.acct, instance),
                shown.language,
                full_text(shown),
                " ".join(t.name for t in shown.tags),
                status.reblog.uri if status.reblog is not None else None,
                status.in_reply_to_id,
                status.replies_count,
                status.reblogs_count,
                status.favourites_count,
                raw_bytes(raw),
                iso(status.edited_at) if status.edited_at is not None else None,
                None,
            )
        )
    return rows
