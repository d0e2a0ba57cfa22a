"""A fake fediverse on loopback: many instances, a port each, served by one asyncio process.

Discovery needs servers that point at one another: hashtag timelines carrying
federated statuses (the origin in their ``uri``), peers lists, NodeInfo and
robots.txt. This module serves a whole graph of such instances from one
process (asyncio, a minimal HTTP/1.1 with keep-alive, so 500 instances cost
little), and :func:`run_fake_fediverse` runs it for a test.

    python -m tests.support.fediverse --graph graph.json

prints ``{"ports": {name: port, ...}, "control": port}`` and serves until
it is terminated. The control port answers ``GET /_fake/log`` (each
request's path, ``User-Agent`` and ``Authorization``, by instance name) and
``POST /_fake/reset``.

The graph is JSON: ``{"instances": [instance, ...]}``, each instance::

    {"name": "h0",              # unique; peers and origins name instances by it
     "kind": "mastodon",        # see below
     "software": "mastodon", "version": "4.3.0",   # what NodeInfo says (null: no NodeInfo)
     "statuses": [status, ...], # what its hashtag timelines show
     "peers": ["h5", ...],      # /api/v1/instance/peers, as "127.0.0.1:PORT"
     "token": "secret",         # kind "token": the only token its API takes
     "auth_error": 401,         # kind "token": 401 (GoToSocial) or 422 (Mastodon, no previews)
     "robots": "User-agent: *\\nDisallow: /api/\\n",  # robots.txt text (default: none, a 404)
     "robots_status": 404}      # the status robots.txt is answered with

Kinds: ``mastodon`` (the default); ``empty`` (Mastodon without statuses);
``token`` (its API answers ``auth_error`` without ``Authorization: Bearer
<token>``; GoToSocial in NodeInfo by default); ``refused`` (403 on the API);
``gone`` (410 on robots.txt and on the API); ``robots`` (robots.txt
disallows ``/api/`` to every agent, the API still answers); ``not-mastodon``
(HTML 404 pages under ``/api/``, NodeInfo naming ``lemmy`` by default);
``dead`` (a port bound but not listening: connections are refused).

A status is ``{"origin": "h3", "tags": ["climate"], "created_at":
"2025-01-01T00:00:00Z", "user": "alice", "n": 7, "split": false}``: on the
instance that lists it, it has a local id (a snowflake of ``created_at``) but
keeps the origin's ``uri``, ``http://127.0.0.1:ORIGINPORT/users/alice/statuses/7``.
Its ``acct`` is ``alice`` on its origin and ``alice@127.0.0.1:ORIGINPORT``
elsewhere; ``split`` (true, or a domain) makes it ``alice@example.org`` while
``uri`` and ``account.url`` stay on the origin's port, as a split-domain
server's accounts are. ``origin`` defaults to the instance itself, ``user``
to ``user``, ``n`` to the status's position in the list.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import tempfile
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import httpx

from tests.support.mockserver import announced_process
from tests.support.tinyhttp import Answer, Responder, bound_socket, listen
from tootkit.testing._pages import PageStyle, paginate

BASE_TIME = datetime(2025, 1, 1, tzinfo=UTC)
NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.0"
GONE_ROBOTS = 410
API_ROBOTS = "User-agent: *\nDisallow: /api/\n"


def _json(status: int, data: Any, headers: dict[str, str] | None = None) -> Answer:
    return (
        status,
        json.dumps(data).encode(),
        {"Content-Type": "application/json", **(headers or {})},
    )


def _html(status: int, title: str) -> Answer:
    body = f"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
    return status, body.encode(), {"Content-Type": "text/html; charset=utf-8"}


def _timestamp(text: str | None, n: int) -> datetime:
    if text is None:
        return BASE_TIME + timedelta(minutes=n)
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def status_json(host: str, ports: dict[str, int], post: dict[str, Any], local_id: int) -> Any:
    """The Mastodon JSON of ``post`` as the instance at ``host`` shows it."""
    origin = f"127.0.0.1:{ports[post['origin']]}"
    user, n = post["user"], post["n"]
    split = post.get("split") or False
    if split:
        acct = f"{user}@{split if isinstance(split, str) else 'example.org'}"
    else:
        acct = user if origin == host else f"{user}@{origin}"
    created = _timestamp(post.get("created_at"), n)
    when = created.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    tags = [t.lower() for t in post["tags"]]
    links = " ".join(
        f'<a href="http://{host}/tags/{t}" class="mention hashtag" rel="tag">#<span>{t}</span></a>'
        for t in tags
    )
    account_id = str(zlib.crc32(f"{post['origin']}/{user}".encode()) + 1000)
    return {
        "id": str(local_id),
        "created_at": when,
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "en",
        "uri": f"http://{origin}/users/{user}/statuses/{n}",
        "url": f"http://{origin}/@{user}/{n}",
        "replies_count": n % 3,
        "reblogs_count": n % 5,
        "favourites_count": n % 7,
        "edited_at": None,
        "content": f"<p>Status {n} of {user}, about {links}</p>",
        "reblog": None,
        "application": None,
        "account": {
            "id": account_id,
            "username": user,
            "acct": acct,
            "display_name": user.title(),
            "locked": False,
            "bot": False,
            "discoverable": True,
            "group": False,
            "created_at": "2023-05-01T00:00:00.000Z",
            "note": f"<p>{user} posts here</p>",
            "url": f"http://{origin}/@{user}",
            "avatar": f"http://{origin}/avatars/{user}.png",
            "avatar_static": f"http://{origin}/avatars/{user}.png",
            "header": f"http://{origin}/headers/{user}.png",
            "header_static": f"http://{origin}/headers/{user}.png",
            "followers_count": n,
            "following_count": n,
            "statuses_count": n * 3,
            "last_status_at": created.date().isoformat(),
            "emojis": [],
            "fields": [],
        },
        "media_attachments": [],
        "mentions": [],
        "tags": [{"name": t, "url": f"http://{host}/tags/{t}"} for t in tags],
        "emojis": [],
        "card": None,
        "poll": None,
    }


class Instance:
    """One instance of the graph: its answers, computed once."""

    def __init__(self, spec: dict[str, Any], ports: dict[str, int]) -> None:
        self.name: str = spec["name"]
        self.kind: str = spec.get("kind", "mastodon")
        self.host = f"127.0.0.1:{ports[self.name]}"
        default = {"token": "gotosocial", "not-mastodon": "lemmy"}.get(self.kind, "mastodon")
        self.software: str | None = spec.get("software", default)
        self.version: str = spec.get("version", "4.3.0")
        self.token: str | None = spec.get("token")
        self.auth_error: int = spec.get("auth_error", 401)
        self.robots: str | None = spec.get("robots", API_ROBOTS if self.kind == "robots" else None)
        gone = GONE_ROBOTS if self.kind == "gone" else 404
        self.robots_status: int = spec.get("robots_status", 200 if self.robots else gone)
        self.peers = [f"127.0.0.1:{ports[name]}" for name in spec.get("peers", [])]
        # Per tag, (local id, JSON) newest first.
        self.timelines: dict[str, list[tuple[int, bytes]]] = {}
        for serial, post in enumerate(spec.get("statuses", [])):
            post = {"origin": self.name, "user": "user", "n": serial, **post}
            created = _timestamp(post.get("created_at"), post["n"])
            local_id = (int(created.timestamp() * 1000) << 16) | (serial & 0xFFFF)
            body = json.dumps(status_json(self.host, ports, post, local_id)).encode()
            for tag in {t.lower() for t in post["tags"]}:
                self.timelines.setdefault(tag, []).append((local_id, body))
        for entries in self.timelines.values():
            entries.sort(reverse=True)

    def answer(self, path: str, query: str, headers: dict[str, str]) -> Answer:
        if path == "/robots.txt":
            if self.robots_status == 200 and self.robots is not None:
                return 200, self.robots.encode(), {"Content-Type": "text/plain"}
            return _html(self.robots_status, "Not here")
        if path == "/.well-known/nodeinfo" and self.software:
            href = f"http://{self.host}/nodeinfo/2.0"
            return _json(200, {"links": [{"rel": NODEINFO_SCHEMA, "href": href}]})
        if path == "/nodeinfo/2.0" and self.software:
            return _json(200, self.nodeinfo())
        if not path.startswith("/api/"):
            return _html(404, "Not found")
        if self.kind == "not-mastodon":
            return _html(404, "Page not found")
        if self.kind == "gone":
            return _json(410, {"error": "This server is gone"})
        if self.kind == "refused":
            return _json(403, {"error": "This action is not allowed"})
        if self.kind == "token" and headers.get("authorization") != f"Bearer {self.token}":
            if self.auth_error == 422:
                return _json(422, {"error": "This method requires an authenticated user"})
            return _json(401, {"error": "The access token is invalid"})
        if path == "/api/v1/instance/peers":
            return _json(200, self.peers)
        if path == "/api/v1/instance":
            return _json(200, {"uri": self.host, "title": self.name, "version": self.version})
        if path.startswith("/api/v1/timelines/tag/"):
            tag = unquote(path.removeprefix("/api/v1/timelines/tag/")).lower()
            return self.timeline(path, tag, parse_qsl(query))
        return _json(404, {"error": "Record not found"})

    def nodeinfo(self) -> dict[str, Any]:
        return {
            "version": "2.0",
            "software": {"name": self.software, "version": self.version},
            "protocols": ["activitypub"],
            "services": {"outbound": [], "inbound": []},
            "usage": {"users": {}},
            "openRegistrations": False,
            "metadata": {},
        }

    def timeline(self, path: str, tag: str, query: list[tuple[str, str]]) -> Answer:
        """A page with Mastodon's cursors: newest first, ``min_id`` pages upwards.

        ``next`` follows every page that is not empty, so that a walk ends on an empty page.
        """
        url = f"http://{self.host}{quote(path)}"
        entries = self.timelines.get(tag, [])
        page, link = paginate(entries, _local_id, query, url, style=_EVERY_PAGE_LINKED)
        headers = {"Link": link} if link else {}
        body = b"[" + b",".join(entry[1] for entry in page) + b"]"
        return 200, body, {"Content-Type": "application/json; charset=utf-8", **headers}


_EVERY_PAGE_LINKED = PageStyle(links="always")


def _local_id(entry: tuple[int, bytes]) -> str:
    return str(entry[0])


Log = dict[str, list[dict[str, str | None]]]


def _instance_responder(instance: Instance, log: Log) -> Responder:
    def respond(method: str, target: str, headers: dict[str, str]) -> Answer:
        url = urlsplit(target)
        entry = {"path": target, "user_agent": headers.get("user-agent")}
        log[instance.name].append({**entry, "authorization": headers.get("authorization")})
        if method != "GET":
            return _json(405, {"error": "GET only"})
        return instance.answer(url.path, url.query, headers)

    return respond


def _control_responder(log: Log) -> Responder:
    def respond(method: str, target: str, headers: dict[str, str]) -> Answer:
        if method == "POST" and target == "/_fake/reset":
            for entries in log.values():
                entries.clear()
            return _json(200, {})
        if target == "/_fake/log":
            return _json(200, log)
        return _json(404, {"error": "Not found"})

    return respond


async def serve(graph: dict[str, Any]) -> None:
    """Serve every instance of ``graph`` until cancelled; print the ports first."""
    specs = graph["instances"]
    sockets = {spec["name"]: bound_socket() for spec in specs}
    ports = {name: sock.getsockname()[1] for name, sock in sockets.items()}
    log: Log = {spec["name"]: [] for spec in specs if spec.get("kind") != "dead"}
    servers = []
    for spec in specs:
        if spec.get("kind") == "dead":
            continue  # bound but never listening: connections are refused, the port stays ours
        instance = Instance(spec, ports)
        servers.append(await listen(sockets[spec["name"]], _instance_responder(instance, log)))
    control = bound_socket()
    servers.append(await listen(control, _control_responder(log)))
    print(json.dumps({"ports": ports, "control": control.getsockname()[1]}), flush=True)
    await asyncio.Event().wait()


class FakeFediverse:
    """A running fake fediverse: where each instance is, and what it was asked."""

    def __init__(self, ports: dict[str, int], control: int) -> None:
        self.ports = ports
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{control}", timeout=30)

    def host(self, name: str) -> str:
        """``127.0.0.1:PORT``: the instance's name in peers lists, tokens and reports."""
        return f"127.0.0.1:{self.ports[name]}"

    def url(self, name: str) -> str:
        return f"http://{self.host(name)}"

    def name_of(self, host: str) -> str:
        """The graph's name for ``host`` (``127.0.0.1:PORT``, or a URL ending so)."""
        port = int(host.rstrip("/").rsplit(":", 1)[1])
        return next(name for name, p in self.ports.items() if p == port)

    def log(self) -> dict[str, list[dict[str, str | None]]]:
        """Every request since the last reset, by instance: path, user_agent, authorization."""
        answer: dict[str, list[dict[str, str | None]]] = self.http.get("/_fake/log").json()
        return answer

    def reset(self) -> None:
        self.http.post("/_fake/reset").raise_for_status()


@contextlib.contextmanager
def run_fake_fediverse(graph: dict[str, Any]) -> Iterator[FakeFediverse]:
    """Serve ``graph`` from a process of its own while the block runs.

    Examples:
        >>> graph = {"instances": [{"name": "a", "statuses": [{"tags": ["x"]}]}]}
        >>> with run_fake_fediverse(graph) as fediverse:  # doctest: +SKIP
        ...     httpx.get(fediverse.url("a") + "/api/v1/timelines/tag/x").json()[0]["uri"]
        'http://127.0.0.1:40123/users/user/statuses/0'
    """
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="fediverse-") as file:
        json.dump(graph, file)
        file.flush()
        args = [sys.executable, "-m", "tests.support.fediverse", "--graph", file.name]
        with announced_process(args) as started:
            fediverse = FakeFediverse(started["ports"], started["control"])
            try:
                yield fediverse
            finally:
                fediverse.http.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", required=True, type=Path, help="the graph, a JSON file")
    options = parser.parse_args()
    graph = json.loads(options.graph.read_text())
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(graph))


if __name__ == "__main__":
    main()
