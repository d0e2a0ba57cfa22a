"""Structuring hooks for containers: optional values, open enums, tuples, and lazy hooks.

Examples:
    >>> from tootkit.models import Visibility
    >>> _optional_open_enum(Visibility | None) is Visibility
    True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from types import UnionType
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

from tootkit._typeinfo import strip_optional
from tootkit.models import OpenEnum

if TYPE_CHECKING:
    from tootkit._convert import Converter

__all__: list[str] = []  # hooks for the converter alone


def _optional_open_enum(cl: Any) -> type[OpenEnum] | None:
    """The enum class of ``SomeOpenEnum | None``, else ``None``."""
    args = [a for a in get_args(cl) if a is not type(None)]
    if len(args) == 1 and isinstance(args[0], type) and issubclass(args[0], OpenEnum):
        return args[0]
    return None


def _open_enum_factory(cl: Any) -> Callable[[Any, Any], Any]:
    enum_cls = _optional_open_enum(cl)
    assert enum_cls is not None

    def structure_open_enum(value: Any, _: Any) -> Any:
        # Checked before cattrs' str passthrough for unions could take it, so
        # the value becomes an enum member (known or not), never a bare str.
        return None if value is None else enum_cls(value)

    return structure_open_enum


def _plain_optional(cl: Any) -> Any:
    """``X`` of ``X | None`` (one type and None), else None."""
    args = get_args(cl)
    if len(args) == 2 and type(None) in args and get_origin(cl) in (Union, UnionType):
        inner = args[0] if args[1] is type(None) else args[1]
        return inner
    return None


def _optional_factory(conv: Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(cl: Any) -> Callable[[Any, Any], Any]:
        inner_type = _plain_optional(cl)
        inner = _lazy_hook(conv, inner_type)

        def structure_optional(value: Any, _: Any) -> Any:
            # cattrs looks the inner hook up on every call; this does it once.
            return None if value is None else inner(value, inner_type)

        return structure_optional

    return factory


def _is_optional_datetime(cl: Any) -> bool:
    """``datetime | None``, with or without the Timestamp marker."""
    return _plain_optional(cl) is not None and strip_optional(cl) is datetime


def _is_homogeneous_tuple(cl: Any) -> bool:
    args = get_args(cl)
    return get_origin(cl) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_list(cl: Any) -> bool:
    return get_origin(cl) is list


def _tuple_factory(conv: Converter) -> Any:
    def factory(cl: Any) -> Any:
        item_type = get_args(cl)[0]
        if item_type is Any:

            def passthrough(value: Any, _: Any) -> tuple[Any, ...]:
                if value is None:
                    return ()
                return tuple(value) if isinstance(value, list | tuple) else (value,)

            return passthrough
        handler = conv.get_structure_hook(item_type)

        def structure_tuple(value: Any, _: Any) -> tuple[Any, ...]:
            if value is None:
                return ()  # null where a list belongs: read as empty
            if isinstance(value, Mapping):
                # Some servers send a JSON object keyed by index or name.
                value = list(value.values())
            elif not isinstance(value, list | tuple):
                value = [value]  # a lone value where a list belongs: "languages": "en"
            return tuple([handler(item, item_type) for item in value])

        return structure_tuple

    return factory


def _lazy_hook(conv: Converter, cl: Any) -> Callable[[Any, Any], Any]:
    """The structure hook of ``cl``, looked up on first use.

    Union hooks are registered before cattrs generates the class hooks they
    call, so they cannot look them up while being registered.
    """
    found: list[Callable[[Any, Any], Any]] = []

    def hook(value: Any, target: Any) -> Any:
        if not found:
            found.append(conv.get_structure_hook(cl))
        return found[0](value, target)

    return hook
