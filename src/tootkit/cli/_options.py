"""What the commands share: options, and reading dates, hashtags, tokens and status URLs."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import click

from tootkit._core.hashtags import tag_key, tag_name
from tootkit._core.request import instance_key, normalize_base_url
from tootkit._core.retry import RetryPolicy
from tootkit.cli._app import CliError
from tootkit.store import DEFAULT_CONCURRENCY

__all__ = [
    "DEFAULT_INSTANCE",
    "asking_options",
    "check_archive",
    "check_new_archive",
    "check_tag",
    "client_options",
    "date_bounds",
    "format_option",
    "host_token_option",
    "host_tokens",
    "instance_option",
    "neutralize_option",
    "parse_date",
    "resolve_tokens",
    "retries_option",
    "since_option",
    "status_ref",
    "timeout_option",
    "token_option",
    "until_option",
]

DEFAULT_INSTANCE = "mastodon.social"
TOKEN_VARIABLE = "TOOTKIT_TOKEN"  # noqa: S105 - the name of a variable, not a secret


def parse_date(value: str | None, *, end_of_day: bool = False) -> datetime | None:
    """A date (``2025-01-01``) or timestamp from the command line, as an aware datetime.

    A date or time without a zone is taken as UTC; an ``--until`` date alone
    means the end of that day.
    """
    if value is None:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CliError(
            f"{value!r} is not a date; use YYYY-MM-DD or an ISO 8601 timestamp", 2
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if end_of_day and len(text) == 10:
        parsed = parsed.replace(hour=23, minute=59, second=59, microsecond=999999)
    return parsed


def date_bounds(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """``--since`` and ``--until`` as datetimes, or a usage error when they are reversed.

    Every command reads them here, so a reversed pair exits 2 everywhere.
    """
    bounds = parse_date(since), parse_date(until, end_of_day=True)
    if bounds[0] and bounds[1] and bounds[0] > bounds[1]:
        raise CliError(f"--since {since} is after --until {until}: nothing lies between", 2)
    return bounds


def check_tag(name: str, *, key: bool = False) -> str:
    """A hashtag as typed (``#python`` or ``python``), without its ``#``, or a usage error.

    With ``key=True``, the lower-cased form an archive stores it under.
    """
    try:
        return tag_key(name) if key else tag_name(name)
    except ValueError as exc:
        raise CliError(str(exc), 2) from None


def instance_url(instance: str) -> str:
    """The instance as ``scheme://host[:port]``, or a one-line error."""
    try:
        return normalize_base_url(instance)
    except ValueError as exc:
        raise CliError(str(exc), 2) from None


def _instance_named(text: str) -> str | None:
    """The key of the instance that ``text`` names, or None when it names none.

    Mastodon's tokens are URL-safe base64, with no dot, colon or slash. Text
    that is not an instance is never echoed: it may be part of a token.
    """
    if not (any(c in text for c in ".:/") or text == "localhost"):
        return None
    try:
        return instance_key(text)
    except ValueError:
        return None


def resolve_tokens(
    values: Sequence[str], instances: Sequence[str], *, environment: bool = True
) -> dict[str, str]:
    """Each ``--token`` under the URL of the instance it is for; refuse any that could stray.

    ``--token INSTANCE=TOKEN`` goes to that instance only. A bare ``--token
    TOKEN``, or ``TOOTKIT_TOKEN`` when no ``--token`` is given, is accepted
    only when there is one instance: with several it would go to all of them.
    """
    urls = {instance_key(u): u for u in (instance_url(i) for i in instances)}
    scoped: dict[str, str] = {}
    bare: list[tuple[str, str]] = []  # (where it came from, the token)
    for value in values:
        name, sep, token = value.partition("=")
        key = _instance_named(name) if sep else None
        if key is not None:
            url = urls.get(key)
            if url is None:
                raise CliError(f"--token is given for {name}, which is not an --instance", 2)
            if not token:
                raise CliError(f"--token {name}= has no token after the '='", 2)
            if url in scoped:
                raise CliError(f"--token is given twice for {name}", 2)
            scoped[url] = token
        elif value:
            bare.append(("a bare --token", value))
    env = os.environ.get(TOKEN_VARIABLE, "") if environment and not values else ""
    if env:
        bare.append((TOKEN_VARIABLE, env))
    if not bare:
        return scoped
    if len(urls) > 1 or len(bare) > 1 or scoped:
        origin = bare[0][0]
        raise CliError(
            f"{origin} would go to every instance; with several instances give "
            "--token INSTANCE=TOKEN for each one that needs a token",
            2,
        )
    scoped[next(iter(urls.values()))] = bare[0][1]
    return scoped


def host_tokens(values: Sequence[str]) -> dict[str, str]:
    """Each ``--token HOST=TOKEN`` under its ``host[:port]``, for commands that reach unnamed hosts.

    Discovery probes hosts nobody named beforehand, so a token must name its
    host: a bare ``--token TOKEN`` is refused, and ``TOOTKIT_TOKEN`` is not
    read. A host never receives a token given for another.

    Examples:
        >>> host_tokens(["https://Example.Social/=T0K3N", "127.0.0.1:3000=abc"])
        {'example.social': 'T0K3N', '127.0.0.1:3000': 'abc'}
    """
    scoped: dict[str, str] = {}
    for value in values:
        name, sep, token = value.partition("=")
        key = _instance_named(name) if sep else None
        if key is None:
            raise CliError(
                "a bare --token would go to every instance discovery reaches; "
                "give --token INSTANCE=TOKEN for each instance that needs one",
                2,
            )
        if not token:
            raise CliError(f"--token {name}= has no token after the '='", 2)
        if key in scoped:
            raise CliError(f"--token is given twice for {name}", 2)
        scoped[key] = token
    return scoped


def status_ref(ref: str, instance: str, explicit: bool) -> tuple[str, str]:
    """``(instance URL, status id or URL)`` from an id or a status URL.

    A URL names its instance (``https://mastodon.social/@grace/1133...``) and
    is kept whole, for :meth:`tootkit.Client.statuses.resolve` to find (its
    last segment is not the id on every server). A URL on another host than an
    explicit ``--instance`` is refused: a status id belongs to one instance.
    """
    if "://" not in ref:
        if not ref.strip() or "/" in ref:
            raise CliError(f"{ref!r} is neither a status id nor a status URL", 2)
        return instance_url(instance), ref.strip()
    parts = urlsplit(ref.strip())
    if not parts.path.strip("/") or not parts.hostname:
        raise CliError(f"{ref!r} is not a status URL: it has no status id", 2)
    url = instance_url(f"{parts.scheme}://{parts.netloc}")
    if explicit and instance_url(instance) != url:
        raise CliError(
            f"{ref} is on {parts.netloc}, not on --instance {instance}; "
            "a status id belongs to one instance",
            2,
        )
    return url, ref.strip()


instance_option = click.option(
    "--instance",
    default=DEFAULT_INSTANCE,
    show_default=True,
    help="The instance: a host (mastodon.social) or a URL.",
)
token_option = click.option(
    "--token",
    "tokens",
    multiple=True,
    metavar="[INSTANCE=]TOKEN",
    help=(
        f"An access token, for instances that show nothing to visitors (or set {TOKEN_VARIABLE}). "
        "INSTANCE=TOKEN sends it to that instance only."
    ),
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "jsonl", "csv"]),
    default="text",
    show_default=True,
    help="text for reading; jsonl or csv for pipes.",
)
since_option = click.option("--since", default=None, help="From this date (YYYY-MM-DD, UTC) on.")
until_option = click.option(
    "--until", default=None, help="Up to this date (YYYY-MM-DD, UTC), that whole day included."
)
neutralize_option = click.option(
    "--no-neutralize",
    "raw_csv",
    is_flag=True,
    help="CSV: keep cells that start with = + - @ as they are (a spreadsheet may run them).",
)
retries_option = click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="How often to retry a request that failed for a reason that may pass (503, timeout).",
)
timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="How long to wait for the instance to connect, and to answer each request "
    "[default: 10 to connect, 30 to answer].",
)
host_token_option = click.option(
    "--token",
    "tokens",
    multiple=True,
    metavar="INSTANCE=TOKEN",
    help="An access token for that instance only, for one whose timelines want one "
    "(repeatable). A discovered instance never receives another's token.",
)


