"""Who follows whom: following and unfollowing, and the Relationship entity.

A follow is direct (the fake's accounts are never locked) and notifies the
account followed once; following again only changes ``reblogs`` and
``notify``. The home timeline (in ``_routes``) reads the follows.

    >>> flag("false"), flag(True), flag(None)
    (False, True, None)
"""

from __future__ import annotations

from typing import Any

from tootkit.testing._call import NOT_FOUND, Answer, Call
from tootkit.testing._store import Account, Store

__all__ = ["flag", "follow", "relationship_json", "relationships", "unfollow"]

# What Rails reads as false in a parameter (ActiveModel::Type::Boolean).
_FALSE = {"0", "f", "false", "off"}


def flag(value: object) -> bool | None:
    """A boolean parameter as Rails casts it; None when it is not given."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() not in _FALSE


def relationship_json(store: Store, viewer: Account, other: Account) -> dict[str, Any]:
    """The Relationship entity: how ``viewer`` relates to ``other``."""
    mine = store.follow_of(viewer, other)
    return {
        "id": other.id,
        "following": mine is not None,
        "showing_reblogs": mine is not None and mine.reblogs,
        "notifying": mine is not None and mine.notify,
        "languages": None,
        "followed_by": store.follow_of(other, viewer) is not None,
        "blocking": False,
        "blocked_by": False,
        "muting": False,
        "muting_notifications": False,
        "requested": False,
        "requested_by": False,
        "domain_blocking": False,
        "endorsed": False,
        "note": "",
    }


def follow(store: Store, call: Call) -> Answer:
    """POST /api/v1/accounts/:id/follow, with ``reblogs`` and ``notify``; oneself is a 404."""
    assert call.viewer is not None
    target = store.by_id(call.args[0])
    # Mastodon's FollowService refuses to follow oneself with RecordNotFound.
    if target is None or target is call.viewer:
        return NOT_FOUND
    reblogs, notify = flag(call.body.get("reblogs")), flag(call.body.get("notify"))
    store.follow(call.viewer, target, reblogs=reblogs, notify=notify)
    return Answer(200, relationship_json(store, call.viewer, target))


def unfollow(store: Store, call: Call) -> Answer:
    """POST /api/v1/accounts/:id/unfollow: 200 whether or not it was followed; the notification goes."""
    assert call.viewer is not None
    target = store.by_id(call.args[0])
    if target is None:
        return NOT_FOUND
    store.unfollow(call.viewer, target)
    return Answer(200, relationship_json(store, call.viewer, target))


def relationships(store: Store, call: Call) -> Answer:
    """GET /api/v1/accounts/relationships?id[]=...: unknown ids are left out."""
    assert call.viewer is not None
    found = [store.by_id(i) for i in call.values("id")]
    return Answer(200, [relationship_json(store, call.viewer, a) for a in found if a is not None])
