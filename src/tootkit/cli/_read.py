"""Reading commands: ``tootkit tag``, ``status`` and ``thread``."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.console import Console

import tootkit
from tootkit._core.request import instance_key
from tootkit._core.retry import RetryPolicy
from tootkit.cli._app import CliError, cli, explained
from tootkit.cli._options import (
    check_tag,
    date_bounds,
    format_option,
    instance_option,
    instance_url,
    neutralize_option,
    resolve_tokens,
    retries_option,
    since_option,
    status_ref,
    timeout_option,
    token_option,
    until_option,
)
from tootkit.cli._output import Writer, matches_tags, print_status
from tootkit.cli._progress import announce_wait
from tootkit.models import Status

__all__ = ["status", "tag", "thread"]


def client_for(url: str, token: str | None, retries: int, timeout: float | None) -> tootkit.Client:
    options: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
    try:
        return tootkit.Client(
            url,
            access_token=token,
            on_wait=announce_wait,
            retry=RetryPolicy(max_attempts=retries + 1),
            **options,
        )
    except ValueError as exc:
        raise CliError(str(exc), 2) from None


def _explicit(ctx: click.Context, name: str) -> bool:
    return ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT


@cli.command()
@click.argument("name")
@instance_option
@token_option
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="At most this many statuses."
)
@since_option
@until_option
@click.option("--any", "any_", multiple=True, help="Also statuses with this hashtag (repeatable).")
@click.option(
    "--all", "all_", multiple=True, help="Only statuses with this hashtag too (repeatable)."
)
@click.option("--none", "none_", multiple=True, help="Not statuses with this hashtag (repeatable).")
@click.option("--local", is_flag=True, help="Only statuses posted on this instance.")
@format_option
@neutralize_option
@retries_option
@timeout_option
def tag(
    name: str,
    instance: str,
    tokens: tuple[str, ...],
    limit: int | None,
    since: str | None,
    until: str | None,
    any_: tuple[str, ...],
    all_: tuple[str, ...],
    none_: tuple[str, ...],
    local: bool,
    fmt: str,
    raw_csv: bool,
    retries: int,
    timeout: float | None,
) -> None:
    """Print the hashtag timeline NAME, newest first, as it streams in.

    Each status shows its date (UTC), author, text, hashtags and URL. A wait
    for the instance's rate limit is announced on stderr with its reason.
    """
    name = check_tag(name)
    any_list, all_list, none_list = ([check_tag(t) for t in ts] for ts in (any_, all_, none_))
    bounds = date_bounds(since, until)
    url = instance_url(instance)
    token = resolve_tokens(tokens, [url]).get(url)
    filtering = bool(any_list or all_list or none_list)
    writer = Writer(fmt, sys.stdout, instance=url, neutralize=not raw_csv)
    shown = 0
    with explained(url), client_for(url, token, retries, timeout) as client:
        walk = client.timelines.tag(
            name,
            any=any_list,
            all=all_list,
            none=none_list,
            local=local,
            # Statuses dropped below count against no limit: the server may ignore the filters.
            limit=None if filtering else limit,
            since=bounds[0],
            until=bounds[1],
        )
        for page in walk.keeping_raw().pages():
            for item, raw in zip(page.items, page.raw or [], strict=True):
                if filtering and not matches_tags(item, name, any_list, all_list, none_list):
                    continue
                writer.write(item, raw)
                shown += 1
                if limit is not None and shown >= limit:
                    return
    if shown == 0:
        # An empty timeline and a wrong name look alike on stdout: say which it was.
        click.echo(f"tootkit: no statuses under #{name} on {instance_key(url)}", err=True)


@cli.command()
@click.argument("ref", metavar="ID_OR_URL")
@instance_option
@token_option
@format_option
@neutralize_option
@retries_option
@timeout_option
@click.pass_context
def status(
    ctx: click.Context,
    ref: str,
    instance: str,
    tokens: tuple[str, ...],
    fmt: str,
    raw_csv: bool,
    retries: int,
    timeout: float | None,
) -> None:
    """Print one status, by its id on the instance or by its URL."""
    url, ref = status_ref(ref, instance, _explicit(ctx, "instance"))
    with explained(url), client_for(url, _token(tokens, instance, url), retries, timeout) as client:
        Writer(fmt, sys.stdout, instance=url, neutralize=not raw_csv).write(_find(client, ref))


@cli.command()
@click.argument("ref", metavar="ID_OR_URL")
@instance_option
@token_option
@retries_option
@timeout_option
@click.pass_context
def thread(
    ctx: click.Context,
    ref: str,
    instance: str,
    tokens: tuple[str, ...],
    retries: int,
    timeout: float | None,
) -> None:
    """Print a thread: the status, what it answers, and its replies, indented.

    The status is given by its id on the instance or by its URL.
    """
    url, ref = status_ref(ref, instance, _explicit(ctx, "instance"))
    with explained(url), client_for(url, _token(tokens, instance, url), retries, timeout) as client:
        root = _find(client, ref)
        context = client.statuses.context(root.id)
    console = Console(highlight=False)
    depth: dict[str, int] = {}
    for level, ancestor in enumerate(context.ancestors):
        depth[ancestor.id] = level
        print_status(console, ancestor, level)
    depth[root.id] = len(context.ancestors)
    print_status(console, root, depth[root.id])
    for reply in context.descendants:
        depth[reply.id] = depth.get(reply.in_reply_to_id or "", depth[root.id]) + 1
        print_status(console, reply, depth[reply.id])


def _token(tokens: tuple[str, ...], instance: str, url: str) -> str | None:
    # TOOTKIT_TOKEN is for the --instance; a URL on another host does not get it.
    home = instance_url(instance) == url
    return resolve_tokens(tokens, [url], environment=home).get(url)


def _find(client: tootkit.Client, ref: str) -> Status:
    # A URL's last segment is not the API id on every server (snac2): resolve it.
    return client.statuses.resolve(ref) if "://" in ref else client.statuses.get(ref)
