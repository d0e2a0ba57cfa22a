"""tootkit's clients walk the fake's timelines, page by page, as they walk Mastodon's."""

from __future__ import annotations

import httpx
import pytest

import tootkit
from tootkit.testing import FakeInstance


def _client(fake: FakeInstance, token: str | None = None) -> tootkit.Client:
    return tootkit.Client(fake.url, access_token=token, transport=fake.transport())


def _aclient(fake: FakeInstance, token: str | None = None) -> tootkit.AsyncClient:
    return tootkit.AsyncClient(fake.url, access_token=token, transport=fake.transport())


@pytest.fixture
def fake() -> FakeInstance:
    fake = FakeInstance()
    for i in range(45):
        fake.post("alice", f"number {i} #python" + (" #django" if i % 3 == 0 else ""))
    fake.post("alice", "no tag here")
    fake.post("alice", "quiet #python", visibility="unlisted")
    return fake


def test_tag_timeline_walks_every_page_newest_first(fake: FakeInstance) -> None:
    with _client(fake) as client:
        texts = [s.text for s in client.timelines.tag("python", page_size=20)]
    assert texts == [
        f"number {i} #python" + (" #django" if i % 3 == 0 else "") for i in range(44, -1, -1)
    ]
    pages = [r for r in fake.requests if r.path == "/api/v1/timelines/tag/python"]
    assert len(pages) == 3  # 20 + 20 + 5: the short page has no "next"


async def test_async_tag_timeline_walks_every_page(fake: FakeInstance) -> None:
    async with _aclient(fake) as client:
        ids = [s.id async for s in client.timelines.tag("#Python", page_size=10)]
    assert len(ids) == 45
    assert ids == sorted(ids, key=int, reverse=True)


def test_any_all_none(fake: FakeInstance) -> None:
    fake.post("bob", "#rust only")
    with _client(fake) as client:
        django = list(client.timelines.tag("python", all=["django"]))
        not_django = list(client.timelines.tag("python", none=["django"]))
        either = list(client.timelines.tag("python", any=["rust"]))
    assert len(django) == 15
    assert len(not_django) == 30
    assert len(either) == 46


def test_link_header_is_mastodons() -> None:
    fake = FakeInstance()
    ids = [fake.post("alice", f"#t {i}")["id"] for i in range(5)]
    transport = fake.transport()
    with httpx.Client(transport=transport, base_url=fake.url) as http:
        first = http.get("/api/v1/timelines/tag/t", params={"limit": 2})
        newer = http.get("/api/v1/timelines/tag/t", params={"min_id": ids[1], "limit": 2})
        since = http.get("/api/v1/timelines/tag/t", params={"since_id": ids[1], "limit": 2})
    assert [s["id"] for s in first.json()] == [ids[4], ids[3]]
    assert (
        first.links["next"]["url"] == f"{fake.url}/api/v1/timelines/tag/t?limit=2&max_id={ids[3]}"
    )
    assert (
        first.links["prev"]["url"] == f"{fake.url}/api/v1/timelines/tag/t?limit=2&min_id={ids[4]}"
    )
    # min_id: the page just above it; since_id: the newest above it.
    assert [s["id"] for s in newer.json()] == [ids[3], ids[2]]
    assert [s["id"] for s in since.json()] == [ids[4], ids[3]]


def test_ulid_ids_page_in_order() -> None:
    fake = FakeInstance(ids="ulid")
    for i in range(7):
        fake.post("alice", f"{i} #t")
    with _client(fake) as client:
        statuses = list(client.timelines.tag("t", page_size=3))
    assert [s.text for s in statuses] == [f"{i} #t" for i in range(6, -1, -1)]
    assert all(len(s.id) == 26 for s in statuses)


