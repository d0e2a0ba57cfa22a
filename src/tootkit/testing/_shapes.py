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

from tootkit._core.hashtags import hashtags_in, tag_key

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

# A mention starts a word: "@bob"; "a@b" is none. Hashtags are found by tootkit's
# own rule (tootkit._core.hashtags), so that the fake tags what a client asks for.
_MENTION = re.compile(r"(?<![\w@#])@(\w+)")


def iso(moment: datetime) -> str:
    """A timestamp as Mastodon writes it, to the millisecond with a ``Z``.

    >>> from datetime import UTC, datetime
    >>> iso(datetime(2024, 5, 1, 12, 0, tzinfo=UTC))
    '2024-05-01T12:00:00.000Z'
    """
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def tag_names(text: str) -> list[str]:
    """The hashtags of a text, lower-cased, each once, in order of appearance.

    >>> tag_names("#Python and #python, #rust, #हिन्दी, not #123")
    ['python', 'rust', 'हिन्दी']
    """
    return list(dict.fromkeys(tag_key(name) for _, _, name in hashtags_in(text)))


def mentioned_names(text: str, known: set[str]) -> list[str]:
    """The usernames of ``known`` that ``text`` mentions, each once.

    >>> mentioned_names("hi @bob and @nobody", {"bob"})
    ['bob']
    """
    return list(dict.fromkeys(w for w in _MENTION.findall(text) if w in known))


def content_html(text: str, base: str, known: set[str]) -> str:
    """The HTML body Mastodon makes of a plain text: escaped, with linked tags and the mentions of ``known``."""
    links: list[tuple[int, int, str]] = []
    for start, end, name in hashtags_in(text):
        href = f"{base}/tags/{tag_key(name)}"
        links.append(
            (
                start,
                end,
                f'<a href="{href}" class="mention hashtag" rel="tag">#<span>{name}</span></a>',
            )
        )
    for found in _MENTION.finditer(text):
        word = found.group(1)
        if word in known:
            card = (
                f'<span class="h-card"><a href="{base}/@{word}" class="u-url mention">'
                f"@<span>{word}</span></a></span>"
            )
            links.append((found.start(), found.end(), card))
    out, done = [], 0
    for start, end, link in sorted(links):
        out += [html.escape(text[done:start], quote=False), link]
        done = end
    out.append(html.escape(text[done:], quote=False))
    return f"<p>{''.join(out)}</p>"


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
