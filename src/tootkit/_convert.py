"""The one cattrs converter that turns Mastodon JSON into tootkit models and back.

Every hook is registered once, in :func:`make_converter`. cattrs then generates
a specialised structuring function for each model class the first time it sees
it, so structuring a status runs straight-line code, with no per-field
reflection.

The converter is tolerant, because real servers are: integer ids become
strings, numbers sent as strings become numbers, dates come with ``Z``, an
offset, no zone at all (taken as UTC) or as epoch seconds, and a ``null`` where
Mastodon promises a value gets the field's documented default. Unknown keys
are ignored; the strict variant (:data:`strict_converter`, for tests) refuses
them, so fields that the models lack show up.

A value that cannot be read at all raises :class:`tootkit.errors.DecodeError`
naming the entity and the field.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
import orjson
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.orjson import OrjsonConverter

from tootkit._containers import (
    _is_homogeneous_tuple,
    _is_optional_datetime,
    _lazy_hook,
    _open_enum_factory,
    _optional_factory,
    _optional_open_enum,
    _plain_optional,
    _tuple_factory,
)
from tootkit._core.dates import format_datetime
from tootkit._fastpath import SLOW, FastPath
from tootkit._pickers import PICKERS, _union_hooks
from tootkit._scalars import (
    _structure_bool,
    _structure_date,
    _structure_datetime,
    _structure_float,
    _structure_int,
    _structure_optional_date,
    _structure_optional_datetime,
    _structure_str,
    _unstructure_int,
)
from tootkit.errors import DecodeError
from tootkit.models import (
    AdminIp,
    PollOption,
    Role,
    Tag,
)
from tootkit.models._base import is_deferred

__all__ = ["Converter", "converter", "make_converter"]  # and strict_converter, on first use

T = TypeVar("T")


def _type_name(cl: Any) -> str:
    origin = get_origin(cl)
    if origin in (list, tuple):
        args = get_args(cl)
        return f"list[{_type_name(args[0])}]" if args else "list"
    return getattr(cl, "__name__", None) or str(cl)


class Converter(OrjsonConverter):
    """The cattrs converter of tootkit: orjson-backed, with Mastodon's quirks built in.

    Use the module-level instance, :data:`tootkit.converter`, rather than
    making a new one: each instance generates and caches its own code.

    Examples:
        >>> import tootkit
        >>> from tootkit.models import Tag
        >>> tag = tootkit.converter.loads(b'{"name": "python", "url": "https://x/t/python"}', Tag)
        >>> tag.name
        'python'
        >>> tootkit.converter.unstructure(tag)["name"]
        'python'
    """

    def structure(self, obj: Any, cl: Any) -> Any:
        """Structure decoded JSON into ``cl``; raise :class:`DecodeError` if it cannot be."""
        try:
            return super().structure(obj, cl)
        except Exception as exc:  # the fast path does not say where; find out
            raise self._explain(obj, cl, exc) from exc

    def loads(self, data: bytes | bytearray | memoryview | str, cl: type[T]) -> T:
        """Decode a JSON body and structure it into ``cl`` in one step.

        This is the path the clients take. The production converter first
        tries the msgspec fast path (see :mod:`tootkit._fastpath`), which
        builds the models in C; what it refuses, one item of a list or the
        whole body, takes one orjson parse and the generated cattrs code.
        """
        fast = self._fast
        if fast is not None:
            result = fast.decode(data, cl)
            if result is not SLOW:
                return result  # type: ignore[no-any-return]
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise DecodeError(
                f"not valid JSON ({exc})", entity=_type_name(cl), raw=_as_text(data)
            ) from exc
        try:
            return super().structure(obj, cl)
        except Exception as exc:
            raise self._explain(obj, cl, exc, raw=_as_text(data)) from exc

    def _explain(self, obj: Any, cl: Any, exc: Exception, raw: str | None = None) -> DecodeError:
        """Build a DecodeError that names the entity and the field that failed."""
        path, reason = _locate(obj, cl, self._strict, exc)
        entity = _type_name(cl)
        # "$.account.created_at" → entity "Status", field "account.created_at"
        field = path.removeprefix("$").removeprefix(".")
        if raw is None:
            try:
                raw = orjson.dumps(obj).decode()
            except TypeError:
                raw = repr(obj)
        return DecodeError(reason, entity=entity, field=field, raw=raw)

    _strict: bool = False
    _fast: FastPath | None = None


def _as_text(data: bytes | bytearray | memoryview | str) -> str:
    if isinstance(data, str):
        return data
    return bytes(data).decode("utf-8", errors="replace")


_detailed: dict[bool, Converter] = {}


def _locate(obj: Any, cl: Any, strict: bool, exc: Exception) -> tuple[str, str]:
    """Re-run structuring with cattrs' detailed validation to find the failing path.

    Only called after a failure, so the fast path pays nothing for it.
    """
    conv = _detailed.get(strict)
    if conv is None:
        conv = _detailed[strict] = make_converter(strict=strict, detailed_validation=True)
    try:
        cattrs.Converter.structure(conv, obj, cl)
    except Exception as detailed:
        messages = cattrs.transform_error(detailed)
        if messages:
            message = messages[0]
            reason, _, path = message.rpartition(" @ ")
            return path, reason or message
        return "", str(detailed)
    return "", f"{type(exc).__name__}: {exc}"


def _renames(cl: Any) -> dict[str, Any]:
    """Fields whose JSON key is not a Python name ("@1x", "admin.sign_up")."""
    return {
        a.name: override(rename=a.metadata["json"])
        for a in attrs.fields(cl)
        if "json" in a.metadata
    }


def _private(cl: Any) -> dict[str, Any]:
    """Fields that are not JSON at all (the client's HTML converter): left out."""
    return {a.name: override(omit=True) for a in attrs.fields(cl) if not a.init}


# Entities that some servers send as a bare string: the string is this field.
_SHORTHAND: dict[type, str] = {
    Tag: "name",  # v1 search: "hashtags": ["cats"]
    AdminIp: "ip",  # Mastodon before 3.5: "ip": "192.0.2.1"
    Role: "name",  # GoToSocial: "role": "user"
    PollOption: "title",  # scheduled posts: "options": ["yes", "no"]
}


def _attrs_structure_factory(
    conv: Converter, strict: bool, detailed: bool, html: Callable[..., str] | None
) -> Any:
    def factory(cl: Any) -> Any:
        generated: Callable[[Any, Any], Any] = make_dict_structure_fn(
            cl,
            conv,
            _cattrs_forbid_extra_keys=strict,
            _cattrs_detailed_validation=detailed,
            **_renames(cl),
        )
        shorthand = _SHORTHAND.get(cl)
        if html is not None and "_html" in vars(cl):
            # A client with its own HTML converter: each status and account
            # remembers it, so that .text uses it. One attribute set a model.
            plain = generated

            def remembering(value: Any, target: Any) -> Any:
                model = plain(value, target)
                object.__setattr__(model, "_html", html)
                return model

            generated = remembering

        def structure_entity(value: Any, target: Any) -> Any:
            if value.__class__ is dict:
                return generated(value, target)
            if shorthand is not None and isinstance(value, str):
                return generated({shorthand: value}, target)
            if value is None or value == []:
                # null (or Friendica's []) where Mastodon promises an object:
                # the entity with every field at its default.
                return generated({}, target)
            raise ValueError(f"expected a JSON object, got {type(value).__name__}")

        return structure_entity

    return factory


def _attrs_unstructure_factory(conv: Converter) -> Any:
    def factory(cl: Any) -> Any:
        return make_dict_unstructure_fn(cl, conv, **_renames(cl), **_private(cl))

    return factory


def _equals(expected: Any) -> Callable[[Any], bool]:
    def predicate(candidate: Any) -> bool:
        return bool(candidate == expected)

    return predicate


def make_converter(
    *,
    strict: bool = False,
    detailed_validation: bool = False,
    html: Callable[..., str] | None = None,
    fast: bool = True,
) -> Converter:
    """Build a converter with every tootkit hook registered.

    Args:
        strict: Refuse keys that the models do not have (for tests).
        detailed_validation: Let cattrs collect every error with its path.
            Slower; tootkit only uses it to explain a failure.
        html: The HTML converter that ``Status.text`` and ``Account.note_text``
            of the structured models use; ``None`` for :func:`tootkit.html.to_text`.
        fast: Let :meth:`Converter.loads` try the msgspec fast path first
            (see :mod:`tootkit._fastpath`); the strict and the detailed
            converters never do. ``False`` makes cattrs read everything, as a
            reference to compare the fast path with.

    Examples:
        >>> strict = make_converter(strict=True)
        >>> from tootkit.models import Tag
        >>> strict.structure({"name": "x", "url": "u", "colour": "red"}, Tag)
        Traceback (most recent call last):
        ...
        tootkit.errors.DecodeError: cannot decode Tag: extra fields found (colour)...
    """
    conv = Converter(
        detailed_validation=detailed_validation,
        forbid_extra_keys=strict,
        prefer_attrib_converters=False,
    )
    conv._strict = strict
    if fast and not strict and not detailed_validation:
        conv._fast = FastPath(conv, PICKERS, html)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(datetime, _structure_datetime)
    # Registered first, so that the more specific hooks below take precedence.
    conv.register_structure_hook_factory(
        lambda t: _plain_optional(t) is not None, _optional_factory(conv)
    )
    conv.register_structure_hook_func(_is_optional_datetime, _structure_optional_datetime)
    conv.register_structure_hook(date, _structure_date)
    conv.register_structure_hook_func(_equals(date | None), _structure_optional_date)
    conv.register_unstructure_hook(datetime, format_datetime)
    conv.register_unstructure_hook(int, _unstructure_int)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_factory(conv))
    conv.register_structure_hook_factory(
        lambda t: _optional_open_enum(t) is not None, _open_enum_factory
    )
    conv.register_structure_hook(Any, lambda v, _: v)
    for union_type, hook in _union_hooks(conv):
        conv.register_structure_hook_func(_equals(union_type), hook)
    # The runtime stand-ins of the unions: their target's hook.
    conv.register_structure_hook_factory(is_deferred, lambda t: _lazy_hook(conv, t.target))
    conv.register_structure_hook_factory(
        attrs.has, _attrs_structure_factory(conv, strict, detailed_validation, html)
    )
    conv.register_unstructure_hook_factory(attrs.has, _attrs_unstructure_factory(conv))
    # A union stand-in's value is one of its classes: unstructure it as what it is.
    conv.register_unstructure_hook_factory(is_deferred, lambda _: conv.unstructure)
    return conv


converter = make_converter()
"""The production converter: tolerant and fast. Exposed as ``tootkit.converter``."""


@functools.cache
def _strict_converter() -> Converter:
    return make_converter(strict=True)


def __getattr__(name: str) -> Any:
    # ``strict_converter``, the strict variant for tests, which refuses keys
    # that the models do not have, is built on first use: generating its code
    # would cost every import of tootkit for something only tests use.
    if name == "strict_converter":
        return _strict_converter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
