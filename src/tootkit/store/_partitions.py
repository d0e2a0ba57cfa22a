"""Partitions: one (instance, hashtag) each, harvested on its own into a part archive.

A study of a hashtag across the fediverse is wide, not deep: many slow,
independent walks. A partition is the unit that a process pool, Dask or
Ray can hand to a worker: :func:`harvest_partition` harvests one into its own
SQLite file, and :func:`merge_archives` merges the files by ``uri``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from tootkit._core.request import instance_key, normalize_base_url, tag_name
from tootkit.store._archive import Archive
from tootkit.store._files import SIDECARS
from tootkit.store._harvest import harvest

__all__ = [
    "MergeResult",
    "Partition",
    "PartitionResult",
    "harvest_partition",
    "merge_archives",
    "part_path",
    "partitions",
]


@attrs.frozen
class Partition:
    """One hashtag on one instance: the unit of a distributed harvest."""

    instance: str
    """The instance's base URL."""
    tag: str


def partitions(tags: Iterable[str], instances: Iterable[str]) -> list[Partition]:
    """Every (instance, tag) pair, instances first, each once.

    Examples:
        >>> partitions(["Python"], ["mastodon.social", "https://mastodon.social/"])
        [Partition(instance='https://mastodon.social', tag='python')]
    """
    urls = dict.fromkeys(normalize_base_url(i) for i in instances)
    names = dict.fromkeys(tag_name(t).lower() for t in tags)
    return [Partition(url, tag) for url in urls for tag in names]


def part_path(folder: str | Path, partition: Partition) -> Path:
    """Where the part archive of ``partition`` goes in ``folder``: a name only it has.

    Examples:
        >>> part_path("parts", Partition("http://127.0.0.1:8080", "python")).name
        '127.0.0.1_8080--python.sqlite'
    """
    host = re.sub(r"[^A-Za-z0-9.-]", "_", instance_key(partition.instance))
    tag = re.sub(r"[^\w-]", "_", partition.tag)
    return Path(folder) / f"{host}--{tag}.sqlite"


@attrs.frozen
class PartitionResult:
    """What harvesting one partition did; plain values only, so that it pickles for any engine."""

    instance: str
    tag: str
    path: str
    fetched: int = 0
    new: int = 0
    ok: bool = False
    skipped: bool = False
    reason: str = ""


def harvest_partition(
    folder: str | Path,
    instance: str,
    tag: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    token: str | None = None,
    **client_options: Any,
) -> PartitionResult:
    """Harvest ``tag`` on ``instance`` into its own part archive in ``folder``; blocking.

    This is the task a Dask, Ray or process-pool worker runs; ``folder`` is
    created when missing. A partition the part archive says is finished for
    the same ``since`` and ``until`` (an ``until`` is needed: without one,
    what is newer is missing) is not fetched again, no request at all; an
    unfinished one resumes where it stopped. Failures of the instance are in the result, never
    raised: only a problem with the archive file raises.

    Examples:
        >>> harvest_partition("parts", "mastodon.social", "python")  # doctest: +SKIP
        PartitionResult(instance='mastodon.social', tag='python', path='parts/...', ...)
    """
    partition = partitions([tag], [instance])[0]
    Path(folder).mkdir(parents=True, exist_ok=True)
    path = part_path(folder, partition)
    tokens = {partition.instance: token} if token else None
    with Archive(path, create=True) as archive:
        (result,) = asyncio.run(
            harvest(
                archive,
                [partition.tag],
                [partition.instance],
                since=since,
                until=until,
                tokens=tokens,
                skip_finished=True,
                **client_options,
            )
        )
    return PartitionResult(
        instance=result.instance,
        tag=result.tag,
        path=str(path),
        fetched=result.fetched,
        new=result.new,
        ok=result.ok,
        skipped=result.skipped,
        reason=result.reason,
    )


@attrs.frozen
class MergeResult:
    """What a merge did: the parts read, and the statuses in the merged archive."""

    parts: int
    added: int
    statuses: int


def merge_archives(parts: Sequence[str | Path], out: str | Path) -> MergeResult:
    """Merge the archives ``parts`` into ``out`` (created when missing), by ``uri``.

    Parts are read in name order, so the same parts always give the same
    archive. Each part is checked first: one that is not an archive is
    refused (:class:`~tootkit.errors.ArchiveError`) before ``out`` is touched. Every instance that returned a status is kept, and each
    partition's coverage: ``out`` resumes like an archive harvested in one go.

    Examples:
        >>> merge_archives(sorted(Path("parts").glob("*.sqlite")), "study.sqlite")  # doctest: +SKIP
        MergeResult(parts=200, added=31824, statuses=31824)
    """
    names = sorted(str(p) for p in parts)
    for name in names:  # every part is a current archive, before the output is made
        with Archive(name, read_only=True) as part:
            part._check_current()
    target = Path(out)
    made = not target.exists()
    added = 0
    try:
        with Archive(target, create=True) as archive:
            for name in names:
                added += archive.absorb(name)
            total = archive.count()
    except BaseException:
        if made:  # an output this merge made, half filled, is not left behind
            for suffix in ("", *SIDECARS):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise
    return MergeResult(parts=len(parts), added=added, statuses=total)
