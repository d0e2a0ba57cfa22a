"""``tootkit harvest --replies``: the conversations around the harvested statuses, and their summary."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import click

from tootkit._explain import describe_failure
from tootkit.store import Archive, ConversationResult, HarvestSpec, fetch_conversations

__all__ = ["conversation_lines", "fetch_replies", "replies_option"]

replies_option = click.option(
    "--replies",
    is_flag=True,
    help="Then fetch the conversation of every harvested status that has replies or is one "
    "(one request each; again on a later run only once its replies grew). Stored as context: "
    "export --include-context adds it.",
)


def fetch_replies(archive: Archive, spec: HarvestSpec, concurrency: int) -> list[str]:
    """Fetch the conversations of what ``spec`` harvested into ``archive``; the summary's lines."""
    return conversation_lines(
        asyncio.run(fetch_conversations(archive, spec, concurrency=concurrency))
    )


def conversation_lines(results: Sequence[ConversationResult], shown: int = 5) -> list[str]:
    """A line per instance that had conversations to fetch, and one per failure (a few at most).

    Examples:
        >>> conversation_lines([ConversationResult("mastodon.social", wanted=3, fetched=2,
        ...                                        covered=1, statuses=9, new=7)])
        ['replies: mastodon.social: 2 conversations fetched, 1 already in one; 9 statuses, 7 new']
    """
    lines = []
    for result in results:
        if not result.wanted:
            continue
        line = (
            f"replies: {result.instance}: {result.fetched} conversation"
            f"{'s' if result.fetched != 1 else ''} fetched"
        )
        if result.covered:
            line += f", {result.covered} already in one"
        line += f"; {result.statuses:,} statuses, {result.new:,} new"
        if result.failed:
            line += f"; {len(result.failed)} failed and skipped"
        if result.error is not None:
            line += f"; stopped: {describe_failure(result.error, result.instance)}"
        lines.append(line)
        lines.extend(f"  {uri}: {why}" for uri, why in result.failed[:shown])
        if len(result.failed) > shown:
            lines.append(f"  and {len(result.failed) - shown} more")
    return lines
