"""What a hashtag is: the one rule for reading a hashtag that a user typed.

Every place that takes a hashtag (the timelines, tags, accounts and streaming
resources, the command line, the archive) goes through :func:`tag_name` and
:func:`tag_key`, so ``#Python``, ``python`` and `` #python `` always name the
same tag, and a name that Mastodon could never give a tag is refused before
any request. Every place that finds the hashtags of a text (the opt-outs of
a profile, ``tootkit.testing``'s posts) goes through :func:`hashtags_in`.

The rule is Mastodon's own ``Tag::HASHTAG_NAME_RE`` (``app/models/concerns/
tag/naming.rb``): a name is made of word characters (letters, marks, decimal
digits, connector punctuation such as ``_``), may hold the separators ``·``,
``・`` and the zero-width non-joiner between them, and needs a letter unless
a separator joins it. Ruby's ``[[:word:]]`` takes marks where Python's ``\\w``
does not (the virama in ``हिन्दी``), so the check is written with Unicode
categories rather than with ``re``.
"""

from __future__ import annotations

import unicodedata

__all__ = ["hashtags_in", "tag_key", "tag_name"]

# Mastodon's HASHTAG_SEPARATORS, less "_", which is a word character anyway.
_SEPARATORS = frozenset("\u00b7\u30fb\u200c")
_PREFIXES = ("#", "\uff03")  # Mastodon's HASHTAG_RE takes the full-width sign too
# What may not stand just before the sign (HASHTAG_RE's lookbehind, and "#" and "&" so
# that "##x" and an entity's "&#35;" are not tags): "a#b" and "example.com/#x" are not tags.
_NOT_BEFORE = frozenset("=/)#&")


def _is_word(ch: str) -> bool:
    # Onigmo's [[:word:]]: Letter, Mark, Decimal_Number, Connector_Punctuation.
    category = unicodedata.category(ch)
    return category[0] in "LM" or category in ("Nd", "Pc")


def _is_alpha(ch: str) -> bool:
    # Onigmo's [[:alpha:]]: letters, marks and letter-like numbers (Roman numerals).
    category = unicodedata.category(ch)
    return category[0] in "LM" or category == "Nl"


def _why_not(name: str) -> str | None:
    """Why ``name`` cannot be a Mastodon hashtag, or None when it can."""
    if not name:
        return "a hashtag cannot be empty"
    for ch in name:
        if ch in _SEPARATORS or _is_word(ch):
            continue
        if ch.isspace():
            return "a hashtag has no spaces"
        if ch in _PREFIXES:
            return "a hashtag has '#' only in front"
        return f"a hashtag has only letters, digits and '_', not {ch!r}"
    if _SEPARATORS.intersection(name):
        if name[0] in _SEPARATORS or name[-1] in _SEPARATORS:
            return "'·' and its kin go between letters or digits, not at an end"
        return None
    if not any(_is_alpha(ch) for ch in name):
        return "a hashtag needs at least one letter"
    return None


def tag_name(text: str) -> str:
    """A hashtag as a user typed it (``#Python``, `` python ``): without its ``#``, checked.

    Strips the surrounding whitespace and one leading ``#``, keeps the case
    (it is the form to show and to send), and raises ``ValueError`` with one
    line saying why when the rest cannot be a Mastodon hashtag.

    Examples:
        >>> tag_name(" #Café ")
        'Café'
        >>> tag_name("a/b")
        Traceback (most recent call last):
        ...
        ValueError: 'a/b' is not a hashtag: a hashtag has only letters, digits and '_', not '/'
    """
    if not isinstance(text, str):
        raise TypeError(f"a hashtag is a string, not {type(text).__name__}")
    name = text.strip()
    if name.startswith(_PREFIXES):
        name = name[1:]
    why = _why_not(name)
    if why is not None:
        raise ValueError(f"{text!r} is not a hashtag: {why}")
    return name


def tag_key(text: str) -> str:
    """The key a hashtag is stored and compared under: :func:`tag_name`, lower-cased.

    Mastodon treats ``#Python`` and ``#python`` as one tag. ``str.lower`` is
    used rather than ``casefold`` because archives already hold keys made that
    way (``casefold`` would turn ``ß`` into ``ss`` and split them).

    Examples:
        >>> tag_key("#Python"), tag_key("python ")
        ('python', 'python')
    """
    return tag_name(text).lower()


def hashtags_in(text: str) -> list[tuple[int, int, str]]:
    """The hashtags of a text, as Mastodon finds them in a post: ``(start, end, name)``, in order.

    ``start`` is where the ``#`` stands and ``end`` just past the name, so
    that ``text[start:end]`` is the hashtag as written; ``name`` is as
    written too (:func:`tag_key` of it is the key). A sign inside a word or
    an address is not a hashtag, separators (``·``) at the end are not part
    of the name, and a name Mastodon could not give a tag (``#123``) is none.

    Examples:
        >>> [name for _, _, name in hashtags_in("#Python, #हिन्दी and #a·b· but not a#b, #123")]
        ['Python', 'हिन्दी', 'a·b']
    """
    found: list[tuple[int, int, str]] = []
    at, size = 0, len(text)
    while at < size:
        if text[at] not in _PREFIXES or (
            at and (_is_word(text[at - 1]) or text[at - 1] in _NOT_BEFORE)
        ):
            at += 1
            continue
        stop = at + 1
        while stop < size and (text[stop] in _SEPARATORS or _is_word(text[stop])):
            stop += 1
        end = stop
        while end > at + 1 and text[end - 1] in _SEPARATORS:
            end -= 1
        name = text[at + 1 : end]
        if name and _why_not(name) is None:
            found.append((at, end, name))
        at = max(stop, at + 1)
    return found
