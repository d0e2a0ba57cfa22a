# This file is generated from the async source src/tootkit/_async/oauth.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Signing in (``client.oauth``): register an app, exchange codes, revoke tokens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from tootkit._core.request import make_request
from tootkit.auth import authorization_url, AuthorizeOptions, OOB
from tootkit.models import Application, OAuthServerInfo, Token

if TYPE_CHECKING:
    from tootkit._sync.client import Client

__all__ = ["OAuth"]


class OAuth:
    """The OAuth endpoints. See the "Signing in" docs page for the whole flow."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def register_app(
        self,
        client_name: str,
        *,
        redirect_uris: str = OOB,
        scopes: str = "read",
        website: str | None = None,
    ) -> Application:
        """Register an application (``POST /api/v1/apps``); the result has ``client_id`` and ``client_secret``.

        See https://docs.joinmastodon.org/methods/apps/#create.

        Examples:
            >>> app = client.oauth.register_app("my bot", scopes="read write")  # doctest: +SKIP
        """
        body = {"client_name": client_name, "redirect_uris": redirect_uris, "scopes": scopes}
        if website:
            body["website"] = website
        request = make_request("POST", "/api/v1/apps", json=body)
        return self._client._one(Application, request)

    def server_info(self) -> OAuthServerInfo:
        """The server's OAuth metadata (``GET /.well-known/oauth-authorization-server``, 4.3+).

        It says, among other things, which PKCE methods the server supports.

        See https://docs.joinmastodon.org/methods/oauth/#authorization-server-metadata.
        """
        request = make_request("GET", "/.well-known/oauth-authorization-server")
        return self._client._one(OAuthServerInfo, request)

    def authorization_url(self, client_id: str, **options: Unpack[AuthorizeOptions]) -> str:
        """The page where the user authorizes your app, on this instance.

        See :func:`tootkit.auth.authorization_url` and
        https://docs.joinmastodon.org/methods/oauth/#authorize.
        """
        return authorization_url(self._client.base_url, client_id, **options)

    def _token(self, form: dict[str, str]) -> Token:
        request = make_request("POST", "/oauth/token", data=form)
        return self._client._one(Token, request)

    def exchange_code(
        self,
        client_id: str,
        client_secret: str,
        code: str,
        *,
        redirect_uri: str = OOB,
        code_verifier: str | None = None,
        scopes: str = "read",
    ) -> Token:
        """Exchange an authorization code for a user token (``POST /oauth/token``).

        Pass the PKCE ``code_verifier`` when the authorization URL had a challenge.

        See https://docs.joinmastodon.org/methods/oauth/#token.
        """
        form = {
            "grant_type": "authorization_code",
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uri": redirect_uri,
            "code": code.strip(),
            "scope": scopes,
        }
        if code_verifier:
            form["code_verifier"] = code_verifier
        return self._token(form)

    def client_credentials(
        self, client_id: str, client_secret: str, *, scopes: str = "read"
    ) -> Token:
        """A token for the app itself, acting as no user (``grant_type=client_credentials``).

        See https://docs.joinmastodon.org/methods/oauth/#token.
        """
        form = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
            "scope": scopes,
        }
        return self._token(form)

    def revoke(self, client_id: str, client_secret: str, token: str) -> None:
        """Revoke a token (``POST /oauth/revoke``); it stops working at once.

        See https://docs.joinmastodon.org/methods/oauth/#revoke.
        """
        form = {"client_id": client_id, "client_secret": client_secret, "token": token}
        self._client._send(make_request("POST", "/oauth/revoke", data=form))

    def verify_app(self) -> Application:
        """The application of the token (``GET /api/v1/apps/verify_credentials``).

        See https://docs.joinmastodon.org/methods/apps/#verify_credentials.
        """
        request = make_request("GET", "/api/v1/apps/verify_credentials")
        return self._client._one(Application, request)
