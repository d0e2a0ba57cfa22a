"""The library forms of issue 22's exports: :func:`opted_out` and :class:`Pseudonymizer`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.support.profiles import HOME, account, hashtag_html, status, store
from tootkit.store import Archive, KeyFileError, Pseudonymizer, create_key, load_key, opted_out
from tootkit.store._optouts import may_opt_out


def _field(name: str, value: str) -> dict[str, Any]:
    return {"name": name, "value": value, "verified_at": None}


@pytest.mark.parametrize(
    ("profile", "reason"),
    [
        ({}, None),
        ({"noindex": True}, "noindex"),
        ({"noindex": None, "indexable": False}, None),  # the default of most accounts
        ({"noindex": False, "indexable": False}, None),
        ({"note": f"<p>Hi {hashtag_html(HOME, 'nobot')}</p>"}, "#nobot"),
        ({"note": f"<p>{hashtag_html(HOME, 'NoBot')}</p>"}, "#nobot"),
        ({"note": "<p>#NOINDEX please</p>"}, "#noindex"),
        ({"note": "<p>nosearch, noarchive</p>"}, None),  # not hashtags
        ({"note": "<p>#nobots #noresearcher #no_bot</p>"}, None),  # not whole
        ({"note": "<p>a##nobot b</p>"}, None),
        ({"note": "<p>x#nosearch</p>"}, None),
        ({"note": "<p>see https://e.x/#nobot</p>"}, None),
        ({"fields": [_field("Bots", f"<p>{hashtag_html(HOME, 'NoResearch')}</p>")]}, "#noresearch"),
        ({"fields": [_field("#NoArchive", "<p>please</p>")]}, "#noarchive"),
        ({"fields": [_field("Web", '<a href="https://e.x/#nosearch">e.x</a>')]}, None),
        ({"note": "<p>#nosearch</p>", "noindex": True}, "noindex"),
        ({"note": None, "fields": None}, None),
    ],
)
def test_opted_out(profile: dict[str, Any], reason: str | None) -> None:
    assert opted_out(account("1", "lovelace", "Ada", **{"note": "", **profile})) == reason


def test_an_opt_out_the_byte_test_cannot_see_is_still_left_out() -> None:
    # may_opt_out is a cheap test for counts; an export decides on the decoded account,
    # since HTML (an entity, a tag inside the word) can hide "nobot" from the bytes.
    plain = account("1", "ada", "Ada")
    hidden = account("2", "grace", "Grace", note="<p>#n&#111;bot, #no<b>bot</b></p>")
    with Archive(":memory:") as archive:
        store(archive, [status("100", plain, "<p>hi</p>"), status("101", hidden, "<p>yo</p>")])
        raws = {
            orjson.loads(row.raw)["id"]: row.raw for row in archive.rows(include_opted_out=True)
        }
        kept = [orjson.loads(row.raw)["id"] for row in archive.rows()]
    assert not may_opt_out(raws["101"])
    assert kept == ["100"]


def test_opted_out_of_what_is_not_an_account() -> None:
    assert opted_out(None) is None
    assert opted_out({"noindex": "true"}) is None


KEY = bytes(range(32))


def test_an_account_is_one_pseudonym_however_it_is_written() -> None:
    p = Pseudonymizer(KEY)
    one = p.account("lovelace@a.example")
    assert one.startswith("u_")
    assert one.endswith("@a.example")
    assert len(one) == 18 + 10
    assert p.account("@Lovelace@A.Example") == one
    assert p.account("lovelace@b.example") != one
    assert Pseudonymizer(b"another key of 32 bytes, or so..").account("lovelace@a.example") != one
    assert p.account_id("lovelace@a.example") == "a_" + one[2:18]


@pytest.mark.parametrize(
    ("url", "user"),
    [
        ("https://a.example/@lovelace/123", "https://a.example/@{}/123"),
        (
            "https://a.example/users/lovelace/statuses/123",
            "https://a.example/users/{}/statuses/123",
        ),
        ("https://a.example/@lovelace", "https://a.example/@{}"),
        ("https://a.example/users/lovelace", "https://a.example/users/{}"),
    ],
)
def test_urls_keep_the_host_and_lose_the_user(url: str, user: str) -> None:
    p = Pseudonymizer(KEY)
    assert p.url(url) == user.format(p.user("lovelace@a.example"))
    assert p.url(p.url(url)) == p.url(url)


def test_urls_that_name_no_account_stay() -> None:
    p = Pseudonymizer(KEY)
    for url in ("https://a.example/tags/python", "https://e.x/notes/9zq", "https://a.example/"):
        assert p.url(url) == url


def test_mentions_in_text() -> None:
    p = Pseudonymizer(KEY)
    mentions = [{"id": "2", "username": "hopper", "acct": "hopper@b.example", "url": ""}]
    text = "@hopper and @clarke and @somerville@c.example, mail me at ada@x.example"
    assert p.text(text, "a.example", mentions) == (
        f"@{p.user('hopper@b.example')} and @{p.user('clarke@a.example')} and "
        f"@{p.account('somerville@c.example')}, mail me at ada@x.example"
    )


def test_a_record() -> None:
    p = Pseudonymizer(KEY)
    record = {"id": "7", "account_id": "99", "account_acct": "lovelace", "account_display_name": "Ada",
              "url": "https://a.example/@lovelace/7", "text": "hi @hopper@b.example",
              "mentions": "hopper@b.example", "instances": "a.example"}  # fmt: skip
    out = p.record(record, "a.example")
    assert out["account_acct"] == p.account("lovelace@a.example")
    assert out["account_id"] == p.account_id("lovelace@a.example")
    assert out["account_display_name"] == p.user("lovelace@a.example")
    assert out["mentions"] == p.account("hopper@b.example")
    assert out["text"] == f"hi @{p.account('hopper@b.example')}"
    assert (out["id"], out["instances"]) == ("7", "a.example")
    assert record["account_acct"] == "lovelace"  # the input is left as it was


def test_raw_json_loses_the_profile_and_keeps_the_rest() -> None:
    p = Pseudonymizer(KEY)
    author = account("5", "lovelace", "Ada Lovelace", note="<p>I am Ada</p>")
    raw = status("200", author, "<p>hello</p>", mentions=[account("6", "hopper@b.example", "G")])
    raw["in_reply_to_account_id"] = "6"
    out = p.raw(raw, HOME)
    assert "note" not in out["account"]
    assert "avatar" not in out["account"]
    assert out["account"]["acct"] == p.user("lovelace@a.example")
    assert out["in_reply_to_account_id"] == p.account_id("hopper@b.example")
    assert out["mentions"][0]["acct"] == p.account("hopper@b.example")
    assert (out["id"], out["content"], out["tags"]) == ("200", "<p>hello</p>", raw["tags"])
    assert p.raw({**raw, "reblog": raw}, HOME)["reblog"] == out
    quote = {"state": "accepted", "quoted_status": raw}  # the quote of Mastodon 4.4
    assert p.raw({**raw, "quote": quote}, HOME)["quote"] == {**quote, "quoted_status": out}


def test_a_link_preview_loses_its_author() -> None:
    p = Pseudonymizer(KEY)
    author = account("5", "lovelace", "Ada Lovelace")
    card = {"url": "https://blog.example/engine", "title": "Notes", "type": "link",
            "author_name": "", "author_url": "https://a.example/@lovelace",
            "authors": [{"name": "", "url": "", "account": author}]}  # fmt: skip
    out = p.raw(status("200", author, "<p>read</p>") | {"card": card}, HOME)["card"]
    assert out["author_url"] == f"https://a.example/@{p.user('lovelace@a.example')}"
    assert "lovelace" not in str(out).lower()


def test_a_new_key_is_random_and_readable_by_its_owner_only(tmp_path: Path) -> None:
    first, second = tmp_path / "one.key", tmp_path / "two.key"
    assert create_key(first) != create_key(second)
    assert (first.stat().st_mode & 0o777) == 0o600
    assert load_key(first) == bytes.fromhex(first.read_text())
    with pytest.raises(FileExistsError):
        create_key(first)


def test_keys_that_are_refused(tmp_path: Path) -> None:
    key = tmp_path / "k"
    with pytest.raises(FileNotFoundError):
        load_key(key)
    key.write_text("a passphrase that is long enough")
    key.chmod(0o640)
    with pytest.raises(KeyFileError, match=r"readable by others; run: chmod 600 .*/k$"):
        load_key(key)
    key.chmod(0o600)
    assert load_key(key) == b"a passphrase that is long enough"
    key.write_text("short")
    with pytest.raises(KeyFileError, match="too short"):
        load_key(key)
