"""robots.txt, as a polite crawler reads it (RFC 9309), for discovery.

Pure functions: the text and the status code come in, a decision comes out.
The rules are the RFC's: the group for the crawler's own product token
applies when there is one, else the ``*`` group; a robots.txt that is
missing (any 4xx) allows everything; one that cannot be read (5xx) is taken
as disallowing everything. tootkit adds what the fediverse asks of crawlers:
a 410 means "leave me out".

Examples:
    >>> rules = robots_rules(200, "User-agent: *\\nDisallow: /api/\\n")
    >>> rules.allows("/api/v1/timelines/tag/python"), rules.allows("/about")
    (False, True)
"""

from __future__ import annotations

import urllib.robotparser
from dataclasses import dataclass

__all__ = ["AGENT", "RobotsRules", "robots_rules"]

AGENT = "tootkit"
"""The product token robots.txt groups are matched against."""


@dataclass(frozen=True)
class RobotsRules:
    """What a host's robots.txt allows tootkit.

    ``gone`` is true when robots.txt answered 410: the host asks to be left
    out altogether. ``why`` says, in a few words, where a refusal comes from.
    """

    parser: urllib.robotparser.RobotFileParser | None
    allow_all: bool = False
    gone: bool = False
    why: str = ""

    def allows(self, path: str) -> bool:
        """Whether tootkit may fetch ``path`` (``/api/v1/...``) from the host."""
        if self.gone:
            return False
        if self.parser is None:
            return self.allow_all
        return self.parser.can_fetch(AGENT, path)


def robots_rules(status: int, text: str) -> RobotsRules:
    """The rules of a robots.txt that answered ``status`` with ``text``.

    Examples:
        >>> robots_rules(404, "").allows("/api/v1/instance/peers")
        True
        >>> robots_rules(503, "").allows("/api/v1/instance/peers")
        False
        >>> robots_rules(410, "").gone
        True
    """
    if status == 410:
        return RobotsRules(None, gone=True, why="robots.txt answered 410: leave me out")
    if 400 <= status < 500:
        return RobotsRules(None, allow_all=True)
    if status >= 500 or status < 200:
        return RobotsRules(
            None, why=f"robots.txt answered {status}: taken as disallowing all (RFC 9309)"
        )
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(text.splitlines())
    return RobotsRules(parser, why="its robots.txt disallows the API to tootkit")
