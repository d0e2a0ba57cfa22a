"""Follows, home, undoing favourites and boosts, and the v2 instance on the fake."""

from __future__ import annotations

import httpx
import pytest

import tootkit
from tootkit._convert import strict_converter
from tootkit.errors import NotFound
from tootkit.models import Instance, InstanceV1, MediaAttachment, Relationship, Status
from tootkit.testing import FakeInstance


def _client(fake: FakeInstance, user: str) -> tootkit.Client:
    return tootkit.Client(fake.url, access_token=fake.account(user), transport=fake.transport())


def _aclient(fake: FakeInstance, user: str) -> tootkit.AsyncClient:
    return tootkit.AsyncClient(
        fake.url, access_token=fake.account(user), transport=fake.transport()
    )


def test_follow_fills_home_and_unfollow_empties_it() -> None:
    fake = FakeInstance()
    fake.post("alice", "before the follow")
    mine = fake.post("bot", "my own")
    with _client(fake, "bot") as client:
        assert [s.text for s in client.timelines.home()] == ["my own"]
        alice_id = fake.statuses_by("alice")[0]["account"]["id"]
        followed = client.accounts.follow(alice_id, reblogs=False)
        home = [s.text for s in client.timelines.home()]
        me = client.accounts.verify_credentials()
        [rel] = client.accounts.relationships([alice_id, "404"])
        unfollowed = client.accounts.unfollow(alice_id)
        after = [s.id for s in client.timelines.home()]
    assert (followed.following, followed.showing_reblogs, followed.followed_by) == (
        True,
        False,
        False,
    )
    # Mastodon merges the followed account's earlier statuses into home.
    assert home == ["my own", "before the follow"]
    assert (me.following_count, rel.id, rel.following) == (1, alice_id, True)
    assert not unfollowed.following
    assert after == [mine["id"]]
    with _client(fake, "alice") as alice_client:
        assert list(alice_client.notifications.list()) == []  # the follow's notification went too


async def test_a_follow_notifies_once_and_can_be_followed_back() -> None:
    fake = FakeInstance()
    fake.account("bot")
    fake.follow("alice", "bot")
    async with _aclient(fake, "bot") as client:
        [note] = [n async for n in client.notifications.list()]
        back = await client.accounts.follow(note.account.id)
        again = await client.accounts.follow(note.account.id, notify=True)
        me = await client.accounts.verify_credentials()
    assert (note.type, note.account.username, note.status) == ("follow", "alice", None)
    assert (back.following, back.followed_by, back.notifying) == (True, True, False)
    assert again.notifying
    assert (me.followers_count, me.following_count) == (1, 1)
    with _client(fake, "alice") as alice:
        assert [n.type for n in alice.notifications.list()] == ["follow"]  # one, not two


def test_what_home_shows_of_whom_one_follows() -> None:
    fake = FakeInstance()
    fake.follow("bot", "alice")
    fake.follow("bot", "carol")
    shown = [
        fake.post("alice", "public"),
        fake.post("alice", "followers only", visibility="private"),
        fake.post("alice", "a direct word @bot", visibility="direct"),
    ]
    first = fake.post("alice", "thread start")
    shown.append(first)
    shown.append(fake.post("alice", "and more", in_reply_to=first["id"]))  # a self-reply
    dave = fake.post("dave", "dave speaks")
    hidden = [
        fake.post("alice", "to dave", in_reply_to=dave["id"]),  # bot does not follow dave
        fake.post("alice", "direct to carol @carol", visibility="direct"),
        fake.post("dave", "hi @bot"),  # a mention: a notification, not home
    ]
    shown.append(fake.post("carol", "to alice", in_reply_to=first["id"]))
    with _client(fake, "alice") as alice:
        boost = alice.statuses.reblog(dave["id"])
    shown.append({"id": boost.id})  # a boost by whom one follows
    with _client(fake, "bot") as client:
        home = {s.id for s in client.timelines.home()}
        private = client.statuses.get(shown[1]["id"])
    assert home == {s["id"] for s in shown}
    assert not home & {s["id"] for s in hidden}
    assert private.text == "followers only"
    with _client(fake, "dave") as dave_client, pytest.raises(NotFound):
        dave_client.statuses.get(shown[1]["id"])


def test_a_follow_made_before_quirks_outlives_the_new_account_ids() -> None:
    fake = FakeInstance()
    fake.follow("bot", "alice")
    fake.quirks("gotosocial")  # every account gets a ULID now
    fake.post("alice", "for my followers", visibility="private")
    with _client(fake, "bot") as client:
        home = [s.text for s in client.timelines.home()]
        alice_id = fake.statuses_by("alice")[0]["account"]["id"]
        [rel] = client.accounts.relationships([alice_id])
    assert home == ["for my followers"]
    assert rel.following


def test_follows_reblogs_false_hides_boosts() -> None:
    fake = FakeInstance()
    fake.post("dave", "boost me")
    with _client(fake, "alice") as alice:
        alice.statuses.reblog(fake.statuses_by("dave")[0]["id"])
        alice_id = alice.accounts.verify_credentials().id
    with _client(fake, "bot") as client:
        client.accounts.follow(alice_id, reblogs=False)
        assert list(client.timelines.home()) == []
        client.accounts.follow(alice_id, reblogs=True)
        assert [s.reblog.text for s in client.timelines.home() if s.reblog] == ["boost me"]


