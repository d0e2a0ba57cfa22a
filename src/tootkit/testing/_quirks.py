"""How servers other than Mastodon answer: what :meth:`FakeInstance.quirks` changes.

Each server is one :class:`Quirk`, data read at a few places of the fake: the
ids the store makes, the JSON it shapes, the pages and ``Link`` headers, the
paths that want a token or do not exist, and the rate-limit headers. The
facts come from tootkit's own tests against these servers (snac2 runs in
them) and from their answers collected in ``../shared/reference``:

- **GoToSocial**: ULIDs for statuses and accounts; a token for every API
  path but ``/api/v1/instance`` (hashtag timelines included: 401 without
  one); ``Link`` ``next`` after every page that is not empty, so that a walk
  ends on an empty page; no Server-Sent Events (it streams over WebSocket
  only, which the fake cannot carry); ``X-Ratelimit-Reset`` in whole
  seconds and a 429 without ``Retry-After``; its status ``url``
  (``/@bob/statuses/ID``), ``interaction_policy`` and account shape (no
  ``uri``, an empty ``avatar``, ``last_status_at`` as a day).
- **Pleroma**: 18-character flake ids; the ``pleroma`` block in statuses and
  accounts; ``/notice/ID`` addresses and ``/objects/UUID`` URIs; ``language``,
  ``text`` and ``last_status_at`` as Pleroma sends them; ``Link`` ``next``
  after every page that is not empty.
- **snac2**: 42-character ids (ten digits of seconds, then hex) that are not
  in order within one second, so that its cursors are places in the list;
  no ``Link`` header (a walk goes on below the last id it got); no
  ``/api/v1/tags``, no ``/api/v2/instance`` and no streaming (404);
  addresses that end in a time (``/bob/p/1735689600.00``), not in the API
  id; local accounts with their domain in ``acct``.

    >>> QUIRKS["snac"].lacks("/api/v1/tags/python"), QUIRKS["gotosocial"].wants_token("/api/v1/instance")
    (True, False)
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

import attrs

from tootkit.testing._ids import AccountIdKind, IdKind
from tootkit.testing._pages import MASTODON_PAGES, PageStyle
from tootkit.testing._shapes import iso

if TYPE_CHECKING:
    from tootkit.testing._store import Account, Status, Store

__all__ = ["MASTODON", "QUIRKS", "Quirk", "ServerName", "quirk_named", "rate_limit_headers"]

ServerName = Literal["mastodon", "gotosocial", "pleroma", "snac"]
"""The servers :meth:`FakeInstance.quirks` can make the fake answer as."""

StatusShape = Callable[["Store", "Status", "Account | None", dict[str, Any]], None]
AccountShape = Callable[["Store", "Account", dict[str, Any]], None]


def _as_mastodon_status(
    store: Store, status: Status, viewer: Account | None, body: dict[str, Any]
) -> None:
    """Mastodon's Status is what the store builds: nothing to change."""


def _as_mastodon_account(store: Store, account: Account, body: dict[str, Any]) -> None:
    """Mastodon's Account is what the store builds: nothing to change."""


@attrs.frozen
class Quirk:
    """One server's differences from Mastodon, as the fake applies them.

    Attributes:
        software: The software's name in NodeInfo.
        version: The software's version in NodeInfo.
        api_version: The ``version`` of ``GET /api/v1/instance``.
        nodeinfo_path: Where the NodeInfo 2.0 document is.
        actor: The URL of an account, from ``{base}`` and ``{username}``.
        status_ids: How status ids are written.
        account_ids: How account ids are written.
        pages: The ``Link`` headers and cursors of its lists.
        token_paths: Path prefixes that want a token, whatever the route says.
        open_paths: Exact paths that want none all the same.
        missing_paths: Path prefixes the server does not have: 404.
        rate_limit_prefix: How it spells ``X-RateLimit``.
        reset_text: How it writes the time of ``X-RateLimit-Reset``.
        retry_after: Whether a 429 carries ``Retry-After``.
        status_shape: Changes a Status the store built, in place.
        account_shape: Changes an Account the store built, in place.
    """

    software: str
    version: str
    api_version: str
    nodeinfo_path: str = "/nodeinfo/2.0"
    actor: str = "{base}/users/{username}"
    status_ids: IdKind = "snowflake"
    account_ids: AccountIdKind = "serial"
    pages: PageStyle = MASTODON_PAGES
    token_paths: tuple[str, ...] = ()
    open_paths: tuple[str, ...] = ()
    missing_paths: tuple[str, ...] = ()
    rate_limit_prefix: str = "X-RateLimit"
    reset_text: Callable[[datetime], str] = iso
    retry_after: bool = True
    status_shape: StatusShape = _as_mastodon_status
    account_shape: AccountShape = _as_mastodon_account

    def wants_token(self, path: str) -> bool:
        """Whether this server answers 401 to ``path`` without a token."""
        if path.rstrip("/") in self.open_paths:
            return False
        return any(path.startswith(prefix) for prefix in self.token_paths)

    def lacks(self, path: str) -> bool:
        """Whether this server has no endpoint at ``path`` (a 404, whatever the fake has)."""
        return any(path.startswith(prefix) for prefix in self.missing_paths)


