"""The plain-text rules of DESIGN.md, one table per rule, on real-shaped bodies."""

from __future__ import annotations

import time

import pytest

from tests.support.hostile_html import HOSTILE
from tootkit.html import apply, to_markdown, to_text

M_LINK = (
    '<a href="https://example.com/some/long/path/123" rel="nofollow noopener" target="_blank">'
    '<span class="invisible">https://</span><span class="ellipsis">example.com/some/long/pa</span>'
    '<span class="invisible">th/123</span></a>'
)
M_MENTION = (
    '<span class="h-card" translate="no"><a href="https://mastodon.social/@Gargron" '
    'class="u-url mention">@<span>Gargron</span></a></span>'
)
M_TAG = '<a href="https://mastodon.social/tags/python" class="mention hashtag" rel="tag">#<span>python</span></a>'


@pytest.mark.parametrize(
    ("html", "text"),
    [
        # Mastodon, local posts
        (
            f"<p>Hello {M_MENTION}, see {M_LINK} {M_TAG}</p>",
            "Hello @Gargron, see example.com/some/long/pa… #python",
        ),
        ("<p>one</p><p>two</p>", "one\n\ntwo"),
        ("<p>one</p>\n\n<p>two</p>\n", "one\n\ntwo"),
        ("<p>line one<br>line two<br />line three</p>", "line one\nline two\nline three"),
        ("<p></p><p>only</p><p> </p>", "only"),
        # Pleroma and Akkoma: <br><br> paragraphs, no <p>
        (
            "first paragraph<br><br>second<br/>still second",
            "first paragraph\n\nsecond\nstill second",
        ),
        # Pixelfed: a newline after <br>
        (
            "<p>caption<br />\nsecond line<br />\n\nafter a blank</p>",
            "caption\nsecond line\n\nafter a blank",
        ),
        # Friendica: a literal ellipsis, no spans
        (
            '<p><a href="https://example.com/a/very/long/url">example.com/a/very…</a></p>',
            "example.com/a/very…",
        ),
        # Takahe: ellipsis on the link and on the span
        (
            '<p><a class="ellipsis" href="https://e.x/long"><span class="ellipsis">e.x/lo</span></a></p>',
            "e.x/lo…",
        ),
        # Misskey forks: zero-width spaces around emoji are kept
        ("<p>hi \u200b:blobcat:\u200b there</p>", "hi \u200b:blobcat:\u200b there"),
        # Mastodon 4.5 quote posts: the RE: paragraph is kept by default
        (
            '<p class="quote-inline">RE: <a href="https://m.x/@a/1">m.x/@a/1</a></p><p>my take</p>',
            "RE: m.x/@a/1\n\nmy take",
        ),
    ],
)
def test_servers(html: str, text: str) -> None:
    assert to_text(html) == text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        # Text nodes are verbatim: runs of spaces stay, no normalisation, ZWJ kept.
        ("<p>a    b</p>", "a    b"),
        ("<p>  indented</p>", "  indented"),
        ("<p>cafe\u0301 vs café</p>", "cafe\u0301 vs café"),
        ("<p>👩\u200d💻</p>", "👩\u200d💻"),
        # Trailing whitespace at each line end goes.
        ("<p>trailing   <br>next \t</p>", "trailing\nnext"),
        ("plain text   \nsecond  ", "plain text\nsecond"),
        ("", ""),
        ("   \n  ", ""),
    ],
)
def test_text_is_verbatim(html: str, text: str) -> None:
    assert to_text(html) == text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        (
            "<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x1F600; &hellip;</p>",
            "a & b <c> \"d\" 'e' 😀 …",
        ),
        ("<p>&nbsp;x&nbsp;</p>", "\xa0x"),
        ("<p>AT&T &copy 2025</p>", "AT&T © 2025"),
        ("no tags &amp; entities", "no tags & entities"),
    ],
)
def test_entities_as_html5(html: str, text: str) -> None:
    assert to_text(html) == text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        (f"<p>{M_LINK}</p>", "example.com/some/long/pa…"),
        ('<p><span class="ellipsis">e.x/a</span><span class="ellipsis">b</span></p>', "e.x/a…b…"),
        ('<p><a href="https://e.x/">https://e.x/</a></p>', "https://e.x/"),
    ],
)
def test_links_show_what_a_reader_sees(html: str, text: str) -> None:
    assert to_text(html) == text


