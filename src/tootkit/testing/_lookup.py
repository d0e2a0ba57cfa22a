"""Looking things up by name or id: an account, a hashtag (the Tag entity with its history).

A hashtag exists on the fake once a status has used it, as on Mastodon,
where a tag is made by the first status that carries it. Its ``history``
counts, for each of the last seven days of the fake's clock (newest first),
the statuses that used it and their distinct authors, as strings, as
Mastodon sends them.

    >>> day_start(datetime(2024, 5, 1, 17, 30, tzinfo=UTC)).isoformat()
    '2024-05-01T00:00:00+00:00'
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from tootkit.testing._call import NOT_FOUND, Answer, Call
from tootkit.testing._store import Store

__all__ = ["account", "day_start", "lookup_account", "tag", "tag_json"]


def day_start(moment: datetime) -> datetime:
    """Midnight (UTC) of the day ``moment`` is in: where a day of a tag's history begins."""
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def tag_json(store: Store, name: str, *, following: bool | None) -> dict[str, Any]:
    """The Tag entity of ``name`` (lower case), with seven days of history."""
    today = day_start(store.now())
    days = [today - timedelta(days=back) for back in range(7)]
    uses = dict.fromkeys(days, 0)
    authors: dict[datetime, set[str]] = {day: set() for day in days}
    for status in store.statuses:
        day = day_start(status.created)
        if day in uses and name in status.tags and status.reblog is None:
            uses[day] += 1
            authors[day].add(status.account.id)
    body: dict[str, Any] = {
        "name": name,
        "url": f"{store.base}/tags/{quote(name, safe='')}",
        "history": [
            {
                "day": str(int(day.timestamp())),
                "uses": str(uses[day]),
                "accounts": str(len(authors[day])),
            }
            for day in days
        ],
    }
    if following is not None:
        body["following"] = following
    return body


def tag(store: Store, call: Call) -> Answer:
    """GET /api/v1/tags/:name: a hashtag some status used; 404 for one no status has."""
    name = call.args[0].lower()
    if not any(name in status.tags for status in store.statuses):
        return NOT_FOUND
    # The fake has no followed hashtags: with a token, ``following`` is false.
    following = False if call.viewer is not None else None
    return Answer(200, tag_json(store, name, following=following))


def account(store: Store, call: Call) -> Answer:
    """GET /api/v1/accounts/:id."""
    found = store.by_id(call.args[0])
    return NOT_FOUND if found is None else Answer(200, store.account_json(found))


def lookup_account(store: Store, call: Call) -> Answer:
    """GET /api/v1/accounts/lookup?acct=: ``user``, or ``user@`` the fake's own domain (port and all)."""
    handle = (call.first("acct") or "").strip().removeprefix("@")
    username, _, domain = handle.partition("@")
    if domain and domain.lower() != store.domain.lower():
        return NOT_FOUND  # the fake knows no other server's accounts
    found = store.accounts.get(username)
    return NOT_FOUND if found is None else Answer(200, store.account_json(found))
