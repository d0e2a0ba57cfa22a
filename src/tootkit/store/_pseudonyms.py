"""Keyed pseudonyms for exports: the same account gets the same pseudonym under one key.

A pseudonym is the first 16 hex digits of HMAC-SHA256(key, ``user@domain``
in lower case), after a prefix that says what it stands for: ``u_`` for a
user name (``acct``, ``username``, ``display_name``, the user in a URL or a
mention) and ``a_`` for an account id. The domain stays, since the instance
is part of the analysis: ``ada`` on ``a.example`` becomes
``u_5f0c…@a.example`` in every export made with that key, from any archive.
Without the key, a pseudonym cannot be turned back into a name, nor made
for a guessed one.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
from pathlib import Path
from typing import Any

from tootkit._records import full_acct
from tootkit.errors import TootkitError

__all__ = ["KeyFileError", "Pseudonymizer", "create_key", "load_key"]

KEY_BYTES = 32

# A mention in plain text: "@user" or "@user@domain", not inside an address or a word.
_MENTION = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_]|[A-Za-z0-9_])"
                      r"(?:@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+))?")  # fmt: skip
# The paths of a profile or a status that name the account: /@user... and /users/user...
_PROFILE = re.compile(r"(https?://)([^/\s\"'<>]+)/(@|users/)([A-Za-z0-9_.-]+)")
# A mention link in a status's HTML: the user inside <span>, after the "@".
_MENTION_LINK = re.compile(r'(<a [^>]*href="([^"]+)"[^>]*>)@(?:<span>)?([^<@]+)(?:</span>)?(</a>)')


class KeyFileError(TootkitError):
    """A pseudonym key file that cannot be used: unreadable, or readable by others.

    Examples:
        >>> str(KeyFileError("study.key is readable by others; run: chmod 600 study.key"))
        'study.key is readable by others; run: chmod 600 study.key'
    """


def create_key(path: str | os.PathLike[str]) -> bytes:
    """Write a new random key to ``path`` (which must not exist), readable by its owner only.

    The file holds 64 hex digits: 32 random bytes.

    Examples:
        >>> key = create_key("study.key")  # doctest: +SKIP
    """
    key = secrets.token_bytes(KEY_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(key.hex() + "\n")
    return key


def load_key(path: str | os.PathLike[str]) -> bytes:
    """The key in ``path``; refused with :class:`KeyFileError` when others could read it.

    A file of hex digits (as :func:`create_key` writes) gives the bytes they
    spell; any other file is the key as it is. ``FileNotFoundError`` when it
    does not exist.

    Examples:
        >>> Pseudonymizer(load_key("study.key")).account("ada@a.example")  # doctest: +SKIP
        'u_3e1d0c7a9b5f2e48@a.example'
    """
    file = Path(path)
    fix = f"run: chmod 600 {file}"
    try:
        mode = file.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise KeyFileError(f"{file} is readable by others; {fix}")
        data = file.read_bytes()
    except PermissionError:
        raise KeyFileError(f"cannot read the key file {file}; {fix}") from None
    except IsADirectoryError:
        raise KeyFileError(f"{file} is a folder, not a key file") from None
    text = data.strip()
    if re.fullmatch(rb"[0-9a-fA-F]{32,}", text) and len(text) % 2 == 0:
        return bytes.fromhex(text.decode())
    if len(text) < 16:
        raise KeyFileError(f"{file} holds fewer than 16 bytes: too short for a key")
    return data


class Pseudonymizer:
    """Replaces the names of accounts with keyed pseudonyms, keeping domains.

    Examples:
        >>> p = Pseudonymizer(b"k" * 32)
        >>> p.account("Ada@A.example") == p.account("ada@a.example")
        True
        >>> p.account("ada@a.example").endswith("@a.example")
        True
        >>> p.text("thanks @ada@a.example!") == f"thanks @{p.account('ada@a.example')}!"
        True
    """

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._known: dict[str, str] = {}

    def _digest(self, canonical: str) -> str:
        digest = self._known.get(canonical)
        if digest is None:
            mac = hmac.new(self._key, canonical.encode(), hashlib.sha256)
            digest = self._known[canonical] = mac.hexdigest()[:16]
        return digest

    def user(self, user_at_domain: str) -> str:
        """The pseudonym of the user part alone: ``u_`` and 16 hex digits."""
        return "u_" + self._digest(user_at_domain.lstrip("@").lower())

    def account(self, user_at_domain: str) -> str:
        """``user@domain`` as ``u_<16 hex>@domain``; a name without a domain gets none."""
        domain = user_at_domain.lstrip("@").partition("@")[2]
        pseudonym = self.user(user_at_domain)
        return f"{pseudonym}@{domain.lower()}" if domain else pseudonym

    def account_id(self, user_at_domain: str) -> str:
        """An account id as ``a_<16 hex>``: made from the account, not the id, which differs by instance."""
        return "a_" + self._digest(user_at_domain.lstrip("@").lower())

    def url(self, url: str) -> str:
        """A URL with the user in ``/@user`` or ``/users/user`` paths replaced; the host stays.

        Examples:
            >>> p = Pseudonymizer(b"k" * 32)
            >>> p.url("https://a.example/@ada/1") == f"https://a.example/@{p.user('ada@a.example')}/1"
            True
        """
        return _PROFILE.sub(self._profile, url)

    def _profile(self, match: re.Match[str]) -> str:
        scheme, host, kind, user = match.groups()
        if user.startswith("u_") and len(user) == 18:
            return match.group(0)  # already a pseudonym
        return f"{scheme}{host}/{kind}{self.user(f'{user}@{host}')}"

    def text(self, text: str, instance: str | None = None, mentions: Any = ()) -> str:
        """Plain text with every ``@user``, ``@user@domain`` and profile URL replaced.

        A bare ``@user`` is the mentioned account of that name in ``mentions``
        (a status's ``mentions`` JSON), or else local to ``instance``.
        """
        return self._mentions(self.url(text), instance, mentions)

    def _mentions(self, text: str, instance: str | None, mentions: Any) -> str:
        local = _local_names(mentions, instance)

        def replace(match: re.Match[str]) -> str:
            user, domain = match.groups()
            if domain:
                return "@" + self.account(f"{user}@{domain}")
            known = local.get(user.lower()) or full_acct(user, instance)
            return "@" + self.user(known)

        return _MENTION.sub(replace, text)

    def record(self, record: dict[str, Any], instance: str | None = None) -> dict[str, Any]:
        """A copy of an export record (:meth:`Archive.records`) with its accounts pseudonymous."""
        out = dict(record)
        acct = record.get("account_acct") or ""
        canonical = full_acct(acct, instance)
        if record.get("account_id") is not None:
            out["account_id"] = self.account_id(canonical)
        if acct:
            out["account_acct"] = self.account(canonical)
        if record.get("account_display_name") is not None:
            out["account_display_name"] = self.user(canonical)
        for name in ("uri", "url", "reblog_of", "context_of"):
            if record.get(name):
                out[name] = self.url(record[name])
        for name in ("text", "spoiler_text"):
            if record.get(name):
                out[name] = self.text(record[name], instance)
        if record.get("mentions"):
            out["mentions"] = " ".join(
                self.account(full_acct(m, instance)) for m in record["mentions"].split()
            )
        return out

    def raw(self, status: dict[str, Any], instance: str | None = None) -> dict[str, Any]:
        """A copy of a status's raw JSON with its accounts, mentions, links and text pseudonymous.

        The account's profile (note, fields, avatar, header, emojis) is left
        out: it names the person. A boost and a quoted status are done the same way.
        """
        out = dict(status)
        names: dict[str, str] = {}  # account id -> user@domain, for in_reply_to_account_id
        if isinstance(status.get("account"), dict):
            out["account"] = self._account_json(status["account"], instance, names)
        mentions: list[Any] = status.get("mentions") or []
        if not isinstance(mentions, list):
            mentions = []
        if "mentions" in status:
            out["mentions"] = [
                self._mention_json(m, instance, names) if isinstance(m, dict) else m
                for m in mentions
            ]
        for name in ("uri", "url"):
            if isinstance(status.get(name), str):
                out[name] = self.url(status[name])
        if isinstance(status.get("content"), str):
            out["content"] = self._html(status["content"], instance, mentions)
        if isinstance(status.get("spoiler_text"), str):
            out["spoiler_text"] = self.text(status["spoiler_text"], instance, mentions)
        if isinstance(status.get("text"), str):  # the source text of a status one wrote
            out["text"] = self.text(status["text"], instance, mentions)
        replied = status.get("in_reply_to_account_id")
        if replied is not None:
            out["in_reply_to_account_id"] = self.account_id(
                names.get(str(replied)) or f"{replied}@{_domain(instance)}#id"
            )
        for name in ("reblog", "quote"):
            if isinstance(status.get(name), dict):
                out[name] = self.raw(status[name], instance)
        if isinstance(status.get("quoted_status"), dict):
            out["quoted_status"] = self.raw(status["quoted_status"], instance)
        if isinstance(status.get("card"), dict):
            out["card"] = self._card(status["card"], instance)
        return out

    def _card(self, card: dict[str, Any], instance: str | None) -> dict[str, Any]:
        """A link preview: since Mastodon 4.3 it may name the fediverse account of the author."""
        out = dict(card)
        if isinstance(card.get("author_url"), str):
            out["author_url"] = self.url(card["author_url"])
        authors = card.get("authors")
        if isinstance(authors, list):
            out["authors"] = [
                {**a, "account": self._account_json(a["account"], instance, {})}
                if isinstance(a, dict) and isinstance(a.get("account"), dict)
                else a
                for a in authors
            ]
        return out

    def _account_json(
        self, account: dict[str, Any], instance: str | None, names: dict[str, str]
    ) -> dict[str, Any]:
        kept = {k: v for k, v in account.items() if k not in _PROFILE_FIELDS}
        out = self._mention_json(kept, instance, names)
        out["display_name"] = out["username"]
        return out

    def _mention_json(
        self, mention: dict[str, Any], instance: str | None, names: dict[str, str]
    ) -> dict[str, Any]:
        """An account or a mention with its id, names and links pseudonymous."""
        acct = str(mention.get("acct") or mention.get("username") or "")
        canonical = full_acct(acct, instance)
        names.setdefault(str(mention.get("id")), canonical)
        out = dict(mention)
        out.update(
            id=self.account_id(canonical),
            username=self.user(canonical),
            # a local account keeps the local form: full_acct() adds the domain back
            acct=self.account(canonical) if "@" in acct else self.user(canonical),
        )
        for name in ("url", "uri"):
            if isinstance(mention.get(name), str):
                out[name] = self.url(mention[name])
        return out

    def _html(self, html: str, instance: str | None, mentions: Any) -> str:
        local = _local_names(mentions, instance)

        def link(match: re.Match[str]) -> str:
            opening, _href, user, closing = match.groups()
            known = local.get(user.lower()) or full_acct(user, instance)
            return f"{opening}@<span>{self.user(known)}</span>{closing}"  # its href: url() below

        return self._mentions(self.url(_MENTION_LINK.sub(link, html)), instance, mentions)


_PROFILE_FIELDS = frozenset(
    {"note", "fields", "avatar", "avatar_static", "header", "header_static", "emojis", "moved"}
)
"""What a pseudonymous export leaves out of an account: each names or shows the person."""


def _domain(instance: str | None) -> str:
    return (instance or "").split("://", 1)[-1].rstrip("/")


def _local_names(mentions: Any, instance: str | None) -> dict[str, str]:
    """The mentioned accounts by user name, as ``user@domain``: how a bare ``@user`` is resolved."""
    names: dict[str, str] = {}
    for mention in mentions if isinstance(mentions, list) else ():
        if isinstance(mention, dict) and mention.get("username") and mention.get("acct"):
            names[str(mention["username"]).lower()] = full_acct(str(mention["acct"]), instance)
    return names
