"""Running the tootkit command in the test process, and reading what a fake server was asked."""

from __future__ import annotations

from tests.support.mockserver import FakeServer
from tootkit.cli import main


def run(*args: str) -> int:
    """Run ``tootkit ARGS...``; return its exit code."""
    try:
        return main(list(args))
    except SystemExit as exc:
        return int(exc.code or 0)


def timeline_requests(server: FakeServer) -> list[str]:
    """The timeline requests the server received since it was last reset."""
    return [r for r in server.requests() if r.startswith("/api/v1/timelines/")]
