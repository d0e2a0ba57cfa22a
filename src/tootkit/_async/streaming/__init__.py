"""Streaming (``client.streaming``): WebSocket or Server-Sent Events, reconnecting and backfilling.

One stream, in the modules of this package:

- ``api``: :class:`AsyncStreaming`, what ``client.streaming`` offers;
- ``stream``: :class:`AsyncStream`, one live stream that reconnects and backfills;
- ``multiplex``: :class:`AsyncMultiplex`, several streams subscribed to while it runs;
- ``transports``: what every link (one connection attempt) offers, and how it ends;
  ``over_websocket`` and ``over_sse``: the links themselves;
- ``seam``: :class:`AsyncStreamingSeam`, all that streaming may use of its client.

The protocols themselves, without I/O, are in ``tootkit._core`` (``websocket``,
``sse``, ``backfill``); what differs between tasks and threads is in
``tootkit._concurrency``.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from tootkit._async.streaming.api import DEFAULT_HEARTBEAT_TIMEOUT, AsyncStreaming
from tootkit._async.streaming.multiplex import AsyncMultiplex
from tootkit._async.streaming.seam import TRANSPORTS, AsyncStreamingSeam, StreamTransport
from tootkit._async.streaming.stream import AsyncStream, Connections

__all__ = [
    "DEFAULT_HEARTBEAT_TIMEOUT",
    "TRANSPORTS",
    "AsyncMultiplex",
    "AsyncStream",
    "AsyncStreaming",
    "AsyncStreamingSeam",
    "Connections",
    "StreamTransport",
]
