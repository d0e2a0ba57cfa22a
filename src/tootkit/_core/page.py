"""One page of a paginated list, as the paginators hand it out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tootkit._core.ratelimit import RateLimit

__all__ = ["Page"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Page(Generic[T]):
    """One page of results.

    Attributes:
        items: The items of this page, in the server's order.
        next_cursor: The cursor of the page after this one in the direction of
            the walk, or ``None`` at the end. Save it and pass it back as
            ``cursor=`` to resume a walk later.
        prev_cursor: The cursor of the page before this one (the other
            direction), or ``None``.
        rate_limit: The rate-limit state that the server reported with this page.
        raw: The items as the server sent them, when the walk was asked to
            keep them (``paginator.keeping_raw()``: decoded JSON, or with
            ``as_bytes=True`` each item's bytes); else ``None``.

    Examples:
        >>> page = Page(items=[1, 2], next_cursor="max_id=2", prev_cursor=None, rate_limit=RateLimit())
        >>> len(page), page.next_cursor
        (2, 'max_id=2')
    """

    items: list[T]
    next_cursor: str | None
    prev_cursor: str | None
    rate_limit: RateLimit
    raw: list[Any] | None = None

    def __len__(self) -> int:
        return len(self.items)
