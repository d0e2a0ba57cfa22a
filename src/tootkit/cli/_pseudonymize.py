"""``--pseudonymize KEYFILE``, shared by the commands that name accounts: export and report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from tootkit.cli._app import CliError
from tootkit.store import KeyFileError, Pseudonymizer
from tootkit.store._pseudonyms import create_key, load_key

__all__ = ["pseudonymize_option", "pseudonymizer"]

FC = TypeVar("FC", bound=Callable[..., object])


def pseudonymize_option(help_text: str) -> Callable[[FC], FC]:
    """The ``--pseudonymize KEYFILE`` option (as ``key_file``), with the command's own help."""
    return click.option(
        "--pseudonymize",
        "key_file",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        metavar="KEYFILE",
        help=help_text + " The same KEYFILE gives the same pseudonyms in every export and report; "
        "a missing KEYFILE is created with a random key, readable by you only.",
    )


def pseudonymizer(key_file: Path) -> Pseudonymizer:
    """The pseudonymizer of ``--pseudonymize``: its key read, or made when the file is missing."""
    try:
        try:
            key = load_key(key_file)
        except FileNotFoundError:
            if not key_file.parent.is_dir():
                raise CliError(
                    f"cannot create the key file {key_file}: its folder does not exist", 2
                ) from None
            key = create_key(key_file)
            click.echo(
                f"tootkit: created the pseudonym key {key_file} (mode 600): keep it to make the "
                "same pseudonyms again, and never publish it",
                err=True,
            )
    except KeyFileError as exc:
        raise CliError(str(exc), 2) from exc
    except OSError as exc:
        raise CliError(f"cannot use the key file {key_file}: {exc.strerror or exc}", 2) from exc
    return Pseudonymizer(key)
