"""A bot's life against real servers: sign in, post, react, and stream without missing a post.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import Seed
from tests.support.mockserver import FakeServer, MockServer, run_fake_server
from tootkit import AsyncClient, AsyncRuntime
from tootkit.auth import OOB, Credentials, new_state, pkce
from tootkit.events import NotificationEvent, Update
from tootkit.models import MediaAttachment, Poll, Status

pytestmark = pytest.mark.integration

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x9a\xa0\xa1\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(scope="module")
def streamer() -> Iterator[FakeServer]:
    options = {"stream_total": "200", "stream_drop_at": "90", "stream_gap": "20"}
    with run_fake_server(0, **options) as server:
        yield server


@pytest.mark.timeout(120)
async def test_a_dropped_stream_with_backfill_yields_every_status_once(
    streamer: FakeServer,
) -> None:
    got: list[str] = []
    backfilled = 0
    async with AsyncClient(streamer.base_url) as client:
        async with client.streaming.hashtag("#fake", backfill=True) as stream:
            async for event in stream:
                if isinstance(event, Update):
                    got.append(event.status.id)
                    backfilled += event.backfilled
                if len(got) >= 200:
                    break
        reconnects = stream.reconnects
    expected = [streamer.timeline.id_of(i) for i in range(200)]
    assert got == expected  # all 200, each once, in the order they were posted
    assert reconnects == 1
    assert backfilled >= 20  # the 20 posted while the stream was down came from the timeline


async def test_sign_in_with_the_oauth_flow(
    base_url: str, mock_server: MockServer, tmp_path: Path
) -> None:
    async with AsyncClient(base_url) as anonymous:
        app = await anonymous.oauth.register_app(
            "tootkit test", scopes="read write", redirect_uris=OOB
        )
        challenge, state = pkce(), new_state()
        url = anonymous.oauth.authorization_url(
            app.client_id, scopes="read write", state=state, pkce=challenge
        )
        assert url.startswith(f"{base_url}/oauth/authorize?")
        assert "code_challenge_method=S256" in url
        # The user picks their account on the server's page; the server shows the code.
        page = mock_server.http.post(
            "/oauth/authorize",
            data={
                "username": "testuser",
                "redirect_uri": OOB,
                "client_id": app.client_id,
                "state": state,
            },
        )
        code = re.search(r"Authorization code: ([^<\s]+)", page.text)
        assert code is not None
        token = await anonymous.oauth.exchange_code(
            app.client_id,
            app.client_secret,
            code.group(1),
            code_verifier=challenge.verifier,
            scopes="read write",
        )
        assert token.access_token
    saved = Credentials(
        base_url=base_url,
        client_id=app.client_id,
        client_secret=app.client_secret,
        access_token=token.access_token,
        scopes="read write",
    ).save(tmp_path / "bot" / "credentials.json")
    assert saved.stat().st_mode & 0o777 == 0o600
    creds = Credentials.load(saved)
    assert token.access_token not in repr(creds)
    async with AsyncClient(creds.base_url, access_token=creds.access_token) as me:
        assert (await me.accounts.verify_credentials()).username == "testuser"
        assert (await me.oauth.verify_app()).name == "tootkit test"
        await me.oauth.revoke(app.client_id, app.client_secret, token.access_token)


async def test_post_with_media_and_a_poll_reply_and_favourite(
    base_url: str, token: str, seed: Seed
) -> None:
    from tootkit import NewPoll

    async with AsyncClient(base_url, access_token=token) as bot:
        media = await bot.media.upload(PNG, filename="dot.png", description="A single dot")
        assert isinstance(media, MediaAttachment)
        assert media.description == "A single dot"
        with_media = await bot.statuses.create("a picture #bots", media_ids=[media.id])
        assert [m.id for m in with_media.media_attachments] == [media.id]
        with_poll = await bot.statuses.create(
            "which? #bots", poll=NewPoll(options=["this", "that"])
        )
        assert isinstance(with_poll.poll, Poll)
        assert [o.title for o in with_poll.poll.options] == ["this", "that"]
        reply = await bot.statuses.create(
            "a reply", in_reply_to_id=with_media.id, visibility="unlisted"
        )
        assert reply.in_reply_to_id == with_media.id
        assert reply.visibility == "unlisted"
        liked = await bot.statuses.favourite(seed.thread[0])
        assert liked.favourited is True
        assert (await bot.statuses.bookmark(seed.thread[0])).bookmarked is True
        assert (await bot.statuses.unfavourite(seed.thread[0])).favourited is False
        edited = await bot.statuses.edit(reply.id, "a better reply")
        assert edited.text == "a better reply"
        gone = await bot.statuses.delete(reply.id)
        assert isinstance(gone, Status)


class DropAfterSending(httpx.AsyncBaseTransport):
    """Sends the first post to the server, then loses its answer: the worst case for a retry."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.dropped = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path == "/api/v1/statuses" and not self.dropped:
            await response.aread()
            await response.aclose()
            self.dropped += 1
            raise httpx.RemoteProtocolError("connection lost after the post", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_a_post_retried_after_a_dropped_connection_exists_once(
    base_url: str, token: str, seed: Seed
) -> None:
    text = f"posted once {uuid.uuid4().hex}"
    transport = DropAfterSending()
    no_pause = AsyncRuntime(rand=lambda: 0.0)  # no pause before the retry
    async with AsyncClient(
        base_url, access_token=token, transport=transport, runtime=no_pause
    ) as bot:
        status = await bot.statuses.create(text)
        assert transport.dropped == 1
        mine = [s async for s in bot.accounts.statuses(seed.account_id, limit=20) if s.text == text]
    assert [s.id for s in mine] == [status.id]


async def test_stream_the_users_mentions(
    base_url: str, token: str, seed: Seed, mock_server: MockServer
) -> None:
    text = f"@testuser hello {uuid.uuid4().hex[:6]}"

    def mention_soon() -> None:
        mock_server.post_status(text, token=seed.alice_token)

    async with AsyncClient(base_url, access_token=token) as bot:
        timer = threading.Timer(1.0, mention_soon)
        timer.start()
        try:
            async with bot.streaming.user(heartbeat_timeout=10) as stream:
                async for event in stream:
                    if (
                        isinstance(event, NotificationEvent)
                        and event.notification.type == "mention"
                    ):
                        assert event.notification.status is not None
                        assert event.notification.status.text == text
                        break
        finally:
            timer.cancel()
        seen = [m.status.text async for m in bot.notifications.mentions() if m.status]
        assert text in seen
        again = [m async for m in bot.notifications.mentions()]
        assert again == []  # it knows which ones it has seen
