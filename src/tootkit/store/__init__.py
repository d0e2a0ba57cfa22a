"""The research archive: statuses harvested into one SQLite file.

:class:`Archive` keeps every status's raw JSON losslessly, next to typed
columns for queries, and records which instances returned it and which date
ranges of each (instance, hashtag) it holds in full (:class:`Span`), so that a
second run fetches only what is missing. :func:`harvest` fills it, up to
hundreds of instances at once; :func:`harvest_partition` harvests one
(instance, tag) into a part archive, for Dask (:func:`harvest_on_dask`), Ray
or a process pool, and :func:`merge_archives` merges the parts by ``uri``.
:func:`fetch_conversations` adds the replies around what was harvested, kept
apart from the hashtag's hits.
:func:`follow` catches up, then follows the hashtags live until cancelled.
:func:`edges` reads who replied to, boosted, mentioned and quoted whom.
:func:`refresh` asks the instances again for what the archive holds, marking
deletions and adding edits; :func:`dehydrate` writes a dataset as ids to
share, and :func:`hydrate` fetches those ids again into a new archive.
:func:`report` sums up what an archive holds, for :func:`html_page` to draw.

Examples:
    >>> from tootkit.store import Archive
    >>> with Archive(":memory:") as archive:
    ...     archive.count()
    0
"""

from __future__ import annotations

from tootkit.errors import ArchiveError
from tootkit.store._archive import Archive
from tootkit.store._conversations import (
    ConversationResult,
    fetch_conversation,
    fetch_conversations,
)
from tootkit.store._coverage import CLOCK_MARGIN, Span, Walk, merge, plan
from tootkit.store._distributed import dask_client, harvest_on_dask
from tootkit.store._figures import Report
from tootkit.store._follow import follow
from tootkit.store._follow_state import FollowResult
from tootkit.store._harvest import (
    DEFAULT_CONCURRENCY,
    HarvestProgress,
    HarvestResult,
    harvest,
)
from tootkit.store._hydrate import (
    Dehydrated,
    HydrateResult,
    IdRow,
    dehydrate,
    hydrate,
    read_ids,
)
from tootkit.store._instances import InstanceList, parse_instances, read_instances
from tootkit.store._merge import MergeResult, absorb, merge_archives
from tootkit.store._network import EDGE_FIELDS, EDGE_KINDS, Edge, edges
from tootkit.store._optouts import OPT_OUT_TAGS, OptOuts, opted_out
from tootkit.store._partitions import (
    Partition,
    PartitionResult,
    harvest_partition,
    part_path,
    partitions,
)
from tootkit.store._pseudonyms import KeyFileError, Pseudonymizer, create_key, load_key
from tootkit.store._reading import LeftOut, StoredRow
from tootkit.store._refresh import RefreshResult, refresh
from tootkit.store._report import report
from tootkit.store._report_page import html_page, json_text
from tootkit.store._rows import Page
from tootkit.store._spec import HarvestSpec, scope_tokens
from tootkit.store._writer import PageWriter

__all__ = [
    "CLOCK_MARGIN",
    "DEFAULT_CONCURRENCY",
    "EDGE_FIELDS",
    "EDGE_KINDS",
    "OPT_OUT_TAGS",
    "Archive",
    "ArchiveError",
    "ConversationResult",
    "Dehydrated",
    "Edge",
    "FollowResult",
    "HarvestProgress",
    "HarvestResult",
    "HarvestSpec",
    "HydrateResult",
    "IdRow",
    "InstanceList",
    "KeyFileError",
    "LeftOut",
    "MergeResult",
    "OptOuts",
    "Page",
    "PageWriter",
    "Partition",
    "PartitionResult",
    "Pseudonymizer",
    "RefreshResult",
    "Report",
    "Span",
    "StoredRow",
    "Walk",
    "absorb",
    "create_key",
    "dask_client",
    "dehydrate",
    "edges",
    "fetch_conversation",
    "fetch_conversations",
    "follow",
    "harvest",
    "harvest_on_dask",
    "harvest_partition",
    "html_page",
    "hydrate",
    "json_text",
    "load_key",
    "merge",
    "merge_archives",
    "opted_out",
    "parse_instances",
    "part_path",
    "partitions",
    "plan",
    "read_ids",
    "read_instances",
    "refresh",
    "report",
    "scope_tokens",
]
