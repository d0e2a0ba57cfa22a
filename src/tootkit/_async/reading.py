"""Reading a response's body, but never more than a client accepts: :func:`read_capped`.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

import httpx

from tootkit.errors import ResponseTooLarge

__all__ = ["read_capped"]


async def read_capped(response: httpx.Response, most: int, endpoint: str) -> bytes:
    """The whole body of ``response``; ``ResponseTooLarge`` past ``most`` bytes, unread beyond."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > most:
        raise ResponseTooLarge(
            f"{endpoint} answered {int(declared):,} bytes, more than "
            f"max_response_bytes={most:,}; not read",
            sent=True,
        )
    chunks: list[bytes] = []
    total = 0
    async for chunk in response.aiter_bytes():
        total += len(chunk)
        if total > most:
            raise ResponseTooLarge(
                f"{endpoint} answered more than max_response_bytes={most:,}; reading stopped there",
                sent=True,
            )
        chunks.append(chunk)
    return b"".join(chunks)
