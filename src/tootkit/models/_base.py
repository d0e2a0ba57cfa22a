"""Building blocks of the models: open enumerations and the missing-date default.

Open enumerations keep known values as members and unknown values as they come.

Servers extend Mastodon's enumerations (Pleroma sends the visibility ``"local"``,
Akkoma the notification type ``"pleroma:emoji_reaction"``), so a closed enum
would throw data away. An :class:`OpenEnum` is a :class:`str` whose known
values are members; an unknown value becomes a new, equal-to-its-string member
instead of an error.
"""

from __future__ import annotations

import abc
import enum
from collections.abc import Iterable
from datetime import datetime
from types import UnionType
from typing import (
    Annotated,
    Any,
    ClassVar,
    Union,
    cast,
    get_args,
    get_origin,
)

import attrs
import msgspec

from tootkit._core.dates import EPOCH

__all__ = [
    "EPOCH",
    "CardType",
    "Deferred",
    "MediaType",
    "NotificationType",
    "OpenEnum",
    "Timestamp",
    "Visibility",
    "deferred",
    "is_deferred",
    "share_defaults",
]

Timestamp = Annotated[datetime, msgspec.Meta(tz=True)]
"""An aware :class:`~datetime.datetime`; to type checkers, plain ``datetime``.

The ``msgspec.Meta(tz=True)`` marker makes the fast decoder refuse a
timestamp without a zone, so that the tolerant converter reads it (as UTC)
instead of returning a naive datetime.
"""


class Deferred(abc.ABC):
    """The runtime stand-in for a field type that the fast decoder cannot read alone.

    msgspec, which tootkit's fast path uses, cannot tell apart two model
    classes in one union (a :class:`Quote` or a :class:`ShallowQuote`), nor
    read a date alone into a datetime. Such a field's annotation is a
    :func:`deferred` subclass at runtime (type checkers see the real type).
    Both decoders hand its value to the converter's hook for :attr:`target`,
    which looks at the JSON once and picks the class. The real types are
    registered as virtual subclasses, so that ``isinstance`` holds for what
    the hook returns.
    """

    target: ClassVar[Any]
    """The type that the field really holds."""


_FACTORY: type = type(
    attrs.Factory(list)
)  # attrs.Factory's class (the name is typed as a function)


def share_defaults(classes: Iterable[Any]) -> None:
    """Put the default of each field (but factories) on its model class, once, at import.

    A model read by msgspec then holds only the fields that the JSON had:
    msgspec sees the class attribute, takes the field as set, and writes
    nothing, while reading the attribute finds the default. This makes
    decoding about a fifth faster and the instances smaller. Models built
    by ``__init__`` (cattrs, users) still hold every field.

    Examples:
        >>> import attrs
        >>> @attrs.frozen(kw_only=True, slots=False)
        ... class Point:
        ...     x: int = 0
        >>> share_defaults([Point])
        >>> Point.x, Point(x=2).x
        (0, 2)
    """
    for cl in classes:
        if not attrs.has(cl):
            continue
        for field in attrs.fields(cl):
            if not isinstance(field.default, _FACTORY) and field.default is not attrs.NOTHING:
                type.__setattr__(cl, field.name, field.default)


def is_deferred(tp: Any) -> bool:
    """Whether ``tp`` is a :func:`deferred` stand-in (not one of the types it stands for).

    ``issubclass`` cannot tell: the real types are virtual subclasses.

    Examples:
        >>> AnyNumber = deferred("AnyNumber", int | float)
        >>> is_deferred(AnyNumber), is_deferred(int)
        (True, False)
    """
    return isinstance(tp, type) and Deferred in tp.__mro__


def deferred(name: str, target: Any) -> type[Deferred]:
    """Make the :class:`Deferred` stand-in for ``target`` (a class or a union of classes).

    Examples:
        >>> AnyNumber = deferred("AnyNumber", int | float)
        >>> isinstance(1.5, AnyNumber), AnyNumber.target
        (True, int | float)
    """
    marker = cast("type[Deferred]", abc.ABCMeta(name, (Deferred,), {"target": target}))
    members = get_args(target) if get_origin(target) in (Union, UnionType) else (target,)
    for member in members:
        marker.register(member)
    return marker


# EPOCH (1970-01-01 00:00 UTC) is the value of a timestamp field that a
# server left out. Mastodon always sends these fields; a few other servers and
# truncated fixtures do not. Test for it with ``status.created_at == EPOCH``.


class OpenEnum(enum.StrEnum):
    """A string enumeration that accepts values it does not know.

    Examples:
        >>> Visibility("public") is Visibility.PUBLIC
        True
        >>> v = Visibility("local")  # Pleroma's local-only posts
        >>> v == "local", v.known
        (True, False)
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        # A pseudo-member: an instance of the enum that is not in its member
        # table, so `v.known` can tell it apart and equality with str holds.
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        return member

    @property
    def known(self) -> bool:
        """Whether this value is one that tootkit knows about."""
        return self._name_ in type(self).__members__


class Visibility(OpenEnum):
    """Who can see a post."""

    PUBLIC = "public"
    """Everyone, and it shows in public timelines."""
    UNLISTED = "unlisted"
    """Everyone, but it stays out of public timelines (quiet public)."""
    PRIVATE = "private"
    """Followers only."""
    DIRECT = "direct"
    """Mentioned accounts only."""


class NotificationType(OpenEnum):
    """What a notification is about (Mastodon 4.x names, plus any a server adds)."""

    MENTION = "mention"
    STATUS = "status"
    REBLOG = "reblog"
    FOLLOW = "follow"
    FOLLOW_REQUEST = "follow_request"
    FAVOURITE = "favourite"
    POLL = "poll"
    UPDATE = "update"
    QUOTE = "quote"
    QUOTED_UPDATE = "quoted_update"
    ADMIN_SIGN_UP = "admin.sign_up"
    ADMIN_REPORT = "admin.report"
    SEVERED_RELATIONSHIPS = "severed_relationships"
    MODERATION_WARNING = "moderation_warning"
    ANNUAL_REPORT = "annual_report"


class MediaType(OpenEnum):
    """The kind of a media attachment."""

    UNKNOWN = "unknown"
    IMAGE = "image"
    GIFV = "gifv"
    VIDEO = "video"
    AUDIO = "audio"


class CardType(OpenEnum):
    """The oEmbed kind of a preview card."""

    LINK = "link"
    PHOTO = "photo"
    VIDEO = "video"
    RICH = "rich"
