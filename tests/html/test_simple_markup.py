"""The simple-markup reader gives what html.parser gives, on real bodies and on generated ones."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import REFERENCE, REFERENCE_REQUIRED
from tests.support.hostile_html import HOSTILE
from tootkit.html._convert import _Converter, convert
from tootkit.html._markup import defuse, feed_simple


def through_html_parser(html: str, markdown: bool, links: Any, hide_quote: bool = False) -> str:
    parser = _Converter(markdown, links, hide_quote)
    parser.feed(defuse(html))
    return parser.result()


def same_both_ways(html: str) -> None:
    for markdown in (False, True):
        for links in ("visible", "full"):
            for hide in (False, True):
                fast = convert(html, markdown=markdown, links=links, hide_quote_inline=hide)
                slow = through_html_parser(html, markdown, links, hide)
                assert fast == slow, (html, markdown, links, hide)


def _bodies(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("content", "note", "value") and isinstance(item, str) and "<" in item:
                yield item
            else:
                yield from _bodies(item)
    elif isinstance(value, list):
        for item in value:
            yield from _bodies(item)


def reference_bodies() -> list[str]:
    if not REFERENCE.is_dir():
        return []
    found: set[str] = set()
    for path in sorted(REFERENCE.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            try:
                found.update(_bodies(json.loads(line).get("json")))
            except ValueError:
                continue
    return sorted(found)


def test_every_reference_body() -> None:
    bodies = reference_bodies()
    if not bodies:
        assert not REFERENCE_REQUIRED, "../shared/reference is missing"
        pytest.skip("../shared/reference is not here")
    simple = 0
    for html in bodies:
        same_both_ways(html)
        simple += feed_simple(_Converter(False, "visible", False), defuse(html))
    assert simple / len(bodies) > 0.9  # the fast reader takes nearly all of them


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_bodies(name: str) -> None:
    # A tenth of each is as hostile to the two readers' agreement, and ten times
    # cheaper; test_rules.py converts them whole, against the clock.
    html = HOSTILE[name][: len(HOSTILE[name]) // 10]
    if not feed_simple(_Converter(False, "visible", False), html):
        pytest.skip("not simple markup: both ways are html.parser's")
    assert convert(html, markdown=False, links="visible", hide_quote_inline=False) == (
        through_html_parser(html, False, "visible")
    )


@pytest.mark.parametrize(
    "html",
    [
        '<P CLASS="x">Upper case</P>',
        "<p>a<br/>b<br />c</p>",
        "<p>x &amp; y &lt;z&gt; &#39;q&#39; &bogus; &amp</p>",
        '<a href="https://x.example/?a=1&amp;b=2">link</a>',
        "<p title='single'>single-quoted attributes go to html.parser</p>",
        "<p>a <!-- comment --> b</p>",
        "<ol reversed><li>a</li><li>b</li></ol>",
        "<p>1 < 2 and 3 > 2</p>",
        "<script>if (a < b) {}</script><p>after</p>",
        "</p end>text",
        "<p>unclosed <b>bold",
        # Not simple at the very end: found in linear time, not by backtracking.
        "<p>" + "a b <b>c</b> " * 5000 + "<!-- the end",
        "<a" + " x" * 5000 + " y='z'>",
        # Found by review: an escaped newline after <br>, an escaped class, Unicode spaces.
        "<p>a<br>&#10;b</p>",
        "<p>a<br/>&NewLine;b</p>",
        '<p>x <span class="quote&#45;inline">RE: y</span> z</p>',
        '<p>x <span class="quote-inline">RE: <a href="https://q.example/1">q.example/1</a></span></p>',
        '<p>x <span\xa0class="invisible">secret</span> y</p>',
        "<p>a<br\x0b>b</p>",
    ],
)
def test_cases(html: str) -> None:
    same_both_ways(html)


_names = st.sampled_from(
    ["p", "br", "a", "span", "b", "I", "ul", "ol", "li", "blockquote", "pre", "code", "h2",
     "img", "div", "del", "script"]
)  # fmt: skip
_attribute = st.tuples(
    st.sampled_from(["class", "href", "rel", "start", "value", "reversed", "alt", "CLASS"]),
    st.sampled_from(
        [
            "invisible",
            "ellipsis",
            "mention hashtag",
            "tag",
            "3",
            ":blob:",
            "a&amp;b",
            "quote-inline",
        ]
    ),
    st.sampled_from(['="{}"', "='{}'", "={}", ""]),
).map(lambda t: f" {t[0]}{t[2].format(t[1])}")
_tag = st.one_of(
    st.tuples(_names, st.lists(_attribute, max_size=3), st.sampled_from([">", "/>", " />"])).map(
        lambda t: f"<{t[0]}{''.join(t[1])}{t[2]}"
    ),
    _names.map(lambda n: f"</{n}>"),
)
_text = st.lists(
    st.sampled_from([*"ab \n\t<>&;#x1", "&amp;", "&lt;", "&#39;", "…", "&#10;", "\xa0"]), max_size=8
).map("".join)


@given(st.lists(st.one_of(_tag, _text), max_size=25))
def test_generated_markup(parts: list[str]) -> None:
    same_both_ways("".join(parts))


_mastodon_names = st.sampled_from(["p", "br", "a", "span", "P", "BR"])
_mastodon_tag = st.one_of(
    st.tuples(
        _mastodon_names, st.lists(_attribute, max_size=3), st.sampled_from([">", "/>", " />"])
    ).map(lambda t: f"<{t[0]}{''.join(t[1])}{t[2]}"),
    _mastodon_names.map(lambda n: f"</{n}>"),
)


@given(st.lists(st.one_of(_mastodon_tag, _text), max_size=30))
def test_generated_mastodon_markup(parts: list[str]) -> None:
    # Only the elements Mastodon writes: the fast path for them agrees with html.parser.
    same_both_ways("".join(parts))
