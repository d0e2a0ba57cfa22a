"""``client.oauth.authorization_url`` is ``tootkit.auth.authorization_url`` on the client's instance."""

from __future__ import annotations

from typing import Any

import pytest

import tootkit
from tootkit.auth import Pkce, authorization_url


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"scopes": "read write", "state": "s1"},
        {"redirect_uri": "http://127.0.0.1:8000/cb", "force_login": True, "lang": "fr"},
        {"pkce": Pkce(verifier="v" * 43, challenge="c" * 43)},
    ],
)
def test_the_client_and_the_helper_give_the_same_url(options: dict[str, Any]) -> None:
    with tootkit.Client("m.example") as client:
        assert client.oauth.authorization_url("app", **options) == authorization_url(
            "https://m.example", "app", **options
        )
    if "lang" in options:
        assert "lang=fr" in authorization_url("https://m.example", "app", **options)
