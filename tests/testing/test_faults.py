"""The fake's answers to bad input and the faults a test asks for."""

from __future__ import annotations

import httpx
import pytest

import tootkit
from tootkit.errors import NotFound, RateLimited, ServerError, Unauthorized
from tootkit.testing import FakeInstance, RecordedRequest


def _client(fake: FakeInstance, token: str | None, **options: object) -> tootkit.Client:
    # On the fake's clock: backoffs and rate-limit waits take no real time.
    return tootkit.Client(
        fake.url,
        access_token=token,
        transport=fake.transport(),
        runtime=fake.runtime(),
        **options,  # type: ignore[arg-type]
    )


def test_a_retried_post_after_503_posts_once() -> None:
    fake = FakeInstance()
    token = fake.account("bot")
    fake.fail_next(503, times=2)
    with _client(fake, token) as client:
        status = client.statuses.create("only once")
    posts = [r for r in fake.requests if r.method == "POST"]
    assert len(posts) == 3
    assert [s["id"] for s in fake.statuses_by("bot")] == [status.id]


async def test_the_same_idempotency_key_returns_the_same_status() -> None:
    fake = FakeInstance()
    token = fake.account("bot")
    async with tootkit.AsyncClient(fake.url, access_token=token, transport=fake.transport()) as c:
        first = await c.statuses.create("hello", idempotency_key="k1")
        again = await c.statuses.create("hello", idempotency_key="k1")
        other = await c.statuses.create("hello", idempotency_key="k2")
    assert first.id == again.id != other.id
    assert len(fake.statuses_by("bot")) == 2


def test_503_past_the_retries_is_a_server_error() -> None:
    fake = FakeInstance()
    fake.fail_next(503, times=2)
    with _client(fake, None, retry=False) as client, pytest.raises(ServerError):
        client.instance()
    # The second failure is still waiting; then the fake answers again.
    with _client(fake, None) as client:
        assert client.instance().title == "tootkit.testing"


def test_unknown_endpoint_bad_token_blank_text() -> None:
    fake = FakeInstance()
    token = fake.account("bot")
    http = httpx.Client(transport=fake.transport(), base_url=fake.url)
    unknown = http.get("/api/v1/nothing/here")
    assert (unknown.status_code, unknown.json()) == (404, {"error": "Record not found"})
    bad = http.get("/api/v1/timelines/public", headers={"Authorization": "Bearer nope"})
    assert (bad.status_code, bad.json()) == (401, {"error": "The access token is invalid"})
    signed_out = http.post("/api/v1/statuses", data={"status": "hi"})
    assert signed_out.status_code == 401
    blank = http.post(
        "/api/v1/statuses", data={"status": ""}, headers={"Authorization": f"Bearer {token}"}
    )
    # tootkit's client refuses a blank status before sending it; the fake refuses it too.
    assert (blank.status_code, blank.json()) == (
        422,
        {"error": "Validation failed: Text can't be blank"},
    )
    with _client(fake, token) as client, pytest.raises(NotFound):
        client.statuses.get("12345")
    with _client(fake, "not-the-fakes") as client, pytest.raises(Unauthorized):
        client.accounts.verify_credentials()


