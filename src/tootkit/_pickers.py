"""Which model class a JSON object is, for the unions in the models, by its keys (``PICKERS``).

Both decoders use them: the cattrs hooks in :mod:`tootkit._convert` and the
msgspec fast path.

Examples:
    >>> PICKERS[Quote | ShallowQuote]({"state": "accepted", "quoted_status": None}).__name__
    'Quote'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tootkit._containers import _lazy_hook
from tootkit.models import (
    AdminIp,
    Filter,
    FilterV1,
    MediaAttachmentAudioMetadata,
    MediaAttachmentImageMetadata,
    MediaAttachmentVideoMetadata,
    Quote,
    ShallowQuote,
    Status,
)

if TYPE_CHECKING:
    from tootkit._convert import Converter

__all__ = ["PICKERS"]

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
"""For each union of model classes: which class a JSON object is, by its keys, looked at once."""


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
