"""snac2, a server written by someone else, as a member of a discovery.

snac2's robots.txt disallows everything to every crawler (``Disallow: /``):
a polite discovery reads nothing from it unless told that it may.
"""

from __future__ import annotations

import pytest

from tests.support.mockserver import Snac2, free_port
from tootkit.discovery import discover

pytestmark = pytest.mark.integration


def test_snac2_keeps_crawlers_out_and_is_left_alone(snac2: Snac2) -> None:
    (report,) = discover("snactest", [snac2.base_url]).reports
    assert report.verdict == "robots"
    assert "robots.txt" in report.reason
    assert report.software is None  # NodeInfo is behind the same Disallow: /


def test_snac2_exempted_holds_its_hashtag_and_names_its_software(snac2: Snac2) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    found = discover(
        "snactest",
        [snac2.base_url, dead],
        tokens={snac2.base_url: snac2.tokens["bob"]},
        robots_exempt=[snac2.base_url],
    )
    by_verdict = {r.verdict: r for r in found.reports}
    assert set(by_verdict) == {"holds", "dead"}
    holder = by_verdict["holds"]
    assert holder.instance == snac2.base_url
    assert holder.software == "snac"
    assert holder.statuses_seen == 5
    assert holder.newest is not None
    assert found.instances_file().splitlines()[1].startswith(f"{snac2.base_url}  # snac ")
