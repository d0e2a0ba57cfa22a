"""Just enough of the WebSocket protocol (RFC 6455) for the fake server to misbehave on purpose.

A library server would answer pings and close cleanly by itself; the tests
need a server that can drop a connection without a close frame, fall silent
and ignore pings, or close with 1008 after accepting. Frames are small and
never fragmented here, which is all Mastodon's streaming protocol needs.
"""

from __future__ import annotations

import base64
import hashlib
import struct
import threading
from collections.abc import Callable
from typing import BinaryIO

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


def accept_key(key: str) -> str:
    """The ``Sec-WebSocket-Accept`` answer to a client's ``Sec-WebSocket-Key``."""
    return base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()


def encode(opcode: int, payload: bytes) -> bytes:
    """One final, unmasked frame, as a server sends it."""
    head = bytes([0x80 | opcode])
    size = len(payload)
    if size < 126:
        head += bytes([size])
    elif size < 1 << 16:
        head += bytes([126]) + struct.pack("!H", size)
    else:
        head += bytes([127]) + struct.pack("!Q", size)
    return head + payload


def read_frame(rfile: BinaryIO) -> tuple[int, bytes] | None:
    """The next frame a client sent (opcode, unmasked payload); None when the connection ended."""
    head = rfile.read(2)
    if len(head) < 2:
        return None
    opcode, size = head[0] & 0x0F, head[1] & 0x7F
    if size == 126:
        size = struct.unpack("!H", rfile.read(2))[0]
    elif size == 127:
        size = struct.unpack("!Q", rfile.read(8))[0]
    mask = rfile.read(4) if head[1] & 0x80 else b""
    payload = rfile.read(size)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return opcode, payload


class ServerSocket:
    """The server's end of an accepted WebSocket: send text, close, and read what the client says."""

    def __init__(self, rfile: BinaryIO, wfile: BinaryIO) -> None:
        self._rfile = rfile
        self._wfile = wfile
        self._lock = threading.Lock()
        self.closed = threading.Event()

    def send(self, opcode: int, payload: bytes) -> None:
        with self._lock:
            self._wfile.write(encode(opcode, payload))
            self._wfile.flush()

    def send_text(self, text: str) -> None:
        self.send(TEXT, text.encode())

    def close(self, code: int = 1000, reason: str = "") -> None:
        """Close cleanly: a close frame with ``code``."""
        self.send(CLOSE, struct.pack("!H", code) + reason.encode())
        self.closed.set()

    def read_loop(self, on_text: Callable[[str], None]) -> None:
        """Answer pings and pass text on, until the client closes or goes (run it in a thread)."""
        try:
            while not self.closed.is_set():
                frame = read_frame(self._rfile)
                if frame is None:
                    break
                opcode, payload = frame
                if opcode == PING:
                    self.send(PONG, payload)
                elif opcode == TEXT:
                    on_text(payload.decode())
                elif opcode == CLOSE:
                    self.send(CLOSE, payload[:2])
                    break
        except (OSError, ValueError, struct.error):
            pass
        self.closed.set()
