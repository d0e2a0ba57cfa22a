"""The research archive: statuses harvested into one SQLite file.

:class:`Archive` keeps every status's raw JSON losslessly, next to typed
columns for queries, and records which instances returned it and how far each
harvest got, so that a second run resumes where the first stopped.

Example:
    >>> from tootkit.store import Archive
    >>> with Archive(":memory:") as archive:
    ...     archive.count()
    0
"""

from __future__ import annotations

from tootkit.store._archive import Archive, HarvestState
from tootkit.store._harvest import HarvestProgress, harvest

__all__ = ["Archive", "HarvestProgress", "HarvestState", "harvest"]
