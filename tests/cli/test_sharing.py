"""Exports to share: the opt-outs left out by default, and keyed pseudonyms (issue 22)."""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import run
from tests.support.profiles import HOME, account, hashtag_html, mention_html, status, store
from tootkit.store import Archive

LOVELACE = account("110000000000000001", "lovelace", "Ada Lovelace")
HOPPER = account(
    "110000000000000002", "hopper@b.example", "Grace Hopper", noindex=True
)  # noindex: opted out
TORVALDS = account(
    "110000000000000003",
    "torvalds",
    "Linus Torvalds",
    note=f"<p>Kernel person. {hashtag_html(HOME, 'NoBot')}</p>",
)
SOMERVILLE = account(
    "110000000000000004",
    "somerville@c.example",
    "Mary Somerville",
    fields=[{"name": "Bots", "value": f"<p>{hashtag_html('c.example', 'NoResearch')}</p>",
             "verified_at": None}],
)  # fmt: skip
CLARKE = account("110000000000000005", "joanclarke", "Joan Clarke", indexable=False, noindex=None)

NAMES = [
    "lovelace", "Ada Lovelace", "hopper", "Grace Hopper", "torvalds", "Linus Torvalds",
    "somerville", "Mary Somerville", "joanclarke", "Joan Clarke",
]  # fmt: skip
"""Every username, acct and display name in the archive: none may be in a pseudonymous export."""


def _statuses() -> list[dict[str, Any]]:
    by_hopper = status("201", HOPPER, "<p>Found a moth in the relay. #research</p>", minute=1)
    mentions = (
        f"{mention_html(HOPPER['url'], 'hopper')} {mention_html(CLARKE['url'], 'joanclarke')}"
    )
    return [
        status(
            "200",
            LOVELACE,
            f"<p>{mentions} the engine weaves patterns; ping @somerville@c.example #research</p>",
            mentions=[HOPPER, CLARKE],
        ),
        by_hopper,
        status("202", LOVELACE, "", reblog=by_hopper, minute=2),  # a boost of an opt-out
        status("203", TORVALDS, "<p>Just a hobby. #research</p>", minute=3),
        status("204", SOMERVILLE, "<p>On the connexion of the sciences #research</p>", minute=4),
        status("205", CLARKE, "<p>Cribs for the bombe #research</p>", minute=5),
    ]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "research.sqlite"
    with Archive(path, create=True) as archive:
        store(archive, _statuses())
    return path


def _export(db: Path, out: Path, *more: str, fmt: str = "csv") -> int:
    return run("export", str(db), "--format", fmt, "-o", str(out), *more)


def _ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return [row["id"] for row in csv.DictReader(file)]


