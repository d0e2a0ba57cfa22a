"""The one hashtag rule: what is stripped, what is kept, and what is refused with why."""

from __future__ import annotations

import pytest

from tootkit._core.hashtags import hashtags_in, tag_key, tag_name


@pytest.mark.parametrize(
    ("typed", "name", "key"),
    [
        ("python", "python", "python"),
        ("#Python", "Python", "python"),
        ("  #Python  ", "Python", "python"),
        ("\uff03Python", "Python", "python"),
        ("café", "café", "café"),
        ("Café", "Café", "café"),
        ("日本語", "日本語", "日本語"),
        ("हिन्दी", "हिन्दी", "हिन्दी"),
        ("snake_case", "snake_case", "snake_case"),
        ("_private", "_private", "_private"),
        ("100DaysOfCode", "100DaysOfCode", "100daysofcode"),
        ("l·l", "l·l", "l·l"),
        ("1·2", "1·2", "1·2"),
        ("ハッシュ・タグ", "ハッシュ・タグ", "ハッシュ・タグ"),
        ("a\u200cb", "a\u200cb", "a\u200cb"),
        ("Straße", "Straße", "straße"),
    ],
)
def test_a_hashtag_is_read_the_same_way_everywhere(typed: str, name: str, key: str) -> None:
    assert tag_name(typed) == name
    assert tag_key(typed) == key


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        ("#", "cannot be empty"),
        ("a/b", "not '/'"),
        ("foo,bar", "not ','"),
        ("foo bar", "no spaces"),
        ("foo\tbar", "no spaces"),
        ("##python", "'#' only in front"),
        ("py#thon", "'#' only in front"),
        ("c++", "not '+'"),
        ("foo-bar", "not '-'"),
        ("foo.bar", "not '.'"),
        ("123", "at least one letter"),
        ("·python", "not at an end"),
        ("python·", "not at an end"),
        ("emoji🐍", "not '🐍'"),
    ],
)
def test_what_cannot_be_a_hashtag_is_refused_with_one_line_saying_why(typed: str, why: str) -> None:
    with pytest.raises(ValueError, match="is not a hashtag") as caught:
        tag_name(typed)
    message = str(caught.value)
    assert why in message
    assert "\n" not in message
    with pytest.raises(ValueError, match="is not a hashtag"):
        tag_key(typed)


def test_a_hashtag_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="not int"):
        tag_name(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("#Python and #python", ["Python", "python"]),
        ("#हिन्दी #a·b· #日本語", ["हिन्दी", "a·b", "日本語"]),
        ("＃全角", ["全角"]),
        ("#123 #_ #· #", []),  # no letter, no name
        ("a#b https://e.x/#frag (x)#y =#z ##w &#35;", []),  # inside a word or an address
        ("#nobot, #nobots.", ["nobot", "nobots"]),
    ],
)
def test_hashtags_in_finds_what_mastodon_would_tag(text: str, names: list[str]) -> None:
    found = hashtags_in(text)
    assert [name for _, _, name in found] == names
    assert all(text[start:end] == text[start] + name for start, end, name in found)
