"""NodeInfo: which document to read, and what the software it names can do.

NodeInfo (https://nodeinfo.diaspora.software) is how a fediverse server
names its software: ``/.well-known/nodeinfo`` links to one document per
schema version. tootkit reads the newest 2.x schema it is linked to, on the
server's own host only (a link elsewhere is not followed: it would be a
request to another server, on this one's say-so).

Examples:
    >>> links = {"links": [
    ...     {"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": "https://a.example/nodeinfo/2.0"},
    ...     {"rel": "http://nodeinfo.diaspora.software/ns/schema/2.1", "href": "https://a.example/nodeinfo/2.1"}]}
    >>> nodeinfo_path(links, "https://a.example")
    '/nodeinfo/2.1'
    >>> speaks_mastodon_api("lemmy"), speaks_mastodon_api("gotosocial"), speaks_mastodon_api("x")
    (False, True, None)
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

__all__ = ["NODEINFO_WELL_KNOWN", "nodeinfo_path", "speaks_mastodon_api"]

NODEINFO_WELL_KNOWN = "/.well-known/nodeinfo"

_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/"

# Software that serves Mastodon's client API, and software that does not.
# Anything else is not known either way, and the API itself decides.
_WITH_API = frozenset(
    {
        "mastodon", "hometown", "glitch-soc", "glitchsoc", "pleroma", "akkoma", "gotosocial",
        "takahe", "snac", "friendica", "pixelfed", "firefish", "iceshrimp", "sharkey",
        "catodon", "mitra", "hollo", "fedibird", "truthsocial",
    }
)  # fmt: skip
_WITHOUT_API = frozenset(
    {
        "lemmy", "peertube", "misskey", "writefreely", "funkwhale", "bookwyrm", "plume",
        "mbin", "kbin", "owncast", "wordpress", "gancio", "mobilizon", "lotide", "wafrn",
        "piefed", "castopod", "gnusocial", "diaspora",
    }
)  # fmt: skip


def _version(rel: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in rel.removeprefix(_SCHEMA).split("."))
    except ValueError:
        return ()


def nodeinfo_path(document: Any, base_url: str) -> str | None:
    """The path of the newest 2.x NodeInfo document that ``document`` links to on ``base_url``."""
    if not isinstance(document, dict) or not isinstance(document.get("links"), list):
        return None
    home = urlsplit(base_url)
    best: tuple[tuple[int, ...], str] | None = None
    for link in document["links"]:
        if not isinstance(link, dict):
            continue
        rel, href = link.get("rel"), link.get("href")
        if not isinstance(rel, str) or not isinstance(href, str) or not rel.startswith(_SCHEMA):
            continue
        version = _version(rel)
        if not version or version[0] != 2:
            continue
        try:
            target = urlsplit(href)
            same = (target.scheme, target.hostname, target.port) == (
                home.scheme,
                home.hostname,
                home.port,
            )
        except ValueError:
            continue
        if not same or not target.path.startswith("/"):
            continue
        path = target.path + (f"?{target.query}" if target.query else "")
        if best is None or version > best[0]:
            best = (version, path)
    return best[1] if best else None


def speaks_mastodon_api(software: str | None) -> bool | None:
    """Whether the software NodeInfo names serves Mastodon's client API; None when unknown."""
    if not software:
        return None
    name = software.strip().lower()
    if name in _WITH_API:
        return True
    if name in _WITHOUT_API:
        return False
    return None
