"""The methods of :class:`~tootkit.testing.FakeInstance` that script its streams.

They are in a class of their own, :class:`StreamScripts`, which
``FakeInstance`` inherits, so that the instance's module stays about
requests and state; the streams themselves are in ``_streams``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from tootkit.testing._fanout import Streams
from tootkit.testing._streams import OpenStream

__all__ = ["StreamScripts"]


class StreamScripts:
    """Open streams, waiting for them, and dropping them: a part of :class:`~tootkit.testing.FakeInstance`."""

    _streams: Streams

    @property
    def open_streams(self) -> list[OpenStream]:
        """The streams that clients hold open now, oldest first.

        A stream is open from the moment its client has the answer's headers,
        so that whatever is posted after it reaches it.

        Examples:
            >>> from tootkit.testing import FakeInstance
            >>> FakeInstance().open_streams
            []
        """
        return self._streams.listed()

    def wait_for_streams(self, count: int = 1, *, timeout: float = 5.0) -> list[OpenStream]:
        """Block until ``count`` streams are open (a client in another thread connects); return them.

        A test posts once the stream is there to hear it, instead of sleeping.
        In an async test, await :meth:`async_wait_for_streams` instead: this
        one would block the loop that the client connects in.

        Examples:
            >>> import threading, tootkit
            >>> from tootkit.testing import FakeInstance
            >>> fake = FakeInstance()
            >>> client = tootkit.Client(fake.url, access_token=fake.account("bot"), transport=fake.transport())
            >>> stream = client.streaming.hashtag("python")
            >>> reader = threading.Thread(target=lambda: next(iter(stream)))
            >>> reader.start()
            >>> fake.wait_for_streams()
            [OpenStream(stream='hashtag', tag='python', username='bot')]
            >>> _ = fake.post("alice", "hello #python")
            >>> reader.join(); stream.close(); client.close()

        Raises:
            TimeoutError: Fewer than ``count`` streams opened within ``timeout`` seconds.
        """
        return _opened(self._streams.wait(count, timeout), count, timeout)

    async def async_wait_for_streams(
        self, count: int = 1, *, timeout: float = 5.0
    ) -> list[OpenStream]:
        """Await until ``count`` streams are open; return them. :meth:`wait_for_streams`, for async tests.

        Examples:
            >>> import asyncio, tootkit
            >>> from tootkit.testing import FakeInstance
            >>> async def first_heard(fake: FakeInstance) -> str:
            ...     token = fake.account("bot")
            ...     async with (
            ...         tootkit.AsyncClient(fake.url, access_token=token, transport=fake.transport()) as c,
            ...         c.streaming.hashtag("python") as stream,
            ...     ):
            ...         first = asyncio.ensure_future(anext(aiter(stream)))
            ...         await fake.async_wait_for_streams()  # the reader is connected: post
            ...         _ = fake.post("alice", "hello #python")
            ...         return (await first).status.text
            >>> asyncio.run(first_heard(FakeInstance()))
            'hello #python'

        Raises:
            TimeoutError: Fewer than ``count`` streams opened within ``timeout`` seconds.
        """
        return _opened(await self._streams.async_wait(count, timeout), count, timeout)

    def drop_streams(self) -> int:
        """Drop every open stream, as a server that closes its connections; return how many.

        Each client gets what was already sent, then the error httpx raises
        for a connection closed in the middle of a body
        (``httpx.RemoteProtocolError``). tootkit's streams reconnect, and
        with ``backfill=True`` fetch what they missed meanwhile. To post
        while nothing can reconnect, use :meth:`streams_down`.

        Examples:
            >>> from tootkit.testing import FakeInstance
            >>> FakeInstance().drop_streams()
            0
        """
        return self._streams.drop()

    @contextlib.contextmanager
    def streams_down(self) -> Iterator[None]:
        """Drop every open stream, and keep new ones waiting until the block ends.

        What is posted inside the block reaches no stream: a client sees it
        only through a backfill when it reconnects. A stream opened meanwhile
        waits, as a connection to a restarting server does, and is answered
        once the block ends: each client reconnects once, however long the
        block lasts, rather than retrying at the pace of the fake's clock.
        One still waiting after 10 real seconds is answered 503.

        Examples:
            >>> from tootkit.testing import FakeInstance
            >>> fake = FakeInstance()
            >>> with fake.streams_down():
            ...     _ = fake.post("alice", "nobody hears this #python")
        """
        with self._streams.down():
            yield


def _opened(found: list[OpenStream] | None, count: int, timeout: float) -> list[OpenStream]:
    if found is None:
        raise TimeoutError(f"{count} stream(s) were not open within {timeout:g} s")
    return found
