"""Media on the fake: tootkit's client uploads, waits through the processing, and attaches."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import tootkit
from tootkit.errors import UnprocessableEntity
from tootkit.testing import FakeInstance
from tootkit.testing._forms import Upload, read_body

PNG = b"\x89PNG\r\n\x1a\nnot really a picture"


def _waits() -> tuple[list[float], tootkit.Runtime]:
    """A runtime that records the client's pauses instead of sleeping them."""
    slept: list[float] = []
    return slept, tootkit.Runtime(sleep=slept.append)


def _paths(fake: FakeInstance) -> list[str]:
    return [f"{r.method} {r.path}" for r in fake.requests]


def _http(fake: FakeInstance, token: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(transport=fake.transport(), base_url=fake.url, headers=headers)


def test_upload_polls_until_processed_then_posts_with_the_attachment() -> None:
    fake = FakeInstance()
    token = fake.account("bot")
    fake.media_processing(polls=3)
    slept, runtime = _waits()
    with tootkit.Client(
        fake.url, access_token=token, transport=fake.transport(), runtime=runtime
    ) as client:
        media = client.media.upload(
            PNG, filename="cat.png", description="A cat asleep", focus=(0.5, -0.25)
        )
        status = client.statuses.create("look", media_ids=[media.id])
    assert _paths(fake) == [
        "POST /api/v2/media",
        *[f"GET /api/v1/media/{media.id}"] * 3,
        "POST /api/v1/statuses",
    ]
    assert len(slept) == 2  # no pause before the first poll, one before each other
    assert media.url.endswith(f"/original/{media.id}.png")
    assert media.description == "A cat asleep"
    assert media.meta.focus is not None
    assert (media.meta.focus.x, media.meta.focus.y) == (0.5, -0.25)
    [attached] = status.media_attachments
    assert (attached.id, attached.url, attached.description) == (
        media.id,
        media.url,
        "A cat asleep",
    )
    [sent] = fake.statuses_by("bot")
    assert [m["id"] for m in sent["media_attachments"]] == [media.id]


async def test_async_upload_polls_and_posts() -> None:
    fake = FakeInstance()
    token = fake.account("bot")
    fake.media_processing(polls=2)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    runtime = tootkit.AsyncRuntime(sleep=sleep)
    async with tootkit.AsyncClient(
        fake.url, access_token=token, transport=fake.transport(), runtime=runtime
    ) as client:
        media = await client.media.upload(PNG, filename="cat.png")
        status = await client.statuses.create("", media_ids=[media.id])
    polls = [r for r in fake.requests if r.path == f"/api/v1/media/{media.id}"]
    assert (len(polls), len(slept)) == (2, 1)
    assert [m.id for m in status.media_attachments] == [media.id]
    assert status.media_attachments[0].url == media.url != ""


def test_the_answers_while_processing_and_after() -> None:
    fake = FakeInstance()
    fake.media_processing(polls=2)
    with _http(fake, fake.account("bot")) as http:
        upload = http.post("/api/v2/media", files={"file": ("a.mp4", b"...", "video/mp4")})
        media_id = upload.json()["id"]
        first = http.get(f"/api/v1/media/{media_id}")
        described = http.put(f"/api/v1/media/{media_id}", data={"description": "waves"})
        second = http.get(f"/api/v1/media/{media_id}")
        again = http.put(f"/api/v1/media/{media_id}", json={"focus": "0.1,nonsense"})
        at_once = http.post("/api/v1/media", files={"file": ("b.mp3", b"...", "audio/mpeg")})
    assert (upload.status_code, upload.json()["url"], upload.json()["type"]) == (202, None, "video")
    assert upload.json()["preview_url"]
    assert (first.status_code, first.json()["url"]) == (206, None)
    assert (described.status_code, described.json()["description"]) == (206, "waves")
    assert second.status_code == 200
    assert second.json()["url"].endswith(".mp4")
    assert (again.status_code, again.json()["meta"]["focus"]) == (200, {"x": 0.1, "y": 0.0})
    assert (at_once.status_code, at_once.json()["type"]) == (200, "audio")
    assert at_once.json()["url"]


def test_polls_zero_makes_uploads_done_at_once() -> None:
    fake = FakeInstance()
    fake.media_processing(polls=0)
    with tootkit.Client(
        fake.url, access_token=fake.account("bot"), transport=fake.transport()
    ) as c:
        media = c.media.upload(PNG, filename="cat.png")
    assert media.url
    assert _paths(fake) == ["POST /api/v2/media"]


def test_a_status_cannot_attach_a_file_still_processing() -> None:
    fake = FakeInstance()
    with tootkit.Client(
        fake.url, access_token=fake.account("bot"), transport=fake.transport()
    ) as c:
        media = c.media.upload(PNG, filename="cat.png", wait=False)
        with pytest.raises(UnprocessableEntity) as caught:
            c.statuses.create("too soon", media_ids=[media.id])
        ready = c.media.get(media.id)  # the one poll it takes
        posted = c.statuses.create("now", media_ids=[media.id])
    assert media.url == ""
    assert caught.value.error == (
        "Cannot attach files that have not finished processing. Try again in a moment!"
    )
    assert ready.url
    assert [m.id for m in posted.media_attachments] == [media.id]
    assert [s["content"] for s in fake.statuses_by("bot")] == ["<p>now</p>"]


def _upload(http: httpx.Client, name: str = "a.png", kind: str = "image/png") -> str:
    reply = http.post("/api/v1/media", files={"file": (name, b"...", kind)})
    assert reply.status_code == 200, reply.text
    media_id: str = reply.json()["id"]
    return media_id


def _post(http: httpx.Client, **body: Any) -> tuple[int, Any]:
    reply = http.post("/api/v1/statuses", json={"status": "x", **body})
    return reply.status_code, reply.json()


def test_what_a_status_may_not_attach() -> None:
    fake = FakeInstance()
    with _http(fake, fake.account("bot")) as http, _http(fake, fake.account("eve")) as eve:
        mine = _upload(http)
        theirs = _upload(eve)
        video = _upload(http, "v.mp4", "video/mp4")
        many = [_upload(http) for _ in range(5)]
        assert _post(http, media_ids=[theirs, "999"]) == (
            422,
            {"error": f"Media {theirs}, 999 not found or already attached to another post"},
        )
        assert _post(http, media_ids=many) == (422, {"error": "Cannot attach more than 4 files"})
        assert _post(http, media_ids=[mine, video])[1] == {
            "error": "Cannot attach a video to a post that already contains images"
        }
        assert _post(http, media_ids=[mine])[0] == 200
        assert _post(http, media_ids=[mine])[0] == 422  # attached already
        assert http.get(f"/api/v1/media/{mine}").status_code == 404  # gone from this API
        assert http.get(f"/api/v1/media/{theirs}").status_code == 404
        # Not a list: Mastodon ignores it, and the text alone is posted.
        assert _post(http, media_ids=video)[1]["media_attachments"] == []
        assert _post(http, status="", media_ids=[])[0] == 422


@pytest.mark.parametrize(
    ("content", "content_type", "error"),
    [
        (b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n", "", "could not be read"),
        (b"--b\r\nno end", "", "could not be read"),
        (b"--b--\r\n", "", "File can't be blank"),
        (b"", "multipart/form-data", "File can't be blank"),
        (
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\nhi\r\n--b--\r\n",
            "",
            "File content type is invalid",
        ),
        (
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n'
            b"Content-Type: image/png\r\n\r\nhi"
            b'\r\n--b\r\nContent-Disposition: form-data; name="description"\r\n\r\n'
            + b"x" * 1501
            + b"\r\n--b--\r\n",
            "",
            "Description is too long (maximum is 1500 characters)",
        ),
    ],
)
def test_a_bad_upload_is_a_422(content: bytes, content_type: str, error: str) -> None:
    fake = FakeInstance()
    with _http(fake, fake.account("bot")) as http:
        kind = content_type or "multipart/form-data; boundary=b"
        reply = http.post("/api/v2/media", content=content, headers={"Content-Type": kind})
    assert reply.status_code == 422
    assert error in reply.json()["error"]
    assert fake.statuses_by("bot") == []


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        (
            b"a=1&ids[]=2&ids[]=3",
            "application/x-www-form-urlencoded",
            {"a": "1", "ids": ["2", "3"]},
        ),
        (b'{"ids": ["2"]}', "application/json", {"ids": ["2"]}),
        (b"[1]", "application/json", None),
        (b"a=%ff", "application/x-www-form-urlencoded", None),
        (b"--q--\r\n", "multipart/form-data", None),  # no boundary given
        (
            b'a preamble\r\n--q\r\nContent-Disposition: form-data; name="description"\r\n\r\n'
            b'd\xc3\xa9j\xc3\xa0\r\n--q\r\nContent-Disposition: form-data; name="file"; '
            b'filename="x.gif"\r\nContent-Type: image/gif\r\n\r\nGIF\r\n--q--\r\n',
            'multipart/form-data; boundary="q"',
            {"description": "déjà", "file": Upload("x.gif", "image/gif", b"GIF")},
        ),
    ],
)
def test_read_body(content: bytes, content_type: str, expected: object) -> None:
    assert read_body(content, content_type) == expected
