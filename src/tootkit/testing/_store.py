"""What the fake instance holds: accounts, statuses and notifications, and their JSON.

The store knows nothing of HTTP: the routes read and change it, and
:class:`~tootkit.testing.FakeInstance` scripts it from a test.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

import attrs

from tootkit.testing._clock import FakeClock
from tootkit.testing._ids import IdKind, account_id, sequence, status_id
from tootkit.testing._pages import order_key
from tootkit.testing._quirks import MASTODON, Quirk
from tootkit.testing._shapes import (
    account_json,
    content_html,
    iso,
    media_json,
    mentioned_names,
    tag_names,
)

__all__ = ["Account", "Follow", "IdStyle", "Media", "Notification", "Status", "Store"]

IdStyle = Literal["snowflake", "ulid"]
VISIBILITIES = ("public", "unlisted", "private", "direct")


@attrs.define(eq=False)
class Account:
    """A local account and the token that signs in as it."""

    id: str
    username: str
    token: str
    created: datetime
    posted: list[Status] = attrs.Factory(list)
    """Its statuses and boosts in the store, oldest first: counted without a scan of the store."""


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
    boosts: list[Status] = attrs.Factory(list)
    """Its boosts in the store, kept as they come and go: who boosted it, and how many did."""
    media: list[Media] = attrs.Factory(list)
    replies: int = 0
    """How many statuses in the store answer it, kept as they come and go."""


@attrs.define(eq=False)
class Media:
    """An uploaded attachment; it is processing until it has been polled ``polls_left`` more times."""

    id: str
    owner: Account
    type: str
    """Mastodon's ``"image"``, ``"video"`` or ``"audio"``."""
    extension: str
    """The file's extension (``".png"``), for its URL."""
    description: str | None = None
    focus: tuple[float, float] | None = None
    polls_left: int = 0
    status: Status | None = None
    """The status it is attached to, once it is."""


@attrs.define(eq=False)
class Follow:
    """``follower`` follows ``followed``; ``reblogs=False`` keeps its boosts out of home."""

    follower: Account
    followed: Account
    reblogs: bool = True
    notify: bool = False


@attrs.define(eq=False)
class Notification:
    """A notification for ``owner``: a mention, a favourite, a boost or a follow by ``actor``."""

    id: str
    type: str
    owner: Account
    actor: Account
    status: Status | None
    """None for a follow."""
    created: datetime


