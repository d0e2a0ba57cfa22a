"""Signing in: app registration data, PKCE, the authorization URL, and saved credentials.

These are pure helpers; the requests themselves are made by ``client.oauth``.
The whole flow, for a script with no web server of its own (the
"out-of-band" flow, where the user copies a code from the browser)::

    import tootkit
    from tootkit.auth import Credentials, pkce, new_state

    with tootkit.Client("mastodon.social") as client:
        app = client.oauth.register_app("my research script", scopes="read write")
        challenge = pkce()
        print("Open:", client.oauth.authorization_url(app.client_id, scopes="read write",
                                                       state=new_state(), pkce=challenge))
        code = input("Code: ")
        token = client.oauth.exchange_code(app.client_id, app.client_secret, code,
                                           code_verifier=challenge.verifier, scopes="read write")
    Credentials(base_url=client.base_url, client_id=app.client_id,
                client_secret=app.client_secret, access_token=token.access_token,
                scopes="read write").save("~/.config/my-script/credentials.json")
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from pathlib import Path
from typing import TypedDict, Unpack
from urllib.parse import urlencode

import attrs

__all__ = [
    "OOB",
    "AuthorizeOptions",
    "Credentials",
    "Pkce",
    "authorization_url",
    "new_state",
    "pkce",
]

OOB = "urn:ietf:wg:oauth:2.0:oob"
"""The redirect URI of the out-of-band flow: the server shows the code to the user."""


@attrs.frozen
class Pkce:
    """A PKCE pair (RFC 7636): send ``challenge`` to authorize, ``verifier`` to exchange the code."""

    verifier: str = attrs.field(repr=False)
    challenge: str
    method: str = "S256"


def pkce() -> Pkce:
    """A fresh PKCE verifier and its S256 challenge (Mastodon 4.3+ advertises S256).

    Examples:
        >>> pair = pkce()
        >>> len(pair.verifier) >= 43, pair.method
        (True, 'S256')
    """
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return Pkce(verifier=verifier, challenge=challenge)


def new_state() -> str:
    """A random ``state`` value, to check that the redirect answers your own request."""
    return secrets.token_urlsafe(24)


class AuthorizeOptions(TypedDict, total=False):
    """The options of the authorization page, for :func:`authorization_url` and ``client.oauth``.

    Attributes:
        redirect_uri: Where the server sends the user back with the code
            (:data:`OOB` by default: the server shows the code).
        scopes: Space-separated scopes, ``"read"`` by default.
        state: A value of your own that comes back with the code (:func:`new_state`).
        pkce: A :class:`Pkce` pair; its challenge goes to the server.
        force_login: Ask the user to sign in even when already signed in.
        lang: The language of the page, such as ``"en"``.
    """

    redirect_uri: str
    scopes: str
    state: str | None
    pkce: Pkce | None
    force_login: bool
    lang: str | None


def authorization_url(base_url: str, client_id: str, **options: Unpack[AuthorizeOptions]) -> str:
    """The URL of the page where the user authorizes your app (``GET /oauth/authorize``).

    Examples:
        >>> authorization_url("https://m.example", "abc", scopes="read write", state="s1")
        'https://m.example/oauth/authorize?response_type=code&client_id=abc&redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob&scope=read+write&state=s1'
    """
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": options.get("redirect_uri", OOB),
        "scope": options.get("scopes", "read"),
    }
    state, pkce, lang = options.get("state"), options.get("pkce"), options.get("lang")
    if state is not None:
        params["state"] = state
    if pkce is not None:
        params["code_challenge"] = pkce.challenge
        params["code_challenge_method"] = pkce.method
    if options.get("force_login"):
        params["force_login"] = "true"
    if lang:
        params["lang"] = lang
    return f"{base_url.rstrip('/')}/oauth/authorize?{urlencode(params)}"


@attrs.frozen(kw_only=True)
class Credentials:
    """What a bot or a script needs to sign in again: the app and its token.

    The secrets never show in a repr. :meth:`save` writes them to a file that
    only you can read (mode 0600).

    Examples:
        >>> creds = Credentials(base_url="https://m.example", client_id="id",
        ...                     client_secret="secret", access_token="token")
        >>> "secret" in repr(creds) or "token" in repr(creds)
        False
    """

    base_url: str
    client_id: str = ""
    client_secret: str = attrs.field(default="", repr=False)
    access_token: str | None = attrs.field(default=None, repr=False)
    scopes: str = "read"
    redirect_uri: str = OOB

    def save(self, path: str | Path) -> Path:
        """Write the credentials as JSON, readable and writable by you alone (0600)."""
        target = Path(path).expanduser()
        target.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(attrs.asdict(self), indent=2).encode()
        # Create the file with 0600 from the start: never a moment with wider rights.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, data)
        finally:
            os.close(fd)
        return target

    @classmethod
    def load(cls, path: str | Path) -> Credentials:
        """Read credentials written by :meth:`save`."""
        data = json.loads(Path(path).expanduser().read_text())
        if not isinstance(data, dict) or "base_url" not in data:
            raise ValueError(f"{path} does not hold tootkit credentials")
        known = {a.name for a in attrs.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
