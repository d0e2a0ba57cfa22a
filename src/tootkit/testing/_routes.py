"""The endpoints of the fake instance: each turns a request into an answer, and the table of them.

A route gets a :class:`Call` (what was asked, by whom) and the store, and
returns an :class:`Answer`; :class:`~tootkit.testing.FakeInstance` does the
rest (tokens, faults, the log). Unknown paths are answered 404 there. The
statuses and timelines are here; media, follows and the instance entity have
modules of their own, and all are listed in :data:`ROUTES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tootkit.testing import _about, _lookup, _media, _social
from tootkit.testing._call import BAD_TOKEN, NOT_FOUND, Answer, Call, Route, error
from tootkit.testing._pages import order_key, paginate, paginate_sorted
from tootkit.testing._store import VISIBILITIES, Account, Status, Store
from tootkit.testing._streams import SSE_PATHS, health, server_sent, websocket

__all__ = ["BAD_TOKEN", "NOT_FOUND", "ROUTES", "Answer", "Call", "error", "in_home", "route"]

MANY_LIMIT = 20
"""The most statuses ``GET /api/v1/statuses`` gives at once (Mastodon's DEFAULT_STATUSES_LIMIT)."""


def _page(store: Store, call: Call, keep: Callable[[Status], bool]) -> Answer:
    """A page of the statuses that ``keep``, newest first, with its ``Link`` header."""
    style = store.quirk.pages
    if not style.by_position:  # the ids rise: find the cursors by bisection
        page, link = paginate_sorted(
            store.statuses, store.keys, keep, _id_of, call.query, call.url, style=style
        )
    else:
        newest_first = [s for s in reversed(store.statuses) if keep(s)]
        page, link = paginate(newest_first, _id_of, call.query, call.url, style=style)
    body = [store.status_json(s, call.viewer) for s in page]
    return Answer(200, body, {"Link": link} if link else {})


def _id_of(status: Status) -> str:
    return status.id


def _visible(store: Store, call: Call, status: Status) -> bool:
    # As Mastodon's StatusPolicy: a direct status is for its author and whom it
    # mentions, a followers-only one for its followers too.
    viewer = call.viewer
    if status.visibility in ("public", "unlisted"):
        return True
    if viewer is None:
        return False
    if viewer is status.account or viewer in status.mentions:
        return True
    return status.visibility == "private" and store.follow_of(viewer, status.account) is not None


def _found(store: Store, call: Call) -> Status | None:
    status = store.status(call.args[0])
    return status if status is not None and _visible(store, call, status) else None


def verify_credentials(store: Store, call: Call) -> Answer:
    """GET /api/v1/accounts/verify_credentials: the signed-in account."""
    assert call.viewer is not None
    return Answer(200, store.account_json(call.viewer))


def create_status(store: Store, call: Call) -> Answer:
    """POST /api/v1/statuses; a repeated Idempotency-Key returns the first status."""
    assert call.viewer is not None
    key = call.headers.get("idempotency-key")
    if key and (call.viewer.id, key) in store.idempotency:
        return Answer(200, store.status_json(store.idempotency[(call.viewer.id, key)], call.viewer))
    media = _media.attachments(store, call)
    if isinstance(media, Answer):
        return media
    text = call.body.get("status")
    if not isinstance(text, str) or not text.strip():
        if not media:
            return error(422, "Validation failed: Text can't be blank")
        text = ""
    visibility = call.body.get("visibility") or "public"
    if visibility not in VISIBILITIES:
        return error(422, "Validation failed: Visibility is not included in the list")
    parent = None
    if call.body.get("in_reply_to_id"):
        parent = store.status(str(call.body["in_reply_to_id"]))
        if parent is None:
            return NOT_FOUND
    status = store.create(call.viewer, text, str(visibility), in_reply_to=parent, media=media)
    if key:
        store.idempotency[(call.viewer.id, key)] = status
    return Answer(200, store.status_json(status, call.viewer))


def get_status(store: Store, call: Call) -> Answer:
    """GET /api/v1/statuses/:id."""
    status = _found(store, call)
    return NOT_FOUND if status is None else Answer(200, store.status_json(status, call.viewer))


def get_many(store: Store, call: Call) -> Answer:
    """GET /api/v1/statuses?id[]=...: up to 20 statuses, newest first, those not found left out.

    As Mastodon 4.3's: an id repeated counts once, more than 20 ids are a
    422, and an id of nothing the caller may see is left out without a word.
    """
    wanted = dict.fromkeys(v for k, v in call.query if k == "id[]")
    if len(wanted) > MANY_LIMIT:
        return error(422, "Mastodon::ValidationError")
    found = [s for s in map(store.status, wanted) if s is not None and _visible(store, call, s)]
    found.sort(key=lambda s: order_key(s.id), reverse=True)  # Status's default scope: newest first
    return Answer(200, [store.status_json(s, call.viewer) for s in found])


def delete_status(store: Store, call: Call) -> Answer:
    """DELETE /api/v1/statuses/:id: the author's own only."""
    status = _found(store, call)
    if status is None or status.account is not call.viewer:
        return NOT_FOUND
    body = store.status_json(status, call.viewer)
    body["text"] = status.text  # Mastodon sends the source back, for "delete and redraft"
    store.delete(status)
    return Answer(200, body)


def edit_status(store: Store, call: Call) -> Answer:
    """PUT /api/v1/statuses/:id: new text, and ``edited_at``."""
    status = _found(store, call)
    if status is None or status.account is not call.viewer or status.reblog is not None:
        return NOT_FOUND
    text = call.body.get("status")
    if not isinstance(text, str) or not text.strip():
        return error(422, "Validation failed: Text can't be blank")
    store.edit(status, text)
    store.tell("status.update", status)
    return Answer(200, store.status_json(status, call.viewer))


def favourite(store: Store, call: Call) -> Answer:
    """POST /api/v1/statuses/:id/favourite; the author is notified once."""
    status = _found(store, call)
    if status is None or call.viewer is None:
        return NOT_FOUND
    if call.viewer.id not in status.favourited_by:
        status.favourited_by.add(call.viewer.id)
        if status.account is not call.viewer:
            store.notify("favourite", status.account, call.viewer, status)
    return Answer(200, store.status_json(status, call.viewer))


def reblog(store: Store, call: Call) -> Answer:
    """POST /api/v1/statuses/:id/reblog: the boost, made once per account."""
    status = _found(store, call)
    if status is None or call.viewer is None or status.visibility not in ("public", "unlisted"):
        return NOT_FOUND
    original = status.reblog or status
    boost = store.boost_of(original, call.viewer)
    if boost is None:
        boost = store.create(call.viewer, "", "public", reblog=original)
        if original.account is not call.viewer:
            store.notify("reblog", original.account, call.viewer, original)
    return Answer(200, store.status_json(boost, call.viewer))


def undo(store: Store, call: Call) -> Answer:
    """POST /api/v1/statuses/:id/unfavourite and .../unreblog: the status, as it is after."""
    status = _found(store, call)
    if status is None or call.viewer is None:
        return NOT_FOUND
    if call.args[1] == "unfavourite":
        store.unfavourite(status, call.viewer)
    else:
        # Mastodon looks the boost up by the boosted status's id; given the
        # boost's own id, it answers with the boost as it is.
        store.unreblog(status, call.viewer)
    return Answer(200, store.status_json(status, call.viewer))


def context(store: Store, call: Call) -> Answer:
    """GET /api/v1/statuses/:id/context: the thread above and below."""
    status = _found(store, call)
    if status is None:
        return NOT_FOUND
    ancestors: list[Status] = []
    parent = status.in_reply_to
    while parent is not None and store.status(parent.id) is not None:
        ancestors.insert(0, parent)
        parent = parent.in_reply_to
    descendants: list[Status] = []
    frontier = {status.id}
    for candidate in store.statuses:  # oldest first: replies come after what they answer
        if candidate.in_reply_to is not None and candidate.in_reply_to.id in frontier:
            descendants.append(candidate)
            frontier.add(candidate.id)
    seen = [s for s in descendants if _visible(store, call, s)]
    return Answer(
        200,
        {
            "ancestors": [store.status_json(s, call.viewer) for s in ancestors],
            "descendants": [store.status_json(s, call.viewer) for s in seen],
        },
    )


def _public(status: Status) -> bool:
    return status.visibility == "public" and status.reblog is None


def tag_timeline(store: Store, call: Call) -> Answer:
    """GET /api/v1/timelines/tag/:tag, with ``any[]``, ``all[]`` and ``none[]``."""
    wanted_any = {call.args[0].lower(), *(t.lower() for t in call.values("any"))}
    wanted_all = {t.lower() for t in call.values("all")}
    unwanted = {t.lower() for t in call.values("none")}

    def keep(status: Status) -> bool:
        return (
            _public(status)
            and not wanted_any.isdisjoint(status.tags)
            and wanted_all.issubset(status.tags)
            and unwanted.isdisjoint(status.tags)
        )

    return _page(store, call, keep)


def public_timeline(store: Store, call: Call) -> Answer:
    """GET /api/v1/timelines/public: public statuses, boosts left out."""
    return _page(store, call, _public)


def in_home(store: Store, viewer: Account, status: Status) -> bool:
    """Whether Mastodon puts ``status`` in ``viewer``'s home (FeedManager#filter_from_home?)."""
    if status.account is viewer:
        return True
    follow = store.follow_of(viewer, status.account)
    if follow is None:
        return False
    if status.reblog is not None:
        return follow.reblogs
    if status.visibility == "direct":
        return viewer in status.mentions
    answered = status.in_reply_to.account if status.in_reply_to else None
    # A reply shows when it answers oneself, its own author, or someone one follows.
    return (
        answered is None
        or answered is viewer
        or answered is status.account
        or store.follow_of(viewer, answered) is not None
    )


def home_timeline(store: Store, call: Call) -> Answer:
    """GET /api/v1/timelines/home: one's own statuses and boosts, and those of whom one follows."""
    viewer = call.viewer
    assert viewer is not None
    return _page(store, call, lambda status: in_home(store, viewer, status))


def account_statuses(store: Store, call: Call) -> Answer:
    """GET /api/v1/accounts/:id/statuses."""
    account = store.by_id(call.args[0])
    if account is None:
        return NOT_FOUND
    return _page(store, call, lambda s: s.account is account and _visible(store, call, s))


def notifications(store: Store, call: Call) -> Answer:
    """GET /api/v1/notifications, with ``types[]`` and ``exclude_types[]``."""
    types = set(call.values("types"))
    excluded = set(call.values("exclude_types"))
    kept = [
        n
        for n in store.notifications
        if n.owner is call.viewer
        and (not types or n.type in types)
        and n.type not in excluded
        and (n.status is None or store.status(n.status.id) is not None)
    ]
    page, link = paginate(
        kept[::-1],
        lambda n: n.id,
        call.query,
        call.url,
        default=40,
        largest=80,
        style=store.quirk.pages,
    )
    body = [store.notification_json(n) for n in page]
    return Answer(200, body, {"Link": link} if link else {})


_ID = r"([^/]+)"
# (method, path pattern, needs a token, route)
ROUTES: list[tuple[str, re.Pattern[str], bool, Route]] = [
    (m, re.compile(p + r"/?"), auth, r)
    for m, p, auth, r in [
        ("GET", r"/api/v1/accounts/verify_credentials", True, verify_credentials),
        ("GET", r"/api/v1/accounts/relationships", True, _social.relationships),
        ("GET", r"/api/v1/accounts/lookup", False, _lookup.lookup_account),
        ("GET", rf"/api/v1/accounts/{_ID}", False, _lookup.account),
        ("GET", rf"/api/v1/tags/{_ID}", False, _lookup.tag),
        ("POST", rf"/api/v1/accounts/{_ID}/follow", True, _social.follow),
        ("POST", rf"/api/v1/accounts/{_ID}/unfollow", True, _social.unfollow),
        ("GET", r"/api/v1/instance", False, _about.instance_v1),
        ("GET", r"/api/v2/instance", False, _about.instance_v2),
        ("GET", r"/\.well-known/nodeinfo", False, _about.nodeinfo_links),
        ("GET", r"/nodeinfo(?:/2\.0(?:\.json)?|_2_0)", False, _about.nodeinfo),
        ("POST", r"/api/v2/media", True, _media.upload_v2),
        ("POST", r"/api/v1/media", True, _media.upload_v1),
        ("GET", rf"/api/v1/media/{_ID}", True, _media.get_media),
        ("PUT", rf"/api/v1/media/{_ID}", True, _media.update_media),
        ("POST", r"/api/v1/statuses", True, create_status),
        ("GET", r"/api/v1/statuses", False, get_many),
        ("GET", rf"/api/v1/statuses/{_ID}", False, get_status),
        ("DELETE", rf"/api/v1/statuses/{_ID}", True, delete_status),
        ("PUT", rf"/api/v1/statuses/{_ID}", True, edit_status),
        ("POST", rf"/api/v1/statuses/{_ID}/favourite", True, favourite),
        ("POST", rf"/api/v1/statuses/{_ID}/reblog", True, reblog),
        ("POST", rf"/api/v1/statuses/{_ID}/(unfavourite|unreblog)", True, undo),
        ("GET", rf"/api/v1/statuses/{_ID}/context", False, context),
        ("GET", rf"/api/v1/timelines/tag/{_ID}", False, tag_timeline),
        ("GET", r"/api/v1/timelines/public", False, public_timeline),
        ("GET", r"/api/v1/timelines/home", True, home_timeline),
        ("GET", rf"/api/v1/accounts/{_ID}/statuses", False, account_statuses),
        ("GET", r"/api/v1/notifications", True, notifications),
        ("GET", r"/api/v1/streaming/health", False, health),
        ("GET", SSE_PATHS, False, server_sent),
        ("GET", r"/api/v1/streaming", False, websocket),
    ]
]


def route(method: str, path: str) -> tuple[Route, bool, tuple[str, ...]] | None:
    """The route for a request, whether it needs a token, and the ids in its path."""
    for want, pattern, auth, handler in ROUTES:
        match = pattern.fullmatch(path)
        if match and want == method:
            return handler, auth, match.groups()
    return None