def test_a_failure_inside_the_fake_is_a_500_not_an_exception() -> None:
    fake = FakeInstance()
    token = fake.account("bot")
    http = httpx.Client(transport=fake.transport(), base_url=fake.url)
    # JSON that is not an object is refused; a crash of the fake would also be an answer.
    answer = http.post(
        "/api/v1/statuses",
        content=b"[1, 2]",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert answer.status_code == 422
    fake._store.keys = None  # type: ignore[assignment]  # break it on purpose
    broken = http.get("/api/v1/timelines/public")
    assert broken.status_code == 500
    assert "FakeInstance failed" in broken.json()["error"]


def test_rate_limit_raises_rate_limited() -> None:
    fake = FakeInstance()
    fake.rate_limit(remaining=1, reset_in=2)
    posted = fake.post("alice", "hi")
    with _client(fake, None, rate_limit="raise") as client:
        client.statuses.get(posted["id"])
        with pytest.raises(RateLimited) as caught:
            client.statuses.get(posted["id"])
    http = httpx.Client(transport=fake.transport(), base_url=fake.url)
    answer = http.get("/api/v1/instance")
    assert answer.status_code == 429
    assert answer.headers["X-RateLimit-Remaining"] == "0"
    assert answer.headers["X-RateLimit-Limit"] == "300"
    assert int(answer.headers["Retry-After"]) in (1, 2)
    assert caught.value.status_code == 429


def test_requests_are_recorded() -> None:
    fake = FakeInstance()
    token = fake.account("bot")
    with _client(fake, token) as client:
        list(client.timelines.tag("python", limit=3))
        client.statuses.create("hi")
    tag, post = fake.requests
    assert tag == RecordedRequest("GET", "/api/v1/timelines/tag/python", tag.query, token)
    assert ("limit", "3") in tag.query or any(k == "limit" for k, _ in tag.query)
    assert (post.method, post.path, post.token) == ("POST", "/api/v1/statuses", token)


def test_an_answer_the_fake_cannot_send_is_a_500(monkeypatch: pytest.MonkeyPatch) -> None:
    from tootkit.testing import _instance
    from tootkit.testing._routes import Answer

    def unsendable(method: str, path: str) -> object:
        return (lambda store, call: Answer(200, object(), {"X-Bad": "é"}), False, ())

    monkeypatch.setattr(_instance, "route", unsendable)
    fake = FakeInstance()
    answer = httpx.Client(transport=fake.transport(), base_url=fake.url).get("/api/v1/instance")
    assert answer.status_code == 500


def test_fail_next_for_one_endpoint_leaves_the_others_alone(
    mastodon: FakeInstance, mastodon_client: tootkit.Client
) -> None:
    mastodon.fail_next(500, times=2, method="post", path="/api/v1/statuses/")
    assert mastodon_client.accounts.verify_credentials().username == "bot"
    for _ in range(2):  # a 500 is not retried
        with pytest.raises(ServerError):
            mastodon_client.statuses.create("never made")
    assert mastodon.statuses_by("bot") == []
    assert mastodon_client.statuses.create("made").text == "made"  # both are used up
    assert [r.method for r in mastodon.requests] == ["GET", "POST", "POST", "POST"]


def test_a_lost_answer_was_acted_on_and_the_key_keeps_the_retry_from_posting_twice(
    mastodon: FakeInstance, mastodon_client: tootkit.Client
) -> None:
    mastodon.fail_next(503, method="POST", path="/api/v1/statuses", answer_lost=True)
    status = mastodon_client.statuses.create("once", idempotency_key="only-once")
    posts = [r for r in mastodon.requests if r.method == "POST"]
    assert len(posts) == 2
    assert [s["id"] for s in mastodon.statuses_by("bot")] == [status.id]


def test_a_post_without_a_key_of_its_own_is_retried_under_tootkits(
    mastodon: FakeInstance, mastodon_client: tootkit.Client
) -> None:
    # tootkit gives every post an Idempotency-Key: without one the retry would post twice.
    mastodon.fail_next(502, method="POST", path="/api/v1/statuses/", answer_lost=True)
    created = mastodon_client.statuses.create("made, though the answer was lost")
    assert len(mastodon.statuses_by("bot")) == 1
    assert created.id == mastodon.statuses_by("bot")[0]["id"]


@pytest.mark.parametrize(
    "options",
    [{"status": 200}, {"times": 0}, {"path": "api/v1/statuses"}],
)
def test_fail_next_refuses_what_cannot_be(options: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="fail_next"):
        FakeInstance().fail_next(**options)  # type: ignore[arg-type]
