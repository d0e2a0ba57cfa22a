"""The fake clock: the fake's timestamps, rate limits, backoffs and slow answers, in no real time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Literal

import httpx
import pytest

import tootkit
from tootkit._core.snowflake import snowflake_to_datetime
from tootkit._core.ulid import ulid_to_datetime
from tootkit.errors import RateLimited, Timeout
from tootkit.testing import FakeClock, FakeInstance

MAY_DAY = datetime(2024, 5, 1, tzinfo=UTC)


def _client(fake: FakeInstance, **options: object) -> tootkit.Client:
    """A client signed in as "bot", on the fake's clock."""
    return tootkit.Client(
        fake.url,
        access_token=fake.account("bot"),
        transport=fake.transport(),
        runtime=fake.runtime(seed=7),
        **options,  # type: ignore[arg-type]
    )


# -- the clock itself -------------------------------------------------------------


def test_the_clock_moves_only_when_advanced_or_slept() -> None:
    clock = FakeClock(start=MAY_DAY)
    assert (clock.now(), clock.monotonic()) == (MAY_DAY, 0.0)
    clock.advance(1.5)
    clock.sleep(60)
    clock.sleep(0)
    clock.sleep(-3)  # as asyncio.sleep: no time at all
    asyncio.run(clock.async_sleep(0.5))
    assert clock.monotonic() == 62.0
    assert clock.now() == MAY_DAY + timedelta(seconds=62)
    assert clock.now().tzinfo is UTC


def test_a_new_clock_starts_at_the_real_time() -> None:
    before = datetime.now(UTC)
    clock = FakeClock()
    assert before <= clock.now() <= datetime.now(UTC)
    assert repr(clock).startswith("<FakeClock ")


@pytest.mark.parametrize("seconds", [-1.0, float("inf"), float("nan")])
def test_the_clock_does_not_go_back(seconds: float) -> None:
    with pytest.raises(ValueError, match="forward only"):
        FakeClock().advance(seconds)


def test_a_naive_start_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        FakeClock(start=datetime(2024, 5, 1))


async def test_async_sleep_lets_other_tasks_run() -> None:
    clock = FakeClock()
    ran: list[str] = []

    async def other() -> None:
        ran.append("other")

    task = asyncio.create_task(other())
    await clock.async_sleep(10)
    assert ran == ["other"]
    await task


def test_runtimes_share_the_fakes_clock() -> None:
    fake = FakeInstance(clock=FakeClock(start=MAY_DAY))
    runtime, async_runtime = fake.runtime(), fake.async_runtime()
    assert isinstance(runtime, tootkit.Runtime)
    assert isinstance(async_runtime, tootkit.AsyncRuntime)
    runtime.sleep(30)
    asyncio.run(async_runtime.sleep(30))
    assert runtime.clock() == async_runtime.clock() == MAY_DAY + timedelta(minutes=1)
    assert runtime.monotonic() == fake.clock.monotonic() == 60.0
    same = [fake.runtime(seed=3).rand() for _ in range(2)]
    assert same[0] == same[1]


# -- the fake's own time ------------------------------------------------------------


def test_timestamps_and_ids_come_from_the_fakes_clock() -> None:
    clock = FakeClock(start=MAY_DAY)
    fake = FakeInstance(clock=clock)
    fake.account("bot")
    first = fake.post("alice", "hi @bot")
    clock.advance(90)
    with _client(fake) as client:
        reply = client.statuses.create("hi", in_reply_to_id=first["id"])
        clock.advance(30)
        edited = client.statuses.edit(reply.id, "hello")
        [mention] = client.notifications.list()
    assert first["created_at"] == "2024-05-01T00:00:00.000Z"
    assert first["account"]["created_at"] == "2024-05-01T00:00:00.000Z"
    assert mention.created_at == MAY_DAY
    assert reply.created_at == MAY_DAY + timedelta(seconds=90)
    assert edited.edited_at == MAY_DAY + timedelta(seconds=120)
    # A snowflake holds its creation time, in milliseconds, above 16 bits.
    assert int(first["id"]) >> 16 == int(MAY_DAY.timestamp() * 1000)


@pytest.mark.parametrize(
    ("ids", "created_of"), [("snowflake", snowflake_to_datetime), ("ulid", ulid_to_datetime)]
)
def test_an_id_holds_the_very_millisecond_of_its_status(
    ids: Literal["snowflake", "ulid"], created_of: Callable[[str], datetime]
) -> None:
    # A millisecond that timestamp() * 1000, a float, puts a hair below itself.
    moment = datetime(2039, 8, 16, 8, 49, 33, 173000, tzinfo=UTC)
    fake = FakeInstance(ids=ids, clock=FakeClock(start=moment))
    posted = fake.post("alice", "hi")
    assert created_of(posted["id"]) == moment
    assert posted["created_at"] == "2039-08-16T08:49:33.173Z"


