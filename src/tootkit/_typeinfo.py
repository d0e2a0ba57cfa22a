"""What the fast path needs to know of the model types: their fields, unions, renamed keys, dates.

All of it is worked out once per type, when a converter first meets it.

Examples:
    >>> from tootkit.models import Status
    >>> strip_optional(Status | None) is Status
    True
"""

from __future__ import annotations

import re
from datetime import date
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import attrs
import msgspec
import orjson

from tootkit.models._base import is_deferred

__all__ = ["day_keys", "day_pattern", "split_items", "strip_optional", "unsafe_keys"]

_MIRROR_DEPTH = 4  # model levels a mirror looks into (a reblog's quote's post)
_RAW_LIST: msgspec.json.Decoder[list[msgspec.Raw]] = msgspec.json.Decoder(list[msgspec.Raw])


def split_items(data: bytes) -> list[bytes]:
    """The items of a JSON array, each as the exact bytes the server sent; no object is built.

    Examples:
        >>> split_items(b'[{"id": "1"}, {"id":"2"}]')
        [b'{"id": "1"}', b'{"id":"2"}']
    """
    return [bytes(item) for item in _RAW_LIST.decode(data)]


def _members(tp: Any) -> tuple[Any, ...]:
    """The types that ``tp`` is built from: union members, item types, a stand-in's target."""
    origin = get_origin(tp)
    if origin is Annotated:
        return (get_args(tp)[0],)
    if origin is not None or isinstance(tp, UnionType):
        return tuple(a for a in get_args(tp) if a is not Ellipsis)
    if is_deferred(tp):
        return (tp.target,)
    return ()


def _fields(cl: Any) -> tuple[attrs.Attribute[Any], ...]:
    attrs.resolve_types(cl)
    return attrs.fields(cl)  # type: ignore[no-any-return]


def _models(tp: Any) -> set[type]:
    """Every model class that a value of type ``tp`` may hold, at any depth."""
    found: set[type] = set()
    seen: set[Any] = set()
    stack = [tp]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if attrs.has(current):
            found.add(current)
            stack.extend(field.type for field in _fields(current))
        else:
            stack.extend(_members(current))
    return found


def unsafe_keys(tp: Any) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
    """The quoted JSON keys, in the models reachable from ``tp``, that msgspec would misread.

    The first tuple holds renamed fields (their JSON name differs from the
    attribute), the second private fields, which are not JSON at all.

    Examples:
        >>> from tootkit.models import Status
        >>> unsafe_keys(Status)
        ((b'"text"',), ())
    """
    renamed: set[bytes] = set()
    private: set[bytes] = set()
    for model in _models(tp):
        for field in _fields(model):
            if "json" in field.metadata:
                renamed.add(orjson.dumps(field.metadata["json"]))
            if not field.init:
                private.add(orjson.dumps(field.name))
    return tuple(sorted(renamed)), tuple(sorted(private))


def strip_optional(tp: Any) -> Any:
    """``X`` of ``Annotated[X, ...]`` and of ``X | None``; anything else as it is."""
    if get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    args = get_args(tp)
    if get_origin(tp) in (Union, UnionType) and len(args) == 2 and type(None) in args:
        tp = args[0] if args[1] is type(None) else args[1]
        if get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
    return tp


def _item_type(tp: Any) -> Any:
    """``X`` of ``tuple[X, ...]`` and ``list[X]``, else None."""
    if get_origin(tp) in (tuple, list):
        args = get_args(tp)
        if args and (len(args) == 1 or args[1] is Ellipsis):
            return args[0]
    return None


@attrs.frozen
class _Mirror:
    """A msgspec struct that reads only the renamed keys of a model, and the way to them."""

    struct: type[msgspec.Struct]
    renamed: tuple[tuple[str, Any], ...]  # (attribute, field type)
    nested: tuple[tuple[str, bool, _Mirror], ...]  # (attribute, is a tuple, mirror)
    decoder: msgspec.json.Decoder[Any] = attrs.field(init=False)

    @decoder.default
    def _decoder(self) -> msgspec.json.Decoder[Any]:
        return msgspec.json.Decoder(self.struct)


def _mirror(cl: Any, depth: int = 0) -> _Mirror | None:
    """The mirror of model class ``cl``; None when nothing under it is renamed."""
    if depth >= _MIRROR_DEPTH or not attrs.has(cl):
        return None
    fields: list[tuple[str, Any, Any]] = []
    rename: dict[str, str] = {}
    renamed: list[tuple[str, Any]] = []
    nested: list[tuple[str, bool, _Mirror]] = []
    for field in _fields(cl):
        if "json" in field.metadata:
            fields.append((field.name, Any, msgspec.UNSET))
            rename[field.name] = field.metadata["json"]
            renamed.append((field.name, field.type))
            continue
        inner = strip_optional(field.type)
        item = _item_type(inner)
        sub = _mirror(strip_optional(item) if item is not None else inner, depth + 1)
        if sub is None:
            continue
        struct_type: Any = sub.struct
        if item is not None:
            struct_type = tuple.__class_getitem__((struct_type, ...))
        fields.append((field.name, struct_type | None, msgspec.UNSET))
        nested.append((field.name, item is not None, sub))
    if not fields:
        return None
    struct = msgspec.defstruct(f"{cl.__name__}Keys{depth}", fields, rename=rename, kw_only=True)
    return _Mirror(struct, tuple(renamed), tuple(nested))


def day_keys(tp: Any) -> tuple[str, ...]:
    """The JSON keys of the date fields in the models reachable from ``tp``.

    Examples:
        >>> from tootkit.models import Status
        >>> day_keys(Status)
        ('last_status_at',)
    """
    return tuple(
        sorted(
            {
                field.metadata.get("json", field.name)
                for model in _models(tp)
                for field in _fields(model)
                if strip_optional(field.type) is date
            }
        )
    )


def day_pattern(keys: tuple[str, ...]) -> re.Pattern[bytes] | None:
    """A pattern for the date fields ``keys`` holding a UTC timestamp instead of a day.

    Mastodon sends ``last_status_at`` as a day (``"2025-01-02"``), which the
    models hold as a :class:`~datetime.date`; GoToSocial, Pleroma and older
    servers send a timestamp, which msgspec refuses for a date. When the
    timestamp is in UTC (``Z``, ``+00:00`` or no zone, which tootkit takes as
    UTC), its first ten characters are its day in UTC, exactly what the
    converter would read, so the fast path cuts the value there and tries
    msgspec again. Any other offset is left to the converter.

    Examples:
        >>> day_pattern(("last_status_at",)).sub(
        ...     rb'"\\g<key>":"\\g<day>"', b'{"last_status_at":"2022-09-25T00:00:00.000Z"}'
        ... )
        b'{"last_status_at":"2022-09-25"}'
    """
    if not keys:
        return None
    names = b"|".join(re.escape(key.encode()) for key in keys)
    return re.compile(
        rb'"(?P<key>' + names + rb')"\s*:\s*"(?P<day>\d{4}-\d{2}-\d{2})'
        rb'[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)?"'
    )


_DAY = rb'"\g<key>":"\g<day>"'
