"""Asking an instance again for statuses it returned before, by id: :func:`refetch`.

Both :func:`~tootkit.store.refresh` and :func:`~tootkit.store.hydrate` need
it. Statuses are asked for 20 to a request (``GET /api/v1/statuses?id[]=``,
Mastodon 4.3+); a server without that endpoint is asked one status a request
(``GET /api/v1/statuses/:id``) from then on. A status missing from a batch is
asked for alone, since a batch leaves out alike what was deleted and what
the token may not see: only a 404 or a 410 for that status says it is gone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import TypeVar

import attrs
import msgspec

from tootkit._async.client import AsyncClient
from tootkit._core.request import Request, _is_loopback, make_request
from tootkit._explain import describe_failure
from tootkit._typeinfo import split_items
from tootkit.errors import APIError, DecodeError, Gone, NotFound, RateLimited
from tootkit.models import Status

__all__ = [
    "BATCH",
    "Refetched",
    "instance_base",
    "raw_items",
    "refetch",
    "with_raw",
]

T = TypeVar("T")

BATCH = 20
"""Statuses asked for in one request: Mastodon's most for ``GET /api/v1/statuses``."""


def instance_base(key: str) -> str:
    """The base URL of an instance as the archive names it (``host[:port]``).

    Examples:
        >>> instance_base("mastodon.social"), instance_base("127.0.0.1:3000")
        ('https://mastodon.social', 'http://127.0.0.1:3000')
    """
    host = key.rsplit(":", 1)[0] if key.count(":") == 1 else key
    return f"{'http' if _is_loopback(host) else 'https'}://{key}"


@attrs.frozen
class Refetched:
    """What one request (or a few) said of some statuses."""

    found: list[tuple[str, Status, bytes]]
    """``(id asked for, status, its JSON as the server sent it)`` of the statuses that came back."""
    gone: list[str]
    """Ids the instance answered 404 or 410 for."""
    failed: list[tuple[str, str]]
    """``(id, why)`` of those it would not tell about (403, 401, a bad body...)."""


_MEMBERS: msgspec.json.Decoder[dict[str, msgspec.Raw]] = msgspec.json.Decoder(
    dict[str, msgspec.Raw]
)


async def with_raw(client: AsyncClient, request: Request, cl: type[T]) -> tuple[T, bytes]:
    """Send ``request``: its body read as ``cl``, and the body as the server sent it.

    The archive keeps what the server sent, byte for byte, beside the typed
    model, so the stores that fetch statuses again ask for both at once;
    :func:`raw_items` cuts the statuses out of the body without decoding it.
    """
    reply = await client._send(request)
    return client._decode(reply, cl, request), reply.content


def raw_items(body: bytes, *keys: str) -> list[bytes]:
    """The items of the JSON array ``body``, or of its members ``keys`` one after another.

    Each is the bytes the server sent, as a harvest keeps them
    (``keeping_raw(as_bytes=True)``); no object is built. A member that is
    missing or ``null`` has none, as the models read it.

    Examples:
        >>> raw_items(b'{"ancestors": [{"id": "1"}], "descendants": [{"id":"2"}]}',
        ...           "ancestors", "descendants")
        [b'{"id": "1"}', b'{"id":"2"}']
    """
    if not keys:
        return split_items(body)
    members = _MEMBERS.decode(body)
    found = [bytes(members[key]) for key in keys if key in members]
    return [item for member in found if member != b"null" for item in split_items(member)]


async def _one(client: AsyncClient, id_: str) -> Refetched:
    request = make_request("GET", "/api/v1/statuses/{}", id_)
    try:
        status, raw = await with_raw(client, request, Status)
    except (NotFound, Gone):
        return Refetched([], [id_], [])
    except RateLimited:
        raise  # still limited after the client's waits: the instance stops, and is reported
    except (APIError, DecodeError) as exc:
        return Refetched([], [], [(id_, describe_failure(exc, client.base_url, timing=False))])
    return Refetched([(id_, status, raw)], [], [])


async def refetch(client: AsyncClient, ids: Sequence[str]) -> AsyncIterator[Refetched]:
    """Ask ``client``'s instance for each of ``ids`` again; yields what each batch said.

    A connection that fails (refused, DNS, TLS, timeouts past the retries)
    raises :class:`~tootkit.errors.TransportError`, and a rate limit that
    outlasts the client's waits :class:`~tootkit.errors.RateLimited`: the
    caller decides what that means, and no id is said to be gone for it.

    Examples:
        >>> async for said in refetch(client, ["109", "110"]):  # doctest: +SKIP
        ...     print(len(said.found), said.gone)
        1 ['110']
    """
    batched = True
    for start in range(0, len(ids), BATCH):
        chunk = list(ids[start : start + BATCH])
        said = Refetched([], [], [])
        if batched:
            request = make_request("GET", "/api/v1/statuses", params={"id": chunk})
            try:
                statuses, body = await with_raw(client, request, list[Status])
            except RateLimited:
                raise
            except (APIError, DecodeError):
                batched = False  # an older server, or another kind: one status a request
            else:
                asked = set(chunk)
                raws = raw_items(body)
                said.found.extend(
                    (s.id, s, raw) for s, raw in zip(statuses, raws, strict=True) if s.id in asked
                )
        seen = {id_ for id_, _, _ in said.found}
        for id_ in chunk:
            if id_ not in seen:
                alone = await _one(client, id_)
                said.found.extend(alone.found)
                said.gone.extend(alone.gone)
                said.failed.extend(alone.failed)
        yield said
