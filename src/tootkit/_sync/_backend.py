# This file is generated from the async source src/tootkit/_async/_backend.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Sleeping and locking, the two things that differ between the async client and the threaded one.
"""

from __future__ import annotations

import threading
import time

__all__ = ["Lock", "sleep"]

Lock = threading.Lock
"""Guards the rate-limit state shared by all the requests of one client."""


def sleep(seconds: float) -> None:
    """Wait without blocking other tasks."""
    time.sleep(seconds)
