"""What the tootkit command says when a request goes wrong, or finds nothing."""

from __future__ import annotations

import pytest

from tests.support.cli import run
from tests.support.mockserver import MockServer

pytestmark = pytest.mark.integration


def test_a_tag_that_finds_nothing_says_so(
    mock_server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("tag", "#NothingHere", "--instance", mock_server.base_url) == 0
    captured = capsys.readouterr()
    host = mock_server.base_url.split("://")[1]
    assert captured.out == ""
    assert captured.err == f"tootkit: no statuses under #NothingHere on {host}\n"