def test_full_links() -> None:
    html = f"<p>{M_MENTION} {M_LINK} {M_TAG}</p>"
    assert to_text(html, links="full") == "@Gargron https://example.com/some/long/path/123 #python"
    with pytest.raises(ValueError, match="links"):
        to_text(html, links="all")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ("<ol><li>a</li><li>b</li></ol>", "1. a\n2. b"),
        ('<ol start="7"><li>a</li><li>b</li></ol>', "7. a\n8. b"),
        ("<ol reversed><li>a</li><li>b</li><li>c</li></ol>", "3. a\n2. b\n1. c"),
        ('<ol reversed start="10"><li>a</li><li>b</li></ol>', "10. a\n9. b"),
        ('<ol><li>a</li><li value="5">b</li><li>c</li></ol>', "1. a\n5. b\n6. c"),
        (
            "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>",
            "- a\n  - b\n    - c\n- d",
        ),
        ("<ol><li>a<ul><li>b</li></ul></li></ol>", "1. a\n  - b"),
        ("<p>before</p><ul><li>x</li></ul><p>after</p>", "before\n\n- x\n\nafter"),
        ("<ul><li>one</li></ul><ul><li>two</li></ul>", "- one\n\n- two"),
        ("<ul>\n<li>spaced</li>\n<li>out</li>\n</ul>", "- spaced\n- out"),
        ("<ul><li><p>para</p></li></ul>", "- para"),
        ("<ul><li>line<br>break</li></ul>", "- line\n  break"),
    ],
)
def test_lists(html: str, text: str) -> None:
    assert to_text(html) == text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<blockquote><p>quoted</p></blockquote>", "> quoted"),
        ("<blockquote><p>a</p><p>b</p></blockquote><p>reply</p>", "> a\n>\n> b\n\nreply"),
        ("<blockquote>x<blockquote>y</blockquote></blockquote>", "> x\n>\n> > y"),
        ("<blockquote><p>l1<br>l2</p></blockquote>", "> l1\n> l2"),
        ("<h1>Title</h1><p>body</p>", "Title\n\nbody"),
        ("<pre><code>a  b\n  c\n</code></pre><p>x</p>", "a  b\n  c\n\nx"),
        ("<pre>\nfirst</pre>", "first"),
        ("<p>x</p><hr><p>y</p>", "x\n\ny"),
    ],
)
def test_blocks(html: str, text: str) -> None:
    assert to_text(html) == text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>unclosed <b>bold<p>next", "unclosed bold\n\nnext"),
        ("<p>stray</span} text after</p>", "stray text after"),
        ("<p>stray </div> end tag</p>", "stray  end tag"),
        ("<p>a <span>never closed</p><p>b</p>", "a never closed\n\nb"),
        ("<p>broken <a href='x>link text</p>", "broken <a href='x>link text"),
        ("1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),
        ("<p>a <3 b</p>", "a <3 b"),
        ("<script>alert(1)</script><p>shown</p>", "shown"),
        ("<style>p{}</style>text", "text"),
    ],
)
def test_malformed_markup_loses_no_text(html: str, text: str) -> None:
    assert to_text(html) == text


def test_quote_inline_is_hidden_only_when_asked() -> None:
    html = '<p>take</p><p class="quote-inline">RE: <a href="u">u</a></p>'
    fedibird = '<p>test quote<span class="quote-inline"><br/>QT: <a href="u">u</a></span></p>'
    assert to_text(html) == "take\n\nRE: u"
    assert to_text(html, hide_quote_inline=True) == "take"
    assert to_text(fedibird, hide_quote_inline=True) == "test quote"

    class WithQuote:
        quote = object()

    assert to_text(html, status=WithQuote()) == "take"


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        (
            "<p>A <strong>b</strong> <em>c</em> <del>d</del> <code>e*f</code></p>",
            "A **b** *c* ~~d~~ `e*f`",
        ),
        ('<p><a href="https://e.x/a">e.x/a</a></p>', "[e.x/a](https://e.x/a)"),
        (f"<p>{M_LINK}</p>", "[example.com/some/long/pa…](https://example.com/some/long/path/123)"),
        ("<pre><code>x = 1\n</code></pre>", "```\nx = 1\n```"),
        ("<h2>Head</h2><ul><li>a</li></ul>", "## Head\n\n- a"),
        ("<blockquote><p>q</p></blockquote>", "> q"),
        ("<p>5 * 3 = _15_ [x]</p>", "5 \\* 3 = \\_15\\_ \\[x\\]"),
        ("<p># not a heading</p><p>- not a list</p>", "\\# not a heading\n\n\\- not a list"),
    ],
)
def test_markdown(html: str, markdown: str) -> None:
    assert to_markdown(html) == markdown


