"""The example bot in docs/examples/echo_bot.py, against the mock server: it never answers twice."""

from __future__ import annotations

import importlib.util
import uuid
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import Seed
from tests.support.mockserver import SEED_TOKEN, MockServer
from tootkit import Client
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
