"""The JSON a Mastodon server sends, built from the fake's records.

Every builder returns plain ``dict``/``list`` values, shaped as Mastodon 4.x
sends them, so that tootkit's models structure them as they would a real
server's answer.

    >>> content_html("hi #Python", "https://fake.test", {"bob"})
    '<p>hi <a href="https://fake.test/tags/python" class="mention hashtag" rel="tag">#<span>Python</span></a></p>'
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tootkit.testing._store import Media

__all__ = [
    "account_json",
    "content_html",
    "iso",
    "media_json",
    "mentioned_names",
    "nodeinfo_json",
    "nodeinfo_links_json",
    "tag_names",
]

# A hashtag or a mention starts a word: "#python", "@bob"; "a#b" is neither.
_TOKEN = re.compile(r"(?<![\w@#])([#@])(\w+)", re.UNICODE)


def iso(moment: datetime) -> str:
    """A timestamp as Mastodon writes it, to the millisecond with a ``Z``.

    >>> from datetime import UTC, datetime
    >>> iso(datetime(2024, 5, 1, 12, 0, tzinfo=UTC))
    '2024-05-01T12:00:00.000Z'
    """
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def tag_names(text: str) -> list[str]:
    """The hashtags of a text, lower-cased, each once, in order of appearance.

    >>> tag_names("#Python and #python, #rust")
    ['python', 'rust']
    """
    seen: list[str] = []
    for sign, word in _TOKEN.findall(text):
        if sign == "#" and word.lower() not in seen:
            seen.append(word.lower())
    return seen


def mentioned_names(text: str, known: set[str]) -> list[str]:
    """The usernames of ``known`` that ``text`` mentions, each once.

    >>> mentioned_names("hi @bob and @nobody", {"bob"})
    ['bob']
    """
    seen: list[str] = []
    for sign, word in _TOKEN.findall(text):
        if sign == "@" and word in known and word not in seen:
            seen.append(word)
    return seen


def content_html(text: str, base: str, known: set[str]) -> str:
    """The HTML body Mastodon makes of a plain text: escaped, with linked tags and the mentions of ``known``."""

    def link(match: re.Match[str]) -> str:
        sign, word = match.group(1), match.group(2)
        if sign == "#":
            href = f"{base}/tags/{word.lower()}"
            return f'<a href="{href}" class="mention hashtag" rel="tag">#<span>{word}</span></a>'
        if word not in known:
            return match.group(0)
        return (
            f'<span class="h-card"><a href="{base}/@{word}" class="u-url mention">'
            f"@<span>{word}</span></a></span>"
        )

    return f"<p>{_TOKEN.sub(link, html.escape(text, quote=False))}</p>"


def account_json(
    account_id: str, username: str, base: str, created: datetime, statuses: int
) -> dict[str, Any]:
    """An Account entity of a local account."""
    return {
        "id": account_id,
        "username": username,
        "acct": username,
        "display_name": username,
        "locked": False,
        "bot": False,
        "discoverable": True,
        "group": False,
        "created_at": iso(created),
        "note": "",
        "url": f"{base}/@{username}",
        "uri": f"{base}/users/{username}",
        "avatar": f"{base}/avatars/original/missing.png",
        "avatar_static": f"{base}/avatars/original/missing.png",
        "header": f"{base}/headers/original/missing.png",
        "header_static": f"{base}/headers/original/missing.png",
        "followers_count": 0,
        "following_count": 0,
        "statuses_count": statuses,
        "last_status_at": None,
        "emojis": [],
        "fields": [],
    }


def media_json(media: Media, base: str) -> dict[str, Any]:
    """A MediaAttachment entity; its ``url`` is null while the file is processing.

    The preview exists from the start, as Mastodon makes it during the upload.
    """
    files = f"{base}/system/media_attachments/files/{media.id}"
    meta: dict[str, Any] = {}
    if media.focus is not None:
        meta["focus"] = {"x": media.focus[0], "y": media.focus[1]}
    processing = media.polls_left > 0
    return {
        "id": media.id,
        "type": media.type,
        "url": None if processing else f"{files}/original/{media.id}{media.extension}",
        "preview_url": f"{files}/small/{media.id}.png",
        "remote_url": None,
        "preview_remote_url": None,
        "meta": meta,
        "description": media.description,
        "blurhash": None,
    }


NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.0"


def nodeinfo_links_json(href: str) -> dict[str, Any]:
    """The ``/.well-known/nodeinfo`` document: a link to the NodeInfo 2.0 document at ``href``."""
    return {"links": [{"rel": NODEINFO_SCHEMA, "href": href}]}


def nodeinfo_json(software: str, version: str, users: int, posts: int) -> dict[str, Any]:
    """A NodeInfo 2.0 document: the software a server runs, and its usage.

    >>> nodeinfo_json("gotosocial", "0.18.0", 2, 5)["software"]
    {'name': 'gotosocial', 'version': '0.18.0'}
    """
    return {
        "version": "2.0",
        "software": {"name": software, "version": version},
        "protocols": ["activitypub"],
        "services": {"outbound": [], "inbound": []},
        "usage": {
            "users": {"total": users, "activeMonth": users, "activeHalfyear": users},
            "localPosts": posts,
        },
        "openRegistrations": False,
        "metadata": {},
    }
