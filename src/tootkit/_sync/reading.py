# This file is generated from the async source src/tootkit/_async/reading.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Reading a response's body, but never more than a client accepts: :func:`read_capped`.
"""

from __future__ import annotations

import httpx

from tootkit.errors import ResponseTooLarge

__all__ = ["read_capped"]


def read_capped(response: httpx.Response, most: int, endpoint: str) -> bytes:
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
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > most:
            raise ResponseTooLarge(
                f"{endpoint} answered more than max_response_bytes={most:,}; reading stopped there",
                sent=True,
            )
        chunks.append(chunk)
    return b"".join(chunks)
