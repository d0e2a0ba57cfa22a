"""``tootkit discover``: the instances that hold a hashtag, found from a few seeds.

The crawl itself is :func:`tootkit.discovery.discover_async`; this module reads
the options, shows progress, writes the files, and lends ``harvest
--discover`` the same options and run (:func:`snowball_options`,
:func:`run_discovery`).
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import click
from click.core import ParameterSource

from tootkit._core.request import instance_key
from tootkit.cli._app import CliError, cli
from tootkit.cli._export import check_writable, replacing
from tootkit.cli._options import (
    check_tag,
    host_token_option,
    host_tokens,
    instance_url,
    timeout_option,
)
from tootkit.cli._progress import DiscoveryDisplay, discovery_summary
from tootkit.discovery import DEFAULT_CONCURRENCY, Discovery, InstanceReport, discover_async

__all__ = ["Snowball", "discover", "harvest_targets", "run_discovery", "snowball_options"]

READABLE = ("holds", "no-tag")
"""The verdicts of a seed that discovery could read, and so start from."""


@attrs.frozen
class Snowball:
    """Where discovery starts and how far it goes, as the options gave them."""

    seeds: tuple[str, ...]
    depth: int
    max_instances: int
    pages: int
    peers: bool
    robots_exempt: tuple[str, ...] = ()
    given: tuple[str, ...] = ()
    """The options given on the command line (``--seed``, ``--peers``...)."""


_SNOWBALL_OPTIONS = (
    click.option(
        "--seed",
        "seeds",
        multiple=True,
        metavar="INSTANCE",
        help="An instance to start from: a host (mastodon.social) or a URL (repeatable).",
    ),
    click.option(
        "--depth",
        type=click.IntRange(min=0),
        default=3,
        show_default=True,
        help="How many steps from a seed to follow statuses to the servers they come from.",
    ),
    click.option(
        "--max-instances",
        type=click.IntRange(min=1),
        default=1000,
        show_default=True,
        help="Probe at most this many instances.",
    ),
    click.option(
        "--pages",
        type=click.IntRange(min=1),
        default=2,
        show_default=True,
        help="Pages of the hashtag timeline read on each instance that holds it.",
    ),
    click.option(
        "--peers",
        is_flag=True,
        help="Also probe the peers each holder lists (one cheap request each).",
    ),
    click.option(
        "--robots-exempt",
        multiple=True,
        metavar="INSTANCE",
        help="Pass over this instance's robots.txt: your own, or one whose admins agreed to "
        "the study (repeatable).",
    ),
)


def snowball_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the discovery options to ``command``, which receives them as one ``snowball``."""

    @functools.wraps(command)
    def wrapper(
        *args: Any,
        seeds: tuple[str, ...],
        depth: int,
        max_instances: int,
        pages: int,
        peers: bool,
        robots_exempt: tuple[str, ...],
        **kwargs: Any,
    ) -> Any:
        ctx = click.get_current_context()
        names = ("seeds", "depth", "max_instances", "pages", "peers", "robots_exempt")
        given = tuple(
            param.opts[0]
            for param in ctx.command.params
            if param.name in names
            and ctx.get_parameter_source(param.name) not in (ParameterSource.DEFAULT, None)
        )
        exempt = tuple(instance_url(i) for i in robots_exempt)
        snowball = Snowball(seeds, depth, max_instances, pages, peers, exempt, given)
        return command(*args, snowball=snowball, **kwargs)

    for option in reversed(_SNOWBALL_OPTIONS):
        wrapper = option(wrapper)
    return wrapper


def run_discovery(
    tags: Sequence[str],
    snowball: Snowball,
    tokens: Mapping[str, str],
    *,
    concurrency: int,
    quiet: bool,
    interrupted: Callable[[Discovery], str],
    **client_options: Any,
) -> Discovery:
    """Run discovery with progress, then print its summary; fail (exit 1) when no seed was readable.

    On Ctrl-C, what was found so far (the reports received) goes to
    ``interrupted``, whose message ends the command with exit 130.
    """
    seeds = list(dict.fromkeys(instance_url(s) for s in snowball.seeds))
    if not seeds:
        raise CliError("give at least one --seed INSTANCE to start from", 2)
    received: list[InstanceReport] = []
    display = DiscoveryDisplay(tags, quiet=quiet)

    def on_report(report: InstanceReport) -> None:
        received.append(report)
        display(report)

    try:
        with display:
            found = asyncio.run(
                discover_async(
                    list(tags),
                    seeds,
                    tokens=dict(tokens),
                    depth=snowball.depth,
                    max_instances=snowball.max_instances,
                    pages=snowball.pages,
                    peers=snowball.peers,
                    concurrency=concurrency,
                    robots_exempt=snowball.robots_exempt,
                    on_report=on_report,
                    **client_options,
                )
            )
    except KeyboardInterrupt:
        raise CliError(interrupted(Discovery(received)), 130) from None
    _fail_unless_a_seed_was_read(found)
    for line in discovery_summary(found, tags):
        click.echo(line, err=True)
    probed = {r.host for r in found.reports}
    for host in sorted(set(tokens) - probed):
        click.echo(
            f"tootkit: warning: the token for {host} was not used: it was not reached", err=True
        )
    return found


