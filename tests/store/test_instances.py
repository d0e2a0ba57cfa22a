"""Instance lists as editors write them: a byte order mark, and every bad line in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import run
from tootkit.store import parse_instances, read_instances


@pytest.mark.parametrize(
    ("text", "instances"),
    [
        ("\ufeffmastodon.social\n", ["https://mastodon.social"]),
        ("\ufeff# a study\na.example\n", ["https://a.example"]),
        ("\ufeffa.example\r\nb.example\r\n", ["https://a.example", "https://b.example"]),
    ],
)
def test_a_byte_order_mark_is_skipped(text: str, instances: list[str]) -> None:
    assert parse_instances(text).instances == instances


def test_a_file_written_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("mastodon.social T\nfosstodon.org\n", encoding="utf-8-sig")
    found = read_instances(path)
    assert found.instances == ["https://mastodon.social", "https://fosstodon.org"]
    assert found.tokens == {"https://mastodon.social": "T"}


def test_every_bad_line_is_named_in_one_error() -> None:
    text = "ok.example\na b c\nftp://x.example\n\nok.example T\nok.example U\nhttp://bad host\n"
    with pytest.raises(ValueError, match=r"^list\.txt, ") as caught:
        parse_instances(text, source="list.txt")
    message = str(caught.value)
    assert "\n" not in message
    named = [part.split(":")[0] for part in message.removeprefix("list.txt, ").split("; line ")]
    assert named == ["line 2", "3", "6", "7"]
    assert "uses the scheme 'ftp'" in message
    assert "a second, different token" in message


def test_harvest_shows_every_bad_line_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "list.txt"
    path.write_text("a.example\nftp://b.example\nc.example x y\n", encoding="utf-8-sig")
    assert run("harvest", "x", "--instances-file", str(path), "--db", str(tmp_path / "a")) == 2
    err = capsys.readouterr().err
    assert "line 2: 'ftp://b.example' uses the scheme 'ftp'" in err
    assert "line 3: expected 'instance [token]'" in err
    assert "line 1" not in err
    assert len(err.strip().splitlines()) == 1
