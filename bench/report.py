#!/usr/bin/env python3
"""``tootkit report`` on 1,000,000 statuses across 500 instances: its time and peak memory.

    python bench/report.py [COUNT] [--keep PATH] [--pad BYTES]

Builds a synthetic archive with plain SQL inserts (statuses shaped like
Mastodon's, about 700 bytes of raw JSON each (``--pad`` adds more text, as real
statuses of 2 to 4 KB have), a few accounts that opted out,
some deleted statuses, coverage with gaps), then runs :func:`tootkit.store.report`
and renders the HTML page in a fresh process, which reports its wall time and
peak resident size. Targets: under 10 s and under 300 MB.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tootkit.store import Archive  # noqa: E402

INSTANCES = 500
DAYS = 90
START = datetime(2025, 1, 1, tzinfo=UTC)
LANGUAGES = ["en", "en", "en", "de", "fr", "es", "ja", "nl", None]
CO_TAGS = ["science", "python", "climate", "news", "art", "", "", "", "", ""]

_RAW = (
    '{{"id":"{id}","created_at":"{at}","in_reply_to_id":null,"sensitive":false,"spoiler_text":"",'
    '"visibility":"public","language":{lang},"uri":"https://{host}/users/u{user}/statuses/{id}",'
    '"url":"https://{host}/@u{user}/{id}","replies_count":0,"reblogs_count":1,"favourites_count":2,'
    '"content":"<p>Status {id}{pad} about <a href=\\"https://{host}/tags/research\\">#research</a></p>",'
    '"reblog":null,"account":{{"id":"{user}","username":"u{user}","acct":"u{user}",'
    '"display_name":"User {user}","url":"https://{host}/@u{user}","noindex":{noindex},'
    '"indexable":true,"note":"<p>{note}</p>","fields":[]}},"media_attachments":[],"mentions":[],'
    '"tags":[{{"name":"research","url":"https://{host}/tags/research"}}],"emojis":[],"card":null,'
    '"poll":null}}'
)


def build(path: Path, count: int, pad: int = 0) -> None:
    """An archive of ``count`` statuses, written straight into its tables."""
    Archive(path, create=True).close()
    rng = random.Random(23)
    # A few big instances and a long tail, as on the fediverse.
    weights = [1 / (k + 1) for k in range(INSTANCES)]
    hosts = [f"i{k}.example" for k in range(INSTANCES)]
    seconds = DAYS * 86400

    def rows() -> object:
        for n in range(count):
            host = rng.choices(hosts, weights)[0]
            user = rng.randrange(50_000)
            at = (START + timedelta(seconds=rng.randrange(seconds))).isoformat()
            lang = rng.choice(LANGUAGES)
            co = rng.choice(CO_TAGS)
            raw = _RAW.format(
                pad=" lorem" * (pad // 6),
                id=n, at=at, host=host, user=user, lang=f'"{lang}"' if lang else "null",
                noindex="true" if user % 997 == 0 else "false",
                note="#nobot" if user % 1009 == 0 else "Writes about things.",
            )  # fmt: skip
            deleted = "2025-04-01T00:00:00+00:00" if n % 500 == 0 else None
            yield (
                f"https://{host}/users/u{user}/statuses/{n}", str(n), host, at,
                f"u{user}@{host}", lang, f"Status {n} about #research",
                f"research {co}".strip(), None, None, 0, 1, 2, raw.encode(), None, deleted,
            )  # fmt: skip

    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    with db:
        db.executemany(f"INSERT INTO statuses VALUES ({','.join('?' * 16)})", rows())  # type: ignore[arg-type]
        db.execute("INSERT INTO sightings SELECT uri, instance, id, 'research' FROM statuses")
        # Each instance covered, with a gap of ten days in the middle for every one of them.
        spans = []
        for host in hosts:
            spans.append((host, "research", START.isoformat(),
                          (START + timedelta(days=40)).isoformat(), None, None))  # fmt: skip
            spans.append((host, "research", (START + timedelta(days=50)).isoformat(),
                          (START + timedelta(days=DAYS)).isoformat(), None, None))  # fmt: skip
        db.executemany("INSERT INTO coverage VALUES (?,?,?,?,?,?)", spans)
        db.executemany(
            "INSERT INTO finished VALUES (?,?,?,?,?)",
            [(h, "research", START.isoformat(), (START + timedelta(days=DAYS)).isoformat(),
              "2025-04-02T00:00:00+00:00") for h in hosts[: INSTANCES // 2]],
        )  # fmt: skip
    db.close()


_MEASURE = """
import resource, sys, time
from tootkit.store import Archive, html_page, report
started = time.perf_counter()
with Archive(sys.argv[1], read_only=True) as archive:
    summary = report(archive)
page = html_page(summary)
took = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{summary.totals.statuses:,} statuses, {len(summary.instances)} instances, "
      f"{len(summary.periods)} periods: report + HTML in {took:.2f} s, peak RSS {peak:.0f} MB, "
      f"page {len(page.encode()) / 1024:.0f} KB")
"""


def main() -> None:
    args = sys.argv[1:]
    keep = Path(args[args.index("--keep") + 1]) if "--keep" in args else None
    pad = int(args[args.index("--pad") + 1]) if "--pad" in args else 0
    numbers = [a for i, a in enumerate(args) if a.isdigit() and (i == 0 or args[i - 1] != "--pad")]
    count = int(numbers[0]) if numbers else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        path = keep or Path(folder) / "bench.sqlite"
        if not path.exists():
            started = time.perf_counter()
            build(path, count, pad)
            print(f"built {count:,} statuses in {time.perf_counter() - started:.1f} s "
                  f"({path.stat().st_size / 1e6:.0f} MB)")  # fmt: skip
        env_path = str(ROOT / "src")
        subprocess.run(
            [sys.executable, "-c", _MEASURE, str(path)],
            check=True,
            env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
        )


if __name__ == "__main__":
    main()
