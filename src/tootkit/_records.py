"""Flat records of statuses, for pandas, polars, CSV and Parquet."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from tootkit.models import Status

__all__ = ["RECORD_FIELDS", "records"]

RECORD_FIELDS = (
    "id",
    "uri",
    "url",
    "created_at",
    "account_id",
    "account_acct",
    "account_display_name",
    "language",
    "visibility",
    "sensitive",
    "spoiler_text",
    "text",
    "tags",
    "mentions",
    "media_count",
    "reblog_of",
    "in_reply_to_id",
    "replies_count",
    "reblogs_count",
    "favourites_count",
)
"""The columns of a record, in order."""


def _record(status: Status) -> dict[str, Any]:
    shown = status.reblog or status
    return {
        "id": status.id,
        "uri": status.uri,
        "url": status.url,
        "created_at": status.created_at,
        "account_id": status.account.id,
        "account_acct": status.account.acct,
        "account_display_name": status.account.display_name,
        "language": shown.language,
        "visibility": str(status.visibility) if status.visibility is not None else None,
        "sensitive": shown.sensitive,
        "spoiler_text": shown.spoiler_text,
        "text": shown.text,
        "tags": " ".join(tag.name for tag in shown.tags),
        "mentions": " ".join(mention.acct for mention in shown.mentions),
        "media_count": len(shown.media_attachments),
        "reblog_of": status.reblog.uri if status.reblog is not None else None,
        "in_reply_to_id": status.in_reply_to_id,
        "replies_count": shown.replies_count,
        "reblogs_count": shown.reblogs_count,
        "favourites_count": shown.favourites_count,
    }


def records(statuses: Iterable[Status]) -> Iterator[dict[str, Any]]:
    """One flat dict per status, ready for ``pandas.DataFrame(...)`` or ``polars.DataFrame(...)``.

    A boost's record is the boost (its id, author and date) with the boosted
    status's text, tags and counts, and ``reblog_of`` set to the boosted
    status's ``uri``. ``tags`` and ``mentions`` are space-separated;
    ``created_at`` is an aware datetime. It is lazy: a generator over the input.

    Example:
        >>> import tootkit
        >>> from tootkit.models import Account
        >>> s = Status(id="1", uri="u", account=Account(id="2", acct="a"), content="<p>hi</p>")
        >>> row = next(tootkit.records([s]))
        >>> row["account_acct"], row["text"]
        ('a', 'hi')
    """
    for status in statuses:
        yield _record(status)


def csv_value(value: Any) -> Any:
    """A record value as a CSV cell: ISO dates, booleans as true/false, None as empty."""
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value
