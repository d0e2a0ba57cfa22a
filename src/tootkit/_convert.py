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
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
import orjson
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.orjson import OrjsonConverter

from tootkit._core.dates import format_datetime, parse_datetime
from tootkit._fastpath import SLOW, FastPath, strip_optional
from tootkit.errors import DecodeError
from tootkit.models import (
    EPOCH,
    AdminIp,
    Filter,
    FilterV1,
    MediaAttachmentAudioMetadata,
    MediaAttachmentImageMetadata,
    MediaAttachmentVideoMetadata,
    OpenEnum,
    PollOption,
    Quote,
    Role,
    ShallowQuote,
    Status,
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


# --- scalar hooks -----------------------------------------------------------
# Each returns at once for the common, well-formed case: one type check, no
# allocation. The slow branches only run on quirky servers.


def _structure_str(value: Any, _: Any) -> str:
    if value.__class__ is str:
        return value
    if value is None:
        return ""  # null where Mastodon promises a string (display_name on Pleroma)
    if isinstance(value, int | float):
        return str(value)  # integer ids from old servers and GoToSocial fixtures
    raise ValueError(f"expected a string, got {type(value).__name__}")


def _structure_int(value: Any, _: Any) -> int:
    if value.__class__ is int:
        return value
    if value is None:
        return 0
    if isinstance(value, str):
        stripped = value.strip()
        return int(float(stripped)) if "." in stripped else int(stripped or "0")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool):
        return int(value)
    raise ValueError(f"expected an integer, got {value!r}")


def _unstructure_int(value: int) -> int | str:
    # JSON encoders (orjson) stop at 64 bits; a larger count, which a server
    # can send as a float, goes out as the string that _structure_int reads back.
    return value if -(2**63) <= value < 2**64 else str(value)


def _structure_float(value: Any, _: Any) -> float:
    if value.__class__ is float:
        return value
    if value is None:
        return 0.0
    if isinstance(value, int | str):
        return float(value)
    raise ValueError(f"expected a number, got {value!r}")


_TRUE = frozenset({"true", "1", "yes", "t"})
_FALSE = frozenset({"false", "0", "no", "f", ""})


def _structure_bool(value: Any, _: Any) -> bool:
    if value is True or value is False:
        return value
    if value is None:
        return False
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    if isinstance(value, int | float):
        return bool(value)
    raise ValueError(f"expected a boolean, got {value!r}")


# --- dates ------------------------------------------------------------------


def _structure_datetime(value: Any, _: Any) -> datetime:
    if value is None or value == "":
        return EPOCH  # the documented default of a timestamp a server left out
    return parse_datetime(value)


def _structure_optional_datetime(value: Any, _: Any) -> datetime | None:
    if value is None or value == "":
        return None  # an empty string stands for "no date" on some servers
    return parse_datetime(value)


def _structure_date(value: Any, _: Any) -> date:
    if value.__class__ is str and len(value) == 10:
        try:
            return date.fromisoformat(value)  # what Mastodon 3.1+ sends: "2019-12-05"
        except ValueError:
            pass
    # A whole timestamp (older servers): its day in UTC.
    return parse_datetime(value).astimezone(UTC).date()


def _structure_optional_date(value: Any, _: Any) -> date | None:
    if value is None or value == "":
        return None
    return _structure_date(value, _)


# --- collections ------------------------------------------------------------


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


_MediaMeta = (
    MediaAttachmentImageMetadata | MediaAttachmentVideoMetadata | MediaAttachmentAudioMetadata
)


def _pick_quote(value: Any) -> type | None:
    """The quote class of a JSON object; None when it is the quoted post itself."""
    if "quoted_status_id" in value and "quoted_status" not in value:
        return ShallowQuote
    if "state" in value or "quoted_status" in value:
        return Quote
    return None  # Fedibird, Akkoma and Misskey forks send the quoted post itself


def _pick_filter(value: Any) -> type:
    return FilterV1 if "phrase" in value else Filter  # only v1 filters have a phrase


def _pick_media_meta(value: Any) -> type:
    if "frame_rate" in value or ("duration" in value and "width" in value):
        return MediaAttachmentVideoMetadata
    if "duration" in value or "bitrate" in value:
        return MediaAttachmentAudioMetadata
    return MediaAttachmentImageMetadata


PICKERS: dict[Any, Callable[[Any], type | None]] = {
    Quote | ShallowQuote: _pick_quote,
    FilterV1 | Filter: _pick_filter,
    _MediaMeta: _pick_media_meta,
}
"""For each union of model classes: which class a JSON object is, by its keys, looked at once.

Both decoders use them: the cattrs hooks below and the msgspec fast path.
"""


def _picking_hook(
    conv: Converter, pick: Callable[[Any], type | None], other: Callable[[Any], Any] | None = None
) -> Callable[[Any, Any], Any]:
    """A union's hook: ``pick`` the class, then run its generated hook (``other`` when none)."""
    hooks: dict[type, Callable[[Any, Any], Any]] = {}

    def structure_union(value: Any, _: Any) -> Any:
        if value is None:
            return None
        cl = pick(value)
        if cl is None:
            assert other is not None
            return other(value)
        hook = hooks.get(cl)
        if hook is None:
            hook = hooks[cl] = conv.get_structure_hook(cl)
        return hook(value, cl)

    return structure_union


def _union_hooks(conv: Converter) -> list[tuple[Any, Callable[[Any, Any], Any]]]:
    """Hooks for the unions in the models, which cattrs cannot tell apart alone."""
    status = _lazy_hook(conv, Status)

    def quoted_post(value: Any) -> Quote:
        return Quote(state="accepted", quoted_status=status(value, Status))

    # When a picker finds no class: only quotes have another shape, the post itself.
    others: dict[Any, Callable[[Any], Any]] = {Quote | ShallowQuote: quoted_post}

    admin_ip = _lazy_hook(conv, AdminIp)

    def structure_ip(value: Any, _: Any) -> str | AdminIp | None:
        if value is None or isinstance(value, str):
            return value
        return admin_ip(value, AdminIp)  # type: ignore[no-any-return]

    def structure_bool_or_str(value: Any, _: Any) -> bool | str | None:
        # Report.action_taken: a boolean, or a sentence on old servers.
        if value is None or isinstance(value, bool | str):
            return value
        return bool(value)

    return [
        (bool | str | None, structure_bool_or_str),
        (str | AdminIp | None, structure_ip),
        *((union, _picking_hook(conv, pick, others.get(union))) for union, pick in PICKERS.items()),
    ]


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
