#!/usr/bin/env python3
"""Generate the synchronous client from the asynchronous one.

``src/tootkit/_async`` is written by hand; this script rewrites each of its
files into ``src/tootkit/_sync`` with a handful of regex rules (``AsyncClient``
becomes ``Client``, ``async for`` becomes ``for``, ...). The same is done for
``tests/_async`` into ``tests/_sync``.

    python scripts/unasync.py          # regenerate
    python scripts/unasync.py --check  # exit 1 if the generated code is stale

The script fails if a rule is never used, so that dead rules do not pile up.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAIRS = [
    (ROOT / "src" / "tootkit" / "_async", ROOT / "src" / "tootkit" / "_sync"),
    (ROOT / "tests" / "_async", ROOT / "tests" / "_sync"),
]

HEADER = (
    "# This file is generated from the {source} by scripts/unasync.py: do not edit it.\n"
    "# Change the async source and run `python scripts/unasync.py` instead.\n"
)

# Order matters: longer, more specific patterns first. The first few are for
# docstrings, whose prose and examples must read right in the sync twin too.
RULES: list[tuple[str, str]] = [
    (r"^\s*>>> first = await .*\n", ""),  # awaiting a paginator: async only
    (r"; ``await`` it for the first page alone", ""),
    (r"\ban async context manager\b", "a context manager"),
    (r"\bAn asynchronous\b", "A synchronous"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAsyncGenerator\[(.+?), None\]", r"Generator[\1, None, None]"),
    (r"\bAsyncGenerator\b", "Generator"),
    (r"\bAwaitable\[([^\]]+)\]", r"\1"),
    (r"\bhttpx\.AsyncBaseTransport\b", "httpx.BaseTransport"),
    (r"\bhttpx\.AsyncClient\b", "httpx.Client"),
    (r"\bAsync([A-Z]\w*)", r"\1"),
    (r"\basync def\b", "def"),
    (r"\basync for\b", "for"),
    (r"\basync with\b", "with"),
    (r"\bawait\s+", ""),
    (r"__aenter__", "__enter__"),
    (r"__aexit__", "__exit__"),
    (r"__aiter__", "__iter__"),
    (r"__anext__", "__next__"),
    (r"\baclose\b", "close"),
    (r"\baiter_bytes\b", "iter_bytes"),
    (r"\baconnect_ws\b", "connect_ws"),
    (r"\baread\b", "read"),
    (r"\bhandle_async_request\b", "handle_request"),
    (r"tootkit\._async\b", "tootkit._sync"),
    (r"\basync_sleep\b", "sleep"),  # tootkit._concurrency holds both
    (r"\basync_runtime\b", "runtime"),  # FakeInstance.async_runtime() / runtime()
    (r"\basynchronous\b", "synchronous"),
]

# A few lines make sense only in the async source (they describe it as the source).
SKIP_LINE = re.compile(r"#\s*unasync:\s*skip\b|is the source of truth")


def convert(text: str, used: set[int]) -> str:
    out_lines: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        # Blocks that only make sense in async code (``__await__``) are fenced
        # by "# unasync: begin-skip" and "# unasync: end-skip".
        if "# unasync: begin-skip" in line:
            skipping = True
            continue
        if "# unasync: end-skip" in line:
            skipping = False
            continue
        if skipping:
            continue
        if SKIP_LINE.search(line):
            if out_lines and not out_lines[-1].strip():
                out_lines.pop()  # and the blank line that set it apart
            continue
        out_lines.append(line)
    result = "".join(out_lines)
    for index, (pattern, replacement) in enumerate(RULES):
        result, count = re.subn(pattern, replacement, result, flags=re.MULTILINE)
        if count:
            used.add(index)
    return IMPORT_LINE.sub(_dedupe_import, result)


IMPORT_LINE = re.compile(r"^(from [\w.]+ import )(.+)$", re.MULTILINE)


def _dedupe_import(match: re.Match[str]) -> str:
    """``Generator, Iterator, Generator`` (two rules met) → ``Generator, Iterator``, sorted."""
    names = sorted({name.strip() for name in match.group(2).split(",")}, key=str.lower)
    return match.group(1) + ", ".join(names)


def generate() -> dict[Path, str]:
    used: set[int] = set()
    outputs: dict[Path, str] = {}
    for source_dir, target_dir in PAIRS:
        if not source_dir.exists():
            continue
        for source in sorted(source_dir.rglob("*.py")):
            rel = source.relative_to(source_dir)
            header = HEADER.format(source=f"async source {source.relative_to(ROOT)}")
            outputs[target_dir / rel] = header + convert(source.read_text(), used)
    unused = [RULES[i][0] for i in range(len(RULES)) if i not in used]
    if unused:
        raise SystemExit(f"unasync: rules never used (remove them): {unused}")
    leftovers = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path, text in outputs.items()
        if path.is_relative_to(PAIRS[0][1])
        for number, line in enumerate(text.splitlines(), 1)
        if not line.startswith("# ") and ASYNC_ONLY.search(line)
    ]
    if leftovers:
        lines = "\n  ".join(leftovers)
        raise SystemExit(f"unasync: the sync code still speaks of async (add a rule):\n  {lines}")
    return outputs


ASYNC_ONLY = re.compile(r"\bawait\b|\basync with\b|\basyncio\b")
"""What generated sync code, docstrings included, must never mention."""


def main(argv: list[str]) -> int:
    check = "--check" in argv
    outputs = generate()
    stale = []
    for path, text in outputs.items():
        current = path.read_text() if path.exists() else None
        if current != text:
            stale.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
    # Generated files whose source is gone are stale too.
    expected = set(outputs)
    for _, target_dir in PAIRS:
        for path in target_dir.rglob("*.py") if target_dir.exists() else []:
            if path not in expected:
                stale.append(path)
                if not check:
                    path.unlink()
    if check and stale:
        names = "\n  ".join(str(p.relative_to(ROOT)) for p in stale)
        print(f"unasync: generated code is stale; run `python scripts/unasync.py`:\n  {names}")
        return 1
    if not check:
        print(f"unasync: {len(stale)} file(s) written, {len(outputs) - len(stale)} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