@pytest.fixture(scope="module")
def seconds_per_character() -> float:
    """What converting an ordinary body costs per character, on this machine, now."""
    ordinary = "<p>A word and <a href='https://e.x/'>a link</a>.</p>" * 2000
    started = time.perf_counter()
    to_markdown(ordinary)
    return (time.perf_counter() - started) / len(ordinary)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_converts_without_blowing_up(name: str, seconds_per_character: float) -> None:
    # The timings are measured by bench/html_hostile.py (each well under 2 s).
    # Here each is compared with an ordinary body of the same length: about as
    # fast when measured, where a quadratic blow-up is thousands of times
    # slower. The factor 50 leaves room for a loaded machine.
    html = HOSTILE[name]
    ordinary = seconds_per_character * len(html)
    for convert in (to_text, to_markdown):
        started = time.perf_counter()
        result = convert(html)
        assert isinstance(result, str)
        took = time.perf_counter() - started
        assert took < 50 * ordinary, (
            f"{name}: {took:.2f} s, {took / ordinary:.0f} x an ordinary body"
        )


def test_apply_passes_the_status_to_converters_that_take_it() -> None:
    seen: list[object] = []

    def aware(html: str, *, status: object = None) -> str:
        seen.append(status)
        return "aware"

    assert apply(aware, "<p>x</p>", status="S") == "aware"
    assert seen == ["S"]
    assert apply(str.strip, " x ", status="S") == "x"
    assert apply(None, "<p>x</p>") == "x"


@pytest.mark.parametrize(
    ("html", "text"),
    [
        # GoToSocial, a post written in Markdown
        (
            '<h1>Title</h1><h2>Smaller title</h2><p>This is a post written in <a href="https://www.markdownguide.org/" '
            'rel="nofollow noreferrer noopener" target="_blank">markdown</a></p>',
            "Title\n\nSmaller title\n\nThis is a post written in markdown",
        ),
        # GoToSocial, a system note in an <aside> with a list inside a paragraph
        (
            '<p>hi <span class="h-card"><a href="http://localhost:8080/@admin" class="u-url mention">@<span>admin</span>'
            "</a></span> here's some media for ya</p><aside><p>Note from localhost:8080: 2 attachments could not be "
            'downloaded:<ul><li><a href="http://example.org/a.svg">a.svg</a> [SVG line art]</li><li>'
            '<a href="http://example.org/b.jpg">b.jpg</a></li></ul></aside>',
            "hi @admin here's some media for ya\n\nNote from localhost:8080: 2 attachments could not be downloaded:"
            "\n\n- a.svg [SVG line art]\n- b.jpg",
        ),
        # Mastodon, a Wordle grid
        (
            "<p>Wordle 591 X/6*</p><p>🟨⬛🟩🟨⬛<br />🟨⬛🟩⬛🟩<br />🟩🟩🟩⬛🟩</p>",
            "Wordle 591 X/6*\n\n🟨⬛🟩🟨⬛\n🟨⬛🟩⬛🟩\n🟩🟩🟩⬛🟩",
        ),
        # Mastodon, "<br> <br>" inside a paragraph
        (
            "<p>Did you know?</p><p>But it was Charles Darrow.<br> <br>Parker Brothers credited Monopoly &amp; more.</p>",
            "Did you know?\n\nBut it was Charles Darrow.\n\nParker Brothers credited Monopoly & more.",
        ),
        # Pleroma, no <p>, "<br/>\n", an unshortened link
        (
            '<span class="h-card"><a class="u-url mention" href="https://gleasonator.com/users/alex">@alex</a></span> '
            'The second one: <a href="https://www.w3.org/TR/activitypub/#retrieving-objects">'
            "https://www.w3.org/TR/activitypub/#retrieving-objects</a><br/>\nThe first one is likely a legacy, I&#39;m not sure",
            "@alex The second one: https://www.w3.org/TR/activitypub/#retrieving-objects\n"
            "The first one is likely a legacy, I'm not sure",
        ),
        # Mastodon, a short link without the ellipsis class
        (
            '<p>Nova kaleidoscope<br><a href="https://v.redd.it/a6b6n5vckbm81"><span class="invisible">https://</span>'
            '<span class="">v.redd.it/a6b6n5vckbm81</span><span class="invisible"></span></a></p>',
            "Nova kaleidoscope\nv.redd.it/a6b6n5vckbm81",
        ),
        # Fedibird, a quote post: the "QT:" span stays unless the status has a quote
        (
            '<p>test quote<span class="quote-inline"><br/>QT: <a class="status-url-link" href="https://fedibird.com/@alex/1">'
            '<span class="invisible">https://</span><span class="ellipsis">fedibird.com/@alex/10767356921</span>'
            '<span class="invisible">4329435</span></a></span></p>',
            "test quote\nQT: fedibird.com/@alex/10767356921…",
        ),
    ],
)
def test_real_bodies(html: str, text: str) -> None:
    assert to_text(html) == text
