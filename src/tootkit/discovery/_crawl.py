"""The snowball: seeds, then the servers their statuses come from, level by level."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tootkit.discovery._report import Discovery, InstanceReport

__all__ = ["DEFAULT_CONCURRENCY", "discover", "discover_async"]

DEFAULT_CONCURRENCY = 32
"""Instances probed at once."""


async def discover_async(
    tags: str | Sequence[str],
    seeds: str | Sequence[str],
    *,
    tokens: Mapping[str, str] | None = None,
    depth: int = 3,
    max_instances: int = 1000,
    pages: int = 2,
    peers: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_report: Callable[[InstanceReport], None] | None = None,
    **client_options: Any,
) -> Discovery:
    """Find the instances that hold any of ``tags``, starting from ``seeds``."""
    raise NotImplementedError


def discover(
    tags: str | Sequence[str],
    seeds: str | Sequence[str],
    *,
    tokens: Mapping[str, str] | None = None,
    depth: int = 3,
    max_instances: int = 1000,
    pages: int = 2,
    peers: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_report: Callable[[InstanceReport], None] | None = None,
    **client_options: Any,
) -> Discovery:
    """:func:`discover_async`, for code that is not async: it runs its own event loop."""
    return asyncio.run(
        discover_async(
            tags,
            seeds,
            tokens=tokens,
            depth=depth,
            max_instances=max_instances,
            pages=pages,
            peers=peers,
            concurrency=concurrency,
            on_report=on_report,
            **client_options,
        )
    )