def _fail_unless_a_seed_was_read(found: Discovery) -> None:
    """One line for each seed that could not be read, and exit 1, when none could."""
    seeds = [r for r in found.reports if r.depth == 0]
    if not seeds or any(r.verdict in READABLE for r in seeds):
        return
    lines = [
        f"cannot start from the seed {r.host}: {r.verdict}" + (f" ({r.reason})" if r.reason else "")
        for r in sorted(seeds, key=lambda r: r.host)
    ]
    for line in lines[:-1]:
        click.echo(f"tootkit: error: {line}", err=True)
    raise CliError(lines[-1], 1)


def harvest_targets(
    tags: Sequence[str],
    snowball: Snowball,
    instances: Sequence[str],
    token_values: Sequence[str],
    file_tokens: Mapping[str, str],
    *,
    quiet: bool,
    **client_options: Any,
) -> tuple[list[str], dict[str, str]]:
    """``harvest --discover``: the instances to harvest (the holders) and their tokens.

    The ``--instance`` and ``--instances-file`` instances are seeds too. Each
    token is given for one host (``--token HOST=TOKEN`` or the file's), and
    only the holders' go on to the harvest: no host gets another's token.
    """
    tokens = host_tokens(token_values)
    for url, token in file_tokens.items():
        host = instance_key(url)
        if tokens.get(host, token) != token:
            raise CliError(f"two different tokens for {host}: in --token and in the file", 2)
        tokens[host] = token
    ctx = click.get_current_context()
    concurrency = DEFAULT_CONCURRENCY
    if ctx.get_parameter_source("concurrency") not in (ParameterSource.DEFAULT, None):
        concurrency = ctx.params["concurrency"]
    snowball = attrs.evolve(snowball, seeds=(*snowball.seeds, *instances))
    found = run_discovery(
        tags,
        snowball,
        tokens,
        concurrency=concurrency,
        quiet=quiet,
        interrupted=lambda _: "interrupted while discovering: nothing harvested yet",
        **client_options,
    )
    holders = found.holders
    if not holders:
        shown = " ".join(f"#{t}" for t in tags)
        raise CliError(f"no instance found holds {shown}: nothing to harvest", 1)
    urls = [r.instance for r in holders]
    return urls, {r.instance: tokens[r.host] for r in holders if r.host in tokens}


def _write(found: Discovery, output: Path, report: Path | None) -> None:
    """The holders into ``output``, every probed instance into ``report``, each replaced whole."""
    with replacing(output, binary=True) as out:
        out.write(found.instances_file().encode("utf-8"))
    if report is not None:
        with replacing(report, binary=True) as out:
            for r in sorted(found.reports, key=lambda r: r.host):
                out.write(json.dumps(r.to_json(), ensure_ascii=False).encode("utf-8") + b"\n")


@cli.command()
@click.argument("tags", nargs=-1, required=True, metavar="TAG [TAG ...]")
@snowball_options
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="Write the instances that hold the hashtags here, in the format --instances-file reads.",
)
@click.option(
    "--report",
    type=click.Path(path_type=Path),
    help="Write one JSON object a line for every instance probed: what it is, and why.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=DEFAULT_CONCURRENCY,
    show_default=True,
    help="Instances probed at once.",
)
@host_token_option
@timeout_option
@click.option("--quiet", is_flag=True, help="No progress display; the summary is still printed.")
def discover(
    tags: tuple[str, ...],
    snowball: Snowball,
    output: Path,
    report: Path | None,
    concurrency: int,
    tokens: tuple[str, ...],
    timeout: float | None,
    quiet: bool,
) -> None:
    """Find the instances that hold the hashtags TAG ..., starting from the --seed instances.

    Each status under a hashtag names the server it comes from; discovery
    probes those servers in turn, up to --depth steps from a seed (and, with
    --peers, the instances each holder federates with). Every instance probed
    gets a verdict: holds, no-tag, needs-token, refused, robots, dead or
    not-mastodon. It names itself in its User-Agent and obeys robots.txt.

    Example: tootkit discover AfghanTaliban --seed mastodon.social --peers -o instances.txt
    """
    names = list(dict.fromkeys(check_tag(t, key=True) for t in tags))
    check_writable(output, option="-o")
    if report is not None:
        check_writable(report, option="--report")
    scoped = host_tokens(tokens)

    def interrupted(so_far: Discovery) -> str:
        _write(so_far, output, report)
        return (
            f"interrupted: {len(so_far.holders)} of the {len(so_far.reports)} instances "
            f"probed so far hold the hashtag; they are in {output}"
        )

    found = run_discovery(
        names,
        snowball,
        scoped,
        concurrency=concurrency,
        quiet=quiet,
        interrupted=interrupted,
        **({"timeout": timeout} if timeout is not None else {}),
    )
    _write(found, output, report)
    held = len(found.holders)
    written = f"{held} instance{'s' if held != 1 else ''} holding the hashtag written to {output}"
    click.echo(written + (f", every instance probed to {report}" if report else ""), err=True)
