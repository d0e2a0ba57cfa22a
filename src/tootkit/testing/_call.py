"""What a route of the fake is given (:class:`Call`) and what it gives back (:class:`Answer`).

Every route module (statuses and timelines in ``_routes``, media, follows,
the instance entity, streams) builds its answers from these, so they live apart from
any one of them.

    >>> error(422, "Validation failed: Text can't be blank").body
    {'error': "Validation failed: Text can't be blank"}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from tootkit.testing._store import Account, Store

__all__ = ["BAD_TOKEN", "NOT_FOUND", "Answer", "Call", "Route", "error"]


@attrs.frozen
class Call:
    """A request as the routes see it."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    body: dict[str, Any]
    headers: dict[str, str]
    viewer: Account | None
    url: str
    """The endpoint's URL without the query, percent-encoded as a ``Link`` header needs."""
    args: tuple[str, ...] = ()

    def values(self, name: str) -> list[str]:
        """Every value of a query parameter, given as ``name`` or ``name[]``."""
        return [v for k, v in self.query if k in (name, f"{name}[]")]

    def first(self, name: str) -> str | None:
        """The first value of a query parameter, if given."""
        found = self.values(name)
        return found[0] if found else None


@attrs.frozen
class Answer:
    """What the server answers: a status code, a body, more headers.

    The body is JSON (a ``dict``, a ``list``...), raw ``bytes`` sent as they
    are with the ``Content-Type`` of ``headers``, or what a stream listens to
    (see ``_streams``).
    """

    status: int
    body: Any
    headers: dict[str, str] = attrs.Factory(dict)


def error(status: int, message: str) -> Answer:
    """Mastodon's error answer: ``{"error": message}``."""
    return Answer(status, {"error": message})


NOT_FOUND = error(404, "Record not found")
BAD_TOKEN = error(401, "The access token is invalid")

Route = Callable[["Store", Call], Answer]
"""A route: the store and the call in, the answer out."""
