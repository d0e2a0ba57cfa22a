"""Partitions: one (instance, hashtag) each, harvested on its own into a part archive.

A study of a hashtag across the fediverse is wide, not deep: many slow,
independent walks. A partition is the unit that a process pool, Dask or
Ray can hand to a worker: :func:`harvest_partition` harvests one into its own
SQLite file, and :func:`~tootkit.store.merge_archives` merges the files by ``uri``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sqlite3
import uuid
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import attrs

from tootkit._core.hashtags import tag_key
from tootkit._core.request import instance_key, normalize_base_url
from tootkit.store._archive import Archive
from tootkit.store._files import read_only_uri
from tootkit.store._harvest import harvest
from tootkit.store._spec import HarvestSpec

__all__ = [
    "Partition",
    "PartitionResult",
    "harvest_partition",
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
    names = dict.fromkeys(tag_key(t) for t in tags)
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
    reached: datetime | None = None
    """The oldest ``created_at`` stored in this run."""

    @property
    def done(self) -> bool:
        """Always true: a result comes once its partition has ended (for the progress display)."""
        return True

    @property
    def waiting(self) -> str:
        """Always empty: nothing waits once a partition has ended."""
        return ""


def harvest_partition(folder: str | Path, spec: HarvestSpec) -> PartitionResult:
    """Harvest the one (instance, tag) of ``spec`` into its own part archive in ``folder``; blocking.

    This is the task a Dask, Ray or process-pool worker runs (``spec`` is
    one of :meth:`HarvestSpec.partitions`); ``folder`` is created when
    missing. A partition the part archive says is finished for the same
    ``since`` and ``until`` (an ``until`` that had passed: until then, more
    may come) is not fetched again, no request at all; an unfinished one
    resumes from what its part holds. Failures of the instance are in the
    result, never raised: only a problem with the archive file raises.

    A part is either whole or absent: it is written under a name of its own
    with a rollback journal (a write-ahead log needs shared memory, which a
    network filesystem does not give), and renamed into place when done.
    Two runs of one partition (a worker thought lost, and its rerun) each
    write their own file, and the last rename wins.

    Examples:
        >>> spec = HarvestSpec(tags=["python"], instances=["mastodon.social"])
        >>> harvest_partition("parts", spec)  # doctest: +SKIP
        PartitionResult(instance='mastodon.social', tag='python', path='parts/...', ...)
    """
    if len(spec.tags) != 1 or len(spec.instances) != 1:
        raise ValueError(
            "harvest_partition takes one hashtag on one instance: see spec.partitions()"
        )
    partition = Partition(spec.instances[0], spec.tags[0])
    Path(folder).mkdir(parents=True, exist_ok=True)
    path = part_path(folder, partition)
    if path.exists():
        with Archive(path, read_only=True) as done:
            if done.finished(
                instance_key(partition.instance), partition.tag, spec.since, spec.until
            ):
                return PartitionResult(
                    instance=instance_key(partition.instance),
                    tag=partition.tag,
                    path=str(path),
                    ok=True,
                    skipped=True,
                    reason="finished before",
                )
    # A name no other run has; hidden and not *.sqlite, so no merge takes it for a part.
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        if path.exists():
            _copy(path, temporary)
        with Archive(temporary, create=True, wal=False) as archive:
            (result,) = asyncio.run(harvest(archive, spec, skip_finished=True))
        os.replace(temporary, path)
    finally:
        for leftover in (temporary, Path(f"{temporary}-journal")):
            leftover.unlink(missing_ok=True)
    return PartitionResult(
        instance=result.instance,
        tag=result.tag,
        path=str(path),
        fetched=result.fetched,
        new=result.new,
        ok=result.ok,
        skipped=result.skipped,
        reason=result.reason,
        reached=result.reached,
    )


def _copy(source: Path, target: Path) -> None:
    """Copy an archive through SQLite, so that a part left with a write-ahead log copies whole."""
    with (
        contextlib.closing(sqlite3.connect(read_only_uri(str(source)), uri=True)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
