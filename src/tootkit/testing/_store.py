"""What the fake instance holds: accounts, statuses and notifications, and their JSON.

The store knows nothing of HTTP: the routes read and change it, and
:class:`~tootkit.testing.FakeInstance` scripts it from a test.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal

import attrs

from tootkit._core.ulid import _encode as ulid_text
from tootkit.testing._shapes import account_json, content_html, iso, mentioned_names, tag_names

__all__ = ["Account", "IdStyle", "Notification", "Status", "Store"]

IdStyle = Literal["snowflake", "ulid"]
VISIBILITIES = ("public", "unlisted", "private", "direct")


@attrs.define(eq=False)
class Account:
    """A local account and the token that signs in as it."""

    id: str
    username: str
    token: str
    created: datetime


@attrs.define(eq=False)
class Status:
    """A status as the store keeps it; :meth:`Store.status_json` makes its JSON."""

    id: str
    account: Account
    text: str
    visibility: str
    created: datetime
    in_reply_to: Status | None = None
    reblog: Status | None = None
    edited: datetime | None = None
    tags: list[str] = attrs.Factory(list)
    mentions: list[Account] = attrs.Factory(list)
    favourited_by: set[str] = attrs.Factory(set)
    reblogged_by: set[str] = attrs.Factory(set)


@attrs.define(eq=False)
class Notification:
    """A notification for ``owner``: a mention, a favourite or a boost by ``actor``."""

    id: str
    type: str
    owner: Account
    actor: Account
    status: Status
    created: datetime


class Store:
    """Accounts, statuses (newest last) and notifications of one fake instance."""

    def __init__(self, base: str, ids: IdStyle) -> None:
        self.base = base
        self.ids = ids
        self.accounts: dict[str, Account] = {}
        self.statuses: list[Status] = []
        self.notifications: list[Notification] = []
        self.idempotency: dict[tuple[str, str], Status] = {}
        self.watchers: list[Callable[[str, Status | Notification], None]] = []
        """Told of every change a stream sends: ``("update", status)``, ``("notification", note)``..."""
        self._last = 0
        self._counter = 0

    def new_id(self, moment: datetime) -> str:
        """A fresh id, larger than every earlier one: a snowflake or a ULID."""
        ms = int(moment.timestamp() * 1000)
        shift = 16 if self.ids == "snowflake" else 80
        # Two ids in one millisecond: the later one counts up from the earlier.
        value = max(ms << shift, self._last + 1)
        self._last = value
        return str(value) if self.ids == "snowflake" else ulid_text(value)

    def add_account(self, username: str) -> Account:
        """The account named ``username``, made on first use."""
        if username not in self.accounts:
            self._counter += 1
            self.accounts[username] = Account(
                id=str(100000 + self._counter),
                username=username,
                token=f"fake-{username}-{secrets.token_hex(8)}",
                created=datetime.now(UTC),
            )
        return self.accounts[username]

    def by_token(self, token: str) -> Account | None:
        """The account a token signs in as, if it is one of this store's."""
        return next((a for a in self.accounts.values() if a.token == token), None)

    def by_id(self, account_id: str) -> Account | None:
        """The account with this id, if any."""
        return next((a for a in self.accounts.values() if a.id == account_id), None)

    def status(self, status_id: str) -> Status | None:
        """The status with this id, if it exists and was not deleted."""
        return next((s for s in self.statuses if s.id == status_id), None)

    def create(
        self,
        account: Account,
        text: str,
        visibility: str = "public",
        in_reply_to: Status | None = None,
        reblog: Status | None = None,
    ) -> Status:
        """Store a new status (or a boost of ``reblog``) and notify whom it mentions."""
        now = datetime.now(UTC)
        status = Status(
            id=self.new_id(now),
            account=account,
            text=text,
            visibility=visibility,
            created=now,
            in_reply_to=in_reply_to,
            reblog=reblog,
        )
        self.retext(status, text)
        self.statuses.append(status)
        self.tell("update", status)
        for mentioned in status.mentions:
            if mentioned is not account:
                self.notify("mention", mentioned, account, status)
        return status

    def retext(self, status: Status, text: str) -> None:
        """Set a status's text, and the tags and mentions that come from it."""
        status.text = text
        status.tags = tag_names(text)
        names = mentioned_names(text, set(self.accounts))
        status.mentions = [self.accounts[n] for n in names]

    def notify(self, kind: str, owner: Account, actor: Account, status: Status) -> None:
        """Add a notification of ``kind`` for ``owner``."""
        self._counter += 1
        note = Notification(str(self._counter), kind, owner, actor, status, datetime.now(UTC))
        self.notifications.append(note)
        self.tell("notification", note)

    def delete(self, status: Status) -> None:
        """Remove a status and its boosts."""
        for gone in [s for s in self.statuses if s is status or s.reblog is status]:
            self.tell("delete", gone)
        self.statuses = [s for s in self.statuses if s is not status and s.reblog is not status]

    def tell(self, event: str, subject: Status | Notification) -> None:
        """Pass a change on to the watchers: an event as Mastodon's streams name it, and what it is about."""
        for watcher in self.watchers:
            watcher(event, subject)

    def account_json(self, account: Account) -> dict[str, Any]:
        """The Account entity of ``account``."""
        count = sum(1 for s in self.statuses if s.account is account)
        return account_json(account.id, account.username, self.base, account.created, count)

    def status_json(self, status: Status, viewer: Account | None) -> dict[str, Any]:
        """The Status entity of ``status``, as ``viewer`` (None: signed out) sees it."""
        known = set(self.accounts)
        parent = status.in_reply_to
        url = f"{self.base}/@{status.account.username}/{status.id}"
        return {
            "id": status.id,
            "created_at": iso(status.created),
            "in_reply_to_id": parent.id if parent else None,
            "in_reply_to_account_id": parent.account.id if parent else None,
            "sensitive": False,
            "spoiler_text": "",
            "visibility": status.visibility,
            "language": "en",
            "uri": f"{self.base}/users/{status.account.username}/statuses/{status.id}",
            "url": url,
            "replies_count": sum(1 for s in self.statuses if s.in_reply_to is status),
            "reblogs_count": len(status.reblogged_by),
            "favourites_count": len(status.favourited_by),
            "edited_at": iso(status.edited) if status.edited else None,
            "favourited": viewer is not None and viewer.id in status.favourited_by,
            "reblogged": viewer is not None and viewer.id in status.reblogged_by,
            "muted": False,
            "bookmarked": False,
            "pinned": False,
            "content": "" if status.reblog else content_html(status.text, self.base, known),
            "reblog": self.status_json(status.reblog, viewer) if status.reblog else None,
            "application": {"name": "tootkit.testing", "website": None},
            "account": self.account_json(status.account),
            "media_attachments": [],
            "mentions": [
                {
                    "id": a.id,
                    "username": a.username,
                    "acct": a.username,
                    "url": f"{self.base}/@{a.username}",
                }
                for a in status.mentions
            ],
            "tags": [{"name": t, "url": f"{self.base}/tags/{t}"} for t in status.tags],
            "emojis": [],
            "card": None,
            "poll": None,
        }

    def notification_json(self, note: Notification) -> dict[str, Any]:
        """The Notification entity of ``note``."""
        return {
            "id": note.id,
            "type": note.type,
            "created_at": iso(note.created),
            "account": self.account_json(note.actor),
            "status": self.status_json(note.status, note.owner),
        }
