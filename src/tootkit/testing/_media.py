"""Media uploads as Mastodon takes them: upload, wait for processing, describe, attach.

``POST /api/v2/media`` answers 202 with a null ``url`` while the file is
processing, and ``GET /api/v1/media/:id`` answers 206 until it is done, then
200 with the ``url`` set. Here an upload is done once it has been polled
:attr:`Store.media_polls <tootkit.testing._store.Store.media_polls>` times
(``FakeInstance.media_processing(polls=N)``); ``POST /api/v1/media`` is done
at once, as Mastodon processes those before it answers.

A status attaches the caller's own, finished, unattached uploads; anything
else is a 422 with Mastodon's message:

    >>> NOT_READY.body["error"]
    'Cannot attach files that have not finished processing. Try again in a moment!'
"""

from __future__ import annotations

import mimetypes

from tootkit.testing._call import NOT_FOUND, Answer, Call, error
from tootkit.testing._forms import Upload
from tootkit.testing._shapes import media_json
from tootkit.testing._store import Media, Store

__all__ = ["attachments", "get_media", "update_media", "upload_v1", "upload_v2"]

MAX_ATTACHMENTS = 4
DESCRIPTION_LIMIT = 1500
# Mastodon's messages (config/locales/en.yml, media_attachments.validations).
NOT_READY = error(
    422, "Cannot attach files that have not finished processing. Try again in a moment!"
)
TOO_MANY = error(422, f"Cannot attach more than {MAX_ATTACHMENTS} files")
MIXED = error(422, "Cannot attach a video to a post that already contains images")


def upload_v2(store: Store, call: Call) -> Answer:
    """POST /api/v2/media: 202 and a null ``url`` while processing, 200 if done at once."""
    return _upload(store, call, store.media_polls)


def upload_v1(store: Store, call: Call) -> Answer:
    """POST /api/v1/media: processed before the answer, so always 200 with the ``url``."""
    return _upload(store, call, 0)


def _upload(store: Store, call: Call, polls: int) -> Answer:
    assert call.viewer is not None
    file = call.body.get("file")
    if not isinstance(file, Upload):
        return error(422, "Validation failed: File can't be blank")
    content_type = file.content_type.partition(";")[0].strip().lower()
    kind = {"image": "image", "video": "video", "audio": "audio"}.get(content_type.split("/")[0])
    if kind is None:
        return error(422, "Validation failed: File content type is invalid, File is invalid")
    invalid = _invalid(call)
    if invalid is not None:
        return invalid
    extension = mimetypes.guess_extension(content_type) or ""
    media = store.add_media(call.viewer, kind, extension, polls=max(polls, 0))
    _describe(media, call)
    return Answer(202 if media.polls_left else 200, media_json(media, store.base))


def _invalid(call: Call) -> Answer | None:
    """Mastodon's 422 for a description over its limit, if the call gives one."""
    description = call.body.get("description")
    if description is None or len(str(description)) <= DESCRIPTION_LIMIT:
        return None
    return error(
        422,
        f"Validation failed: Description is too long (maximum is {DESCRIPTION_LIMIT} characters)",
    )


def _describe(media: Media, call: Call) -> None:
    """Set the description and the focus that a call gives."""
    description = call.body.get("description")
    if description is not None:
        media.description = str(description) or None
    focus = call.body.get("focus")
    if focus:
        media.focus = _focus(str(focus))


def _focus(raw: str) -> tuple[float, float]:
    """Mastodon's ``"x,y"`` focal point; as Ruby's ``to_f`` reads it, what is not a number is 0."""

    def number(text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return 0.0

    x, y = [*raw.split(","), "", ""][:2]
    return number(x), number(y)


def _own(store: Store, call: Call) -> Media | None:
    """The caller's upload named in the path; an attached one is gone from this API, as on Mastodon."""
    media = store.media.get(call.args[0])
    if media is None or media.owner is not call.viewer or media.status is not None:
        return None
    return media


def get_media(store: Store, call: Call) -> Answer:
    """GET /api/v1/media/:id: 206 while processing (each call is one poll), then 200."""
    media = _own(store, call)
    if media is None:
        return NOT_FOUND
    media.polls_left = max(media.polls_left - 1, 0)
    return Answer(206 if media.polls_left else 200, media_json(media, store.base))


def update_media(store: Store, call: Call) -> Answer:
    """PUT /api/v1/media/:id: a new description or focus; 206 while processing, as GET."""
    media = _own(store, call)
    if media is None:
        return NOT_FOUND
    invalid = _invalid(call)
    if invalid is not None:
        return invalid
    _describe(media, call)
    return Answer(206 if media.polls_left else 200, media_json(media, store.base))


def attachments(store: Store, call: Call) -> list[Media] | Answer:
    """The uploads a new status's ``media_ids`` name, or the 422 Mastodon gives for them.

    As Mastodon checks them (PostStatusService#validate_media!): a count over
    the limit, then ids that are not the caller's unattached uploads, then a
    video among others, then files still processing. ``media_ids`` that is not
    a list is ignored, as Mastodon ignores it.
    """
    given = call.body.get("media_ids")
    if not isinstance(given, list) or not given:
        return []
    ids = list(dict.fromkeys(str(i) for i in given))
    if len(given) > MAX_ATTACHMENTS or call.body.get("poll"):
        return TOO_MANY
    found = {m.id: m for m in store.media.values() if m.owner is call.viewer and m.status is None}
    missing = [i for i in ids if i not in found]
    if missing:
        return error(
            422, f"Media {', '.join(missing)} not found or already attached to another post"
        )
    media = [found[i] for i in ids]
    if len(media) > 1 and any(m.type in ("video", "audio") for m in media):
        return MIXED
    if any(m.polls_left for m in media):
        return NOT_READY
    return media
