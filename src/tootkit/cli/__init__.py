"""The ``tootkit`` command: research in one command.

Install it with ``pip install "tootkit[cli]"``; ``python -m tootkit`` works too.

    tootkit tag AfghanTaliban --limit 20
    tootkit harvest AfghanTaliban Taliban --instance mastodon.social --instance mastodon.online \\
        --since 2025-01-01 --db research.sqlite
    tootkit export research.sqlite --format parquet -o afghan.parquet
    tootkit report research.sqlite -o research.html
    tootkit discover AfghanTaliban --seed mastodon.social --peers -o instances.txt

The commands live in one module each (``_read``, ``_harvest``, ``_merge``, ``_export``,
``_discover``, ``_refresh``, ``_hydrate``, ``_report``),
what they share in ``_options``, ``_output`` and ``_progress``, and the group
and its error handling in ``_app``.
"""

from __future__ import annotations

try:
    import click  # noqa: F401
    import rich  # noqa: F401
except ImportError as exc:  # pragma: no cover - the command needs the extra
    raise SystemExit('the tootkit command needs its extra: pip install "tootkit[cli]"') from exc

from tootkit.cli import (  # noqa: F401 - they add commands
    _discover,
    _export,
    _harvest,
    _hydrate,
    _merge,
    _read,
    _refresh,
    _report,
)
from tootkit.cli._app import CliError, cli, main
from tootkit.cli._options import check_tag, parse_date
from tootkit.cli._output import Writer, print_status

__all__ = ["CliError", "Writer", "check_tag", "cli", "main", "parse_date", "print_status"]
