"""What a server says of itself beyond its instance entity (``client.server``): NodeInfo, peers, documents.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson

from tootkit._core.nodeinfo import NODEINFO_WELL_KNOWN, nodeinfo_path
from tootkit._core.request import make_request
from tootkit.errors import DecodeError, NotFound
from tootkit.models import Nodeinfo

if TYPE_CHECKING:
    from tootkit._async.client import AsyncClient

__all__ = ["AsyncServer"]


class AsyncServer:
    """The server's own documents: NodeInfo, its peers, robots.txt and the like."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def document(self, path: str) -> bytes:
        """The body of ``path`` on the instance (``/robots.txt``), as bytes; errors as usual.

        For documents outside Mastodon's API. The path is taken as given
        (it must start with ``/``), so it stays on the instance; the request
        is retried and rate-limited like every other, and names tootkit in
        its ``User-Agent``.

        Examples:
            >>> (await client.server.document("/robots.txt"))[:11]  # doctest: +SKIP
            b'User-agent:'
        """
        if not path.startswith("/") or path.startswith("//"):
            raise ValueError(f"a document path starts with one '/': {path!r}")
        return (await self._client._send(make_request("GET", path))).content

    async def nodeinfo(self) -> Nodeinfo:
        """The server's NodeInfo: its software, version and usage.

        Read from the newest 2.x document that ``/.well-known/nodeinfo``
        links to on the instance's own host; a link to another host is not
        followed. A server without NodeInfo raises
        :class:`~tootkit.errors.NotFound`. See https://nodeinfo.diaspora.software.

        Examples:
            >>> (await client.server.nodeinfo()).software.name  # doctest: +SKIP
            'mastodon'
        """
        well_known = await self.document(NODEINFO_WELL_KNOWN)
        try:
            links = orjson.loads(well_known)
        except orjson.JSONDecodeError as exc:
            raise DecodeError(str(exc), endpoint=f"GET {NODEINFO_WELL_KNOWN}") from exc
        path = nodeinfo_path(links, self._client.base_url)
        if path is None:
            raise NotFound(404, error="no NodeInfo 2.x document on this host")
        request = make_request("GET", path)
        return self._client._decode(await self._client._send(request), Nodeinfo, request)

    async def peers(self) -> list[str]:
        """The hosts this server federates with (``GET /api/v1/instance/peers``, 2.1+).

        Bare names (``mastodon.social``); a server may hide the list (401,
        404, or an empty list). See
        https://docs.joinmastodon.org/methods/instance/#peers.
        """
        return await self._client._one(list[str], make_request("GET", "/api/v1/instance/peers"))
