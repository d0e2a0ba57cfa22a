"""The fake as GoToSocial, Pleroma and snac2 (``fake.quirks``), seen through tootkit's clients.

Each server's walk of a hashtag timeline (five posts, pages of two) costs
what it costs there: Mastodon stops after the short third page, GoToSocial
and Pleroma send ``next`` after it too, snac2 sends no ``Link`` at all (the
client goes on below the last id), so the last three end on an empty page.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import httpx
import pytest

import tootkit
from tootkit._convert import converter
from tootkit._core.request import id_in_url
from tootkit._core.ulid import is_ulid
from tootkit.errors import NotFound, RateLimited, Unauthorized
from tootkit.models import Account, Status
from tootkit.testing import FakeInstance, ServerName

POSTS = [f"post {n} about #quirks" for n in range(5)]
TAG = "/api/v1/timelines/tag/quirks"


def _fake(server: ServerName) -> tuple[FakeInstance, str]:
    """A fake answering as ``server``, with the five posts; the bot's token."""
    fake = FakeInstance()
    token = fake.account("bot")  # made before the quirk, as the pytest fixtures make it
    fake.quirks(server)
    for text in POSTS:
        fake.post("alice", text)
    return fake, token


def _client(fake: FakeInstance, token: str | None, **options: Any) -> tootkit.Client:
    return tootkit.Client(fake.url, access_token=token, transport=fake.transport(), **options)


