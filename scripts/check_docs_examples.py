#!/usr/bin/env python3
"""Type-check every Python example of the docs with ``mypy --strict``.

Each ```` ```python ```` fence of ``README.md`` and ``docs/*.md`` becomes a
module of its own in a temporary folder, as do ``docs/examples/*.py``; mypy
checks them all against ``src``, and its errors are reported at the line of
the Markdown file they come from.

    python scripts/check_docs_examples.py        # exit 1 on any error

What is not checked, on purpose:

- doctest blocks (lines starting with ``>>>``): the doctests run them;
- a fence whose first line is ``# fragment``: a piece of a larger program
  (a call inside a loop the text describes), which cannot stand alone.

An example may use the names that the docs take as given without defining
them (``tootkit``, ``client``, ``TOKEN``...): they are in :data:`GIVEN`.
A top-level ``await`` is allowed, as in an asyncio REPL (``python -m
asyncio``) or a notebook; ``async for`` and ``async with`` belong in an
``async def``, as Python wants.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)

GIVEN = """\
# What the docs' examples take as given: the text around them says what each is.
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import tootkit
from tootkit import Client
from tootkit.auth import Credentials
from tootkit.models import Account, Notification, Status

TOKEN: str  # an access token (see "Signing in")
client: Client  # a client made earlier on the page
aclient: tootkit.AsyncClient  # an async one
bot: Client  # a bot's client
status: Status
account: Account
state: Path  # where a program keeps its place
saved: str  # a cursor saved earlier
since: datetime
SINCE: datetime
UNTIL: datetime
body_bytes: bytes  # a response body
page_bytes: bytes
bar: Any  # a progress bar (tqdm)
listed: Any  # an instances file, read (see "Scale")


def store(items: Sequence[Status]) -> None: ...
def save_somewhere(cursor: str | None) -> None: ...
def load_from_somewhere() -> str: raise NotImplementedError
def forget(status_id: str) -> None: ...
def answer(mention: Notification) -> None: ...
def answer_mentions(client: Client) -> int: raise NotImplementedError  # a bot under test
"""
"""The names the examples may use without defining them, prepended to each."""


def examples() -> list[tuple[Path, int, str]]:
    """Every example to check: its source file, the line it starts on, its code."""
    found: list[tuple[Path, int, str]] = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text()
        for match in FENCE.finditer(text):
            code = match.group(1)
            first = code.lstrip().splitlines()[0] if code.strip() else ""
            if first.startswith("--8<--"):
                # A file the page includes whole (pymdownx.snippets): checked as it is.
                included = ROOT / first.removeprefix("--8<--").strip().strip('"')
                found.append((included, 1, included.read_text()))
                continue
            if first.startswith("# fragment") or any(
                line.lstrip().startswith(">>>") for line in code.splitlines()
            ):
                continue
            line = text.count("\n", 0, match.start(1)) + 1
            found.append((page, line, code))
    for script in sorted((ROOT / "docs" / "examples").glob("*.py")):
        found.append((script, 1, script.read_text()))
    return found


def main() -> int:
    checked = examples()
    header = GIVEN.count("\n")
    with tempfile.TemporaryDirectory(prefix="tootkit-docs-") as folder:
        where: dict[str, tuple[Path, int, int]] = {}
        for number, (source, line, code) in enumerate(checked):
            name = f"example_{number:03}.py"
            given = "" if source.suffix == ".py" else GIVEN
            (Path(folder) / name).write_text(given + code)
            where[name] = (source, line, header if given else 0)
        command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
        command += ["--disable-error-code", "top-level-await"]
        # pandas and pyarrow, in the research pages, ship no types: what they return is Any.
        command += ["--disable-error-code", "import-untyped", folder]
        env = {"MYPYPATH": str(ROOT / "src"), "PATH": ""}
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        errors = 0
        for output in done.stdout.splitlines():
            found = re.match(r".*?(example_\d+\.py):(\d+): (.*)", output)
            if found is None:
                continue
            source, start, skip = where[found.group(1)]
            number = start + int(found.group(2)) - 1 - skip
            print(f"{source.relative_to(ROOT)}:{number}: {found.group(3)}")
            errors += "error:" in found.group(3)
        if done.returncode not in (0, 1) or (done.returncode and not errors):
            print(done.stdout + done.stderr)
            return 2
    print(f"check_docs_examples: {len(checked)} examples, {errors} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
