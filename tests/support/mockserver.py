"""Run ``mastodon_mock serve`` as a real server process on loopback, for tests.

The server is the ``mastodon-mock`` package from PyPI: a stateful Mastodon API
backed by in-memory SQLite. Tests talk real HTTP to it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

SEED_TOKEN = "mock_token"
"""The token of the seeded account ``testuser``."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _command() -> list[str]:
    exe = shutil.which("mastodon_mock", path=str(Path(sys.executable).parent)) or shutil.which(
        "mastodon_mock"
    )
    if exe:
        return [exe]
    return [sys.executable, "-m", "mastodon_mock"]


class MockServer:
    """A running ``mastodon_mock serve`` process and helpers to seed it."""

    def __init__(self, port: int, process: subprocess.Popen[bytes], log: Path) -> None:
        self.port = port
        self.process = process
        self.log = log
        self.base_url = f"http://127.0.0.1:{port}"
        self.http = httpx.Client(base_url=self.base_url, timeout=30)

    def post_status(self, text: str, token: str = SEED_TOKEN, **fields: Any) -> dict[str, Any]:
        response = self.http.post(
            "/api/v1/statuses",
            json={"status": text, **fields},
            headers={"Authorization": f"Bearer {token}"},
        )
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data

    def new_user(self, username: str) -> str:
        """Create a local account; return its token."""
        response = self.http.post("/api/v1/_mock/dev_user", json={"username": username})
        response.raise_for_status()
        return str(response.json()["access_token"])

    def add_fault(self, rule: dict[str, Any]) -> str:
        response = self.http.post("/api/v1/_mock/faults", json=rule)
        response.raise_for_status()
        return str(response.json()["id"])

    def clear_faults(self) -> None:
        self.http.delete("/api/v1/_mock/faults").raise_for_status()

    def close(self) -> None:
        self.http.close()


@contextmanager
def run_mock_server(config: str | None = None, port: int | None = None) -> Iterator[MockServer]:
    """Start the server on a free loopback port, wait until it answers, and stop it after.

    ``config`` is the text of a ``.mastodon_mock.toml`` (rate limits, seed data...).
    """
    port = port or free_port()
    workdir = Path(tempfile.mkdtemp(prefix="tootkit-mock-"))
    log = workdir / "server.log"
    args = [*_command(), "serve", "--in-memory", "--host", "127.0.0.1", "--port", str(port)]
    args += ["--log-level", "warning"]
    if config is not None:
        (workdir / "mock.toml").write_text(config)
        args += ["--config", str(workdir / "mock.toml")]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            args, cwd=workdir, stdout=log_file, stderr=subprocess.STDOUT, env=env
        )
    server = MockServer(port, process, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"mastodon_mock exited early:\n{log.read_text()[-3000:]}")
            try:
                if server.http.get("/api/v1/instance", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"mastodon_mock did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.1)
        yield server
    finally:
        server.close()
        if process.poll() is None:
            # An in-memory mock has nothing to save, and its graceful stop waits for
            # open WebSockets to end (up to 10 s): each xdist worker paid that.
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


class FakeServer:
    """A running ``tests.support.fakeserver`` process."""

    def __init__(self, port: int, timeline: Any) -> None:
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.timeline = timeline
        self.http = httpx.Client(base_url=self.base_url, timeout=30)

    def requests(self) -> list[str]:
        return list(self.http.get("/_fake/stats").json()["requests"])

    def authorizations(self) -> set[str | None]:
        """The ``Authorization`` headers the server received (None: a request without one)."""
        return set(self.http.get("/_fake/stats").json()["auth"])

    def reset(self) -> None:
        self.http.post("/_fake/reset").raise_for_status()

    def wait_listening(self, *wanted: tuple[str, str | None], timeout: float = 30) -> None:
        """Wait until an open stream connection wants each ``(stream, tag)`` of ``wanted``.

        The server passes a post on only to the connections open at that moment:
        a test that posts before its stream is there would wait for nothing.
        """
        deadline = time.monotonic() + timeout
        while True:
            listening = self.http.get("/_fake/stats").json()["listening"]
            heard = {tuple(pair) for streams in listening for pair in streams}
            if all(pair in heard for pair in wanted):
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"no connection wants {wanted} (open: {listening})")
            time.sleep(0.02)

    def post_when_listening(
        self, *texts: str, wants: tuple[tuple[str, str | None], ...] = (("public", None),)
    ) -> threading.Thread:
        """Post ``texts`` from another thread, once a connection wants each ``(stream, tag)`` of ``wants``.

        A test that ends first (its server gone) leaves the rest unposted.
        """

        def post() -> None:
            try:
                self.wait_listening(*wants)
                for text in texts:
                    self.http.post("/api/v1/statuses", data={"status": text}).raise_for_status()
            except (RuntimeError, httpx.HTTPError, TimeoutError):
                return  # the test ended first: its server is gone

        thread = threading.Thread(target=post, daemon=True)
        thread.start()
        return thread


