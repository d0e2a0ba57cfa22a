"""What writing requests send: status bodies, polls, media files. Pure: no I/O."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Literal, TypedDict, Unpack, get_args

__all__ = [
    "EditOptions",
    "NewPoll",
    "PostOptions",
    "VisibilityName",
    "check_visibility",
    "media_file",
    "status_body",
]

VisibilityName = Literal["public", "unlisted", "private", "direct"]
"""Who may see a status you post: the four values Mastodon takes.

``tootkit.models.Visibility`` is what a server reports, which may be more
(Pleroma's ``"local"``); this is what a post may ask for, so that a typo such
as ``visibility="secret"`` fails ``mypy`` and, at run time, fails before any
request is sent.
"""

_VISIBILITIES: tuple[str, ...] = get_args(VisibilityName)


def check_visibility(value: object) -> str:
    """``value`` as Mastodon's visibility string, or ``ValueError`` when Mastodon has no such one.

    Examples:
        >>> check_visibility("unlisted")
        'unlisted'
        >>> check_visibility("secret")
        Traceback (most recent call last):
        ...
        ValueError: visibility 'secret' is not one of 'public', 'unlisted', 'private', 'direct'
    """
    text = str(value)  # a tootkit.models.Visibility member gives its value
    if text not in _VISIBILITIES:
        known = ", ".join(repr(v) for v in _VISIBILITIES)
        raise ValueError(f"visibility {text!r} is not one of {known}")
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class NewPoll:
    """A poll to attach to a new status.

    Attributes:
        options: The choices, 2 or more (servers cap them, often at 4).
        expires_in: Seconds until the poll closes.
        multiple: Whether voters may pick several choices.
        hide_totals: Whether the counts stay hidden until the poll closes.

    Examples:
        >>> NewPoll(options=["yes", "no"], expires_in=3600).as_json()
        {'options': ['yes', 'no'], 'expires_in': 3600, 'multiple': False, 'hide_totals': False}
    """

    options: tuple[str, ...]
    expires_in: int = 86400
    multiple: bool = False
    hide_totals: bool = False

    def __post_init__(self) -> None:
        # Any iterable of options is kept as a tuple, so that the poll stays frozen.
        object.__setattr__(self, "options", tuple(self.options))
        if len(self.options) < 2:
            raise ValueError("a poll needs at least two options")
        if self.expires_in < 1:
            raise ValueError("expires_in is a number of seconds, at least 1")

    def as_json(self) -> dict[str, Any]:
        return {
            "options": list(self.options),
            "expires_in": self.expires_in,
            "multiple": self.multiple,
            "hide_totals": self.hide_totals,
        }


class EditOptions(TypedDict, total=False):
    """What an edit of a status can change besides its text (and what a new status can have).

    Attributes:
        spoiler_text: A content warning, shown before the text.
        sensitive: Hide the media behind a warning.
        language: An ISO 639 language code, such as ``"en"``.
        media_ids: Ids of media uploaded with ``client.media.upload``.
        poll: A :class:`NewPoll`; a status has media or a poll, not both.
    """

    spoiler_text: str | None
    sensitive: bool | None
    language: str | None
    media_ids: Iterable[str]
    poll: NewPoll | None


class PostOptions(EditOptions, total=False):
    """The options of a new status: :class:`EditOptions`, who sees it, and what it answers.

    Attributes:
        visibility: ``"public"``, ``"unlisted"``, ``"private"`` or ``"direct"``
            (:data:`VisibilityName`); anything else raises ``ValueError``.
        in_reply_to_id: The id of the status this one answers.
    """

    visibility: VisibilityName | None
    in_reply_to_id: str | None


def status_body(
    text: str | None,
    *,
    quoted_status_id: str | None = None,
    scheduled_at: datetime | None = None,
    **options: Unpack[PostOptions],
) -> dict[str, Any]:
    """The JSON body of ``POST /api/v1/statuses`` (and of an edit).

    Examples:
        >>> status_body("hi", visibility="unlisted", media_ids=["1"])
        {'status': 'hi', 'visibility': 'unlisted', 'media_ids': ['1']}
    """
    media = [str(m) for m in options.get("media_ids", ())]
    poll = options.get("poll")
    visibility = options.get("visibility")
    if not (text or "").strip() and not media and poll is None:
        raise ValueError("a status needs text, media or a poll")
    if poll is not None and media:
        raise ValueError("a status cannot have both media and a poll")
    if scheduled_at is not None and (
        scheduled_at.tzinfo is None or scheduled_at.utcoffset() is None
    ):
        raise ValueError(
            "scheduled_at must be an aware datetime, such as datetime(..., tzinfo=UTC)"
        )
    body: dict[str, Any] = {"status": text or ""}
    optional = {
        "visibility": check_visibility(visibility) if visibility is not None else None,
        "spoiler_text": options.get("spoiler_text"),
        "sensitive": options.get("sensitive"),
        "language": options.get("language"),
        "in_reply_to_id": options.get("in_reply_to_id"),
        "media_ids": media or None,
        "poll": poll.as_json() if poll is not None else None,
        "quoted_status_id": quoted_status_id,
        "scheduled_at": scheduled_at.isoformat() if scheduled_at is not None else None,
    }
    body.update({k: v for k, v in optional.items() if v is not None})
    return body


def media_file(
    file: bytes | str | Path | IO[bytes],
    *,
    filename: str | None = None,
    mime_type: str | None = None,
) -> tuple[str, bytes | IO[bytes], str]:
    """The ``(name, content, type)`` triple that a multipart upload sends.

    Accepts bytes, a path, or a binary file object. The type is guessed from
    the file name when not given.

    Examples:
        >>> media_file(b"GIF89a...", filename="cat.gif")
        ('cat.gif', b'GIF89a...', 'image/gif')
    """
    content: bytes | IO[bytes]
    if isinstance(file, bytes | bytearray):
        content = bytes(file)
        name = filename or "upload"
    elif isinstance(file, str | Path):
        path = Path(file)
        content = path.read_bytes()
        name = filename or path.name
    else:
        content = file
        name = filename or Path(str(getattr(file, "name", "upload"))).name
    guessed = mimetypes.guess_type(name)[0]
    return name, content, mime_type or guessed or "application/octet-stream"