def test_public_home_account_and_notifications() -> None:
    fake = FakeInstance()
    token = fake.account("bot")
    fake.follow("bot", "alice")  # home holds only whom one follows, as on Mastodon
    mention = fake.post("alice", "hello @bot #hi")
    fake.post("alice", "secret", visibility="direct")
    with _client(fake, token) as client:
        public = [s.text for s in client.timelines.public()]
        home = [s.id for s in client.timelines.home()]
        me = client.accounts.verify_credentials()
        alice = client.statuses.get(mention["id"]).account
        by_alice = list(client.accounts.statuses(alice.id))
        notes = list(client.notifications.list())
    assert public == ["hello @bot #hi"]
    assert home == [mention["id"]]
    assert me.username == "bot"
    assert [s.id for s in by_alice] == [mention["id"]]
    assert [(n.type, n.status.id if n.status else None) for n in notes] == [
        ("mention", mention["id"])
    ]
    assert notes[0].status is not None
    assert [m.username for m in notes[0].status.mentions] == ["bot"]


async def test_create_edit_favourite_boost_context_delete() -> None:
    fake = FakeInstance()
    token = fake.account("bot")
    root = fake.post("alice", "question? @bot")
    async with _aclient(fake, token) as client:
        reply = await client.statuses.create("answer #help", in_reply_to_id=root["id"])
        edited = await client.statuses.edit(reply.id, "better answer #help")
        faved = await client.statuses.favourite(root["id"])
        boost = await client.statuses.reblog(root["id"])
        context = await client.statuses.context(reply.id)
        instance = await client.instance()
        deleted = await client.statuses.delete(reply.id)
        with pytest.raises(tootkit.errors.NotFound):
            await client.statuses.get(reply.id)
    assert [t.name for t in reply.tags] == ["help"]
    assert edited.edited_at is not None
    assert edited.text == "better answer #help"
    assert faved.favourited
    assert faved.favourites_count == 1
    assert boost.reblog is not None
    assert boost.reblog.id == root["id"]
    assert [s.id for s in context.ancestors] == [root["id"]]
    assert instance.title == "tootkit.testing"
    assert deleted.id == reply.id
    assert [s["reblog"]["id"] for s in fake.statuses_by("bot")] == [root["id"]]


def test_a_tag_outside_ascii_pages_too() -> None:
    fake = FakeInstance()
    for i in range(3):
        fake.post("alice", f"#Café {i}")
    with _client(fake) as client:
        texts = [s.text for s in client.timelines.tag("#café", page_size=2)]
    assert texts == ["#Café 2", "#Café 1", "#Café 0"]


def test_scripting_mistakes_are_refused_at_once() -> None:
    fake = FakeInstance()
    with pytest.raises(ValueError, match="visibility"):
        fake.post("alice", "hi", visibility="everyone")
    with pytest.raises(ValueError, match="reply to"):
        fake.post("alice", "hi", in_reply_to="404")
    with pytest.raises(ValueError, match="ids"):
        FakeInstance(ids="uuid")  # type: ignore[arg-type]


async def test_notifications_page_and_filter() -> None:
    fake = FakeInstance()
    token = fake.account("bot")
    alice = fake.account("alice")
    for i in range(5):
        fake.post("alice", f"@bot {i}")
    mine = fake.post("bot", "a post of mine")
    async with _aclient(fake, alice) as client:
        await client.statuses.favourite(mine["id"])
        await client.statuses.reblog(mine["id"])
        await client.statuses.reblog(mine["id"])  # a second boost changes nothing
    async with _aclient(fake, token) as client:
        everything = [n.type async for n in client.notifications.list(page_size=2)]
        mentions = [n.type async for n in client.notifications.list(types=["mention"])]
    assert everything == ["reblog", "favourite", *["mention"] * 5]
    assert mentions == ["mention"] * 5
    pages = [r for r in fake.requests if r.path == "/api/v1/notifications"]
    assert len(pages) == 5  # 2 + 2 + 2 + 1, then the walk with types: 1


def test_the_fake_tags_what_tootkit_asks_for(
    mastodon: FakeInstance, mastodon_client: tootkit.Client
) -> None:
    mastodon.post("alice", "नमस्ते #हिन्दी and #a·b, not #123")
    assert [s.text for s in mastodon_client.timelines.tag("हिन्दी")] == [
        "नमस्ते #हिन्दी and #a·b, not #123"
    ]
    assert len(list(mastodon_client.timelines.tag("a·b"))) == 1
