"""The report page in a real browser: headless Chromium renders it, runs nothing, logs nothing.

Debian's ``chromium`` is what CI installs (``.ci/run``); without it these tests skip,
except on CI, where a missing browser fails them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.cli import run
from tests.support.profiles import account, status, store
from tootkit.store import Archive

pytestmark = pytest.mark.integration

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")

INJECTIONS = [
    "<script>alert(1); document.title='pwned'</script>",
    "<img src=x onerror=\"alert(1); document.title='pwned'\">",
    '<a href="javascript:alert(1)">click</a>',
]


@pytest.fixture(scope="module")
def browser() -> str:
    if BROWSER is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it")
        pytest.skip("no chromium here (apt-get install chromium)")
    return BROWSER


def render(browser: str, page: Path, screenshot: Path) -> tuple[str, list[str]]:
    """The DOM after loading ``page``, and every console message; a screenshot beside it."""
    common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
              "--enable-logging=stderr", "--v=0", "--log-level=0", "--window-size=1280,2400"]  # fmt: skip
    dom = subprocess.run(
        [*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    )
    shot = subprocess.run(
        [*common, f"--screenshot={screenshot}", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    console = [
        line for line in (dom.stderr + shot.stderr).splitlines() if re.search(r":CONSOLE[:(]", line)
    ]
    return dom.stdout, console


def test_the_console_is_read(browser: str, tmp_path: Path) -> None:
    """The check below can fail: a page that logs an error is caught."""
    page = tmp_path / "noisy.html"
    page.write_text("<!doctype html><title>t</title><script>console.error('boom')</script>")
    _, console = render(browser, page, tmp_path / "noisy.png")
    assert any("boom" in line for line in console)


def test_a_report_renders_runs_no_script_and_shows_its_totals(browser: str, tmp_path: Path) -> None:
    evil = account("110000000000000009", "mallory", INJECTIONS[0] + INJECTIONS[1])
    fine = account("110000000000000008", "alice", "Alice")
    statuses = [
        status(str(300 + k), fine, f"<p>post {k} #research</p>", minute=k) for k in range(7)
    ]
    statuses += [
        status(str(400 + k), evil, f"<p>{text} #research</p>", minute=10 + k)
        for k, text in enumerate(INJECTIONS)
    ]
    db = tmp_path / "study.sqlite"
    with Archive(db, create=True) as archive:
        store(archive, statuses)
    page = tmp_path / "study.html"
    assert run("report", str(db), "-o", str(page)) == 0
    dom, console = render(browser, page, tmp_path / "study.png")
    assert console == []  # no error, and no blocked script or handler
    assert "pwned" not in re.search(r"<title>(.*?)</title>", dom, re.S).group(1)  # type: ignore[union-attr]
    assert "10" in dom  # the total of statuses
    assert "alice@a.example" in dom
    assert "<script" not in page.read_text(encoding="utf-8")
    shot = tmp_path / "study.png"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000
