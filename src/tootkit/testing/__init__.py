"""Test a bot or a research script without a server: an in-memory Mastodon.

:class:`FakeInstance` holds accounts, statuses, favourites, boosts and
notifications, and answers the Mastodon API through an ``httpx`` transport,
so that :class:`tootkit.Client` and :class:`tootkit.AsyncClient` talk to it
as they would to a server:

    >>> import tootkit
    >>> from tootkit.testing import FakeInstance
    >>> fake = FakeInstance()
    >>> token = fake.account("bot")
    >>> with tootkit.Client(fake.url, access_token=token, transport=fake.transport()) as c:
    ...     c.statuses.create("hello #tests").tags[0].name
    'tests'

The pytest plugin :mod:`tootkit.testing.pytest_plugin` (installed with the
``testing`` extra) gives the ``mastodon``, ``mastodon_client`` and
``async_mastodon_client`` fixtures. See "Testing your bot" in the docs.
"""

from tootkit.testing._instance import FakeInstance, RecordedRequest
from tootkit.testing._streams import OpenStream
from tootkit.testing._transport import FakeTransport

__all__ = ["FakeInstance", "FakeTransport", "OpenStream", "RecordedRequest"]
