"""A minimal HTTP/1.1 server on asyncio: requests in, whole answers out, keep-alive.

Enough HTTP for fake servers that must serve hundreds of ports from one
process at little cost: a request line, headers, an optional body (read and
dropped), and an answer of ``(status, body, headers)`` from a plain function.

Examples:
    >>> def hello(method: str, target: str, headers: dict[str, str]) -> Answer:
    ...     return 200, b"hello", {"Content-Type": "text/plain"}
    >>> server = await listen(bound_socket(), hello)  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable

Answer = tuple[int, bytes, dict[str, str]]
"""The status, the body and the headers of an answer (Content-Length is added)."""

Responder = Callable[[str, str, dict[str, str]], Answer]
"""Turns a method, a target (path and query) and the headers (lower-cased names) into an answer."""

_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}
_REASONS |= {405: "Method Not Allowed", 410: "Gone", 422: "Unprocessable Content"}


async def _converse(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    respond: Responder,
) -> None:
    """Answer the requests of one connection, as long as the client keeps it open."""
    try:
        while True:
            line = await reader.readline()
            if not line.strip():
                break
            method, target, version = line.decode("latin-1").split(maxsplit=2)
            headers: dict[str, str] = {}
            while (field := await reader.readline()).strip():
                name, _, value = field.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            if length := int(headers.get("content-length", "0")):
                await reader.readexactly(length)
            status, body, extra = respond(method, target, headers)
            close = headers.get("connection", "").lower() == "close" or "1.0" in version
            head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Other')}"]
            head += [f"{k}: {v}" for k, v in extra.items()]
            head += [
                f"Content-Length: {len(body)}",
                "Connection: " + ("close" if close else "keep-alive"),
            ]
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
            await writer.drain()
            if close:
                break
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        pass
    finally:
        writer.close()


async def listen(sock: socket.socket, respond: Responder) -> asyncio.Server:
    """Serve ``respond`` on ``sock`` (bound, not yet listening) until the loop ends."""

    def converse(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> Awaitable[None]:
        return _converse(reader, writer, respond)

    return await asyncio.start_server(converse, sock=sock, backlog=512)


def bound_socket() -> socket.socket:
    """A socket bound to a free loopback port; connections are refused until it listens."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock
