"""Flat records of statuses, for pandas, polars, CSV and Parquet."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Literal

from tootkit.html import to_text
from tootkit.models import Status

__all__ = ["RECORD_FIELDS", "RECORD_TYPES", "csv_cell", "full_acct", "full_text", "records"]

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

RECORD_TYPES: dict[str, str] = {
    "id": "string",
    "uri": "string",
    "url": "string",
    "created_at": "timestamp",
    "account_id": "string",
    "account_acct": "string",
    "account_display_name": "string",
    "language": "string",
    "visibility": "string",
    "sensitive": "bool",
    "spoiler_text": "string",
    "text": "string",
    "tags": "string",
    "mentions": "string",
    "media_count": "int",
    "reblog_of": "string",
    "in_reply_to_id": "string",
    "replies_count": "int",
    "reblogs_count": "int",
    "favourites_count": "int",
}
"""The type of each column, whatever the values: two exports of one study concatenate.

``timestamp`` is an aware UTC datetime, ``int`` a 64-bit integer; any column may be null.
"""


def full_acct(acct: str, instance: str | None) -> str:
    """``acct`` as ``user@domain``: an account local to ``instance`` gets its domain.

    Mastodon leaves the domain out of local accounts, so ``grace`` on two
    instances would be two people with one name.

    Examples:
        >>> full_acct("grace", "https://mastodon.social"), full_acct("ada@example.org", "x.y")
        ('grace@mastodon.social', 'ada@example.org')
    """
    if instance is None or "@" in acct.lstrip("@") or not acct:
        return acct
    domain = instance.split("://", 1)[-1].rstrip("/")
    return f"{acct}@{domain}"


def full_text(status: Status) -> str:
    """The plain text of a status with every link in full, as the archive and exports keep it.

    Examples:
        >>> from tootkit.models import Account
        >>> s = Status(id="1", account=Account(id="2"),
        ...            content='<p><a href="https://e.x/long">e.x/lo…</a></p>')
        >>> full_text(s)
        'https://e.x/long'
    """
    return to_text(status.content, links="full", status=status)


def _record(status: Status, instance: str | None, links: str) -> dict[str, Any]:
    shown = status.reblog or status
    return {
        "id": status.id,
        "uri": status.uri,
        "url": status.url,
        "created_at": status.created_at,
        "account_id": status.account.id,
        "account_acct": full_acct(status.account.acct, instance),
        "account_display_name": status.account.display_name,
        "language": shown.language,
        "visibility": str(status.visibility) if status.visibility is not None else None,
        "sensitive": shown.sensitive,
        "spoiler_text": shown.spoiler_text,
        "text": shown.text if links == "visible" else full_text(shown),
        "tags": " ".join(tag.name for tag in shown.tags),
        "mentions": " ".join(mention.acct for mention in shown.mentions),
        "media_count": len(shown.media_attachments),
        "reblog_of": status.reblog.uri if status.reblog is not None else None,
        "in_reply_to_id": status.in_reply_to_id,
        "replies_count": shown.replies_count,
        "reblogs_count": shown.reblogs_count,
        "favourites_count": shown.favourites_count,
    }


def records(
    statuses: Iterable[Status],
    *,
    instance: str | None = None,
    links: Literal["visible", "full"] = "visible",
) -> Iterator[dict[str, Any]]:
    """One flat dict per status, ready for ``pandas.DataFrame(...)`` or ``polars.DataFrame(...)``.

    A boost's record is the boost (its id, author and date) with the boosted
    status's text, tags and counts, and ``reblog_of`` set to the boosted
    status's ``uri``. ``tags`` and ``mentions`` are space-separated;
    ``created_at`` is an aware datetime. It is lazy: a generator over the input.

    ``instance`` is where the statuses came from: given, ``account_acct`` is
    always ``user@domain``, since Mastodon leaves the domain out for accounts
    local to the instance. ``links="full"`` puts the full URL of each link in
    ``text`` instead of what a reader sees (``example.com/long-pa…``).

    Examples:
        >>> import tootkit
        >>> from tootkit.models import Account
        >>> s = Status(id="1", uri="u", account=Account(id="2", acct="a"), content="<p>hi</p>")
        >>> row = next(tootkit.records([s]))
        >>> row["account_acct"], row["text"]
        ('a', 'hi')
    """
    for status in statuses:
        yield _record(status, instance, links)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any, *, neutralize: bool = True) -> Any:
    """A record value as a CSV cell: ISO dates, booleans as true/false, None as empty.

    With ``neutralize`` (the default), a text that a spreadsheet would run as
    a formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return) gets a leading ``'``, as the OWASP guidance on CSV
    injection advises. Replies start with ``@`` all the time.

    Examples:
        >>> csv_cell("@grace thanks!"), csv_cell("=1+1", neutralize=False), csv_cell(None)
        ("'@grace thanks!", '=1+1', '')
    """
    if isinstance(value, str):
        return "'" + value if neutralize and value.startswith(_FORMULA_STARTS) else value
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value
