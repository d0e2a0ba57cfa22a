"""Statuses of accounts that opted out, or not, shaped like what Mastodon 4.3 sends.

The shapes follow the Account and Status entities of the Mastodon documentation
(../shared/reference/mastodon-docs.jsonl): mastodon-mock cannot set ``noindex``,
a note or profile fields, so these are stored straight into an archive.
"""

from __future__ import annotations

from typing import Any

from tootkit._convert import converter
from tootkit.models import Status
from tootkit.store import Archive

HOME = "a.example"
"""The instance the statuses are harvested from: its own accounts have no domain in ``acct``."""


def account(
    id_: str,
    acct: str,
    display_name: str,
    *,
    note: str = "<p>Writes about mathematics.</p>",
    fields: list[dict[str, Any]] | None = None,
    noindex: bool | None = False,
    indexable: bool = True,
) -> dict[str, Any]:
    """An account as a status carries it; ``acct`` without a domain is local to :data:`HOME`."""
    username, _, domain = acct.partition("@")
    host = domain or HOME
    return {
        "id": id_,
        "username": username,
        "acct": acct,
        "display_name": display_name,
        "locked": False,
        "bot": False,
        "discoverable": True,
        "indexable": indexable,
        "group": False,
        "created_at": "2022-11-04T00:00:00.000Z",
        "note": note,
        "url": f"https://{host}/@{username}",
        "uri": f"https://{host}/users/{username}",
        "avatar": f"https://files.{host}/accounts/avatars/{id_}/original/a.png",
        "avatar_static": f"https://files.{host}/accounts/avatars/{id_}/original/a.png",
        "header": f"https://{host}/headers/original/missing.png",
        "header_static": f"https://{host}/headers/original/missing.png",
        "followers_count": 12,
        "following_count": 30,
        "statuses_count": 200,
        "last_status_at": "2025-03-01",
        "hide_collections": None,
        "noindex": noindex,
        "emojis": [],
        "roles": [],
        "fields": fields or [],
    }


def hashtag_html(host: str, name: str) -> str:
    """A hashtag as Mastodon renders it in a note or a field."""
    return (
        f'<a href="https://{host}/tags/{name.lower()}" class="mention hashtag" rel="tag">'
        f"#<span>{name}</span></a>"
    )


def mention_html(url: str, username: str) -> str:
    """A mention as Mastodon renders it in a status."""
    return (
        f'<span class="h-card" translate="no"><a href="{url}" class="u-url mention">'
        f"@<span>{username}</span></a></span>"
    )


def status(
    id_: str,
    author: dict[str, Any],
    content: str,
    *,
    mentions: list[dict[str, Any]] | None = None,
    reblog: dict[str, Any] | None = None,
    minute: int = 0,
) -> dict[str, Any]:
    """A public status by ``author``, with the ``#research`` tag it was harvested for."""
    host = author["url"].split("/")[2]
    return {
        "id": id_,
        "created_at": f"2025-03-01T12:{minute:02d}:00.000Z",
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "en",
        "uri": f"https://{host}/users/{author['username']}/statuses/{id_}",
        "url": f"https://{host}/@{author['username']}/{id_}",
        "replies_count": 0,
        "reblogs_count": 0,
        "favourites_count": 1,
        "edited_at": None,
        "favourited": False,
        "reblogged": False,
        "muted": False,
        "bookmarked": False,
        "content": "" if reblog else content,
        "filtered": [],
        "reblog": reblog,
        "application": {"name": "Web", "website": None},
        "account": author,
        "media_attachments": [],
        "mentions": [
            {"id": m["id"], "username": m["username"], "url": m["url"], "acct": m["acct"]}
            for m in mentions or []
        ],
        "tags": [{"name": "research", "url": f"https://{HOME}/tags/research"}],
        "emojis": [],
        "card": None,
        "poll": None,
    }


def store(archive: Archive, statuses: list[dict[str, Any]], instance: str = HOME) -> None:
    """Store ``statuses`` as one harvested page of ``#research`` from ``instance``."""
    models = [converter.structure(s, Status) for s in statuses]
    archive.store_page(instance, "research", models, statuses)