def _raw(fake: FakeInstance, path: str, token: str | None = None, **params: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with httpx.Client(transport=fake.transport(), base_url=fake.url) as http:
        return http.get(path, params=params, headers=headers)


WALKS = [("mastodon", 3), ("gotosocial", 4), ("pleroma", 4), ("snac", 4)]


@pytest.mark.parametrize(("server", "requests"), WALKS)
def test_a_tag_walk_sees_every_post_once(server: ServerName, requests: int) -> None:
    fake, token = _fake(server)
    with _client(fake, token) as client:
        pages = list(client.timelines.tag("quirks", page_size=2).pages())
    assert [s.text for page in pages for s in page.items] == POSTS[::-1]
    assert [len(page.items) for page in pages] == [2, 2, 1]
    assert len([r for r in fake.requests if r.path == TAG]) == requests
    for raw in fake.statuses_by("alice"):  # what the server sends, read as a model
        assert converter.structure(raw, Status).text in POSTS


@pytest.mark.parametrize(("server", "requests"), WALKS)
async def test_an_async_tag_walk_sees_every_post_once(server: ServerName, requests: int) -> None:
    fake, token = _fake(server)
    async with tootkit.AsyncClient(fake.url, access_token=token, transport=fake.transport()) as c:
        texts = [status.text async for status in c.timelines.tag("quirks", page_size=2)]
    assert texts == POSTS[::-1]
    assert len([r for r in fake.requests if r.path == TAG]) == requests


@pytest.mark.parametrize("server", ["mastodon", "gotosocial", "pleroma", "snac"])
async def test_nodeinfo_names_the_software(server: ServerName) -> None:
    fake, _ = _fake(server)
    async with tootkit.AsyncClient(fake.url, transport=fake.transport()) as client:
        info = await client.server.nodeinfo()
    assert (info.software.name, info.usage.localPosts) == (server, 5)


def test_gotosocial_wants_a_token_even_for_a_tag_timeline() -> None:
    fake, token = _fake("gotosocial")
    with _client(fake, None) as client:
        with pytest.raises(Unauthorized):
            list(client.timelines.tag("quirks"))
        assert client.instance().version == "0.18.0"  # the instance is open
    with _client(fake, token) as client:
        me = client.accounts.verify_credentials()
        statuses = list(client.timelines.tag("quirks"))
    assert is_ulid(me.id)  # the bot was made before the quirk, and given a ULID
    assert all(is_ulid(s.id) and is_ulid(s.account.id) for s in statuses)
    assert statuses[0].url == f"{fake.url}/@alice/statuses/{statuses[0].id}"
    assert statuses[0].account.uri == ""  # GoToSocial sends none
    assert isinstance(statuses[0].account.last_status_at, date)


def test_gotosocial_sends_next_after_the_last_page_and_then_an_empty_page() -> None:
    fake, token = _fake("gotosocial")
    last = _raw(fake, TAG, token, limit="40")
    assert len(last.json()) == 5
    assert 'rel="next"' in last.headers["Link"]  # Mastodon would send none after a short page
    oldest = last.json()[-1]["id"]
    empty = _raw(fake, TAG, token, limit="40", max_id=oldest)
    assert (empty.json(), empty.headers.get("Link")) == ([], None)


def test_gotosocial_leaves_boosts_out_of_a_tag_timeline() -> None:
    fake, token = _fake("gotosocial")
    with _client(fake, token) as client:
        first = next(iter(client.timelines.tag("quirks", limit=1)))
        boost = client.statuses.reblog(first.id)
        texts = [s.text for s in client.timelines.tag("quirks")]
    assert boost.reblog is not None
    assert texts == POSTS[::-1]


def test_gotosocial_rate_limit_has_an_iso_reset_and_no_retry_after() -> None:
    fake, token = _fake("gotosocial")
    fake.rate_limit(remaining=0, reset_in=30)
    answer = _raw(fake, TAG, token)
    assert answer.status_code == 429
    assert "Retry-After" not in answer.headers
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", answer.headers["X-Ratelimit-Reset"])
    with _client(fake, token, rate_limit="raise") as client, pytest.raises(RateLimited) as caught:
        list(client.timelines.tag("quirks"))
    # No Retry-After: the wait comes from the reset, read as ISO 8601.
    assert caught.value.retry_after is not None
    assert 20 < caught.value.retry_after <= 30


def test_gotosocial_has_no_server_sent_events() -> None:
    fake, token = _fake("gotosocial")
    assert _raw(fake, "/api/v1/streaming/hashtag", token, tag="quirks").status_code == 404


def test_pleroma_blocks_are_sent_and_the_models_still_read() -> None:
    fake, _ = _fake("pleroma")
    root = fake.statuses_by("alice")[0]
    reply = fake.post("bot", "@alice indeed", in_reply_to=root["id"])
    assert reply["pleroma"]["in_reply_to_account_acct"] == "alice"
    assert reply["pleroma"]["conversation_id"] == root["id"]
    assert reply["account"]["pleroma"]["ap_id"] == f"{fake.url}/users/bot"
    assert "edited_at" not in reply
    with _client(fake, None) as client:
        statuses = list(client.timelines.tag("quirks"))
        read = client.statuses.get(reply["id"])
    assert read.in_reply_to_id == root["id"]
    assert all(len(s.id) == 18 and s.url == f"{fake.url}/notice/{s.id}" for s in statuses)
    assert statuses[0].language is None
    assert statuses[0].account.url == f"{fake.url}/users/alice"
    # "2025-...T...:..:.." without a zone: read as its day.
    assert isinstance(statuses[0].account.last_status_at, date)
    assert converter.structure(reply["account"], Account).username == "bot"


def test_snac_sends_no_link_and_its_ids_are_42_characters() -> None:
    fake, _ = _fake("snac")
    first = _raw(fake, TAG, limit="2")
    assert "Link" not in first.headers
    ids = [s["id"] for s in first.json()]
    assert all(len(i) == 42 and i[:10].isdigit() for i in ids)
    # The cursor is a place in the list: below the second, whatever the ids' order.
    rest = _raw(fake, TAG, limit="40", max_id=ids[-1])
    assert [s["text"] for s in rest.json()] == POSTS[2::-1]  # snac2 sends the source to all


def test_snac_has_no_tags_api_no_streaming_and_only_a_v1_instance() -> None:
    fake, token = _fake("snac")
    assert _raw(fake, "/api/v1/tags/quirks", token).status_code == 404
    assert _raw(fake, "/api/v1/streaming/public", token).status_code == 404
    assert _raw(fake, "/api/v1/streaming", token, stream="public").status_code == 404
    assert _raw(fake, "/api/v2/instance").status_code == 404
    with _client(fake, None) as client:
        assert client.instance().version == "4.0.0 (not true; really snac/2.94)"


def test_snac_status_address_does_not_end_in_its_id() -> None:
    fake, token = _fake("snac")
    with _client(fake, token) as client:
        status = next(iter(client.timelines.tag("quirks", limit=1)))
        url = status.url or ""
        assert re.fullmatch(rf"{fake.url}/alice/p/\d+\.\d\d", url)
        assert id_in_url(url, fake.url) is None
        with pytest.raises(NotFound):
            client.statuses.get(url.rsplit("/", 1)[1])
    assert status.account.acct == "alice@fake.mastodon.test"


def test_quirks_refuses_an_unknown_server_and_a_late_call() -> None:
    fake = FakeInstance()
    with pytest.raises(ValueError, match="'gotosocial'"):
        fake.quirks("misskey")  # type: ignore[arg-type]
    fake.quirks("pleroma")
    fake.quirks("gotosocial")  # one server at a time: the last one counts
    posted = fake.post("bot", "hi")
    assert is_ulid(posted["id"])
    with pytest.raises(ValueError, match="before the first status"):
        fake.quirks("snac")
