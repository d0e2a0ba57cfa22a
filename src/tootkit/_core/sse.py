"""An incremental decoder for Server-Sent Events (the HTML standard's ``text/event-stream``).

Feed it bytes as they arrive, in chunks of any size; it returns the events
that are complete. It handles lines split across chunks (even a CRLF split
in two), ``\\r\\n``, ``\\r`` and ``\\n`` line ends, comments (``:thump``, the
heartbeat Mastodon sends), multi-line ``data``, ``id`` and ``retry``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SSEDecoder", "ServerSentEvent"]


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    """One event: its type (``"message"`` when the server named none), data, id and retry."""

    event: str
    data: str
    id: str | None = None
    retry: int | None = None


class SSEDecoder:
    """Turn a byte stream into :class:`ServerSentEvent` values.

    Examples:
        >>> decoder = SSEDecoder()
        >>> decoder.feed(b"event: update\\ndata: {\\"id\\"")
        []
        >>> decoder.feed(b": 1}\\n\\n:thump\\n\\n")
        [ServerSentEvent(event='update', data='{"id": 1}', id=None, retry=None)]
        >>> decoder.comments
        1
    """

    def __init__(self) -> None:
        self._pending = b""  # bytes of an unfinished line
        self._skip_lf = False  # the last chunk ended with "\\r": a "\\n" may follow
        self._event = ""
        self._data: list[str] = []
        self._id: str | None = None
        self._retry: int | None = None
        self.last_event_id: str | None = None
        self.comments = 0
        """How many comment lines (heartbeats) were seen."""

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Add bytes; return the events that they complete."""
        if self._skip_lf and chunk.startswith(b"\n"):
            chunk = chunk[1:]
        self._skip_lf = False
        buffer = self._pending + chunk
        events: list[ServerSentEvent] = []
        start = 0
        length = len(buffer)
        while start < length:
            cr = buffer.find(b"\r", start)
            lf = buffer.find(b"\n", start)
            if cr < 0 and lf < 0:
                break
            if cr < 0 or (0 <= lf < cr):
                end, next_start = lf, lf + 1
            else:
                end = cr
                if cr + 1 < length:
                    next_start = cr + 2 if buffer[cr + 1 : cr + 2] == b"\n" else cr + 1
                else:
                    next_start = cr + 1
                    self._skip_lf = True  # "\r" at the end: a "\n" next is the same line end
            event = self._line(buffer[start:end].decode("utf-8", errors="replace"))
            if event is not None:
                events.append(event)
            start = next_start
        self._pending = buffer[start:]
        return events

    def _line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            self.comments += 1
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id" and "\0" not in value:
            self._id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        if self._id is not None:
            self.last_event_id = self._id
        if not self._data and not self._event:
            self._id = None
            return None
        event = ServerSentEvent(
            event=self._event or "message",
            data="\n".join(self._data),
            id=self._id,
            retry=self._retry,
        )
        self._event, self._data, self._id, self._retry = "", [], None, None
        return event
