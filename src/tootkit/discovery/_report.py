"""What discovery learns of each instance: :class:`InstanceReport`, and :class:`Discovery`, all of them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal, get_args

import attrs

__all__ = ["VERDICTS", "Discovery", "InstanceReport", "Verdict"]

Verdict = Literal["holds", "no-tag", "needs-token", "refused", "robots", "dead", "not-mastodon"]
"""What an instance is to a study of a hashtag.

- ``holds``: the hashtag has statuses there, readable anonymously or with its token;
- ``no-tag``: readable, but none;
- ``needs-token``: its timelines want a token, and none was given for it;
- ``refused``: its API answered 403 or 410, or its robots.txt 410 ("leave me out");
- ``robots``: its robots.txt disallows the API to tootkit;
- ``dead``: no connection, a TLS failure, a timeout, or errors that outlasted the retries;
- ``not-mastodon``: no Mastodon API (an HTML page, a 404 on the API, NodeInfo naming a
  server without one).
"""

VERDICTS: tuple[Verdict, ...] = get_args(Verdict)
"""Every verdict, in the order summaries list them."""


@attrs.frozen(kw_only=True)
class InstanceReport:
    """One probed instance: what it is to the study, and how it was found.

    Examples:
        >>> report = InstanceReport(instance="https://a.example", verdict="holds",
        ...                         statuses_seen=12, found_via="seed")
        >>> report.host, report.holds
        ('a.example', True)
    """

    instance: str
    """Its base URL (``https://host`` or, on loopback, ``http://127.0.0.1:PORT``)."""
    verdict: Verdict
    software: str | None = None
    """The software NodeInfo names (``mastodon``, ``gotosocial``, ``snac``...), when read."""
    version: str | None = None
    statuses_seen: int = 0
    """Distinct statuses under the hashtags seen on its own timelines."""
    newest: datetime | None = None
    """The newest ``created_at`` seen there."""
    found_via: str = "seed"
    """The host whose timeline led to it, ``seed``, or ``peers``."""
    reason: str = ""
    """One line, for the verdicts other than ``holds`` and ``no-tag``."""
    depth: int = 0
    """Steps from a seed: 0 for a seed, 1 for an instance a seed led to..."""

    @property
    def host(self) -> str:
        """``host[:port]``: the name of the instance in tokens, lists and summaries."""
        return self.instance.split("://", 1)[1]

    @property
    def holds(self) -> bool:
        return self.verdict == "holds"

    def to_json(self) -> dict[str, Any]:
        """One line of the ``--report`` file."""
        return {
            "instance": self.host,
            "url": self.instance,
            "status": self.verdict,
            "software": self.software,
            "version": self.version,
            "statuses_seen": self.statuses_seen,
            "newest": self.newest.isoformat() if self.newest else None,
            "found_via": self.found_via,
            "reason": self.reason or None,
        }


def _as_tuple(reports: Iterable[InstanceReport]) -> tuple[InstanceReport, ...]:
    return tuple(reports)


@attrs.frozen
class Discovery:
    """Every instance a discovery probed, and what it left unprobed.

    Examples:
        >>> found = Discovery([
        ...     InstanceReport(instance="https://b.example", verdict="holds", statuses_seen=3),
        ...     InstanceReport(instance="https://a.example", verdict="holds", statuses_seen=3),
        ...     InstanceReport(instance="https://c.example", verdict="dead", reason="refused"),
        ... ])
        >>> [r.host for r in found.holders]
        ['a.example', 'b.example']
        >>> found.counts()["dead"]
        1
    """

    reports: tuple[InstanceReport, ...] = attrs.field(converter=_as_tuple)
    unprobed: int = 0
    """Candidates left unprobed: past ``max_instances`` or ``depth``."""

    @property
    def holders(self) -> list[InstanceReport]:
        """The instances that hold the hashtag: most statuses seen first, then by host."""
        return sorted((r for r in self.reports if r.holds), key=_holder_order)

    def counts(self) -> dict[Verdict, int]:
        """How many instances got each verdict, every verdict listed."""
        found = Counter(r.verdict for r in self.reports)
        return {verdict: found.get(verdict, 0) for verdict in VERDICTS}

    def instances_file(self) -> str:
        """The holders in the format ``--instances-file`` reads, a comment on each line.

        No token is ever written: tokens stay where the user keeps them.
        """
        return instances_file(self.holders)


def _holder_order(report: InstanceReport) -> tuple[int, str]:
    return (-report.statuses_seen, report.host)


def instances_file(holders: Iterable[InstanceReport]) -> str:
    """The lines of an instances file for ``holders``, in the order given."""
    lines = ["# instances that hold the hashtag, found by tootkit discover"]
    for report in holders:
        software = " ".join(p for p in (report.software, report.version) if p) or "unknown software"
        seen = f"{report.statuses_seen} status{'es' if report.statuses_seen != 1 else ''} seen"
        lines.append(f"{report.instance}  # {software}, {seen}")
    return "\n".join(lines) + "\n"
