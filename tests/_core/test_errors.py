"""Error mapping: HTTP status and body → the tootkit.errors tree."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tootkit._core.errors import error_for_response, error_message
from tootkit.errors import (
    APIError,
    BadRequest,
    Forbidden,
    Gone,
    NotFound,
    RateLimited,
    ServerError,
    TootkitError,
    Unauthorized,
    UnprocessableEntity,
)

NOW = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequest),
        (401, Unauthorized),
        (403, Forbidden),
        (404, NotFound),
        (410, Gone),
        (422, UnprocessableEntity),
        (429, RateLimited),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
        (418, APIError),
        (409, APIError),
    ],
)
def test_status_maps_to_class(status: int, cls: type[APIError]) -> None:
    err = error_for_response(status, {}, b'{"error": "x"}', now=NOW)
    assert type(err) is cls
    assert isinstance(err, TootkitError)
    assert err.status_code == status


@pytest.mark.parametrize(
    ("body", "error", "description"),
    [
        (b'{"error": "Record not found"}', "Record not found", None),
        (
            b'{"error": "invalid_grant", "error_description": "The grant is invalid"}',
            "invalid_grant",
            "The grant is invalid",
        ),
        (b"Too Many Requests\n", "Too Many Requests", None),
        (b"", "", None),
        (
            b"<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>",
            "502 Bad Gateway",
            None,
        ),
        (
            b"<!DOCTYPE html><html><body><h1>Not Found</h1><p>nothing here</p></body></html>",
            "Not Found",
            None,
        ),
        (b"<html><body><p>Oops &amp; sorry</p></body></html>", "Oops & sorry", None),
        (b'{"error": truncated', '{"error": truncated', None),
        (b"[1, 2]", "[1, 2]", None),
    ],
)
def test_error_message_from_any_body(body: bytes, error: str, description: str | None) -> None:
    assert error_message(body)[:2] == (error, description)


def test_html_page_is_excerpted() -> None:
    page = b"<html><body><p>" + b"word " * 500 + b"</p></body></html>"
    error, _, _ = error_message(page)
    assert len(error) <= 200
    assert error.endswith("…")


def test_validation_details_are_kept() -> None:
    body = (
        b'{"error": "Validation failed: Username has been taken",'
        b' "details": {"username": [{"error": "ERR_TAKEN", "description": "is taken"}]}}'
    )
    err = error_for_response(
        422, {}, body, method="POST", url="https://m.example/api/v1/accounts", now=NOW
    )
    assert isinstance(err, UnprocessableEntity)
    assert err.details == {"username": [{"error": "ERR_TAKEN", "description": "is taken"}]}
    assert str(err) == (
        "HTTP 422 from POST https://m.example/api/v1/accounts: "
        "Validation failed: Username has been taken"
    )


def test_nested_error_object() -> None:
    body = b'{"error": {"error": "Name is too long", "details": {"name": [{"error": "ERR_TOO_LONG"}]}}}'
    error, _, details = error_message(body)
    assert error == "Name is too long"
    assert details == {"name": [{"error": "ERR_TOO_LONG"}]}


@pytest.mark.parametrize(
    ("headers", "retry_after", "reset_at"),
    [
        ({"Retry-After": "1"}, 1.0, None),
        (
            {"Retry-After": "5", "X-RateLimit-Reset": "2025-01-01T00:05:00Z"},
            5.0,
            datetime(2025, 1, 1, 0, 5, tzinfo=UTC),
        ),
        (
            {"X-RateLimit-Reset": "2025-01-01T00:05:00Z"},
            300.0,
            datetime(2025, 1, 1, 0, 5, tzinfo=UTC),
        ),
        ({"x-ratelimit-reset": "1735689660"}, 60.0, datetime(2025, 1, 1, 0, 1, tzinfo=UTC)),
        ({}, None, None),
    ],
)
def test_rate_limited_carries_the_wait(
    headers: dict[str, str], retry_after: float | None, reset_at: datetime | None
) -> None:
    err = error_for_response(429, headers, b'{"error": "Too many requests"}', now=NOW)
    assert isinstance(err, RateLimited)
    assert err.retry_after == retry_after
    assert err.reset_at == reset_at
