"""What the fake instance says of itself: the v2 Instance entity, the older v1 one, and NodeInfo.

tootkit's ``client.instance()`` asks ``/api/v2/instance`` first (Mastodon
4.0+) and falls back to v1 on a 404; the fake answers both, with the same
title, version and limits, so either path sees one instance. NodeInfo names
the software of the server the fake answers as (``fake.quirks``).
"""

from __future__ import annotations

from typing import Any

from tootkit.testing._call import NOT_FOUND, Answer, Call
from tootkit.testing._shapes import nodeinfo_json, nodeinfo_links_json
from tootkit.testing._store import Store

__all__ = ["instance_v1", "instance_v2", "nodeinfo", "nodeinfo_links"]

TITLE = "tootkit.testing"
DESCRIPTION = "An in-memory Mastodon for tests."

# Mastodon 4.3's defaults, as its instance entity reports them.
_STATUSES = {"max_characters": 500, "max_media_attachments": 4, "characters_reserved_per_url": 23}
_MEDIA = {
    "supported_mime_types": ["image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"],
    "image_size_limit": 16777216,
    "image_matrix_limit": 33177600,
    "video_size_limit": 103809024,
    "video_frame_rate_limit": 120,
    "video_matrix_limit": 8294400,
    "description_limit": 1500,
}
_POLLS = {
    "max_options": 4,
    "max_characters_per_option": 50,
    "min_expiration": 300,
    "max_expiration": 2629746,
}


def instance_v1(store: Store, call: Call) -> Answer:
    """GET /api/v1/instance: the v1 Instance, as Mastodon still serves it."""
    return Answer(
        200,
        {
            "uri": store.domain,
            "title": TITLE,
            "short_description": DESCRIPTION,
            "description": DESCRIPTION,
            "email": "",
            "version": store.quirk.api_version,
            "urls": {"streaming_api": f"wss://{store.domain}"},
            "stats": {
                "user_count": len(store.accounts),
                "status_count": len(store.statuses),
                "domain_count": 0,
            },
            "languages": ["en"],
            "registrations": False,
            "approval_required": False,
            "invites_enabled": False,
            "configuration": {"statuses": _STATUSES, "media_attachments": _MEDIA, "polls": _POLLS},
            "contact_account": None,
            "rules": [],
        },
    )


def instance_v2(store: Store, call: Call) -> Answer:
    """GET /api/v2/instance: the v2 Instance (Mastodon 4.0+)."""
    configuration: dict[str, Any] = {
        "urls": {"streaming": f"wss://{store.domain}", "status": None},
        "vapid": {"public_key": ""},
        "accounts": {"max_featured_tags": 10, "max_pinned_statuses": 5},
        "statuses": _STATUSES,
        "media_attachments": _MEDIA,
        "polls": _POLLS,
        "translation": {"enabled": False},
    }
    return Answer(
        200,
        {
            "domain": store.domain,
            "title": TITLE,
            "version": store.quirk.api_version,
            "source_url": "https://github.com/mastodon/mastodon",
            "description": DESCRIPTION,
            "usage": {"users": {"active_month": len(store.accounts)}},
            "thumbnail": {"url": f"{store.base}/packs/media/images/preview.png"},
            "icon": [],
            "languages": ["en"],
            "configuration": configuration,
            "registrations": {"enabled": False, "approval_required": False, "message": None},
            "api_versions": {"mastodon": 2},
            "contact": {"email": "", "account": None},
            "rules": [],
        },
    )


def nodeinfo_links(store: Store, call: Call) -> Answer:
    """GET /.well-known/nodeinfo: where the NodeInfo 2.0 document is."""
    return Answer(200, nodeinfo_links_json(store.base + store.quirk.nodeinfo_path))


def nodeinfo(store: Store, call: Call) -> Answer:
    """GET /nodeinfo/2.0 (or where the server keeps it): the software it runs, and its usage."""
    if call.path.rstrip("/") != store.quirk.nodeinfo_path:
        return NOT_FOUND
    quirk = store.quirk
    body = nodeinfo_json(quirk.software, quirk.version, len(store.accounts), len(store.statuses))
    return Answer(200, body)
