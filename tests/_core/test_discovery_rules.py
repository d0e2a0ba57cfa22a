"""The pure rules discovery stands on: robots.txt, where a status lives, NodeInfo, verdicts."""

from __future__ import annotations

import pytest

from tootkit._core.nodeinfo import nodeinfo_path, speaks_mastodon_api
from tootkit._core.origins import origin_of, peer_url
from tootkit._core.robots import robots_rules
from tootkit.discovery._verdicts import timeline_verdict
from tootkit.errors import (
    BadRequest,
    DecodeError,
    Forbidden,
    Gone,
    NotFound,
    ServerError,
    Timeout,
    TransportError,
    Unauthorized,
    UnprocessableEntity,
)

TAG_PATH = "/api/v1/timelines/tag/python"


@pytest.mark.parametrize(
    ("status", "text", "path", "allowed"),
    [
        (200, "User-agent: *\nDisallow: /api/\n", TAG_PATH, False),
        (200, "User-agent: *\nDisallow: /api/\n", "/.well-known/nodeinfo", True),
        (200, "User-agent: *\nDisallow: /\n", TAG_PATH, False),
        (200, "User-agent: *\nDisallow:\n", TAG_PATH, True),
        (200, "", TAG_PATH, True),
        # tootkit's own group wins over *, both ways (RFC 9309)
        (
            200,
            "User-agent: tootkit\nDisallow: /api/\n\nUser-agent: *\nDisallow:\n",
            TAG_PATH,
            False,
        ),
        (200, "User-agent: tootkit\nAllow: /\n\nUser-agent: *\nDisallow: /\n", TAG_PATH, True),
        (200, "User-agent: GPTBot\nDisallow: /\n", TAG_PATH, True),
        (200, "User-agent: *\nDisallow: /api/v1/timelines/\n", "/api/v1/instance/peers", True),
        (404, "<html>not found</html>", TAG_PATH, True),
        (401, "", TAG_PATH, True),
        (500, "", TAG_PATH, False),
        (503, "", TAG_PATH, False),
        (410, "", TAG_PATH, False),
    ],
)
def test_robots(status: int, text: str, path: str, allowed: bool) -> None:
    assert robots_rules(status, text).allows(path) is allowed


def test_a_gone_robots_txt_asks_to_be_left_out() -> None:
    rules = robots_rules(410, "")
    assert rules.gone
    assert "leave me out" in rules.why


@pytest.mark.parametrize(
    ("uri", "account_url", "origin"),
    [
        ("https://mastodon.social/users/a/statuses/1", None, "https://mastodon.social"),
        ("https://Social.Example.ORG/users/a/statuses/1", None, "https://social.example.org"),
        ("https://social.example.org:443/users/a/statuses/1", None, "https://social.example.org"),
        ("http://127.0.0.1:4000/users/a/statuses/1", None, "http://127.0.0.1:4000"),
        ("https://[::1]:8443/objects/1", None, "https://[::1]:8443"),
        ("tag:example.org,2025:objectId=1", "https://example.org/@a", "https://example.org"),
        (None, "https://pixel.example/a", "https://pixel.example"),
        ("", "", None),
        ("ftp://x.example/1", None, None),
        ("https://bad:port/1", None, None),
    ],
)
def test_origin_of(uri: str | None, account_url: str | None, origin: str | None) -> None:
    assert origin_of(uri, account_url) == origin


@pytest.mark.parametrize(
    ("name", "plain", "url"),
    [
        ("mastodon.social", False, "https://mastodon.social"),
        ("127.0.0.1:3000", True, "http://127.0.0.1:3000"),
        ("Mastodon.Social", True, "http://mastodon.social"),
        ("", False, None),
        ("a.example/path", False, None),
        ("user@a.example", False, None),
        ("a b", False, None),
        ("a.example:notaport", False, None),
    ],
)
def test_peer_url(name: str, plain: bool, url: str | None) -> None:
    assert peer_url(name, plain_http=plain) == url


SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/"


@pytest.mark.parametrize(
    ("links", "path"),
    [
        ([{"rel": SCHEMA + "2.0", "href": "https://a.example/nodeinfo/2.0"}], "/nodeinfo/2.0"),
        (
            [
                {"rel": SCHEMA + "2.1", "href": "https://a.example/nodeinfo/2.1"},
                {"rel": SCHEMA + "2.0", "href": "https://a.example/nodeinfo/2.0"},
            ],
            "/nodeinfo/2.1",
        ),
        ([{"rel": SCHEMA + "1.0", "href": "https://a.example/nodeinfo/1.0"}], None),
        ([{"rel": SCHEMA + "2.0", "href": "https://elsewhere.example/nodeinfo"}], None),
        ([{"rel": SCHEMA + "2.0", "href": "http://a.example/nodeinfo/2.0"}], None),
        ([{"rel": SCHEMA + "2.0", "href": "https://a.example/ni?format=json"}], "/ni?format=json"),
        ([{"rel": "other", "href": "https://a.example/x"}], None),
        ("not a list", None),
    ],
)
def test_nodeinfo_path(links: object, path: str | None) -> None:
    assert nodeinfo_path({"links": links}, "https://a.example") == path


def test_nodeinfo_path_of_something_else() -> None:
    assert nodeinfo_path(["links"], "https://a.example") is None


@pytest.mark.parametrize(
    ("software", "speaks"),
    [("mastodon", True), ("GoToSocial", True), ("snac", True), ("takahe", True),
     ("lemmy", False), ("peertube", False), ("misskey", False), ("newthing", None), (None, None)],
)  # fmt: skip
def test_speaks_mastodon_api(software: str | None, speaks: bool | None) -> None:
    assert speaks_mastodon_api(software) is speaks


@pytest.mark.parametrize(
    ("error", "has_token", "verdict"),
    [
        (Unauthorized(401, error="This method requires an authenticated user"), False, "needs-token"),
        (Unauthorized(401, error="The access token is invalid"), True, "refused"),
        (UnprocessableEntity(422, error="This method requires an authenticated user"), False,
         "needs-token"),
        (BadRequest(400, error="authentication required"), False, "needs-token"),
        (UnprocessableEntity(422, error="Validation failed"), False, "not-mastodon"),
        (Forbidden(403, error="Forbidden"), False, "refused"),
        (Gone(410), False, "refused"),
        (NotFound(404, error="<html>"), False, "not-mastodon"),
        (BadRequest(400), False, "not-mastodon"),
        (DecodeError("not JSON"), False, "not-mastodon"),
        (ServerError(503), False, "dead"),
        (Timeout("timed out"), False, "dead"),
        (TransportError("refused"), False, "dead"),
    ],
)  # fmt: skip
def test_timeline_verdict(error: Exception, has_token: bool, verdict: str) -> None:
    found, reason = timeline_verdict(error, "a.example", has_token=has_token)
    assert found == verdict
    assert "a.example" in reason
    assert "\n" not in reason
