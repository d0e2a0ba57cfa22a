"""Applications and OAuth server metadata."""

from __future__ import annotations

import attrs

from tootkit.models._base import Timestamp

__all__ = ["Application", "OAuthServerInfo", "OAuthUserInfo", "Token", "TokenInfo"]


@attrs.frozen(kw_only=True, slots=False)
class Application:
    """The application that posted a status or holds a token.

    See https://docs.joinmastodon.org/entities/Application/.
    """

    id: str = ""
    """Added in 2.7.0."""

    name: str = ""
    """Added in 0.9.9."""

    website: str | None = None
    """Added in 0.9.9. Changed in 3.5.1."""

    vapid_key: str = ""
    """Added in 2.8.0. Deprecated in 4.3.0. Deprecated."""

    redirect_uri: str = ""
    """Added in 0.0.0. Deprecated in 4.3.0. Deprecated."""

    redirect_uris: tuple[str, ...] = ()
    """Added in 4.3.0."""

    scopes: tuple[str, ...] = ()
    """Added in 4.3.0."""

    client_id: str | None = None
    """Only when the application is registered (CredentialApplication). Added in 0.9.9."""

    client_secret: str | None = None
    """Only when the application is registered (CredentialApplication). Added in 0.9.9."""

    client_secret_expires_at: int | None = None
    """Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class OAuthServerInfo:
    """The OAuth server metadata (RFC 8414) of the server.

    See https://docs.joinmastodon.org/methods/oauth/#authorization-server-metadata.
    """

    issuer: str = ""
    """Added in 4.3.0."""

    authorization_endpoint: str = ""
    """Added in 4.3.0."""

    token_endpoint: str = ""
    """Added in 4.3.0."""

    revocation_endpoint: str = ""
    """Added in 4.3.0."""

    userinfo_endpoint: str = ""
    """Added in 4.4.0."""

    scopes_supported: tuple[str, ...] = ()
    """Added in 4.3.0."""

    response_types_supported: tuple[str, ...] = ()
    """Added in 4.3.0."""

    response_modes_supported: tuple[str, ...] = ()
    """Added in 4.3.0."""

    grant_types_supported: tuple[str, ...] = ()
    """Added in 4.3.0."""

    token_endpoint_auth_methods_supported: tuple[str, ...] = ()
    """Added in 4.3.0."""

    code_challenge_methods_supported: tuple[str, ...] = ()
    """Added in 4.3.0."""

    service_documentation: str | None = None
    """Added in 4.3.0."""

    app_registration_endpoint: str | None = None
    """Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class OAuthUserInfo:
    """The OpenID Connect user info of the signed-in account.

    See https://docs.joinmastodon.org/methods/oauth/#userinfo.
    """

    iss: str = ""
    """Added in 4.4.0."""

    sub: str = ""
    """Added in 4.4.0."""

    name: str = ""
    """Added in 4.4.0."""

    preferred_username: str = ""
    """Added in 4.4.0."""

    profile: str = ""
    """Added in 4.4.0."""

    picture: str = ""
    """Added in 4.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class Token:
    """An OAuth access token, as the token endpoint returns it.

    See https://docs.joinmastodon.org/entities/Token/.
    """

    access_token: str | None = None
    """Added in 0.1.0."""

    token_type: str | None = None
    """Added in 0.1.0."""

    scope: str | None = None
    """Added in 0.1.0."""

    created_at: Timestamp | None = None
    """Added in 0.1.0."""

    expires_in: int | None = None
    """Seconds until the token expires, where the server sets a lifetime."""

    refresh_token: str | None = None
    """A refresh token, where the server issues one."""


@attrs.frozen(kw_only=True, slots=False)
class TokenInfo:
    """An access token of the signed-in user, as GoToSocial lists them.

    See https://docs.gotosocial.org/en/latest/api/swagger/.
    """

    id: str | None = None
    """"""

    created_at: Timestamp | None = None
    """"""

    last_used: Timestamp | None = None
    """"""

    scope: str | None = None
    """"""

    application: Application | None = None
    """"""
