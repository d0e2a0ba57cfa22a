"""What users of tootkit.testing read runs: every docstring example, every test on the docs page.

The issue's bar: every public method of ``FakeInstance`` is typed and
documented. pytest is not given ``--doctest-modules``; the examples of the
fake's docstrings are what its users copy, so they are run here.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest

import tootkit.testing
from tests.testing.test_plugin import ONLY_THE_PLUGIN, PLAIN
from tootkit.testing import FakeInstance

pytest_plugins = ["pytester"]

PAGE = Path(__file__).resolve().parents[2] / "docs" / "testing.md"
MODULES = sorted(
    f"tootkit.testing.{info.name}" for info in pkgutil.iter_modules(tootkit.testing.__path__)
)


@pytest.mark.parametrize("module", ["tootkit.testing", *MODULES])
def test_the_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def public_members() -> list[tuple[str, Any]]:
    found = []
    for name, member in inspect.getmembers_static(FakeInstance):
        if name.startswith("_"):
            continue
        found.append((name, member.fget if isinstance(member, property) else member))
    return found


@pytest.mark.parametrize(("name", "member"), public_members())
def test_every_public_member_of_the_fake_is_typed_and_documented(name: str, member: Any) -> None:
    assert callable(member), f"{name} is not a method or a property"
    doc = inspect.getdoc(member) or ""
    assert ">>>" in doc, f"FakeInstance.{name} has no example in its docstring"
    signature = inspect.signature(member)
    untyped = [
        p.name
        for p in signature.parameters.values()
        if p.name != "self" and p.annotation is inspect.Parameter.empty
    ]
    assert untyped == [], f"FakeInstance.{name}: {untyped} without a type"
    assert signature.return_annotation is not inspect.Signature.empty


def page_tests() -> list[tuple[str, str]]:
    """The page's Python blocks that hold tests, by the section they are in."""
    found = []
    for section in re.split(r"^## ", PAGE.read_text(), flags=re.MULTILINE)[1:]:
        title = section.splitlines()[0]
        for code in re.findall(r"^```python\n(.*?)^```", section, re.MULTILINE | re.DOTALL):
            # An included file (the echo bot's tests) runs in this suite where it lives.
            if "def test_" in code and not code.startswith("--8<--"):
                found.append((title, code))
    return found


@pytest.mark.parametrize(
    ("section", "code"), page_tests(), ids=[title for title, _ in page_tests()]
)
def test_the_tests_on_the_docs_page_pass(
    section: str, code: str, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only the plugin, and pytest-asyncio for the async examples, as a user's project has them.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(test_page=code)
    asyncio = ("-p", "pytest_asyncio.plugin", "-o", "asyncio_mode=auto")
    asyncio += ("-o", "asyncio_default_fixture_loop_scope=function")
    result = pytester.runpytest_inprocess(*ONLY_THE_PLUGIN, *asyncio, *PLAIN)
    outcomes = result.parseoutcomes()
    tests = code.count("\ndef test_") + code.count("\nasync def test_")
    assert outcomes.get("passed", 0) >= tests, result.stdout.str()
    assert set(outcomes) == {"passed"}, result.stdout.str()