@contextmanager
def run_fake_server(
    count: int, ids: str = "snowflake", port: int | None = None, **options: str
) -> Iterator[FakeServer]:
    """Start ``tests.support.fakeserver`` on a loopback port (a free one by default); stop it after."""
    from tests.support.fakeserver import Timeline

    args = [sys.executable, "-m", "tests.support.fakeserver", "--port", str(port or 0)]
    args += ["--count", str(count), "--ids", ids]
    for name, value in options.items():
        args += [f"--{name.replace('_', '-')}", value]
    timeline = Timeline(count, ids, first=int(options.get("first", "0")))
    with announced_process(args) as started:
        server = FakeServer(started["ports"][0], timeline)
        try:
            yield server
        finally:
            server.http.close()


class FakeInstances:
    """A running fake server process with many instances, a port each."""

    def __init__(self, ports: list[int], count: int, stride: int, ids: str) -> None:
        from tests.support.fakeserver import Timeline

        self.ports = ports
        self.urls = [f"http://127.0.0.1:{port}" for port in ports]
        self.timelines = [Timeline(count, ids, first=k * stride) for k in range(len(ports))]

    def requests(self, k: int) -> list[str]:
        """The requests instance ``k`` has served (it must be alive)."""
        answer = httpx.get(f"{self.urls[k]}/_fake/stats", timeout=10)
        return list(answer.json()["requests"])


@contextmanager
def run_fake_instances(
    instances: int,
    count: int,
    *,
    stride: int | None = None,
    ids: str = "snowflake",
    **options: float,
) -> Iterator[FakeInstances]:
    """Serve ``instances`` fake instances of ``count`` statuses from one process (see ``serve_many``)."""
    stride = count // 2 if stride is None else stride
    args = [sys.executable, "-m", "tests.support.fakeserver", "--instances", str(instances)]
    args += ["--count", str(count), "--stride", str(stride), "--ids", ids]
    for name, value in options.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    with announced_process(args) as started:
        yield FakeInstances(started["ports"], count, stride, ids)


@contextmanager
def announced_process(args: list[str]) -> Iterator[dict[str, Any]]:
    """Run ``args`` from the repository's root; yield the JSON it prints first; stop it after.

    For the fake servers that print where they listen (``{"ports": ...}``) once ready.
    """
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(args, cwd=root, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"{' '.join(args[1:3])} did not start")
        started: dict[str, Any] = json.loads(line)
        yield started
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


SNAC2 = Path(__file__).resolve().parents[3] / "shared" / "servers" / "snac2" / "run.py"
"""The shared script that builds and runs snac2, a third-party server with a Mastodon API."""


class Snac2:
    """A running snac2 server: its base URL and the tokens of alice and bob."""

    def __init__(self, base_url: str, tokens: dict[str, str]) -> None:
        self.base_url = base_url
        self.tokens = tokens


def _snac2_build() -> Path:
    """snac2 compiled once per machine and source, shared by every run (and pytest-xdist worker)."""
    import fcntl

    sources = SNAC2.parent / "src"
    stamp = max(p.stat().st_mtime_ns for p in sources.rglob("*") if p.is_file())
    cache = Path(tempfile.gettempdir()) / f"tootkit-snac2-build-{stamp}"
    with (Path(tempfile.gettempdir()) / "tootkit-snac2-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder at a time; the others wait, then reuse
        if not (cache / "build" / "snac").exists():
            shutil.rmtree(cache, ignore_errors=True)
            cache.mkdir()
            built = subprocess.run(
                [sys.executable, "-c", _BUILD_ONLY, str(SNAC2.parent), str(cache)],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            if built.returncode != 0:
                raise RuntimeError(f"snac2 did not build:\n{built.stderr[-2000:]}")
    return cache / "build"


_BUILD_ONLY = "import sys; sys.path.insert(0, sys.argv[1]); import run; run.build(sys.argv[2])"
"""Runs only the compile step of the shared run.py (its ``build(workdir)``)."""


@contextmanager
def run_snac2() -> Iterator[Snac2]:
    """Build snac2 (about 3 s) and start it on loopback; stop it afterwards.

    Raises ``FileNotFoundError`` where ../shared is missing and
    ``RuntimeError`` where it cannot be built (no libcurl4-openssl-dev).
    """
    if not SNAC2.exists():
        raise FileNotFoundError(SNAC2)
    workdir = Path(tempfile.mkdtemp(prefix="tootkit-snac2-"))
    (workdir / "build").symlink_to(_snac2_build(), target_is_directory=True)
    started = subprocess.run(
        [sys.executable, str(SNAC2), "start", str(workdir)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if started.returncode != 0:
        shutil.rmtree(workdir, ignore_errors=True)
        raise RuntimeError(f"snac2 did not start:\n{started.stderr[-2000:]}")
    info = json.loads(started.stdout.strip().splitlines()[-1])
    try:
        yield Snac2(info["base_url"], info["tokens"])
    finally:
        # Its data is thrown away: no need for the graceful stop, which takes seconds.
        with contextlib.suppress(ProcessLookupError):
            os.kill(info["pid"], signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)
