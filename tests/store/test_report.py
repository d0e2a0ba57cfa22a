"""The library form of ``tootkit report``: :func:`tootkit.store.report` and what it counts."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.support.profiles import account, hashtag_html, status
from tootkit._convert import converter
from tootkit.models import Status
from tootkit.store import (
    Archive,
    Page,
    Pseudonymizer,
    Span,
    html_page,
    json_text,
    opted_out,
    report,
)
from tootkit.store._optouts import may_opt_out

T0 = datetime(2025, 3, 1, tzinfo=UTC)


def post(
    id_: str,
    at: datetime,
    *,
    acct: str = "ada",
    language: str | None = "en",
    tags: tuple[str, ...] = ("research",),
    name: str = "Ada",
    content: str = "<p>Hello</p>",
) -> dict[str, Any]:
    """A status as Mastodon sends it, created ``at``, by ``acct``, with ``tags``."""
    found = status(id_, account(f"9{len(acct)}{acct}", acct, name), content)
    found["created_at"] = at.isoformat().replace("+00:00", "Z")
    found["language"] = language
    found["tags"] = [{"name": t, "url": f"https://a.example/tags/{t}"} for t in tags]
    return found


def put(
    archive: Archive,
    instance: str,
    statuses: list[dict[str, Any]],
    *,
    tag: str = "research",
    coverage: list[Span] | None = None,
) -> None:
    models = [converter.structure(s, Status) for s in statuses]
    archive.store_page(instance, tag, models, statuses, coverage=coverage)


def sql_counts(path: Path, width: int) -> Counter[tuple[str, str]]:
    """Statuses by (period, instance), counted straight from the archive."""
    with sqlite3.connect(path) as db:
        rows = db.execute(
            f"SELECT substr(created_at, 1, {width}), instance, count(*) FROM statuses "
            "WHERE deleted_at IS NULL GROUP BY 1, 2"
        ).fetchall()
    return Counter({(p, i): n for p, i, n in rows})


@pytest.fixture
def week(tmp_path: Path) -> Path:
    """Seven days on three instances, day 4 not covered by any span, hashtags and languages mixed."""
    path = tmp_path / "week.sqlite"
    with Archive(path, create=True) as archive:
        for k, instance in enumerate(["a.example", "b.example", "c.example"]):
            statuses = []
            for day in (0, 1, 2, 3, 5, 6):
                for n in range(k + day % 3 + 1):
                    at = T0 + timedelta(days=day, hours=n)
                    statuses.append(
                        post(f"{k}{day}{n}", at, acct=f"u{n}@{instance}",
                             language=None if n == 2 else "en" if n % 2 == 0 else "de",
                             tags=("research", "Science") if n == 1 else ("research",))
                    )  # fmt: skip
            spans = [
                Span(lo=T0, hi=T0 + timedelta(days=3, hours=23)),
                Span(lo=T0 + timedelta(days=5), hi=T0 + timedelta(days=6, hours=23)),
            ]
            put(archive, instance, statuses, coverage=spans)
    return path


def test_volume_matches_the_archive_and_marks_the_uncovered_day(week: Path) -> None:
    with Archive(week, read_only=True) as archive:
        summary = report(archive)
    assert not summary.hourly
    assert [p.start for p in summary.periods] == [T0 + timedelta(days=d) for d in range(7)]
    drawn = Counter(
        {(p.start.isoformat()[:10], i): n for p in summary.periods for i, n in p.counts}
    )
    assert drawn == sql_counts(week, 10)
    assert [p.covered for p in summary.periods] == [True, True, True, True, False, True, True]
    assert summary.periods[4].total == 0
    assert summary.totals.statuses == sum(drawn.values())
    assert summary.top_instances == ("c.example", "b.example", "a.example")


def test_instances_languages_accounts_and_hashtags(week: Path) -> None:
    with Archive(week, read_only=True) as archive:
        summary = report(archive)
    rows = {r.instance: r for r in summary.instances}
    assert rows["a.example"].statuses == 11
    assert rows["a.example"].accounts == 3
    assert rows["a.example"].first == T0
    assert [s.tag for s in rows["a.example"].coverage] == ["research", "research"]
    # No harvest recorded as finished: the archive never records failures.
    assert rows["a.example"].last_harvest == "not recorded"
    assert dict(summary.languages)["unknown"] > 0
    assert sum(n for _, n in summary.languages) == summary.totals.statuses
    assert summary.accounts[0][1] >= summary.accounts[-1][1]
    assert all("@" in name for name, _ in summary.accounts)
    # The harvested tag is left out; case does not split a hashtag.
    assert [name for name, _ in summary.hashtags] == ["science"]


def test_a_short_span_is_counted_per_hour(tmp_path: Path) -> None:
    path = tmp_path / "day.sqlite"
    with Archive(path, create=True) as archive:
        put(archive, "a.example", [post(str(n), T0 + timedelta(minutes=25 * n)) for n in range(10)],
            coverage=[Span(lo=T0, hi=T0 + timedelta(hours=2))])  # fmt: skip
        summary = report(archive)
    assert summary.hourly
    assert len(summary.periods) == 4  # 00:00 to 03:45
    drawn = Counter(
        {(p.start.isoformat()[:13], i): n for p in summary.periods for i, n in p.counts}
    )
    assert drawn == sql_counts(path, 13)
    assert [p.covered for p in summary.periods] == [True, True, True, False]


def test_since_and_until_restrict_every_figure(week: Path) -> None:
    with Archive(week, read_only=True) as archive:
        summary = report(
            archive, since=T0 + timedelta(days=4), until=T0 + timedelta(days=6, hours=23)
        )
        two_days = report(
            archive, since=T0 + timedelta(days=5), until=T0 + timedelta(days=6, hours=23)
        )
    assert summary.hourly is False
    assert len(summary.periods) == 3
    assert two_days.hourly
    assert len(two_days.periods) == 48
    assert summary.totals.first is not None
    assert summary.totals.first >= T0 + timedelta(days=5)
    assert summary.totals.statuses == sum(p.total for p in summary.periods)


def test_pseudonyms_replace_the_top_accounts(week: Path) -> None:
    pseudonyms = Pseudonymizer(b"k" * 32)
    with Archive(week, read_only=True) as archive:
        plain = report(archive)
        hidden = report(archive, pseudonyms=pseudonyms)
    assert [name for name, _ in hidden.accounts] == [
        pseudonyms.account(a) for a, _ in plain.accounts
    ]
    assert "u0@" not in html_page(hidden)


def test_deleted_statuses_are_left_out_and_said_so(tmp_path: Path) -> None:
    path = tmp_path / "gone.sqlite"
    with Archive(path, create=True) as archive:
        put(archive, "a.example", [post(str(n), T0 + timedelta(hours=n)) for n in range(5)])
    with sqlite3.connect(path) as db:
        db.execute("UPDATE statuses SET deleted_at = '2025-03-02T00:00:00+00:00' WHERE id = '1'")
    with Archive(path, read_only=True) as archive:
        summary = report(archive)
    assert summary.totals.statuses == 4
    assert summary.provenance.left_out.deleted == 1


def test_finished_harvests_and_refreshes_are_provenance(tmp_path: Path) -> None:
    path = tmp_path / "done.sqlite"
    with Archive(path, create=True) as archive:
        put(archive, "a.example", [post("1", T0)])
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO finished VALUES ('a.example', 'research', '', "
                   "'2025-03-02T00:00:00+00:00', '2025-03-03T10:00:00+00:00')")  # fmt: skip
        db.execute("INSERT INTO refreshes VALUES ('2025-03-04T10:00:00+00:00', 'a.example', "
                   "1, 0, 0, 'the instance answered 503')")  # fmt: skip
    with Archive(path, read_only=True) as archive:
        summary = report(archive)
    (row,) = summary.instances
    assert row.last_harvest == "ok"
    assert row.finished_at == datetime(2025, 3, 3, 10, tzinfo=UTC)
    (finished,) = summary.provenance.finished
    assert finished.since is None
    assert finished.until == datetime(2025, 3, 2, tzinfo=UTC)
    assert summary.provenance.refreshes[0].error == "the instance answered 503"
    assert "the instance answered 503" in html_page(summary)
    wal = Path(f"{path}-wal")
    assert summary.provenance.size == path.stat().st_size + (
        wal.stat().st_size if wal.exists() else 0
    )


def test_an_empty_archive_is_a_report_that_says_so(tmp_path: Path) -> None:
    with Archive(tmp_path / "empty.sqlite", create=True) as archive:
        summary = report(archive)
    assert summary.empty
    assert summary.periods == ()
    assert "The archive holds no status" in html_page(summary)
    assert orjson.loads(json_text(summary))["empty"] is True


def test_left_out_is_what_an_export_leaves_out(tmp_path: Path) -> None:
    """Deleted, context and opt-outs, counted the way :meth:`Archive.left_out` counts them."""
    path = tmp_path / "left.sqlite"
    plain = post("1", T0)
    hidden = post("2", T0 + timedelta(hours=1), acct="hid")
    hidden["account"]["noindex"] = True
    bot = post("3", T0 + timedelta(hours=2), acct="bot")
    bot["account"]["note"] = f"<p>{hashtag_html('a.example', 'NoBot')}</p>"
    reply = post("4", T0 + timedelta(hours=3), acct="other", tags=())
    with Archive(path, create=True) as archive:
        put(archive, "a.example", [plain, hidden, bot, post("5", T0 + timedelta(hours=4))])
        archive.store_pages([Page("a.example", "research", [converter.structure(reply, Status)],
                                  [reply], context_of=plain["uri"])])  # fmt: skip
    with sqlite3.connect(path) as db:
        db.execute("UPDATE statuses SET deleted_at = '2025-03-02T00:00:00+00:00' WHERE id = '5'")
    with Archive(path, read_only=True) as archive:
        summary = report(archive)
        expected = archive.left_out()
        bounded = report(archive, since=T0 + timedelta(hours=2)).provenance.left_out
        assert bounded == archive.left_out(since=T0 + timedelta(hours=2))
    assert summary.provenance.left_out == expected
    assert (expected.deleted, expected.context, expected.opted_out) == (1, 1, 2)
    assert summary.totals.statuses == 3


def test_an_instance_whose_statuses_came_first_from_another_has_a_row(tmp_path: Path) -> None:
    statuses = [post(str(n), T0 + timedelta(hours=n)) for n in range(3)]
    with Archive(tmp_path / "twice.sqlite", create=True) as archive:
        put(archive, "a.example", statuses, coverage=[Span(lo=T0, hi=T0 + timedelta(hours=3))])
        put(archive, "b.example", statuses, coverage=[Span(lo=T0, hi=T0 + timedelta(hours=3))])
        summary = report(archive)
    assert [(r.instance, r.statuses) for r in summary.instances] == [
        ("a.example", 3),
        ("b.example", 0),
    ]
    assert summary.top_instances == ("a.example",)
    assert summary.totals.instances == 1


@pytest.mark.parametrize(
    "profile",
    [
        {"noindex": True},
        {"note": f"<p>{hashtag_html('a.example', 'NoIndex')}</p>"},
        {"note": "<p>#NOBOT</p>"},
        {"note": "<p>#noindex please</p>"},
        {"fields": [{"name": "#NoResearch", "value": "", "verified_at": None}]},
        {"fields": [{"name": "bots", "value": "#noarchive #nosearch", "verified_at": None}]},
    ],
)
def test_every_opt_out_is_a_candidate_however_the_json_is_written(profile: dict[str, Any]) -> None:
    """The cheap test on raw bytes never misses what :func:`opted_out` finds."""
    found = post("1", T0)
    found["account"].update(profile)
    assert opted_out(found["account"]) is not None
    compact = orjson.dumps(found)
    spaced = json.dumps(found)  # '"noindex": true'
    escaped = compact.replace(b"<", b"\\u003c").replace(b">", b"\\u003e")  # as Rails writes
    for raw in (compact, spaced.encode(), escaped):
        assert orjson.loads(raw) == found
        assert may_opt_out(raw)
    assert not may_opt_out(orjson.dumps(post("2", T0)))  # "noindex": false is no trace
