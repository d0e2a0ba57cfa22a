"""Partitions on Dask's distributed scheduler, when one machine is not enough (the ``dask`` extra).

Each (instance, tag) is one task, :func:`~tootkit.store.harvest_partition`,
which writes its own part archive into a folder the workers share; the
results are merged by ``uri`` at the end. Dask brings what a fleet of
workers needs and tootkit should not reinvent: scheduling across machines,
a task lost with its worker run again elsewhere, a dashboard.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from tootkit.store._partitions import PartitionResult, harvest_partition
from tootkit.store._spec import HarvestSpec

__all__ = ["dask_client", "harvest_on_dask"]

THREADS_PER_WORKER = 16
"""Partitions a local worker process runs at once: each waits on the network most of the time."""


@contextlib.contextmanager
def dask_client(address: str) -> Iterator[Any]:
    """A ``distributed.Client`` for ``address``: ``tcp://host:8786``, or ``local:N`` for N local workers.

    ``local:N`` starts a ``LocalCluster`` of N worker processes on this
    machine (no dashboard), and stops it on exit.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ImportError(
            "harvesting on Dask needs the dask extra: pip install 'tootkit[dask]'"
        ) from None
    if address.startswith("local:"):
        try:
            workers = int(address.removeprefix("local:"))
        except ValueError:
            raise ValueError(f"{address!r}: expected local:N, N the number of workers") from None
        if workers < 1:
            raise ValueError(f"{address!r}: a local cluster needs at least one worker")
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=THREADS_PER_WORKER,
            processes=True,
            dashboard_address=":0",  # any free port: two harvests at once never clash
            # Ctrl-C in a terminal reaches the workers too, and each would warn of the
            # tasks it cancels; a local cluster is ours: its errors are enough.
            silence_logs=logging.ERROR,
        )
        with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            client.register_plugin(_ignoring_interrupts())
            try:
                yield client
            except KeyboardInterrupt:
                # Our own workers: end them now rather than wait seconds for tasks
                # that cannot be stopped midway. A part is written under a name of
                # its own and renamed once whole, so a killed task leaves none.
                _silence_dask()
                with contextlib.suppress(Exception):
                    for pid in client.run(os.getpid, wait=True).values():
                        os.kill(pid, signal.SIGKILL)
                raise
    else:
        with Client(address) as client:  # type: ignore[no-untyped-call]
            try:
                yield client
            except KeyboardInterrupt:
                _silence_dask()  # here only: the workers' logs are their operator's
                raise


def _ignore_interrupts() -> None:
    """Leave Ctrl-C to the driver: it ends a local cluster's workers itself."""
    with contextlib.suppress(ValueError):  # not the main thread: nothing to do
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _ignoring_interrupts() -> Any:
    """A worker plugin that ignores Ctrl-C: a terminal sends it to every process of the
    group, workers too, and each would print a traceback of the task it was running."""
    from distributed import WorkerPlugin

    class IgnoreInterrupts(WorkerPlugin):
        name = "tootkit-ignore-interrupts"

        def setup(self, worker: Any) -> None:
            _ignore_interrupts()

    return IgnoreInterrupts()


def _silence_dask() -> None:
    """Quiet Dask's loggers, for a cluster being torn down on Ctrl-C."""
    for name in ("distributed", "tornado", "asyncio"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def harvest_on_dask(
    client: Any,
    folder: str | Path,
    spec: HarvestSpec,
    *,
    on_result: Callable[[PartitionResult], None] | None = None,
) -> list[PartitionResult]:
    """Harvest every (instance, tag) of ``spec`` as a Dask task, each into its part archive in ``folder``.

    ``client`` is a ``distributed.Client``; ``folder`` must be one that every
    worker reaches at the same path (a shared disk: each part is written
    with a rollback journal and renamed into place, so a network filesystem
    will do). Partitions finished before, for the same bounds, cost no
    request: running the same call again after an interruption finishes
    only the rest. ``on_result`` is called with each result as it comes. A
    token goes, inside its task, to the worker that harvests its instance,
    and from there to that instance only: use a scheduler you trust, over
    TLS across machines.

    A task is not retried when it raises: an instance's failures are in its
    result, and what a task raises (:class:`~tootkit.errors.ArchiveError`,
    a full disk) would fail again. A task whose worker was lost runs again
    elsewhere, up to Dask's ``distributed.scheduler.allowed-failures``.

    Examples:
        >>> spec = HarvestSpec(tags=["python"], instances=instances)  # doctest: +SKIP
        >>> with dask_client("local:2") as client:  # doctest: +SKIP
        ...     results = harvest_on_dask(client, "parts", spec)
        >>> merge_archives(sorted(Path("parts").glob("*.sqlite")), "study.sqlite")  # doctest: +SKIP
    """
    from distributed import as_completed

    Path(folder).mkdir(parents=True, exist_ok=True)
    futures = [
        client.submit(
            # A partial, so that nothing of the spec is taken for one of submit()'s own keywords.
            partial(harvest_partition, str(folder), part),
            key=f"harvest-{part.tags[0]}-{part.instances[0]}-{uuid.uuid4().hex[:8]}",
            retries=0,
        )
        for part in spec.partitions()
    ]
    results: list[PartitionResult] = []
    for future in as_completed(futures):  # type: ignore[no-untyped-call]
        result: PartitionResult = future.result()
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results
