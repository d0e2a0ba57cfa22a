# This file is generated from the async source src/tootkit/_async/streaming/__init__.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Streaming (``client.streaming``): WebSocket or Server-Sent Events, reconnecting and backfilling.

One stream, in the modules of this package:

- ``api``: :class:`Streaming`, what ``client.streaming`` offers;
- ``stream``: :class:`Stream`, one live stream that reconnects and backfills;
- ``multiplex``: :class:`Multiplex`, several streams subscribed to while it runs;
- ``transports``: what every link (one connection attempt) offers, and how it ends;
  ``over_websocket`` and ``over_sse``: the links themselves;
- ``seam``: :class:`StreamingSeam`, all that streaming may use of its client.

The protocols themselves, without I/O, are in ``tootkit._core`` (``websocket``,
``sse``, ``backfill``); what differs between tasks and threads is in
``tootkit._concurrency``.
"""

from tootkit._sync.streaming.api import DEFAULT_HEARTBEAT_TIMEOUT, Streaming
from tootkit._sync.streaming.multiplex import Multiplex
from tootkit._sync.streaming.seam import StreamingSeam, StreamTransport, TRANSPORTS
from tootkit._sync.streaming.stream import Connections, Stream

__all__ = [
    "DEFAULT_HEARTBEAT_TIMEOUT",
    "TRANSPORTS",
    "Multiplex",
    "Stream",
    "Streaming",
    "StreamingSeam",
    "Connections",
    "StreamTransport",
]
