"""Print the conformance report (fields the models lack) in the test summary."""

from __future__ import annotations

import pytest

from tests.conformance import test_reference


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = test_reference.report()
    if lines:
        terminalreporter.section("fields that real servers send and tootkit does not model")
        terminalreporter.write_line(
            "(ignored in production; the strict converter finds them; count, server, entity.field)"
        )
        for line in lines:
            terminalreporter.write_line(line)
