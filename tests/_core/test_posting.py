"""What a new status may ask for: its visibility is one of Mastodon's four, checked before sending."""

from __future__ import annotations

from pathlib import Path

import pytest

import tootkit
from tootkit._core.posting import check_visibility, status_body
from tootkit.models import Visibility


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("public", "public"),
        ("unlisted", "unlisted"),
        ("private", "private"),
        ("direct", "direct"),
        (Visibility.UNLISTED, "unlisted"),
    ],
)
def test_a_known_visibility_is_sent_as_mastodon_spells_it(given: str, sent: str) -> None:
    assert status_body("hi", visibility=given)["visibility"] == sent  # type: ignore[typeddict-item]


@pytest.mark.parametrize("given", ["secret", "Public", "", "local", Visibility("local")])
def test_an_unknown_visibility_is_refused(given: str) -> None:
    with pytest.raises(ValueError, match="is not one of 'public', 'unlisted'"):
        check_visibility(given)


def test_an_unknown_visibility_is_refused_before_any_request() -> None:
    # Nothing listens on port 1: a request would fail with a TransportError instead.
    with tootkit.Client("http://127.0.0.1:1", access_token="t", retry=False) as client:
        with pytest.raises(ValueError, match="'secret'"):
            client.statuses.create("hi", visibility="secret")  # type: ignore[typeddict-item]
        with pytest.raises(ValueError, match="'secret'"):
            client.statuses.reblog("1", visibility="secret")  # type: ignore[arg-type]


def test_mypy_refuses_an_unknown_visibility(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mypy import api

    monkeypatch.setenv("MYPYPATH", str(Path(tootkit.__file__).parents[1]))
    snippet = tmp_path / "post.py"
    snippet.write_text(
        "import tootkit\n"
        "def post(client: tootkit.Client, v: tootkit.VisibilityName) -> None:\n"
        "    client.statuses.create('hi', visibility=v)\n"
        "    client.statuses.create('hi', visibility='secret')\n"
    )
    cache = str(tmp_path / "cache")
    out, err, status = api.run(["--strict", "--cache-dir", cache, str(snippet)])
    assert (status, out.count("error:")) == (1, 1), out + err
    assert "post.py:4:" in out
