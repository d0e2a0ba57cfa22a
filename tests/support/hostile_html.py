"""Pathological post bodies, shared by the HTML tests and bench/html_hostile.py."""

from __future__ import annotations

HOSTILE = {
    "1 MB body": "<p>" + "word &amp; <a href='https://e.x/'>link</a> <b>b</b> " * 20000 + "</p>",
    "100,000 nested divs": "<div>" * 100_000 + "deep" + "</div>" * 100_000,
    "50,000 unclosed <a": "<a" * 50_000,
    "200,000 entities": "&amp;" * 200_000,
    "30,000 unclosed inline tags": "<b><i><span>" * 10_000 + "text",
    "unclosed comments": "<!--" * 30_000,
    "unclosed attributes": "<a b='" * 30_000,
    "100,000 nested quotes": "<blockquote>q" * 100_000,
}
