"""Instance lists: one instance a line, ``#`` comments, and an optional token after it."""

from __future__ import annotations

from pathlib import Path

import attrs

from tootkit._core.request import normalize_base_url

__all__ = ["InstanceList", "parse_instances", "read_instances"]


@attrs.frozen
class InstanceList:
    """The instances of a list, in order and once each, and the tokens some of them carry."""

    instances: list[str]
    tokens: dict[str, str]


def parse_instances(text: str, *, source: str = "the instance list") -> InstanceList:
    """Read an instance list: ``instance [token]`` a line; blank lines and ``#`` comments skipped.

    A ``#`` starts a comment at the start of a line or after a space (a
    token never holds one). An instance twice is kept once; twice with two
    different tokens is an error, as is a line with more than two words or
    an instance that is not a host name or URL. Every bad line is named, with
    its number, in one ``ValueError``, so that one run shows all there is to
    fix. A byte order mark (which Windows editors write) is skipped.

    Examples:
        >>> found = parse_instances("# a study\\nmastodon.social  # the big one\\nfosstodon.org T0K3N\\n")
        >>> found.instances, found.tokens
        (['https://mastodon.social', 'https://fosstodon.org'], {'https://fosstodon.org': 'T0K3N'})
        >>> parse_instances("a x y\\nok.example\\nb.example T U\\n", source="list.txt")
        Traceback (most recent call last):
        ...
        ValueError: list.txt, line 1: expected 'instance [token]', got 'a x y'; line 3: expected 'instance [token]', got 'b.example T U'
    """
    instances: dict[str, None] = {}
    tokens: dict[str, str] = {}
    problems: list[str] = []
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        try:
            entry = _entry(line)
            if entry is None:
                continue
            url, token = entry
            if token is not None and tokens.get(url, token) != token:
                raise ValueError(f"a second, different token for {url}")
        except ValueError as exc:
            problems.append(f"line {number}: {exc}")
            continue
        instances[url] = None
        if token is not None:
            tokens[url] = token
    if problems:
        raise ValueError(f"{source}, {'; '.join(problems)}")
    return InstanceList(list(instances), tokens)


def _entry(line: str) -> tuple[str, str | None] | None:
    """One line's ``(instance URL, token or None)``, None for a blank line or a comment."""
    words = line.split()
    for i, word in enumerate(words):
        if word.startswith("#"):
            words = words[:i]
            break
    if not words:
        return None
    if len(words) > 2:
        raise ValueError(f"expected 'instance [token]', got {line!r}")
    return normalize_base_url(words[0]), words[1] if len(words) == 2 else None


def read_instances(path: str | Path) -> InstanceList:
    """Read the instance list in the file ``path`` (see :func:`parse_instances`)."""
    return parse_instances(Path(path).read_text(encoding="utf-8"), source=str(path))
