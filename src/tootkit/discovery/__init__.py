"""Finding where a hashtag lives: the instances that hold it, and why the others were left out.

:func:`discover` snowballs from a few seed instances: each status under the
hashtag names the server it comes from (the host of its ``uri``), which is
probed in turn, up to a depth; with ``peers=True`` the peers of each holder
are probed too, at one cheap request each. Every probed instance gets one
:data:`Verdict`. The crawl is polite: it names itself in its ``User-Agent``,
obeys each host's robots.txt, takes a 410 as "leave me out", keeps each
host's rate limit, and sends at most a few requests to an instance that does
not hold the hashtag.

Examples:
    >>> import tootkit
    >>> found = tootkit.discover(["AfghanTaliban"], ["mastodon.social"])  # doctest: +SKIP
    >>> [(r.host, r.statuses_seen) for r in found.holders][:2]  # doctest: +SKIP
    [('mastodon.social', 80), ('mastodon.online', 41)]
"""

from __future__ import annotations

from tootkit.discovery._crawl import DEFAULT_CONCURRENCY, discover, discover_async
from tootkit.discovery._report import VERDICTS, Discovery, InstanceReport, Verdict

__all__ = [
    "DEFAULT_CONCURRENCY",
    "VERDICTS",
    "Discovery",
    "InstanceReport",
    "Verdict",
    "discover",
    "discover_async",
]
