"""The example bot in docs/examples/echo_bot.py, against the mock server: it never answers twice,
and, listening, misses no mention when its stream drops."""

from __future__ import annotations

import importlib.util
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from tests.conftest import Seed
from tests.support.mockserver import SEED_TOKEN, MockServer
from tootkit import Client, Runtime
from tootkit.auth import Credentials

pytestmark = pytest.mark.integration

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "echo_bot.py"


def load_bot() -> ModuleType:
    spec = importlib.util.spec_from_file_location("echo_bot", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def replies_to(client: Client, account_id: str, status_ids: set[str]) -> list[str]:
    return [
        s.in_reply_to_id
        for s in client.accounts.statuses(account_id, limit=200)
        if s.in_reply_to_id in status_ids
    ]


def test_the_echo_bot_answers_each_mention_once(
    mock_server: MockServer, seed: Seed, tmp_path: Path
) -> None:
    bot = load_bot()
    creds_path = Credentials(base_url=mock_server.base_url, access_token=SEED_TOKEN).save(
        tmp_path / "credentials.json"
    )
    state = tmp_path / "echo.state"
    # Start from now: earlier mentions in the shared session server are not this test's.
    with Client(mock_server.base_url, access_token=SEED_TOKEN) as client:
        for _ in client.notifications.mentions():
            pass
        if client.notifications.last_mention_id:
            state.write_text(client.notifications.last_mention_id)
    words = [uuid.uuid4().hex[:8] for _ in range(3)]
    mentions = {
        mock_server.post_status(f"@testuser say {w}", token=seed.alice_token)["id"] for w in words
    }

    assert bot.main(["--credentials", str(creds_path), "--state", str(state)]) == 0
    with Client(mock_server.base_url, access_token=SEED_TOKEN) as client:
        assert sorted(replies_to(client, seed.account_id, mentions)) == sorted(mentions)
        echoed = [s.text for s in client.accounts.statuses(seed.account_id, limit=10)]
        assert any(text == f"@alice say {words[0]}" for text in echoed)
        # A restart answers nothing new...
        assert bot.answer_new_mentions(client, state) == 0
        # ...and even with its state lost, the idempotency keys keep it from answering twice.
        state.unlink()
        bot.answer_new_mentions(client, state)
        assert sorted(replies_to(client, seed.account_id, mentions)) == sorted(mentions)


class Enough(Exception):
    """Ends the bot's endless listening, once the test has seen what it waits for."""


class Wire(httpx.BaseTransport):
    """A real connection that the test can cut, and that counts the bot's replies.

    ``cut_after_reply`` drops the user stream (as a network drop does) at its
    next chunk after the first reply; ``replies`` is how many the bot posted,
    and the ``stop_at``-th ends the test, once the server has it.
    """

    def __init__(self, on_connect: Callable[[], object], stop_at: int) -> None:
        self.inner = httpx.HTTPTransport()
        self.on_connect: Callable[[], object] | None = on_connect
        self.stop_at = stop_at
        self.replies = 0
        self.cut = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.method == "POST" and request.url.path == "/api/v1/statuses":
            self.replies += 1
            self.cut = self.replies == 1
            if self.replies == self.stop_at:
                response.close()
                raise Enough
        streaming = request.url.path == "/api/v1/streaming/user"
        if streaming and response.status_code == 200 and "upgrade" not in request.headers:
            if self.on_connect is not None:
                hook, self.on_connect = self.on_connect, None
                hook()
            return httpx.Response(
                response.status_code, headers=response.headers, stream=Cuttable(self, response)
            )
        return response

    def close(self) -> None:
        self.inner.close()


class Cuttable(httpx.SyncByteStream):
    def __init__(self, wire: Wire, response: httpx.Response) -> None:
        self.wire = wire
        self.response = response

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.response.iter_raw():
            if self.wire.cut:
                self.wire.cut = False
                raise httpx.ReadError("the network dropped the stream")
            yield chunk

    def close(self) -> None:
        self.response.close()


@pytest.mark.timeout(60)  # the bot listens for ever: a mention it misses stops it nowhere
def test_the_listening_echo_bot_misses_no_mention_across_a_dropped_stream(
    mock_server: MockServer, seed: Seed, tmp_path: Path
) -> None:
    bot = load_bot()
    name = f"echo{uuid.uuid4().hex[:8]}"
    token = mock_server.new_user(name)
    state = tmp_path / "echo.state"
    mentions: list[str] = []

    def mention(word: str) -> None:
        posted = mock_server.post_status(f"@{name} say {word}", token=seed.alice_token)
        mentions.append(posted["id"])

    def pause(seconds: float) -> None:  # the stream is down: this mention is not sent live
        if len(mentions) == 1:
            mention("away")

    # The first mention comes live once the stream is open; the bot's reply to it
    # comes back on the stream, where the connection drops instead.
    wire = Wire(lambda: mention("live"), stop_at=2)
    with (
        Client(
            mock_server.base_url, access_token=token, transport=wire, runtime=Runtime(sleep=pause)
        ) as client,
        pytest.raises(Enough),
    ):
        bot.listen(client, state)
    assert wire.replies == 2  # each mention once: neither is answered twice
    with Client(mock_server.base_url, access_token=token) as client:
        me = client.accounts.verify_credentials()
        assert replies_to(client, me.id, set(mentions)) == mentions[::-1]  # newest first
        # The test stopped the bot between its last reply and saving it, as a crash
        # would: started again, it answers that mention again under the same key.
        assert bot.answer_new_mentions(client, state) == 1
        assert replies_to(client, me.id, set(mentions)) == mentions[::-1]
