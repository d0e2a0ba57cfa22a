"""tootkit: a typed, sync-and-async Python SDK for Mastodon hashtag and status data.

Examples:
    >>> import tootkit
    >>> with tootkit.Client("mastodon.social") as client:  # doctest: +SKIP
    ...     for status in client.timelines.tag("python", limit=5):
    ...         print(status.created_at.date(), status.account.acct, status.text)
"""

from __future__ import annotations

from tootkit import auth, discovery, errors, events, html, models
from tootkit._async.client import AsyncClient
from tootkit._async.paginator import AsyncPaginator
from tootkit._async.runtime import AsyncRuntime
from tootkit._convert import converter
from tootkit._core.options import ListOptions, PagingOptions, WalkOptions
from tootkit._core.page import Page
from tootkit._core.posting import EditOptions, NewPoll, PostOptions, VisibilityName
from tootkit._core.ratelimit import RateLimit
from tootkit._core.retry import RetryPolicy
from tootkit._records import records
from tootkit._sync.client import Client
from tootkit._sync.paginator import Paginator
from tootkit._sync.runtime import Runtime
from tootkit._version import __version__
from tootkit.discovery import discover, discover_async

__all__ = [
    "AsyncClient",
    "AsyncPaginator",
    "AsyncRuntime",
    "Client",
    "EditOptions",
    "ListOptions",
    "NewPoll",
    "Page",
    "Paginator",
    "PagingOptions",
    "PostOptions",
    "RateLimit",
    "RetryPolicy",
    "Runtime",
    "VisibilityName",
    "WalkOptions",
    "__version__",
    "auth",
    "converter",
    "discover",
    "discover_async",
    "discovery",
    "errors",
    "events",
    "html",
    "models",
    "records",
]