def check_archive(db: Path, doing: str) -> None:
    """Refuse (exit 2) an archive to read that is not there: "there is no archive to ``doing``"."""
    if not db.is_file():
        raise CliError(f"{db} does not exist: there is no archive to {doing}", 2)


def check_new_archive(db: Path) -> None:
    """Refuse, before any request, an archive to create in a folder that does not exist (exit 2)."""
    if not db.parent.is_dir():
        raise CliError(f"cannot create {db}: the folder {db.parent} does not exist", 2)


def client_options(retries: int, timeout: float | None) -> dict[str, Any]:
    """The options of each instance's client, from ``--retries`` and ``--timeout``."""
    options: dict[str, Any] = {"retry": RetryPolicy(max_attempts=retries + 1)}
    if timeout is not None:
        options["timeout"] = timeout
    return options


F = TypeVar("F", bound=Callable[..., Any])


def asking_options(token_note: str) -> Callable[[F], F]:
    """``--token INSTANCE=TOKEN``, ``--retries``, ``--timeout`` and ``--concurrency``, for commands
    that ask many instances again for statuses they returned."""

    def add(command: F) -> F:
        for option in reversed(
            (
                click.option(
                    "--token",
                    "tokens",
                    multiple=True,
                    metavar="INSTANCE=TOKEN",
                    help=f"An access token for that instance only (repeatable); {token_note}.",
                ),
                retries_option,
                timeout_option,
                click.option(
                    "--concurrency",
                    type=click.IntRange(min=1),
                    default=DEFAULT_CONCURRENCY,
                    show_default=True,
                    help="Instances asked at once.",
                ),
            )
        ):
            command = option(command)
        return command

    return add
