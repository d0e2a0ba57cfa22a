"""Report the fields that real servers send and the models lack, at the end of the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conformance import test_reference


def pytest_sessionfinish(session: pytest.Session) -> None:
    # On a pytest-xdist worker: hand the counts to the controller, which reports.
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["unmodelled"] = dict(test_reference.UNMODELLED)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    test_reference.UNMODELLED.update(getattr(node, "workeroutput", {}).get("unmodelled", {}))


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    lines = test_reference.report()
    if not lines:
        return
    cache = getattr(config, "cache", None)  # absent under -p no:cacheprovider
    path = Path(str(cache.mkdir("conformance"))) / "unmodelled-fields.txt" if cache else None
    header = "fields that real servers send and tootkit does not model (ignored in production)"
    if path is not None:
        path.write_text(header + "\n" + "\n".join(lines) + "\n")
    terminalreporter.section("conformance")
    if config.getoption("verbose") > 0 or path is None:
        terminalreporter.write_line(header + "; count, server, entity.field:")
        for line in lines:
            terminalreporter.write_line(line)
    else:
        terminalreporter.write_line(f"{len(lines)} kinds of unmodelled fields; the list: {path}")
