"""Media uploads (``client.media``).

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING

from tootkit._async.ratelimiter import log_wait
from tootkit._core.posting import media_file
from tootkit._core.request import make_request
from tootkit.errors import Timeout
from tootkit.models import MediaAttachment

if TYPE_CHECKING:
    from tootkit._async.client import AsyncClient

__all__ = ["AsyncMedia"]


class AsyncMedia:
    """The media endpoints."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def upload(
        self,
        file: bytes | str | Path | IO[bytes],
        *,
        description: str | None = None,
        focus: tuple[float, float] | None = None,
        filename: str | None = None,
        mime_type: str | None = None,
        wait: bool = True,
        timeout: float = 120.0,
    ) -> MediaAttachment:
        """Upload a picture, video or sound (``POST /api/v2/media``, 3.1.3+).

        ``file`` is bytes, a path, or a binary file object. ``description`` is
        the alt text; ``focus`` the focal point, each coordinate from -1 to 1.
        Large files are processed after the upload: the server answers 202 and
        the attachment has no ``url`` yet. With ``wait=True`` (the default) the
        client polls ``GET /api/v1/media/:id``, with growing pauses, until it is
        ready or ``timeout`` seconds have passed (then :class:`~tootkit.errors.Timeout`).

        See https://docs.joinmastodon.org/methods/media/#v2.

        Examples:
            >>> media = await client.media.upload("cat.jpg", description="A cat asleep")  # doctest: +SKIP
            >>> await client.statuses.create("Look!", media_ids=[media.id])  # doctest: +SKIP
        """
        data: dict[str, str] = {}
        if description is not None:
            data["description"] = description
        if focus is not None:
            data["focus"] = f"{focus[0]:g},{focus[1]:g}"
        upload = make_request(
            "POST",
            "/api/v2/media",
            data=data or None,
            files={"file": media_file(file, filename=filename, mime_type=mime_type)},
        )
        reply = await self._client._send(upload)
        media = self._client._decode(reply, MediaAttachment, upload)
        if reply.status_code != 202 and media.url:
            return media
        if not wait:
            return media
        return await self._wait_until_processed(media.id, timeout)

    async def get(self, id: str) -> MediaAttachment:
        """An attachment you uploaded (``GET /api/v1/media/:id``); while it is processing, ``url`` is None.

        See https://docs.joinmastodon.org/methods/media/#get.
        """
        return await self._client._one(MediaAttachment, make_request("GET", "/api/v1/media/{}", id))

    async def _wait_until_processed(self, id: str, timeout: float) -> MediaAttachment:
        client = self._client
        started = client.runtime.monotonic()
        pause = 0.5
        request = make_request("GET", "/api/v1/media/{}", id)
        while True:
            reply = await client._send(request)
            media = client._decode(reply, MediaAttachment, request)
            if reply.status_code == 200 and media.url:
                return media
            if client.runtime.monotonic() - started + pause > timeout:
                raise Timeout(f"media {id} was still processing after {timeout:g} s", sent=True)
            log_wait(f"media {id} is processing", pause, client._on_wait)
            await client.runtime.sleep(pause)
            pause = min(pause * 2, 5.0)
