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
    an instance that is not a host name or URL. Errors name the line.

    Examples:
        >>> found = parse_instances("# a study\\nmastodon.social  # the big one\\nfosstodon.org T0K3N\\n")
        >>> found.instances, found.tokens
        (['https://mastodon.social', 'https://fosstodon.org'], {'https://fosstodon.org': 'T0K3N'})
    """
    instances: dict[str, None] = {}
    tokens: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split()
        for i, word in enumerate(words):
            if word.startswith("#"):
                words = words[:i]
                break
        if not words:
            continue
        if len(words) > 2:
            raise ValueError(f"{source}, line {number}: expected 'instance [token]', got {line!r}")
        try:
            url = normalize_base_url(words[0])
        except ValueError as exc:
            raise ValueError(f"{source}, line {number}: {exc}") from None
        instances[url] = None
        if len(words) == 2:
            if tokens.get(url, words[1]) != words[1]:
                raise ValueError(f"{source}, line {number}: a second, different token for {url}")
            tokens[url] = words[1]
    return InstanceList(list(instances), tokens)


def read_instances(path: str | Path) -> InstanceList:
    """Read the instance list in the file ``path`` (see :func:`parse_instances`)."""
    return parse_instances(Path(path).read_text(encoding="utf-8"), source=str(path))
