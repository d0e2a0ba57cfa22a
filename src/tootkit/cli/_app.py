"""The ``tootkit`` group, its entry point, and how errors reach the terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click

import tootkit
from tootkit._explain import describe_failure
from tootkit.errors import ArchiveError, TootkitError

__all__ = ["CliError", "cli", "explained", "main"]


class CliError(Exception):
    """A problem to report as one line on stderr, with an exit code.

    With ``--debug``, the exception it was raised from (if any) is raised
    instead, with its traceback.
    """

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@contextmanager
def explained(instance: str) -> Iterator[None]:
    """Turn what a request to ``instance`` raises into a :class:`CliError` of one line."""
    try:
        yield
    except ArchiveError as exc:
        raise CliError(str(exc)) from exc
    except TootkitError as exc:
        raise CliError(describe_failure(exc, instance)) from exc


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.version_option(tootkit.__version__, prog_name="tootkit")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Read and archive Mastodon hashtag timelines.

    Run a command with --help for its options, for example: tootkit harvest --help
    """
    ctx.obj = {"debug": debug}


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"tootkit: error: {' '.join(message.split())}", err=True)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> int:
    """Run the command; errors are one line on stderr and a non-zero exit."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        click.echo(cli.get_help(click.Context(cli, info_name="tootkit")))
        return 0
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="tootkit", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code or 0)
    except click.ClickException as exc:
        if debug:
            raise
        _fail(exc.format_message(), exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        _fail("interrupted", 130)
    except CliError as exc:
        if debug:
            raise exc.__cause__ or exc from None
        _fail(str(exc), exc.code)
    except (TootkitError, ValueError) as exc:
        if debug:
            raise
        _fail(str(exc), 1)
    return 0
