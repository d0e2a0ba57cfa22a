#!/usr/bin/env python3
"""A complete Mastodon bot: it answers every mention by echoing it back.

It is idempotent: it remembers the last mention it answered in a state file,
and posts each reply with an ``Idempotency-Key`` made from the mention, so that
a restart (even a crash between posting and saving) never answers twice.

Listening, it misses nothing either: the user stream backfills, so a mention
that comes while the connection is down is yielded as soon as it is back
(marked ``backfilled``), and one that comes both ways is yielded once.

    python echo_bot.py --credentials ~/.config/echo-bot/credentials.json --state echo.state
    python echo_bot.py ... --listen     # stay connected and answer as mentions arrive

Sign in once first (see the "Signing in" docs page) and save the credentials
with ``tootkit.auth.Credentials(...).save(path)``.
"""

from __future__ import annotations

import argparse
import logging
import re
from pathlib import Path

import tootkit
from tootkit.auth import Credentials
from tootkit.events import NotificationEvent
from tootkit.models import Notification

log = logging.getLogger("echo_bot")

LEADING_MENTIONS = re.compile(r"^(?:@[\w.@-]+\s+)+")


def reply_text(mention: Notification) -> str:
    """The echo: the mention's text without the handles it starts with, addressed to its author."""
    said = mention.status.text if mention.status is not None else ""
    return f"@{mention.account.acct} {LEADING_MENTIONS.sub('', said).strip() or '👋'}"


def last_answered(state: Path) -> str | None:
    """The id of the last mention answered, from the state file (None: none yet)."""
    return (state.read_text().strip() if state.exists() else "") or None


def answer(client: tootkit.Client, mention: Notification, state: Path) -> bool:
    """Answer one mention, then remember it; False for one without a status to answer."""
    status = mention.status
    if status is None or mention.account.id == "":
        return False
    client.statuses.create(
        reply_text(mention),
        in_reply_to_id=status.id,
        visibility="direct" if status.visibility == "direct" else "unlisted",
        idempotency_key=f"echo-bot-{status.id}",
    )
    state.write_text(mention.id)  # after the reply: a crash just before is covered by the key
    log.info("answered %s", status.url or status.id)
    return True


def answer_new_mentions(client: tootkit.Client, state: Path) -> int:
    """Answer the mentions not answered yet, oldest first; return how many were answered."""
    mentions = client.notifications.mentions(since_id=last_answered(state))
    return sum(answer(client, mention, state) for mention in mentions)


def listen(client: tootkit.Client, state: Path) -> None:
    """Answer what came in while the bot was off, then each new mention as it arrives.

    The stream starts after the last mention answered, so that one posted
    between the catch-up and the connection is not lost, and it backfills
    after every drop: each mention is yielded once, live or ``backfilled``.
    """
    answer_new_mentions(client, state)
    since = last_answered(state)  # None: the stream starts at the newest notification
    with client.streaming.user(backfill=True, since_notification_id=since) as stream:
        for event in stream:
            if isinstance(event, NotificationEvent) and event.notification.type == "mention":
                answer(client, event.notification, state)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Answer every mention by echoing it back.")
    parser.add_argument("--credentials", required=True, type=Path, help="saved tootkit credentials")
    parser.add_argument(
        "--state", required=True, type=Path, help="where to remember the last mention"
    )
    parser.add_argument("--listen", action="store_true", help="stay connected to the user stream")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    creds = Credentials.load(args.credentials)
    with tootkit.Client(creds.base_url, access_token=creds.access_token) as client:
        if args.listen:
            listen(client, args.state)
        else:
            print(f"answered {answer_new_mentions(client, args.state)} mention(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
