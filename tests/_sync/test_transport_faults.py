# This file is generated from the async source tests/_async/test_transport_faults.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Faults a real server cannot easily produce, through ``httpx.MockTransport``.
"""

from __future__ import annotations

import httpx
import pytest

from tootkit import Client
from tootkit.errors import DecodeError, NotFound, ServerError, Timeout, TransportError
from tootkit.models import Instance

STATUS = (
    b'{"id": "1", "created_at": "2025-01-01T00:00:00Z", "content": "<p>hi</p>",'
    b' "account": {"id": "2", "acct": "a"}}'
)


def transport(
    *responses: httpx.Response, seen: list[httpx.Request] | None = None
) -> httpx.MockTransport:
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return queue.pop(0)

    return httpx.MockTransport(handler)


def test_html_with_status_200_is_a_decode_error_naming_the_endpoint() -> None:
    page = b"<html><body>Welcome to nginx!</body></html>"
    mock = transport(httpx.Response(200, content=page, headers={"Content-Type": "text/html"}))
    with Client("mastodon.example", transport=mock) as client:
        with pytest.raises(DecodeError) as caught:
            client.statuses.get("1")
    assert caught.value.endpoint == "GET /api/v1/statuses/1"
    assert caught.value.raw == page.decode()
    assert "GET /api/v1/statuses/1" in str(caught.value)


def test_truncated_page_is_a_decode_error() -> None:
    cut = b"[" + STATUS + b', {"id": "2", "created_at": "2025-01'
    with Client(
        "mastodon.example", transport=transport(httpx.Response(200, content=cut))
    ) as client:
        with pytest.raises(DecodeError) as caught:
            [s for s in client.timelines.public()]
    assert caught.value.endpoint == "GET /api/v1/timelines/public"
    assert caught.value.raw == cut.decode()


def test_html_error_page_becomes_a_typed_error_with_an_excerpt() -> None:
    page = b"<html><head><title>404 Not Found</title></head><body><h1>Nope</h1></body></html>"
    mock = transport(httpx.Response(404, content=page, headers={"Content-Type": "text/html"}))
    with Client("takahe.example", transport=mock) as client:
        with pytest.raises(NotFound) as caught:
            client.statuses.get("1")
    assert caught.value.error == "404 Not Found"


def test_instance_falls_back_to_v1_once() -> None:
    seen: list[httpx.Request] = []
    v1 = (
        b'{"uri": "old.example", "title": "Old", "version": "3.5.3", "urls": {"streaming_api":'
        b' "wss://old.example"}, "configuration": {"statuses": {"max_characters": 500}}}'
    )
    mock = transport(
        httpx.Response(404, json={"error": "Not found"}),
        httpx.Response(200, content=v1),
        httpx.Response(200, content=v1),
        seen=seen,
    )
    with Client("old.example", transport=mock) as client:
        first = client.instance()
        second = client.instance()
    assert isinstance(first, Instance)
    assert first == second
    assert first.domain == "old.example"
    assert first.configuration.statuses.max_characters == 500
    assert first.configuration.urls.streaming == "wss://old.example"
    assert [r.url.path for r in seen] == [
        "/api/v2/instance",
        "/api/v1/instance",
        "/api/v1/instance",
    ]


def test_token_goes_only_to_the_instance() -> None:
    seen: list[httpx.Request] = []
    mock = transport(
        httpx.Response(302, headers={"Location": "https://elsewhere.example/api/v1/statuses/1"}),
        httpx.Response(200, content=STATUS),
        seen=seen,
    )
    with Client("mastodon.example", access_token="s3cret", transport=mock) as client:
        status = client.statuses.get("1")
    assert status.id == "1"
    assert seen[0].headers["Authorization"] == "Bearer s3cret"
    assert seen[1].url.host == "elsewhere.example"
    assert "Authorization" not in seen[1].headers


def test_transport_failures_are_typed() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("read timed out", request=request)

    refusing = httpx.MockTransport(refuse)
    with Client("mastodon.example", transport=refusing, retry=False) as client:
        with pytest.raises(TransportError, match="GET /api/v1/statuses/1") as refused:
            client.statuses.get("1")
    assert refused.value.sent is False
    with Client(
        "mastodon.example", transport=httpx.MockTransport(slow), retry=False
    ) as client:
        with pytest.raises(Timeout) as timed_out:
            client.statuses.get("1")
    assert timed_out.value.sent is True
    mock = transport(httpx.Response(503, text="Service Unavailable"))
    with Client("mastodon.example", transport=mock, retry=False) as client:
        with pytest.raises(ServerError) as caught:
            client.statuses.get("1")
    assert caught.value.status_code == 503
    assert caught.value.error == "Service Unavailable"


def test_pagination_never_fetches_a_url_the_server_supplies() -> None:
    seen: list[httpx.Request] = []
    first = httpx.Response(
        200,
        content=b"[" + STATUS + b"]",
        headers={
            "Link": '<https://decoy.example/api/v1/timelines/public?max_id=1&evil=1>; rel="next"'
        },
    )
    mock = transport(first, httpx.Response(200, content=b"[]"), seen=seen)
    with Client("mastodon.example", transport=mock) as client:
        items = [s for s in client.timelines.public(local=True)]
    assert len(items) == 1
    assert [r.url.host for r in seen] == ["mastodon.example", "mastodon.example"]
    assert dict(seen[1].url.params) == {"local": "true", "max_id": "1", "limit": "40"}
