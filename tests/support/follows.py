"""Three fake servers to follow, one for each way of streaming, and statuses posted to them live.

Examples:
    >>> with three_fakes() as servers:  # doctest: +SKIP
    ...     post(servers["sse"], 3)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from tests.support.mockserver import FakeServer, run_fake_server

__all__ = ["KINDS", "post", "three_fakes"]

KINDS = {"websocket": 0, "sse": 10_000, "none": 20_000}
"""Each fake's transport and the index of its first status: no two share a status."""


@contextlib.contextmanager
def three_fakes() -> Iterator[dict[str, FakeServer]]:
    """Three fakes of five statuses each under #fake, by how they stream (``none``: polled)."""
    with contextlib.ExitStack() as stack:
        yield {
            kind: stack.enter_context(run_fake_server(5, stream_transport=kind, first=str(first)))
            for kind, first in KINDS.items()
        }


def post(server: FakeServer, count: int) -> None:
    """Post ``count`` statuses under #fake to ``server``."""
    for number in range(count):
        server.http.post("/api/v1/statuses", data={"status": f"live {number} #fake"})