class Store:
    """Accounts, statuses (newest last) and notifications of one fake instance."""

    ids: IdKind
    """How status ids are written."""
    quirk: Quirk
    """The server the store answers as: its ids and its JSON (:meth:`use`)."""

    def __init__(self, base: str, ids: IdStyle, *, clock: FakeClock | None = None) -> None:
        self.base = base
        self.domain = base.split("://", 1)[1]
        """The instance's domain, as its entities name it: ``base`` without the scheme."""
        self.ids = ids
        self.clock = clock if clock is not None else FakeClock()
        self.accounts: dict[str, Account] = {}
        self.statuses: list[Status] = []
        self.keys: list[str] = []
        """The :func:`order_key` of each of :attr:`statuses`, in the same order, for bisection.

        They rise, but for snac2's ids, whose pages go by position (``quirk.pages.by_position``).
        """
        self._by_id: dict[str, Status] = {}
        self.notifications: list[Notification] = []
        self.idempotency: dict[tuple[str, str], Status] = {}
        self.media: dict[str, Media] = {}
        self.media_polls = 1
        """How many polls an upload through ``POST /api/v2/media`` takes to be processed."""
        self.follows: dict[tuple[Account, Account], Follow] = {}
        """Who follows whom, by the two accounts (not their ids, which :meth:`use` changes)."""
        self.watchers: list[Callable[[str, Status | Notification], None]] = []
        """Told of every change a stream sends: ``("update", status)``, ``("notification", note)``..."""
        self._last = 0
        self._counter = 0
        self.quirk = MASTODON

    def now(self) -> datetime:
        """The fake's current time: what every timestamp of the store is read from."""
        return self.clock.now()

    def new_id(self, moment: datetime) -> str:
        """A fresh id, larger than every earlier one, written as :attr:`ids` says."""
        # Two ids in one millisecond: the later one counts up from the earlier.
        self._last = sequence(self.ids, moment, self._last)
        return status_id(self.ids, moment, self._last)

    def use(self, quirk: Quirk) -> None:
        """Answer as ``quirk``'s server: its ids from now on, its JSON, new ids for the accounts.

        Only before the first status (a ValueError after): ids already given cannot change.
        """
        if self.statuses:
            raise ValueError("quirks() must come before the first status: its ids cannot change")
        self.quirk = quirk
        self.ids = quirk.status_ids
        self._last = 0
        for serial, account in enumerate(self.accounts.values(), start=1):
            self._give_id(account, serial)

    def _give_id(self, account: Account, serial: int) -> None:
        """Give the ``serial``-th account (from 1) its id, in the style of :attr:`quirk`."""
        actor = self.quirk.actor.format(base=self.base, username=account.username)
        account.id = account_id(self.quirk.account_ids, account.created, serial, actor)

    def add_account(self, username: str) -> Account:
        """The account named ``username``, made on first use."""
        if username not in self.accounts:
            self._counter += 1
            self.accounts[username] = Account(
                id="",  # made below: some servers make it of the account's time
                username=username,
                token=f"fake-{username}-{secrets.token_hex(8)}",
                created=self.now(),
            )
            self._give_id(self.accounts[username], self._counter)
        return self.accounts[username]

    def by_token(self, token: str) -> Account | None:
        """The account a token signs in as, if it is one of this store's."""
        return next((a for a in self.accounts.values() if a.token == token), None)

    def by_id(self, account_id: str) -> Account | None:
        """The account with this id, if any."""
        return next((a for a in self.accounts.values() if a.id == account_id), None)

    def status(self, status_id: str) -> Status | None:
        """The status with this id, if it exists and was not deleted."""
        return self._by_id.get(status_id)

    def boost_of(self, status: Status, account: Account) -> Status | None:
        """``account``'s boost of ``status``, if it boosted it."""
        return next((b for b in status.boosts if b.account is account), None)

    def create(
        self,
        account: Account,
        text: str,
        visibility: str = "public",
        in_reply_to: Status | None = None,
        reblog: Status | None = None,
        media: Sequence[Media] = (),
    ) -> Status:
        """Store a new status (or a boost of ``reblog``) and notify whom it mentions."""
        now = self.now()
        status = Status(
            id=self.new_id(now),
            account=account,
            text=text,
            visibility=visibility,
            created=now,
            in_reply_to=in_reply_to,
            reblog=reblog,
            media=list(media),
        )
        for attached in media:
            attached.status = status
        self.retext(status, text)
        self.statuses.append(status)
        self.keys.append(order_key(status.id))
        self._by_id[status.id] = status
        account.posted.append(status)
        if in_reply_to is not None:
            in_reply_to.replies += 1
        if reblog is not None:
            reblog.boosts.append(status)
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

    def edit(self, status: Status, text: str) -> None:
        """Give a status new text and an ``edited_at`` after its last version.

        A real server's clock has moved on since the post; the fake's may
        not have (it moves only when advanced), so an edit is stamped at
        least a millisecond after the version before it: each version keeps
        a time of its own, as archives that tell versions apart expect.
        """
        self.retext(status, text)
        last = status.edited or status.created
        status.edited = max(self.now(), last + timedelta(milliseconds=1))

    def notify(self, kind: str, owner: Account, actor: Account, status: Status | None) -> None:
        """Add a notification of ``kind`` for ``owner``."""
        self._counter += 1
        note = Notification(str(self._counter), kind, owner, actor, status, self.now())
        self.notifications.append(note)
        self.tell("notification", note)

    def unnotify(self, kind: str, owner: Account, actor: Account, status: Status | None) -> None:
        """Take back a notification: Mastodon deletes it with the favourite, boost or follow undone."""
        self.notifications = [
            n
            for n in self.notifications
            if (n.type, n.owner, n.actor, n.status) != (kind, owner, actor, status)
        ]

    def unfavourite(self, status: Status, account: Account) -> None:
        """Take back ``account``'s favourite of ``status``, notification and all."""
        if account.id in status.favourited_by:
            status.favourited_by.discard(account.id)
            self.unnotify("favourite", status.account, account, status)

    def unreblog(self, status: Status, account: Account) -> None:
        """Delete ``account``'s boost of ``status``, notification and all."""
        boost = self.boost_of(status, account)
        if boost is not None:
            self.delete(boost)

    def delete(self, status: Status) -> None:
        """Remove a status and its boosts; a boost takes its notification with it."""
        gone = [s for s in self.statuses if s is status or s.reblog is status]
        for each in gone:
            self.tell("delete", each)
            del self._by_id[each.id]
            each.account.posted.remove(each)
            if each.in_reply_to is not None:
                each.in_reply_to.replies -= 1
            if each.reblog is not None:
                each.reblog.boosts.remove(each)
                self.unnotify("reblog", each.reblog.account, each.account, each.reblog)
        self.statuses = [s for s in self.statuses if s is not status and s.reblog is not status]
        self.keys = [order_key(s.id) for s in self.statuses]

    def add_media(self, owner: Account, kind: str, extension: str, polls: int) -> Media:
        """Store a new upload of ``owner``, processing for ``polls`` polls."""
        media = Media(self.new_id(self.now()), owner, kind, extension, polls_left=polls)
        self.media[media.id] = media
        return media

    def follow(
        self, follower: Account, followed: Account, *, reblogs: bool | None, notify: bool | None
    ) -> Follow:
        """Make ``follower`` follow ``followed`` (notified the first time), or change the options."""
        key = (follower, followed)
        found = self.follows.get(key)
        if found is None:
            found = self.follows[key] = Follow(follower, followed)
            self.notify("follow", followed, follower, None)
        found.reblogs = found.reblogs if reblogs is None else reblogs
        found.notify = found.notify if notify is None else notify
        return found

    def unfollow(self, follower: Account, followed: Account) -> None:
        """End a follow, and its notification with it."""
        if self.follows.pop((follower, followed), None) is not None:
            self.unnotify("follow", followed, follower, None)

    def follow_of(self, follower: Account | None, followed: Account) -> Follow | None:
        """How ``follower`` follows ``followed``, if it does."""
        return None if follower is None else self.follows.get((follower, followed))

    def tell(self, event: str, subject: Status | Notification) -> None:
        """Pass a change on to the watchers: an event as Mastodon's streams name it, and what it is about."""
        for watcher in self.watchers:
            watcher(event, subject)

    def account_json(self, account: Account) -> dict[str, Any]:
        """The Account entity of ``account``."""
        count = len(account.posted)
        body = account_json(account.id, account.username, self.base, account.created, count)
        body["followers_count"] = sum(1 for f in self.follows.values() if f.followed is account)
        body["following_count"] = sum(1 for f in self.follows.values() if f.follower is account)
        self.quirk.account_shape(self, account, body)
        return body

    def status_json(self, status: Status, viewer: Account | None) -> dict[str, Any]:
        """The Status entity of ``status``, as ``viewer`` (None: signed out) sees it."""
        mentioned = {a.username for a in status.mentions}  # as resolved when posted
        parent = status.in_reply_to
        url = f"{self.base}/@{status.account.username}/{status.id}"
        body = {
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
            "replies_count": status.replies,
            "reblogs_count": len(status.boosts),
            "favourites_count": len(status.favourited_by),
            "edited_at": iso(status.edited) if status.edited else None,
            "favourited": viewer is not None and viewer.id in status.favourited_by,
            "reblogged": viewer is not None and self.boost_of(status, viewer) is not None,
            "muted": False,
            "bookmarked": False,
            "pinned": False,
            "content": "" if status.reblog else content_html(status.text, self.base, mentioned),
            "reblog": self.status_json(status.reblog, viewer) if status.reblog else None,
            "application": {"name": "tootkit.testing", "website": None},
            "account": self.account_json(status.account),
            "media_attachments": [media_json(m, self.base) for m in status.media],
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
        self.quirk.status_shape(self, status, viewer, body)
        return body

    def notification_json(self, note: Notification) -> dict[str, Any]:
        """The Notification entity of ``note``."""
        body = {
            "id": note.id,
            "type": note.type,
            "created_at": iso(note.created),
            "account": self.account_json(note.actor),
        }
        if note.status is not None:  # a follow has none: Mastodon leaves the key out
            body["status"] = self.status_json(note.status, note.owner)
        return body
