"""A pytest plugin with an in-memory Mastodon: the ``mastodon`` fixtures.

Installed with ``pip install "tootkit[testing]"``, pytest loads it by itself
through a ``pytest11`` entry point named after this module, so that
``-p no:tootkit.testing.pytest_plugin`` turns it off. Where tootkit is
importable but not installed (a checkout on ``PYTHONPATH``), name the module:
``-p tootkit.testing.pytest_plugin``, or ``pytest_plugins =
["tootkit.testing.pytest_plugin"]`` in the root ``conftest.py``. Naming it
where it is installed as well does no harm: pytest finds a plugin of that
name already registered and loads it once.

- ``mastodon``: a fresh :class:`~tootkit.testing.FakeInstance` for each test.
- ``mastodon_client``: a :class:`tootkit.Client` bound to it, signed in as
  ``mastodon_user`` (``"bot"`` unless a test overrides that fixture).
- ``async_mastodon_client``: the same as a :class:`tootkit.AsyncClient`; the
  async tests that use it need a runner such as pytest-asyncio or anyio, but
  the plugin itself does not.

Both clients keep time on the fake's clock (``mastodon.clock``): a rate
limit's wait or a retry's backoff moves that clock and takes no real time.

Example:
    >>> def test_posts(mastodon, mastodon_client):  # doctest: +SKIP
    ...     mastodon_client.statuses.create("hello")
    ...     assert len(mastodon.statuses_by("bot")) == 1
    >>> def test_waits_out_a_rate_limit(mastodon, mastodon_client):  # doctest: +SKIP
    ...     mastodon.rate_limit(remaining=0, reset_in=60)
    ...     mastodon_client.instance()  # at once: the minute passes on the fake clock
    ...     assert mastodon.clock.monotonic() >= 60
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import tootkit
from tootkit.testing._instance import FakeInstance

__all__ = ["async_mastodon_client", "mastodon", "mastodon_client", "mastodon_user"]


@pytest.fixture
def mastodon() -> FakeInstance:
    """A fresh in-memory Mastodon instance for each test."""
    return FakeInstance()


@pytest.fixture
def mastodon_user() -> str:
    """The username the client fixtures sign in as; override it to choose another."""
    return "bot"


@pytest.fixture
def mastodon_client(mastodon: FakeInstance, mastodon_user: str) -> Iterator[tootkit.Client]:
    """A :class:`tootkit.Client` signed in to ``mastodon`` as ``mastodon_user``, on its clock."""
    token = mastodon.account(mastodon_user)
    with tootkit.Client(
        mastodon.url,
        access_token=token,
        transport=mastodon.transport(),
        runtime=mastodon.runtime(),
    ) as client:
        yield client


@pytest.fixture
def async_mastodon_client(mastodon: FakeInstance, mastodon_user: str) -> tootkit.AsyncClient:
    """A :class:`tootkit.AsyncClient` signed in to ``mastodon`` as ``mastodon_user``, on its clock.

    A plain (sync) fixture, so that it works under any async runner and in
    pytest-asyncio's strict mode. It is not closed afterwards: its transport
    is the fake's, which holds no connection to close.
    """
    token = mastodon.account(mastodon_user)
    return tootkit.AsyncClient(
        mastodon.url,
        access_token=token,
        transport=mastodon.transport(),
        runtime=mastodon.async_runtime(),
    )
