"""The research archive: statuses harvested into one SQLite file.

:class:`Archive` keeps every status's raw JSON losslessly, next to typed
columns for queries, and records which instances returned it and which date
ranges of each (instance, hashtag) it holds in full (:class:`Span`), so that a
second run fetches only what is missing. :func:`harvest` fills it.

Examples:
    >>> from tootkit.store import Archive
    >>> with Archive(":memory:") as archive:
    ...     archive.count()
    0
"""

from __future__ import annotations

from tootkit.errors import ArchiveError
from tootkit.store._archive import Archive
from tootkit.store._coverage import Span, Walk, merge, plan
from tootkit.store._harvest import HarvestProgress, HarvestResult, harvest, scope_tokens

__all__ = [
    "Archive",
    "ArchiveError",
    "HarvestProgress",
    "HarvestResult",
    "Span",
    "Walk",
    "harvest",
    "merge",
    "plan",
    "scope_tokens",
]
