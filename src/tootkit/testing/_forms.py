"""The parameters in a request's body: JSON, a url-encoded form, or multipart form data.

They are read as Rails reads them for Mastodon: ``media_ids[]=1&media_ids[]=2``
is the list ``["1", "2"]`` under ``media_ids``, and a file part of a multipart
body is an :class:`Upload`. A body that cannot be read gives None, which the
fake answers with a 422.

    >>> read_body(b"status=hi&media_ids[]=1&media_ids[]=2", "application/x-www-form-urlencoded")
    {'status': 'hi', 'media_ids': ['1', '2']}
    >>> read_body(b"--xyz\\r\\nno headers here--xyz--", "multipart/form-data; boundary=xyz") is None
    True
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

import attrs

__all__ = ["Upload", "read_body"]

_BOUNDARY = re.compile(r'boundary=(?:"([^"]+)"|([^;\s]+))', re.IGNORECASE)
_DISPOSITION_PARAM = re.compile(r';\s*(name|filename)="([^"]*)"', re.IGNORECASE)


@attrs.frozen
class Upload:
    """A file part of a multipart body: its name, its declared type and its bytes."""

    filename: str
    content_type: str
    data: bytes = attrs.field(repr=lambda data: f"<{len(data)} bytes>")


def read_body(raw: bytes, content_type: str) -> dict[str, Any] | None:
    """The parameters of a request body of ``content_type``; None when it cannot be read."""
    if not raw:
        return {}
    kind = content_type.lower()
    try:
        if "json" in kind:
            data = json.loads(raw)
            return data if isinstance(data, dict) else None
        if kind.startswith("multipart/form-data"):
            return _as_rails(_multipart(raw, content_type))
        text = raw.decode()
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True, errors="strict")
    except ValueError:  # a JSON, Unicode or form error, or a broken multipart body
        return None
    return _as_rails(pairs)


def _as_rails(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Name and value pairs as Rails' params: repeated ``name[]`` become one list."""
    params: dict[str, Any] = {}
    for key, value in pairs:
        if key.endswith("[]"):
            earlier = params.get(key[:-2])
            params[key[:-2]] = [*earlier, value] if isinstance(earlier, list) else [value]
        else:
            params[key] = value
    return params


def _multipart(raw: bytes, content_type: str) -> list[tuple[str, Any]]:
    """The fields of a ``multipart/form-data`` body (RFC 7578), in order; ValueError if broken.

    Enough of the format for what clients send: a part's headers, its
    ``name`` and ``filename``; a preamble before the first boundary is
    skipped, as the RFC allows.
    """
    found = _BOUNDARY.search(content_type)
    if found is None:
        raise ValueError("multipart without a boundary")
    delimiter = b"\r\n--" + (found.group(1) or found.group(2)).encode("latin-1")
    # With a CRLF put in front, every boundary (the first one too) reads the same.
    pieces = (b"\r\n" + raw).split(delimiter)
    if len(pieces) < 2 or not pieces[-1].startswith(b"--"):
        raise ValueError("the multipart body has no closing boundary")
    fields: list[tuple[str, Any]] = []
    for piece in pieces[1:-1]:
        head, blank, content = piece.partition(b"\r\n\r\n")
        if not blank or not head.startswith(b"\r\n"):
            raise ValueError("a multipart part without its headers")
        headers: dict[str, str] = {}
        for line in head[2:].decode("utf-8").split("\r\n"):
            key, colon, value = line.partition(":")
            if not colon:
                raise ValueError(f"a broken multipart header: {line!r}")
            headers[key.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        params = {k.lower(): v for k, v in _DISPOSITION_PARAM.findall(disposition)}
        if not disposition.lower().startswith("form-data") or not params.get("name"):
            raise ValueError("a multipart part without a form-data name")
        if "filename" in params:
            kind = headers.get("content-type", "application/octet-stream")
            fields.append((params["name"], Upload(params["filename"], kind, content)))
        else:
            fields.append((params["name"], content.decode("utf-8")))
    return fields
