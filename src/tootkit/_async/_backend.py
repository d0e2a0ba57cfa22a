"""Sleeping and locking, the two things that differ between the async client and the threaded one.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

import asyncio

__all__ = ["Lock", "sleep"]

Lock = asyncio.Lock
"""Guards the rate-limit state shared by all the requests of one client."""


async def sleep(seconds: float) -> None:
    """Wait without blocking other tasks."""
    await asyncio.sleep(seconds)
