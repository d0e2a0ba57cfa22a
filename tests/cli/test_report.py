"""``tootkit report``: the HTML page and its JSON, checked against the archive they sum up."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import orjson
import pytest

from tests.store.test_report import T0, post, put, sql_counts
from tests.support.cli import run
from tests.support.mockserver import run_fake_server
from tootkit.store import Archive, Span, json_text, report

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
]


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes; and the text outside tags."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


def volume_bars(page: str) -> Counter[tuple[str, str]]:
    """The volume chart's bars, as (period, instance): count."""
    bars: Counter[tuple[str, str]] = Counter()
    for tag, attrs in parse(page).tags:
        if tag == "rect" and attrs.get("class") == "bar" and "data-period" in attrs:
            bars[(str(attrs["data-period"]), str(attrs["data-instance"]))] += int(
                str(attrs["data-count"])
            )
    return bars


def gaps(page: str) -> list[str]:
    return [
        str(attrs["data-period"])
        for tag, attrs in parse(page).tags
        if tag == "rect" and attrs.get("class") == "gap"
    ]


@pytest.fixture
def three_days(tmp_path: Path) -> Path:
    path = tmp_path / "study.sqlite"
    with Archive(path, create=True) as archive:
        for k, instance in enumerate(["a.example", "b.example"]):
            statuses = [post(f"{k}{n}", T0 + timedelta(hours=5 * n + k)) for n in range(20)]
            put(archive, instance, statuses, coverage=[Span(lo=T0, hi=T0 + timedelta(days=2))])
    return path


def test_the_bars_match_the_archive(three_days: Path, tmp_path: Path) -> None:
    out = tmp_path / "study.html"
    assert run("report", str(three_days), "-o", str(out)) == 0
    page = out.read_text()
    bars = volume_bars(page)
    assert bars == sql_counts(three_days, 10)
    assert sum(bars.values()) == 40
    # The span ends on day 3 at 00:00; days 4 and 5 (the last posts) have no coverage.
    assert gaps(page) == ["2025-03-04", "2025-03-05"]
    assert 'data-total="statuses">40<' in page


def test_a_short_span_is_drawn_per_hour(three_days: Path, tmp_path: Path) -> None:
    out = tmp_path / "day.html"
    assert run("report", str(three_days), "-o", str(out), "--until", "2025-03-01") == 0
    bars = volume_bars(out.read_text())
    hours = {f"2025-03-01T{h:02d}" for n in range(5) for h in (5 * n, 5 * n + 1)}
    assert {period for period, _ in bars} == hours
    assert bars == +Counter({k: n for k, n in sql_counts(three_days, 13).items() if k[0] in hours})


def test_json_holds_the_same_figures(three_days: Path, tmp_path: Path) -> None:
    out = tmp_path / "study.json"
    assert run("report", str(three_days), "-o", str(out), "--format", "json") == 0
    written = orjson.loads(out.read_bytes())
    with Archive(three_days, read_only=True) as archive:
        expected = orjson.loads(json_text(report(archive)))
    written["provenance"].pop("made_at")
    expected["provenance"].pop("made_at")
    assert written == expected
    assert written["totals"]["statuses"] == 40
    assert written["periods"][0]["start"] == "2025-03-01T00:00:00+00:00"


def test_the_terminal_gets_totals_and_a_sparkline(
    three_days: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("report", str(three_days), "-o", str(tmp_path / "r.html")) == 0
    err = capsys.readouterr().err
    assert "40 statuses from 2 instances by 2 accounts" in err
    assert "per day: " in err
    assert any(c in err for c in "▁▂▃▄▅▆▇█")
    assert "2 days not collected" in err


def test_an_empty_archive_gives_a_page_that_says_so(tmp_path: Path) -> None:
    db = tmp_path / "empty.sqlite"
    Archive(db, create=True).close()
    out = tmp_path / "empty.html"
    assert run("report", str(db), "-o", str(out)) == 0
    assert "The archive holds no status" in out.read_text()


def test_bad_targets_and_archives_are_one_line_errors(
    three_days: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = three_days.read_bytes()
    assert run("report", str(three_days), "-o", str(three_days)) == 2
    assert "is the archive itself" in capsys.readouterr().err
    assert three_days.read_bytes() == before
    assert run("report", str(tmp_path / "missing.sqlite"), "-o", str(tmp_path / "r.html")) == 2
    assert "does not exist" in capsys.readouterr().err
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    assert run("report", str(other), "-o", str(tmp_path / "r.html")) == 1
    assert "not a tootkit archive" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_the_archive_is_opened_read_only(three_days: Path, tmp_path: Path) -> None:
    before = three_days.read_bytes(), three_days.stat().st_mtime_ns
    assert run("report", str(three_days), "-o", str(tmp_path / "r.html")) == 0
    assert (three_days.read_bytes(), three_days.stat().st_mtime_ns) == before
    # Nothing made beside it: no journal, no write-ahead log.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "study.sqlite"]


def test_pseudonyms_hide_the_accounts(three_days: Path, tmp_path: Path) -> None:
    key = tmp_path / "study.key"
    out = tmp_path / "r.html"
    assert run("report", str(three_days), "-o", str(out), "--pseudonymize", str(key)) == 0
    page = out.read_text()
    assert "ada@a.example" not in page
    assert "u_" in page
    assert key.exists()


def test_hostile_names_and_statuses_run_nothing(tmp_path: Path) -> None:
    db = tmp_path / "hostile.sqlite"
    with Archive(db, create=True) as archive:
        statuses = [
            post(str(n), T0 + timedelta(hours=n), acct=f"x{n}{bad}", name=bad,
                 content=f"<p>{bad}</p>", language=bad[:20], tags=("research", bad))
            for n, bad in enumerate(HOSTILE)
        ]  # fmt: skip
        put(archive, "<script>alert(2)</script>", statuses)
    out = tmp_path / "hostile.html"
    assert run("report", str(db), "-o", str(out)) == 0
    page = out.read_text()
    assert "<script" not in page.lower()
    assert 'href="javascript' not in page
    found = parse(page)
    for tag, attrs in found.tags:
        assert tag not in {"script", "img", "a", "iframe", "object", "embed"}
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in {"href", "src", "xlink:href", "action", "style"} or (
                "javascript" not in (value or "")
            ), (tag, name)
            # The archive's text reaches attributes only as escaped data-* values.
            assert name.startswith("data-") or "javascript:" not in (value or "").lower()
    # The hostile text is there, as text.
    text = "".join(found.text)
    assert "<script>alert(2)</script>" in text
    assert f"x0{HOSTILE[0]}@" in text
    assert "<img src=x onerror=alert(1)>" in text


def test_a_loopback_harvest_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "harvest.sqlite"
    with run_fake_server(300) as a, run_fake_server(200, first="1000") as b:
        args = ["harvest", "fake", "--db", str(db), "--quiet", "--until", "2025-01-02"]
        assert run(*args, "--instance", a.base_url, "--instance", b.base_url) == 0
    out = tmp_path / "harvest.html"
    capsys.readouterr()
    assert run("report", str(db), "-o", str(out)) == 0
    page = out.read_text()
    bars = volume_bars(page)
    with sqlite3.connect(db) as conn:
        total = conn.execute("SELECT count(*) FROM statuses").fetchone()[0]
    assert sum(bars.values()) == total > 0
    assert bars == sql_counts(db, 13 if "T" in next(iter(bars))[0] else 10)
    assert page.count("<td>ok, 20") == 2  # each instance's harvest finished, and says when
    assert f"{total:,} status" in capsys.readouterr().err
