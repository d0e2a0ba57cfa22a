#!/usr/bin/env python3
"""Record the vcrpy cassettes in ``cassettes/`` from a real server process.

Starts ``mastodon_mock serve`` on a fixed loopback port, seeds it through its
API, and records the clients' real HTTP exchanges. The ``Authorization``
header is filtered out. Run it again after changing what the cassettes cover:

    python scripts/record_cassettes.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import vcr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.mockserver import SEED_TOKEN, run_mock_server  # noqa: E402
from tootkit import Client  # noqa: E402

PORT = 39517
CASSETTES = ROOT / "cassettes"


def main() -> None:
    recorder = vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode="all",
        filter_headers=["authorization"],
        decode_compressed_response=True,
    )
    with run_mock_server(port=PORT) as server:
        for i in range(5):
            server.post_status(f"recorded post {i} #cassette")
        root = server.post_status("a recorded thread #cassette")["id"]
        reply = server.post_status("its reply", in_reply_to_id=root)["id"]
        server.post_status("and a reply to that", in_reply_to_id=reply)
        with Client(server.base_url, access_token=SEED_TOKEN) as client:
            with recorder.use_cassette("tag_timeline.yaml"):
                statuses = list(client.timelines.tag("cassette", page_size=3))
            with recorder.use_cassette("status_context.yaml"):
                client.statuses.get(reply)
                client.statuses.context(reply)
            with recorder.use_cassette("tag.yaml"):
                client.tags.get("cassette")
            with recorder.use_cassette("instance.yaml"):
                client.instance()
    facts = {
        "base_url": f"http://127.0.0.1:{PORT}",
        "tag": "cassette",
        "tag_timeline_ids": [s.id for s in statuses],
        "thread": {"root": root, "reply": reply},
    }
    (CASSETTES / "recorded.json").write_text(json.dumps(facts, indent=2) + "\n")
    print(f"recorded {len(list(CASSETTES.glob('*.yaml')))} cassettes into {CASSETTES}")


if __name__ == "__main__":
    main()
