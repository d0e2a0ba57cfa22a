"""Media attachments and their metadata."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import attrs

from tootkit.models._base import MediaType, deferred

__all__ = [
    "MediaAttachment",
    "MediaAttachmentAudioMetadata",
    "MediaAttachmentColors",
    "MediaAttachmentFocusPoint",
    "MediaAttachmentImageMetadata",
    "MediaAttachmentMetadataContainer",
    "MediaAttachmentVideoMetadata",
    "MediaMetadata",
]


@attrs.frozen(kw_only=True, slots=False)
class MediaAttachmentImageMetadata:
    """The size of one rendition of an image, video or animation.

    See https://docs.joinmastodon.org/entities/MediaAttachment/.
    """

    width: int = 0
    """Added in 0.6.0."""

    height: int = 0
    """Added in 0.6.0."""

    aspect: float = 0.0
    """Added in 0.6.0."""

    size: str = ""
    """Added in 0.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class MediaAttachmentMetadataContainer:
    """The metadata of a media attachment: sizes, focus and colours.

    See https://docs.joinmastodon.org/entities/MediaAttachment/.
    """

    original: MediaMetadata | None = None
    """Added in 0.6.0."""

    small: MediaAttachmentImageMetadata = attrs.Factory(MediaAttachmentImageMetadata)
    """Added in 0.6.0."""

    colors: MediaAttachmentColors | None = None
    """Added in 4.0.0."""

    focus: MediaAttachmentFocusPoint | None = None
    """Added in 3.3.0."""

    width: int | None = None
    """Old Mastodon sends this at the top of ``meta``."""

    height: int | None = None
    """Old Mastodon sends this at the top of ``meta``."""

    size: str | None = None
    """Old Mastodon sends this at the top of ``meta``."""

    aspect: float | None = None
    """Old Mastodon sends this at the top of ``meta``."""

    duration: float | None = None
    """Old Mastodon sends this at the top of ``meta``."""

    fps: int | None = None
    """Old Mastodon sends this at the top of ``meta``."""

    length: str | None = None
    """Old Mastodon sends this at the top of ``meta``."""

    audio_bitrate: str | None = None
    """Old Mastodon sends this at the top of ``meta``."""

    audio_channels: str | None = None
    """Old Mastodon sends this at the top of ``meta``."""

    audio_encode: str | None = None
    """Old Mastodon sends this at the top of ``meta``."""


@attrs.frozen(kw_only=True, slots=False)
class MediaAttachment:
    """A picture, video, audio file or animation attached to a post.

    See https://docs.joinmastodon.org/entities/MediaAttachment/.
    """

    id: str = ""
    """Added in 0.6.0."""

    type: MediaType | None = None
    """Added in 0.6.0. Changed in 2.9.1."""

    url: str = ""
    """Added in 0.6.0."""

    preview_url: str | None = None
    """Added in 0.6.0."""

    remote_url: str | None = None
    """Added in 0.6.0."""

    preview_remote_url: str | None = None
    """Added in 0.6.0."""

    text_url: str | None = None
    """Added in 0.6.0. Changed in 3.5.0. Deprecated."""

    meta: MediaAttachmentMetadataContainer = attrs.Factory(MediaAttachmentMetadataContainer)
    """Added in 1.5.0. Changed in 2.3.0, 4.0.0."""

    description: str | None = None
    """Added in 2.0.0."""

    blurhash: str = ""
    """Added in 2.8.1."""


@attrs.frozen(kw_only=True, slots=False)
class MediaAttachmentVideoMetadata:
    """The size and timing of one rendition of a video.

    See https://docs.joinmastodon.org/entities/MediaAttachment/.
    """

    width: int = 0
    """Added in 0.6.0."""

    height: int = 0
    """Added in 0.6.0."""

    frame_rate: str = ""
    """Added in 0.6.0."""

    duration: float = 0.0
    """Added in 0.6.0."""

    bitrate: int = 0
    """Added in 0.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class MediaAttachmentAudioMetadata:
    """The timing of an audio rendition.

    See https://docs.joinmastodon.org/entities/MediaAttachment/.
    """

    duration: float = 0.0
    """Added in 0.6.0."""

    bitrate: int = 0
    """Added in 0.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class MediaAttachmentFocusPoint:
    """The focal point of a picture, for cropping thumbnails.

    See https://docs.joinmastodon.org/entities/MediaAttachment/.
    """

    x: float = 0.0
    """Added in 2.3.0."""

    y: float = 0.0
    """Added in 2.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class MediaAttachmentColors:
    """The dominant colours of a media attachment.

    See https://docs.joinmastodon.org/entities/MediaAttachment/.
    """

    foreground: str = ""
    """Added in 4.0.0."""

    background: str = ""
    """Added in 4.0.0."""

    accent: str = ""
    """Added in 4.0.0."""


if TYPE_CHECKING:
    MediaMetadata: TypeAlias = (
        MediaAttachmentImageMetadata | MediaAttachmentVideoMetadata | MediaAttachmentAudioMetadata
    )
else:
    MediaMetadata = deferred(
        "MediaMetadata",
        MediaAttachmentImageMetadata | MediaAttachmentVideoMetadata | MediaAttachmentAudioMetadata,
    )
"""The metadata of the original file: image sizes, or a video's or a sound's, told apart by their keys."""
