# This file is generated from the async source src/tootkit/_async/seam.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""What streaming needs of its client, and nothing more: :class:`StreamingSeam`.
"""

from __future__ import annotations

from typing import Any, TYPE_CHECKING, TypeVar

import httpx

from tootkit._sync.ratelimiter import log_wait
from tootkit._core.retry import backoff
from tootkit.errors import APIError, TootkitError

if TYPE_CHECKING:
    from tootkit._sync.client import Client
    from tootkit._sync.timelines import Timelines

__all__ = ["StreamingSeam"]

T = TypeVar("T")


class StreamingSeam:
    """The one way streaming reaches its client: connections, errors, pauses, decoding.

    Streams go through it instead of the client's private attributes, so that
    what a stream may do with the client is written in one place.
    """

    def __init__(self, client: Client) -> None:
        self._client = client
        self._base: str | None = None
        self.timelines: Timelines = client.timelines
        """Where a backfill reads what was posted while a stream was away."""

    def base_url(self) -> str:
        """Where to stream from: the instance, or the streaming host it names on its own domain.

        Asked once per client. A streaming host on another domain is not
        used: the token goes to the configured instance and its subdomains only.
        """
        if self._base is None:
            client = self._client
            self._base = client.base_url
            try:
                named = (client.instance()).configuration.urls.streaming
            except TootkitError:
                named = ""
            if named:
                url = httpx.URL(
                    named.replace("wss://", "https://", 1).replace("ws://", "http://", 1)
                )
                base = httpx.URL(client.base_url)
                same_site = url.host == base.host or url.host.endswith("." + base.host)
                if same_site and url.scheme == base.scheme:
                    self._base = str(url.copy_with(path="", query=None)).rstrip("/")
                    client._trust_origin(url)
        return self._base

    def open(
        self, url: str, params: dict[str, str], headers: dict[str, str], timeout: httpx.Timeout
    ) -> httpx.Response:
        """Send a streaming request; the response's body is read as it comes."""
        http = self._client._http
        request = http.build_request("GET", url, params=params, headers=headers, timeout=timeout)
        return http.send(request, stream=True)

    def refusal(self, response: httpx.Response) -> APIError:
        """The error for a response that refused the stream (its body already read)."""
        try:
            self._client._decipher(response, response.content)
        except APIError as error:
            return error
        raise ValueError(f"not a refusal: {response.status_code}")

    @property
    def retry_statuses(self) -> frozenset[int]:
        """Statuses after which a stream reconnects instead of failing."""
        return self._client._retry.retry_statuses | {429}

    def pause(self, attempt: int, reason: str) -> None:
        """Wait before reconnecting, longer with each attempt, and say why."""
        client = self._client
        wait = backoff(client._retry, attempt, client.runtime.rand)
        log_wait(reason, wait, client._on_wait)
        client.runtime.sleep(wait)

    def loads(self, data: Any, cl: type[T]) -> T:
        """Decode an event's JSON with the client's converter (and its HTML converter)."""
        return self._client._converter.loads(data, cl)
