"""Who asked not to be indexed: the opt-outs that exports honour by default.

An account opts out with the ``noindex`` setting (it asks search engines to
leave its profile alone), or with one of the hashtags people put in their
bio or profile fields to say the same to bots and researchers. ``indexable:
false`` is not an opt-out: it is the state of every account that never
opted in to Mastodon's full-text search, most of them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import attrs

from tootkit._core.hashtags import hashtags_in
from tootkit.html import to_text

__all__ = ["OPT_OUT_TAGS", "OptOuts", "authors", "may_opt_out", "opt_out_reason", "opted_out"]

OPT_OUT_TAGS = ("nobot", "noindex", "nosearch", "noarchive", "noresearch")
"""The hashtags that opt an account out, in lower case."""


def opted_out(account: Any) -> str | None:
    """Why an account's statuses are left out of exports, or ``None`` when they are not.

    ``account`` is the account JSON as the server sent it. The reason is
    ``"noindex"``, or the hashtag found (``"#nobot"``), in lower case; a
    hashtag counts when whole (``#nobots`` does not), in the note or in a
    field's name or value.

    Examples:
        >>> opted_out({"noindex": True}), opted_out({"note": "<p>Hi! <a>#<span>NoBot</span></a></p>"})
        ('noindex', '#nobot')
        >>> opted_out({"indexable": False, "noindex": None, "note": "#nobots welcome"}) is None
        True
    """
    if not isinstance(account, dict):
        return None
    if account.get("noindex") is True:
        return "noindex"
    texts = [account.get("note")]
    for field in account.get("fields") or ():
        if isinstance(field, dict):
            texts += [field.get("name"), field.get("value")]
    for html in texts:
        if not isinstance(html, str) or "#" not in html:
            continue
        # Mastodon's rule: not the fragment of an address (https://e.x/#nobot), nor part of a word.
        for _, _, tag in hashtags_in(to_text(html)):
            name = tag.lower()
            if name in OPT_OUT_TAGS:
                return "#" + name
    return None


# What the raw JSON of every status whose author opted out holds, in lower case: the
# setting, or the word of a hashtag, whatever surrounds it ("#<span>NoBot</span>", or
# "\u003cspan\u003enoindex" from a server that escapes "<"). "noindex" then a quote is
# the setting's key, a trace only when true. One expression, with the common "no" first,
# is three times faster than a search for each.
_TRACES = re.compile(rb'no(?:bot|search|archive|research|index(?!")|index"\s*:\s*true)')


def may_opt_out(raw: bytes) -> bool:
    """Whether a status's raw JSON may be by an account that opted out: a cheap first test.

    A test on the bytes, a hundred times cheaper than decoding them, so that
    a count of opt-outs over millions of statuses decodes only the few that
    may be (:func:`opted_out` then decides). ``False`` is certain for the
    hashtags as Mastodon writes them in a bio; HTML that splits the word
    (``#no<b>bot</b>``) or spells it with entities hides it from this test.
    That is why exports, which must leave every opt-out out, decide on the
    decoded account instead.

    Examples:
        >>> may_opt_out(b'{"account":{"noindex":false,"note":"<p>Hi</p>"}}')
        False
        >>> may_opt_out(b'{"account":{"note":"#<span>NoBot</span>"}}')
        True
    """
    return _TRACES.search(raw.lower()) is not None


def opt_out_reason(account: Any, require_indexable: bool) -> str | None:
    reason = opted_out(account)
    if (
        reason is None
        and require_indexable
        and not (isinstance(account, dict) and account.get("indexable") is True)
    ):
        return "not indexable"
    return reason


@attrs.define
class OptOuts:
    """Decides, status by status, whether an export leaves it out, and counts what it left out.

    A status is left out when its author opted out, and so is a boost of
    an opted-out author's status. With ``require_indexable``, so is every
    status whose author is not ``indexable: true``.
    """

    require_indexable: bool = False
    statuses: int = 0
    accounts: Counter[str] = attrs.field(factory=Counter)
    """How many accounts were left out, by reason."""
    _seen: set[str] = attrs.field(factory=set)
    _cache: dict[tuple[str, str], str | None] = attrs.field(factory=dict)

    def leaves_out(self, status: Any, instance: str) -> bool:
        """Whether ``status`` (raw JSON) is left out; counts it when it is."""
        for account in authors(status):
            who, reason = self._decide(account, instance)
            if reason is not None:
                self.statuses += 1
                if who not in self._seen:
                    self._seen.add(who)
                    self.accounts[reason] += 1
                return True
        return False

    def _decide(self, account: dict[str, Any], instance: str) -> tuple[str, str | None]:
        """Who ``account`` (JSON) is, and why it is left out (:func:`opt_out_reason`), or ``None``."""
        who = str(account.get("url") or f"{instance}/{account.get('id')}")
        # The profile is the same in most statuses of an account: decide it once per profile.
        key = (who, repr((account.get("note"), account.get("fields"), account.get("noindex"),
                          account.get("indexable"))))  # fmt: skip
        if key not in self._cache:
            self._cache[key] = opt_out_reason(account, self.require_indexable)
        return who, self._cache[key]


def authors(status: Any) -> Iterator[dict[str, Any]]:
    """The accounts whose opt-out leaves out a status (raw JSON): its author's, and a boosted one's."""
    for part in (status, status.get("reblog")):
        if isinstance(part, dict) and isinstance(part.get("account"), dict):
            yield part["account"]