def rate_limit_headers(
    quirk: Quirk, limit: int, remaining: int, reset: datetime, retry_after: int | None
) -> dict[str, str]:
    """The rate-limit headers of an answer, as ``quirk``'s server writes them.

    ``retry_after`` is the wait a 429 announces (None on other answers).

    >>> from datetime import UTC, datetime
    >>> reset = datetime(2025, 1, 1, 0, 5, tzinfo=UTC)
    >>> rate_limit_headers(QUIRKS["gotosocial"], 300, 0, reset, 2)
    {'X-Ratelimit-Limit': '300', 'X-Ratelimit-Remaining': '0', 'X-Ratelimit-Reset': '2025-01-01T00:05:00Z'}
    """
    prefix = quirk.rate_limit_prefix
    headers = {
        f"{prefix}-Limit": str(limit),
        f"{prefix}-Remaining": str(remaining),
        f"{prefix}-Reset": quirk.reset_text(reset),
    }
    if retry_after is not None and quirk.retry_after:
        headers["Retry-After"] = str(retry_after)
    return headers


def _iso_seconds(moment: datetime) -> str:
    """ISO 8601 to the second, as GoToSocial writes ``X-Ratelimit-Reset``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _last_status_at(store: Store, account: Account) -> datetime | None:
    # Statuses are stored in the order of the clock, which only moves forward.
    return account.posted[-1].created if account.posted else None


# -- GoToSocial ---------------------------------------------------------------------


def _gotosocial_status(
    store: Store, status: Status, viewer: Account | None, body: dict[str, Any]
) -> None:
    body["url"] = f"{store.base}/@{status.account.username}/statuses/{status.id}"
    if viewer is status.account:
        body["text"] = status.text  # the source, to its author only
    everyone = {"always": ["public", "me"], "with_approval": []}
    body["interaction_policy"] = {
        f"can_{act}": {k: list(v) for k, v in everyone.items()}
        for act in ("favourite", "reply", "reblog")
    }


def _gotosocial_account(store: Store, account: Account, body: dict[str, Any]) -> None:
    del body["uri"]
    last = _last_status_at(store, account)
    header = f"{store.base}/assets/default_header.webp"
    body.update(
        avatar="",
        avatar_static="",
        header=header,
        header_static=header,
        header_description="Flat gray background (default header).",
        last_status_at=last.date().isoformat() if last else None,
        enable_rss=False,
        roles=[],
    )


# -- Pleroma ------------------------------------------------------------------------


def _thread_root(status: Status) -> Status:
    while status.in_reply_to is not None:
        status = status.in_reply_to
    return status


def _pleroma_status(
    store: Store, status: Status, viewer: Account | None, body: dict[str, Any]
) -> None:
    parent = status.in_reply_to
    del body["edited_at"]
    object_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{store.base}/{status.id}")
    body.update(
        url=f"{store.base}/notice/{status.id}",
        uri=f"{store.base}/objects/{object_id}",
        language=None,
        text=None,
    )
    for mention in body["mentions"]:
        mention["url"] = f"{store.base}/users/{mention['username']}"
    body["pleroma"] = {
        "content": {"text/plain": status.text},
        "conversation_id": _thread_root(status).id,
        "direct_conversation_id": None,
        "emoji_reactions": [],
        "expires_at": None,
        "in_reply_to_account_acct": parent.account.username if parent else None,
        "local": True,
        "parent_visible": parent is not None,
        "pinned_at": None,
        "quote": None,
        "quote_url": None,
        "quote_visible": False,
        "spoiler_text": {"text/plain": ""},
        "thread_muted": False,
    }


def _pleroma_account(store: Store, account: Account, body: dict[str, Any]) -> None:
    ap_id = f"{store.base}/users/{account.username}"
    for absent in ("uri", "discoverable", "group"):
        del body[absent]
    last = _last_status_at(store, account)
    body.update(
        url=ap_id,
        fqn=f"{account.username}@{store.domain}",
        avatar=f"{store.base}/images/avi.png",
        avatar_static=f"{store.base}/images/avi.png",
        header=f"{store.base}/images/banner.png",
        header_static=f"{store.base}/images/banner.png",
        # Pleroma's dates without a zone, as tootkit's models must read them.
        last_status_at=last.strftime("%Y-%m-%dT%H:%M:%S") if last else None,
    )
    body["pleroma"] = {
        "accepts_chat_messages": True,
        "also_known_as": [],
        "ap_id": ap_id,
        "background_image": None,
        "favicon": None,
        "hide_favorites": True,
        "hide_followers": False,
        "hide_followers_count": False,
        "hide_follows": False,
        "hide_follows_count": False,
        "is_admin": False,
        "is_confirmed": True,
        "is_moderator": False,
        "is_suggested": False,
        "relationship": {},
        "skip_thread_containment": False,
        "tags": [],
    }


# -- snac2 --------------------------------------------------------------------------


def _snac_status(
    store: Store, status: Status, viewer: Account | None, body: dict[str, Any]
) -> None:
    # The note's address ends in its time, as "%.2f": not the API id.
    note = f"{store.base}/{status.account.username}/p/{status.created.timestamp():.2f}"
    del body["application"]
    body.update(uri=note, url=note, text=status.text, filtered=[])
    body["tags"] = [{"name": t, "url": f"{store.base}?t={t}"} for t in status.tags]
    for mention in body["mentions"]:
        mention["acct"] = f"{mention['username']}@{store.domain}"
        mention["url"] = f"{store.base}/{mention['username']}"


def _snac_account(store: Store, account: Account, body: dict[str, Any]) -> None:
    actor = f"{store.base}/{account.username}"
    # snac2 sends today as last_status_at; the last status's day is as good a day.
    last = _last_status_at(store, account) or account.created
    body.update(
        acct=f"{account.username}@{store.domain}",
        url=actor,
        uri=actor,
        avatar=f"{store.base}/susie.png",
        avatar_static=f"{store.base}/susie.png",
        header="",
        header_static="",
        last_status_at=last.date().isoformat(),
        hide_collections=False,
        indexable=True,
        noindex=False,
        roles=[],
    )


MASTODON = Quirk(software="mastodon", version="4.3.0", api_version="4.3.0")
"""The fake's own way, Mastodon 4.3's."""

QUIRKS: dict[ServerName, Quirk] = {
    "mastodon": MASTODON,
    "gotosocial": Quirk(
        software="gotosocial",
        version="0.18.0",
        api_version="0.18.0",
        status_ids="ulid",
        account_ids="ulid",
        pages=PageStyle(links="always"),
        token_paths=("/api/",),
        open_paths=("/api/v1/instance", "/api/v2/instance"),
        missing_paths=("/api/v1/streaming/",),
        rate_limit_prefix="X-Ratelimit",
        reset_text=_iso_seconds,
        retry_after=False,
        status_shape=_gotosocial_status,
        account_shape=_gotosocial_account,
    ),
    "pleroma": Quirk(
        software="pleroma",
        version="2.6.0",
        api_version="2.7.2 (compatible; Pleroma 2.6.0)",
        nodeinfo_path="/nodeinfo/2.0.json",
        status_ids="flake",
        account_ids="flake",
        pages=PageStyle(links="always"),
        status_shape=_pleroma_status,
        account_shape=_pleroma_account,
    ),
    "snac": Quirk(
        software="snac",
        version="2.94",
        api_version="4.0.0 (not true; really snac/2.94)",
        nodeinfo_path="/nodeinfo_2_0",
        actor="{base}/{username}",
        status_ids="snac",
        account_ids="md5",
        pages=PageStyle(links="none", by_position=True),
        missing_paths=("/api/v1/tags/", "/api/v1/streaming", "/api/v2/instance"),
        status_shape=_snac_status,
        account_shape=_snac_account,
    ),
}
"""Every server the fake can answer as, by the name :meth:`FakeInstance.quirks` takes."""


def quirk_named(server: str) -> Quirk:
    """The quirks of ``server``; a ValueError names those there are.

    >>> quirk_named("pleroma").software
    'pleroma'
    """
    if server not in QUIRKS:
        names = ", ".join(repr(name) for name in QUIRKS)
        raise ValueError(f"no quirks for {server!r}: the fake knows {names}")
    return QUIRKS[server]
