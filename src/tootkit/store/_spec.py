"""What a harvest is asked to do, written once: :class:`HarvestSpec`.

A harvest on one machine, a partition for a worker and a Dask run all take
the same hashtags, instances, date bounds, tokens and client options. They
are checked here, once, before any request, and travel as one frozen value
that pickles for any engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from tootkit._core.hashtags import tag_key
from tootkit._core.request import instance_key, normalize_base_url

__all__ = ["HarvestSpec", "scope_tokens"]


def scope_tokens(tokens: Mapping[str, str] | None, instances: Sequence[str]) -> dict[str, str]:
    """Each token under the normalized URL of the instance it was given for.

    A token for an instance that is not in ``instances`` is refused with
    ``ValueError``, before any request: it would otherwise be a typo that
    leaves an instance without its token.

    Examples:
        >>> scope_tokens({"mastodon.social": "T"}, ["https://mastodon.social/", "fosstodon.org"])
        {'https://mastodon.social': 'T'}
    """
    urls = {instance_key(i): normalize_base_url(i) for i in instances}
    scoped: dict[str, str] = {}
    for name, token in (tokens or {}).items():
        url = urls.get(instance_key(name))
        if url is None:
            raise ValueError(f"a token is given for {name}, which is not among the instances")
        if not isinstance(token, str) or not token:
            raise ValueError(f"the token for {name} is empty")
        scoped[url] = token
    return scoped


def _tags(value: str | Iterable[str]) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else list(value)
    return tuple(dict.fromkeys(tag_key(t) for t in names))


def _instances(value: str | Iterable[str]) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else list(value)
    return tuple(dict.fromkeys(normalize_base_url(i) for i in names))


@attrs.frozen(kw_only=True)
class HarvestSpec:
    """The hashtags to harvest from which instances, between which dates, and how.

    Hashtags are kept as archive keys (no ``#``, lower case) and instances
    as base URLs, each once. ``tokens`` maps an instance, written any way
    ``instances`` accepts, to its access token; it is kept under the
    instance's URL, and a token for an instance not in the list is refused.
    ``since`` and ``until`` bound ``created_at`` and must be aware.
    ``instance_timeout`` gives an instance up after that many seconds.
    ``options`` are passed to each instance's
    :class:`~tootkit.AsyncClient` (``retry=``, ``timeout=``, ...).

    Every check runs when the spec is made, so a mistake costs no request.

    Examples:
        >>> spec = HarvestSpec(tags=["#Python", "python"], instances=["mastodon.social"],
        ...                    tokens={"mastodon.social": "T"})
        >>> spec.tags, spec.instances, spec.token_for("https://mastodon.social")
        (('python',), ('https://mastodon.social',), 'T')
        >>> [part.tags for part in HarvestSpec(tags=["a", "b"], instances=["x.y"]).partitions()]
        [('a',), ('b',)]
    """

    tags: tuple[str, ...] = attrs.field(converter=_tags)
    instances: tuple[str, ...] = attrs.field(converter=_instances)
    since: datetime | None = None
    until: datetime | None = None
    tokens: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    instance_timeout: float | None = None
    options: Mapping[str, Any] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        if not self.tags:
            raise ValueError("no hashtag to harvest")
        if not self.instances:
            raise ValueError("no instance to harvest from")
        if "access_token" in self.options:
            raise TypeError(
                "a harvest takes tokens={instance: token}, so that each stays with its own"
            )
        for bound in (self.since, self.until):
            if bound is not None and bound.utcoffset() is None:
                raise ValueError(f"{bound!r} is a naive datetime; give an aware one")
        if self.since is not None and self.until is not None and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        if self.instance_timeout is not None and self.instance_timeout <= 0:
            raise ValueError(f"instance_timeout must be positive, not {self.instance_timeout}")
        # Frozen: the checked tokens replace the given ones once, here.
        object.__setattr__(self, "tokens", scope_tokens(self.tokens, self.instances))

    def token_for(self, instance: str) -> str | None:
        """The token for the instance at base URL ``instance``, or None."""
        return self.tokens.get(instance)

    def partitions(self) -> list[HarvestSpec]:
        """One spec per (instance, tag), instances first, each with its own instance's token only."""
        return [
            attrs.evolve(
                self,
                tags=(tag,),
                instances=(url,),
                tokens={url: self.tokens[url]} if url in self.tokens else {},
            )
            for url in self.instances
            for tag in self.tags
        ]
