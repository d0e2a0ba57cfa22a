"""The pytest plugin's fixtures, used from a test file of a pretend user project."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

USER_TESTS = """
import asyncio

import tootkit


def test_fresh_instance(mastodon):
    assert mastodon.statuses_by("bot") == []
    mastodon.post("alice", "first")


def test_sync_client(mastodon, mastodon_client):
    mastodon.post("alice", "hello @bot")
    mastodon_client.statuses.create("hi alice")
    assert [s["content"] for s in mastodon.statuses_by("bot")] == ["<p>hi alice</p>"]
    assert mastodon.statuses_by("alice")[0]["content"].startswith("<p>hello")
    assert isinstance(mastodon_client, tootkit.Client)


def test_async_client(mastodon, async_mastodon_client):
    async def main():
        async with async_mastodon_client as client:
            return (await client.accounts.verify_credentials()).username

    assert asyncio.run(main()) == "bot"
"""


# Only this plugin, loaded by name: no pytest-asyncio, no xdist, none of
# tootkit's conftest. Entry points stay unloaded, so that no other plugin of
# this environment joins in. The entry point itself is tested on an installed
# wheel, in test_wheel.py.
ONLY_THE_PLUGIN = ("-p", "tootkit.testing.pytest_plugin", "-p", "no:cacheprovider")
PLAIN = ("-o", "addopts=", "-q")


@pytest.fixture(autouse=True)
def _no_autoload(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")


def test_fixtures_through_the_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest_inprocess(*ONLY_THE_PLUGIN, *PLAIN)
    result.assert_outcomes(passed=3)


def test_the_plugin_imports_without_pytest_asyncio(pytester: pytest.Pytester) -> None:
    script = pytester.makepyfile(
        check="""
import sys
sys.modules["pytest_asyncio"] = None  # importing it now fails
import tootkit.testing.pytest_plugin as plugin
print(sorted(n for n in plugin.__all__))
"""
    )
    result = pytester.runpython(script)
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*async_mastodon_client*mastodon*mastodon_client*"])
