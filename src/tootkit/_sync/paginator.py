# This file is generated from the async source src/tootkit/_async/paginator.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Walking a paginated list: :class:`Paginator`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from typing import Any, Generic, TYPE_CHECKING, TypeVar

from tootkit._core.links import CURSOR_KEYS, encode_cursor
from tootkit._core.page import Page
from tootkit._core.ratelimit import RateLimit
from tootkit._core.request import Request
from tootkit._core.walks import Emit, Fetch, Fetched, Steps, Strategy, toward_newer, walk
from tootkit._typeinfo import split_items

if TYPE_CHECKING:
    from tootkit._sync.client import Client
    from tootkit._transport import Reply

__all__ = ["Paginator"]

T = TypeVar("T")


class _Kept:
    """An item with the JSON it came from, while a walk that keeps raw JSON filters it."""

    __slots__ = ("model", "raw")

    def __init__(self, model: Any, raw: Any) -> None:
        self.model = model
        self.raw = raw

    @property
    def id(self) -> Any:
        return getattr(self.model, "id", None)

    @property
    def created_at(self) -> Any:
        return getattr(self.model, "created_at", None)


class Paginator(Generic[T]):
    """A lazy walk over a paginated list.

    Iterate it for items, or call :meth:`pages` for whole pages with their
    cursors. Nothing is requested until
    you do, and only one page is held in memory at a time.

    Examples:
        >>> for status in client.timelines.tag("python", limit=100):  # doctest: +SKIP
        ...     print(status.id)
        >>> for page in client.timelines.tag("python").pages():  # doctest: +SKIP
        ...     save(page.items, page.next_cursor)

    The next page is requested from the configured instance with the original
    parameters plus the cursor values read from the ``Link`` header; a URL that
    a response supplies is never fetched.

    A walk goes toward older items by default. Passing ``min_id``, or calling
    :meth:`newer`, walks toward newer items instead: pages then come oldest
    first, and the items within a page keep the server's order (newest first
    on Mastodon).
    """

    def __init__(
        self,
        client: Client,
        item_type: type[T],
        request: Request,
        strategy: Strategy,
        *,
        decode_as: Any = None,
        extract: Callable[[Any], list[T]] | None = None,
    ) -> None:
        self._client = client
        self._strategy = strategy
        self._decode_as: Any = decode_as if decode_as is not None else list[item_type]  # type: ignore[valid-type]
        self._extract = extract
        self._keep_raw: bool | str = False
        self._request = request.with_params((), drop=(*CURSOR_KEYS, "limit"))

    def newer(self) -> Paginator[T]:
        """The same walk, toward newer items (following ``rel="prev"``).

        Pages come oldest first; within a page the items keep the server's
        order, which is newest first on Mastodon. A walk that had a ``max_id``
        starts just above it instead.
        """
        twin: Paginator[T] = Paginator.__new__(Paginator)
        twin.__dict__.update(self.__dict__)
        twin._strategy = toward_newer(self._strategy)
        return twin

    def __iter__(self) -> Iterator[T]:
        return self._items()

    def _items(self) -> Iterator[T]:
        for page in self.pages():
            for item in page.items:
                yield item


    def keeping_raw(self, *, as_bytes: bool = False) -> Paginator[T]:
        """The same walk, whose pages also carry the raw JSON of their items (``page.raw``).

        For archives that must keep what the server sent, fields tootkit does
        not model included. ``page.raw`` holds decoded JSON, or with
        ``as_bytes=True`` each item's bytes exactly as the server sent them,
        which costs almost nothing: no object is built for them.

        Examples:
            >>> for page in client.timelines.tag("python").keeping_raw().pages():  # doctest: +SKIP
            ...     for status, raw in zip(page.items, page.raw):
            ...         save(status.id, raw)
        """
        twin: Paginator[T] = Paginator.__new__(Paginator)
        twin.__dict__.update(self.__dict__)
        twin._keep_raw = "bytes" if as_bytes else True
        return twin

    def _fetch(self, position: dict[str, str], size: int) -> tuple[list[T], Reply]:
        request = self._request.with_params(
            [*position.items(), ("limit", str(size))], drop=(*CURSOR_KEYS, "limit")
        )
        response = self._client._send(request)
        items: list[T]
        if self._keep_raw and self._extract is None:
            # Two parses in C (the raw JSON, then the models on the converter's
            # fast path) cost less than one parse and cattrs on the dicts.
            models = self._client._decode(response, self._decode_as, request)
            if self._keep_raw == "bytes":
                raws: list[Any] = split_items(response.content)
            else:
                raws = self._client._decode(response, list[Any], request)
            items = [_Kept(model, raw) for model, raw in zip(models, raws, strict=True)]  # type: ignore[misc]
        else:
            decoded = self._client._decode(response, self._decode_as, request)
            items = self._extract(decoded) if self._extract else decoded
        return items, response

    def pages(self) -> Generator[Page[T], None, None]:
        """Yield the pages of the walk, each with its cursors and rate-limit state.

        The first page is yielded even when it is empty, so that its
        rate-limit state is seen; the walk ends at the first empty page after
        it, at a missing ``next`` (or ``prev``) link, at ``limit``, or past a
        date bound. Which page comes next is :func:`tootkit._core.walks.walk`'s
        to say: this loop only fetches and hands out.
        """
        steps = walk(self._strategy)
        reply: Reply | None = None
        instruction = _advance(steps, None)
        while instruction is not None:
            if isinstance(instruction, Fetch):
                items, reply = self._fetch(instruction.position, instruction.size)
                fetched = Fetched(items, reply.links, "link" in reply.headers)
                instruction = _advance(steps, fetched)
            else:
                yield self._page(instruction, reply)
                instruction = _advance(steps, None)

    def _page(self, emit: Emit, reply: Reply | None) -> Page[T]:
        items, raw = emit.items, None
        if self._keep_raw and self._extract is None:
            raw = [kept.raw for kept in items]
            items = [kept.model for kept in items]
        return Page(
            items=items,
            next_cursor=encode_cursor(emit.forward) if emit.forward else None,
            prev_cursor=encode_cursor(emit.backward) if emit.backward else None,
            rate_limit=reply.rate_limit if reply is not None else RateLimit(),
            raw=raw,
        )


def _advance(steps: Steps, fetched: Fetched | None) -> Fetch | Emit | None:
    """The walk's next instruction, or None at its end."""
    try:
        return steps.send(fetched)
    except StopIteration:
        return None