def test_fakes_that_share_a_clock_share_their_time() -> None:
    clock = FakeClock(start=MAY_DAY)
    one, two = FakeInstance(clock=clock), FakeInstance("https://two.test", clock=clock)
    one.runtime().sleep(5)
    assert two.post("bob", "late")["created_at"] == "2024-05-01T00:00:05.000Z"


def test_a_rate_limit_lifts_when_the_fake_clock_passes_its_reset() -> None:
    fake = FakeInstance(clock=FakeClock(start=MAY_DAY))
    fake.rate_limit(remaining=0, reset_in=60)
    http = httpx.Client(transport=fake.transport(), base_url=fake.url)
    limited = http.get("/api/v1/instance")
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "60"
    assert limited.headers["X-RateLimit-Reset"] == "2024-05-01T00:01:00.000Z"
    fake.clock.advance(59)
    assert http.get("/api/v1/instance").headers["Retry-After"] == "1"
    fake.clock.advance(1)
    assert http.get("/api/v1/instance").status_code == 200


def test_a_rate_limit_with_a_window_renews_as_a_servers_does() -> None:
    fake = FakeInstance(clock=FakeClock(start=MAY_DAY))
    fake.rate_limit(limit=2, remaining=1, reset_in=10, window=60)
    http = httpx.Client(transport=fake.transport(), base_url=fake.url)
    statuses = [http.get("/api/v1/instance").status_code for _ in range(2)]
    assert statuses == [200, 429]
    fake.clock.advance(10)  # the first window ends; the next lasts a minute
    answers = [http.get("/api/v1/instance") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["1", "0", "0"]
    assert answers[0].headers["X-RateLimit-Reset"] == "2024-05-01T00:01:10.000Z"
    assert answers[2].headers["Retry-After"] == "60"
    fake.clock.advance(60 * 3 + 5)  # windows nobody asked in pass unseen
    renewed = http.get("/api/v1/instance")
    assert renewed.status_code == 200
    assert renewed.headers["X-RateLimit-Reset"] == "2024-05-01T00:04:10.000Z"


@pytest.mark.parametrize("window", [0, -1, float("inf"), float("nan")])
def test_a_window_that_is_not_a_length_is_refused(window: float) -> None:
    with pytest.raises(ValueError, match="window"):
        FakeInstance().rate_limit(window=window)


# -- the client waits on the fake clock: rate limits and backoffs --------------------


def test_the_sync_fixture_waits_out_a_rate_limit_on_the_fake_clock(
    mastodon: FakeInstance, mastodon_client: tootkit.Client
) -> None:
    mastodon.rate_limit(remaining=0, reset_in=60)
    assert mastodon_client.accounts.verify_credentials().username == "bot"
    assert mastodon.clock.monotonic() == 60.0
    assert [r.path for r in mastodon.requests] == ["/api/v1/accounts/verify_credentials"] * 2


async def test_the_async_fixture_waits_out_a_rate_limit_on_the_fake_clock(
    mastodon: FakeInstance, async_mastodon_client: tootkit.AsyncClient
) -> None:
    mastodon.rate_limit(remaining=1, reset_in=60)
    async with async_mastodon_client as client:
        await client.accounts.verify_credentials()
        assert mastodon.clock.monotonic() == 0.0
        me = await client.accounts.verify_credentials()
    assert me.username == "bot"
    assert mastodon.clock.monotonic() == 60.0
    assert len(mastodon.requests) == 3  # one 429 in between


def test_the_sync_fixture_backs_off_503s_on_the_fake_clock(
    mastodon: FakeInstance, mastodon_client: tootkit.Client
) -> None:
    mastodon.fail_next(503, times=3)
    mastodon_client.accounts.verify_credentials()
    assert len(mastodon.requests) == 4
    # The default policy: full jitter under 0.5, 1 and 2 seconds.
    assert 0 < mastodon.clock.monotonic() <= 3.5


async def test_the_async_fixture_retries_a_post_once_on_the_fake_clock(
    mastodon: FakeInstance, async_mastodon_client: tootkit.AsyncClient
) -> None:
    mastodon.fail_next(503, times=2)
    async with async_mastodon_client as client:
        status = await client.statuses.create("only once")
    assert [s["id"] for s in mastodon.statuses_by("bot")] == [status.id]
    assert len(mastodon.requests) == 3
    assert 0 < mastodon.clock.monotonic() <= 1.5


def test_the_clock_moves_by_exactly_the_waits_the_client_reports() -> None:
    fake = FakeInstance()
    waits: list[tuple[str, float]] = []
    fake.fail_next(502, times=2)
    with _client(fake, on_wait=lambda reason, seconds: waits.append((reason, seconds))) as client:
        client.accounts.verify_credentials()
        fake.rate_limit(remaining=0, reset_in=42)
        client.accounts.verify_credentials()
    assert [reason.split(",")[0] for reason, _ in waits] == [
        "server answered 502",
        "server answered 502",
        "rate limited",
    ]
    assert waits[-1][1] == 42.0
    assert fake.clock.monotonic() == pytest.approx(sum(seconds for _, seconds in waits))


def test_a_reset_past_the_retry_budget_raises_rate_limited_without_waiting() -> None:
    fake = FakeInstance()
    fake.rate_limit(remaining=0, reset_in=600)  # past RetryPolicy().max_total, 300 s
    with _client(fake) as client, pytest.raises(RateLimited) as caught:
        client.accounts.verify_credentials()
    assert caught.value.attempts == 1
    assert fake.clock.monotonic() == 0.0


def test_pace_mode_spreads_requests_over_the_fake_window() -> None:
    fake = FakeInstance()
    fake.rate_limit(remaining=2, reset_in=10, limit=3)
    waits: list[float] = []
    with _client(fake, rate_limit="pace", on_wait=lambda _, s: waits.append(s)) as client:
        for _ in range(3):
            client.accounts.verify_credentials()
    assert len(fake.requests) == 3  # no 429: the pacing waited for the reset
    assert waits
    assert fake.clock.monotonic() == pytest.approx(sum(waits))
    assert fake.clock.monotonic() >= 10


# -- slow answers -------------------------------------------------------------------------


def test_slow_answers_move_the_clock_before_each_answer() -> None:
    fake = FakeInstance(clock=FakeClock(start=MAY_DAY))
    fake.slow(2.5)
    with _client(fake) as client:
        status = client.statuses.create("late")
        client.accounts.verify_credentials()
        assert fake.clock.monotonic() == 5.0
        fake.slow(0)
        client.accounts.verify_credentials()
        assert fake.clock.monotonic() == 5.0
        fake.slow(1, times=2)
        for _ in range(3):
            client.accounts.verify_credentials()
    assert fake.clock.monotonic() == 7.0
    # The clock moved before the answer was made.
    assert status.created_at == MAY_DAY + timedelta(seconds=2.5)


def test_slow_slows_faults_too() -> None:
    fake = FakeInstance()
    fake.slow(1)
    fake.fail_next(503)
    with _client(fake) as client:
        client.accounts.verify_credentials()
    # Two answers of a second each, and a backoff of at most half a second.
    assert 2.0 < fake.clock.monotonic() <= 2.5


def test_an_answer_past_the_read_timeout_is_a_read_timeout() -> None:
    fake = FakeInstance()
    fake.slow(5)
    with httpx.Client(transport=fake.transport(), base_url=fake.url, timeout=5.0) as http:
        with pytest.raises(httpx.ReadTimeout, match="took 5 s; the read timeout is 5 s"):
            http.get("/api/v1/instance")
        assert fake.clock.monotonic() == 5.0
    # No read timeout: the client waits as long as the fake takes.
    with httpx.Client(transport=fake.transport(), base_url=fake.url, timeout=None) as http:
        fake.slow(3600, times=1)
        assert http.get("/api/v1/instance").status_code == 200
    assert fake.clock.monotonic() == 3605.0
    assert len(fake.requests) == 2


def test_tootkit_retries_a_read_timeout_as_a_real_one() -> None:
    fake = FakeInstance()
    fake.slow(45, times=1)  # past the client's 30 s read timeout, once
    with _client(fake) as client:
        assert client.accounts.verify_credentials().username == "bot"
    assert len(fake.requests) == 2
    assert 30.0 <= fake.clock.monotonic() <= 30.5  # the timeout, then a backoff


def test_a_server_that_stays_slow_ends_in_timeout() -> None:
    fake = FakeInstance()
    fake.slow(10)
    with _client(fake, timeout=5.0) as client, pytest.raises(Timeout) as caught:
        client.accounts.verify_credentials()
    assert caught.value.sent is True
    assert caught.value.attempts == len(fake.requests) == 6  # RetryPolicy().max_attempts
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert fake.clock.monotonic() >= 30.0


async def test_a_timed_out_post_was_posted_and_its_retry_posts_nothing_more() -> None:
    fake = FakeInstance()
    token = fake.account("bot")
    posted = fake.post("alice", "hi")
    fake.slow(40, times=1)
    async with tootkit.AsyncClient(
        fake.url, access_token=token, transport=fake.transport(), runtime=fake.async_runtime()
    ) as client:
        status = await client.statuses.create("once")
        # A favourite carries no Idempotency-Key: its timeout is not retried,
        # though the fake (as a server would) acted on it.
        fake.slow(40, times=1)
        with pytest.raises(Timeout) as caught:
            await client.statuses.favourite(posted["id"])
    assert [s["id"] for s in fake.statuses_by("bot")] == [status.id]
    assert [r.method for r in fake.requests] == ["POST", "POST", "POST"]
    assert caught.value.attempts == 1
    assert fake.statuses_by("alice")[0]["favourites_count"] == 1


@pytest.mark.parametrize(
    ("seconds", "times"), [(-1.0, None), (float("inf"), None), (1.0, 0), (1.0, -2)]
)
def test_slow_refuses_what_cannot_be(seconds: float, times: int | None) -> None:
    with pytest.raises(ValueError, match="slow needs"):
        FakeInstance().slow(seconds, times=times)
