"""The sans-I/O core imports nothing above it: the standard library, itself, httpx types, errors."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import tootkit

CORE = Path(tootkit.__file__).parent / "_core"
ALLOWED = ("tootkit._core", "tootkit.errors", "httpx")


def imported(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(CORE.glob("*.py")), ids=lambda p: p.name)
def test_core_imports_nothing_above_it(path: Path) -> None:
    for name in imported(path):
        top = name.split(".")[0]
        allowed = top in sys.stdlib_module_names or name.startswith(ALLOWED)
        assert allowed, f"{path.name} imports {name}"