def test_follow_bad_input() -> None:
    fake = FakeInstance()
    token = fake.account("bot")
    bot_id = fake.post("bot", "x")["account"]["id"]
    with httpx.Client(
        transport=fake.transport(), base_url=fake.url, headers={"Authorization": f"Bearer {token}"}
    ) as http:
        assert http.post(f"/api/v1/accounts/{bot_id}/follow").status_code == 404  # oneself
        assert http.post("/api/v1/accounts/1/follow").status_code == 404
        assert http.post("/api/v1/accounts/1/unfollow").status_code == 404
        signed_out = http.post(f"/api/v1/accounts/{bot_id}/follow", headers={"Authorization": ""})
    assert signed_out.status_code == 401
    with pytest.raises(ValueError, match="cannot follow itself"):
        fake.follow("bot", "bot")


async def test_unfavourite_and_unreblog() -> None:
    fake = FakeInstance()
    post = fake.post("alice", "nice")
    async with _aclient(fake, "bot") as client:
        never = await client.statuses.unfavourite(post["id"])
        faved = await client.statuses.favourite(post["id"])
        unfaved = await client.statuses.unfavourite(post["id"])
        boost = await client.statuses.reblog(post["id"])
        by_boost_id = await client.statuses.unreblog(boost.id)
        unboosted = await client.statuses.unreblog(post["id"])
        with pytest.raises(NotFound):
            await client.statuses.get(boost.id)
        with pytest.raises(NotFound):
            await client.statuses.unreblog("404")
    assert (never.favourited, never.favourites_count) == (False, 0)
    assert (faved.favourited, faved.favourites_count) == (True, 1)
    assert (unfaved.favourited, unfaved.favourites_count) == (False, 0)
    # Given the boost's own id, Mastodon finds no boost of it and answers with it as it is.
    assert (by_boost_id.id, by_boost_id.reblog is not None) == (boost.id, True)
    assert (unboosted.id, unboosted.reblogged, unboosted.reblogs_count) == (post["id"], False, 0)
    assert fake.statuses_by("bot") == []
    with _client(fake, "alice") as alice:
        assert list(alice.notifications.list()) == []  # both notifications were taken back


def test_deleting_a_boost_takes_back_its_count_and_its_notification() -> None:
    fake = FakeInstance()
    post = fake.post("alice", "nice")
    with _client(fake, "bot") as client:
        boost = client.statuses.reblog(post["id"])
        client.statuses.delete(boost.id)  # as Mastodon, a boost is deleted as a status is
        after = client.statuses.get(post["id"])
    assert (after.reblogged, after.reblogs_count) == (False, 0)
    with _client(fake, "alice") as alice:
        assert list(alice.notifications.list()) == []


async def test_instance_answers_v2_and_tootkit_reads_it() -> None:
    fake = FakeInstance("http://127.0.0.1:8080")
    fake.account("bot")
    async with tootkit.AsyncClient(fake.url, transport=fake.transport()) as client:
        instance = await client.instance()
    assert [r.path for r in fake.requests] == ["/api/v2/instance"]  # no fallback to v1
    assert (instance.domain, instance.title, instance.version) == (
        "127.0.0.1:8080",
        "tootkit.testing",
        "4.3.0",
    )
    assert instance.configuration.statuses.max_characters == 500
    assert instance.configuration.media_attachments.description_limit == 1500
    assert instance.configuration.urls.streaming == "wss://127.0.0.1:8080"
    assert instance.usage.users.active_month == 1


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("/api/v2/instance", Instance),
        ("/api/v1/instance", InstanceV1),
        ("/api/v1/statuses/{status}", Status),
        ("/api/v1/media/{media}", MediaAttachment),
        ("/api/v1/accounts/relationships?id[]={alice}", list[Relationship]),
    ],
)
def test_the_shapes_have_no_key_the_models_lack(path: str, model: object) -> None:
    fake = FakeInstance()
    fake.media_processing(polls=0)
    token = fake.account("bot")
    fake.follow("bot", "alice")
    alice = fake.post("alice", "hi")["account"]["id"]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(transport=fake.transport(), base_url=fake.url, headers=headers) as http:
        media = http.post("/api/v2/media", files={"file": ("a.png", b"..", "image/png")}).json()
        body = {"status": "with media", "media_ids": [media["id"]]}
        status = http.post("/api/v1/statuses", json=body).json()
        http.put(f"/api/v1/media/{media['id']}", json={"focus": "0.5,0.5"})
        # An attached file is gone from /api/v1/media: make one more to read there.
        other = http.post("/api/v1/media", files={"file": ("b.png", b"..", "image/png")}).json()
        url = path.format(status=status["id"], media=other["id"], alice=alice)
        reply = http.get(url)
    assert reply.status_code == 200, reply.text
    strict_converter.structure(reply.json(), model)
