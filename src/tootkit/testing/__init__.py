"""Test a bot or a research script without a server: an in-memory Mastodon.

:class:`FakeInstance` holds accounts, statuses, favourites, boosts, follows,
media and notifications, and answers the Mastodon API through an ``httpx`` transport,
so that :class:`tootkit.Client` and :class:`tootkit.AsyncClient` talk to it
as they would to a server:

    >>> import tootkit
    >>> from tootkit.testing import FakeInstance
    >>> fake = FakeInstance()
    >>> token = fake.account("bot")
    >>> with tootkit.Client(
    ...     fake.url, access_token=token, transport=fake.transport(), runtime=fake.runtime()
    ... ) as c:
    ...     c.statuses.create("hello #tests").tags[0].name
    'tests'

The fake keeps time on a :class:`FakeClock`, which the client shares
through ``runtime=fake.runtime()``: rate limits, retry backoffs and slow
answers (:meth:`FakeInstance.slow`) move that clock, and take no real time.

The pytest plugin :mod:`tootkit.testing.pytest_plugin` (installed with the
``testing`` extra) gives the ``mastodon``, ``mastodon_client`` and
``async_mastodon_client`` fixtures. See "Testing your bot" in the docs.
"""

from tootkit.testing._clock import FakeClock
from tootkit.testing._instance import FakeInstance, RecordedRequest
from tootkit.testing._quirks import ServerName
from tootkit.testing._streams import OpenStream
from tootkit.testing._transport import FakeTransport

__all__ = [
    "FakeClock",
    "FakeInstance",
    "FakeTransport",
    "OpenStream",
    "RecordedRequest",
    "ServerName",
]