def test_opted_out_accounts_are_left_out_and_counted(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert _export(db, out) == 0
    assert _ids(out) == ["200", "205"]  # the indexable:false account stays in
    err = capsys.readouterr().err
    assert "2 statuses written" in err
    assert (
        "4 statuses of 3 accounts that opted out (#nobot: 1, #noresearch: 1, noindex: 1) left out; "
        "--include-opted-out keeps the opted-out"
    ) in err


def test_include_opted_out_brings_them_back_with_a_warning(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert _export(db, out, "--include-opted-out", fmt="jsonl") == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [
        "200", "201", "202", "203", "204", "205",
    ]  # fmt: skip
    err = capsys.readouterr().err
    assert "left out" not in err
    assert (
        "tootkit: warning: --include-opted-out: 4 statuses of 3 accounts that opted out are in the export"
    ) in err


def test_require_indexable_leaves_out_every_account_not_opted_in(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert _export(db, out, "--require-indexable") == 0
    assert _ids(out) == ["200"]
    assert "5 statuses of 4 accounts that opted out (#nobot: 1, #noresearch: 1, noindex: 1, " \
        "not indexable: 1)" in capsys.readouterr().err  # fmt: skip


def test_the_archive_still_holds_the_opted_out(db: Path) -> None:
    with Archive(db, read_only=True) as archive:
        assert archive.count() == 6
        assert [r["id"] for r in archive.records(include_opted_out=True)] == [
            "200", "201", "202", "203", "204", "205",
        ]  # fmt: skip
        assert [r["id"] for r in archive.records()] == ["200", "205"]
        left = archive.left_out()
        assert (left.opted_out, left.opted_out_accounts) == (
            4, (("#nobot", 1), ("#noresearch", 1), ("noindex", 1)),
        )  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_pseudonymous_export_names_nobody(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    key = tmp_path / "study.key"
    assert _export(db, out, "--pseudonymize", str(key), "--include-opted-out", fmt=fmt) == 0
    text = out.read_text(encoding="utf-8-sig")
    for name in NAMES:
        assert name.lower() not in text.lower(), name
    for who in (LOVELACE, HOPPER, TORVALDS, SOMERVILLE, CLARKE):
        assert who["id"] not in text
    assert "a.example" in text
    assert "b.example" in text
    assert "@u_" in text
    assert "/users/u_" in text


def _accounts(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return [f"{row['account_acct']} {row['mentions']}" for row in csv.DictReader(file)]


def test_one_key_gives_one_set_of_pseudonyms_and_another_key_another(
    db: Path, tmp_path: Path
) -> None:
    key, other = tmp_path / "study.key", tmp_path / "other.key"
    first, second, third = (tmp_path / f"{n}.csv" for n in ("first", "second", "third"))
    assert _export(db, first, "--pseudonymize", str(key)) == 0
    assert _export(db, second, "--pseudonymize", str(key)) == 0
    assert _export(db, third, "--pseudonymize", str(other)) == 0
    assert first.read_bytes() == second.read_bytes()
    ours, theirs = _accounts(first), _accounts(third)
    assert ours[0].startswith("u_")
    assert ours[0].split()[0].endswith("@a.example")
    assert all(a != b for a, b in zip(ours, theirs, strict=True))


def test_a_local_account_and_its_full_acct_elsewhere_get_one_pseudonym(
    db: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere.sqlite"
    seen_remotely = account("9", "lovelace@a.example", "Ada Lovelace")
    with Archive(elsewhere, create=True) as archive:
        store(archive, [status("300", seen_remotely, "<p>hello #research</p>")], "b.example")
    key = tmp_path / "study.key"
    here, there = tmp_path / "here.csv", tmp_path / "there.csv"
    assert _export(db, here, "--pseudonymize", str(key)) == 0
    assert _export(elsewhere, there, "--pseudonymize", str(key)) == 0
    assert _accounts(here)[0].split()[0] == _accounts(there)[0].split()[0]


def test_a_missing_key_file_is_made_readable_by_its_owner_only(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "study.key"
    assert _export(db, tmp_path / "out.csv", "--pseudonymize", str(key)) == 0
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(bytes.fromhex(key.read_text().strip())) == 32
    assert f"created the pseudonym key {key} (mode 600)" in capsys.readouterr().err


def test_a_key_file_others_can_read_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "study.key"
    key.write_text("ab" * 32 + "\n")
    key.chmod(0o644)
    out = tmp_path / "out.csv"
    assert _export(db, out, "--pseudonymize", str(key)) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.endswith(f"{key} is readable by others; run: chmod 600 {key}")
    assert not out.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_a_key_file_that_cannot_be_read_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "study.key"
    key.write_text("ab" * 32 + "\n")
    key.chmod(0o200)
    out = tmp_path / "out.csv"
    assert _export(db, out, "--pseudonymize", str(key)) == 2
    assert f"run: chmod 600 {key}" in capsys.readouterr().err
    assert not out.exists()


def _edges(path: Path) -> set[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return {(row["source"], row["target"], row["kind"]) for row in csv.DictReader(file)}


def test_edges_leave_out_the_opted_out_on_either_end(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "edges.csv"
    assert _export(db, out, fmt="edges") == 0
    # Lovelace mentions Hopper (noindex) and Clarke; the boost of Hopper is Hopper's too.
    assert _edges(out) == {("lovelace@a.example", "joanclarke@a.example", "mention")}
    assert _export(db, out, "--include-opted-out", fmt="edges") == 0
    assert _edges(out) == {
        ("lovelace@a.example", "hopper@b.example", "mention"),
        ("lovelace@a.example", "joanclarke@a.example", "mention"),
        ("lovelace@a.example", "hopper@b.example", "boost"),
    }
    assert _export(db, out, "--require-indexable", "--include-opted-out", fmt="edges") == 0
    assert len(_edges(out)) == 3  # --include-opted-out keeps even the not indexable


def test_pseudonymous_edges_name_nobody(db: Path, tmp_path: Path) -> None:
    out, key = tmp_path / "edges.csv", tmp_path / "study.key"
    assert _export(db, out, "--pseudonymize", str(key), "--include-opted-out", fmt="edges") == 0
    text = out.read_text(encoding="utf-8")
    for name in NAMES:
        assert name not in text
    assert {kind for _, _, kind in _edges(out)} == {"mention", "boost"}
    assert all(source.startswith("u_") for source, _, _ in _edges(out))
