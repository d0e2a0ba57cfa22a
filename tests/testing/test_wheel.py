"""``pip install "tootkit[testing]"`` in a new project: the wheel, a fresh venv, the plugin.

The test builds tootkit's wheel with its real build backend, installs it with
pip into a new virtual environment, and runs a user's two-test file there
with plain ``python -m pytest``: no ``-p``, no conftest, so only the
``pytest11`` entry point can bring the ``mastodon`` fixtures.

Nothing may come from the network, so the dependencies cannot be downloaded.
They come from the environment running this test instead, but only those the
wheel asks for: the test follows the wheel's ``Requires-Dist`` (with the
``testing`` extra) through the installed distributions, links exactly those
into one directory, and puts that directory on the new venv's path with a
``.pth`` file. pip then sees them as installed, checks every requirement
against them, and installs the wheel alone. The editable tootkit of this
environment, its other pytest plugins (pytest-asyncio, xdist, hypothesis) and
its ``.pth`` files stay out, so the new venv holds what a user's would.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]

USER_TESTS = '''
"""A bot's tests, in a project that installed tootkit[testing] and nothing else."""

import asyncio

import tootkit


def test_the_bot_posts_and_reads_it_back(mastodon, mastodon_client):
    mastodon.post("alice", "hello @bot")
    posted = mastodon_client.statuses.create("hi alice")
    assert mastodon_client.statuses.get(posted.id).text == "hi alice"
    assert [s["id"] for s in mastodon.statuses_by("bot")] == [posted.id]


def test_an_async_client_signs_in(mastodon):
    token = mastodon.account("carol")

    async def main():
        async with tootkit.AsyncClient(
            mastodon.url, access_token=token, transport=mastodon.transport()
        ) as client:
            return (await client.accounts.verify_credentials()).username

    assert asyncio.run(main()) == "carol"
'''

WHERE_FROM = """
import importlib.metadata, json, tootkit
dist = importlib.metadata.distribution("tootkit")
print(json.dumps({
    "module": tootkit.__file__,
    "metadata": str(dist.locate_file("")),
    "requires": dist.requires,
    "pytest11": {ep.name: ep.value for ep in dist.entry_points.select(group="pytest11")},
}))
"""
"""Where the new venv's tootkit comes from, and what its installed metadata says."""


def _run(*command: str | Path, cwd: Path = ROOT, clean: bool = True) -> str:
    """Run ``command``; return its output, or fail with it.

    ``clean`` drops the PYTHON* and PYTEST* variables: PYTHONPATH would put
    this checkout's src before the installed wheel, and
    PYTEST_DISABLE_PLUGIN_AUTOLOAD would hide the very entry point under test.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if not (clean and (name.startswith(("PYTHON", "PYTEST")) or name == "VIRTUAL_ENV"))
    }
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _pip(*arguments: str | Path, clean: bool = True) -> str:
    # --isolated: no pip.conf and no PIP_* variables, whose find-links or
    # index could send pip to the network; --no-index for the rest.
    pip = (sys.executable, "-m", "pip", "--isolated", "--disable-pip-version-check")
    return _run(*pip, *arguments, clean=clean)


def _build_wheel(into: Path) -> Path:
    """Build tootkit's wheel from this checkout, with the backend pyproject.toml names."""
    if importlib.util.find_spec("hatchling") is None:
        pytest.fail("hatchling, the build backend, is missing: pip install -e '.[dev]'")
    # The build runs here, where hatchling is, so it keeps this environment.
    build = ("wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index")
    _pip(*build, "--wheel-dir", into, ROOT, clean=False)
    [wheel] = into.glob("tootkit-*.whl")
    return wheel


def _wheel_metadata(wheel: Path) -> dict[str, list[str]]:
    with zipfile.ZipFile(wheel) as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        message = Parser().parsestr(archive.read(name).decode())
    return {key: message.get_all(key, []) for key in ("Version", "Requires-Dist")}


def _needed(requires: list[str], extras: set[str]) -> list[importlib.metadata.Distribution]:
    """The installed distributions that ``requires`` (with ``extras``) needs, transitively."""
    found: dict[str, importlib.metadata.Distribution] = {}
    wanted: dict[str, set[str]] = {}
    todo = [(Requirement(line), extras) for line in requires]
    while todo:
        requirement, of_extras = todo.pop()
        marker = requirement.marker
        if marker and not any(marker.evaluate({"extra": e}) for e in of_extras or {""}):
            continue
        name = canonicalize_name(requirement.name)
        if name in wanted and requirement.extras <= wanted[name]:
            continue
        wanted[name] = wanted.get(name, set()) | requirement.extras
        try:
            found[name] = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # pip names it when the install fails
        more = found[name].requires or []
        todo += [(Requirement(line), requirement.extras) for line in more]
    return list(found.values())


def _link_into(directory: Path, dists: list[importlib.metadata.Distribution]) -> None:
    """Symlink each distribution's top-level packages, modules and dist-info into ``directory``."""
    directory.mkdir()
    for dist in dists:
        assert dist.files is not None, f"{dist.metadata['Name']} has no RECORD"
        # ".." leads to scripts in bin; a shared __pycache__ belongs to no one.
        tops = {file.parts[0] for file in dist.files} - {"..", "__pycache__"}
        for top in tops:
            if not (directory / top).exists():
                (directory / top).symlink_to(Path(str(dist.locate_file(top))))


def _new_venv(env: Path, wheel: Path, deps: Path) -> tuple[Path, Path]:
    """Make a venv at ``env`` and pip-install ``tootkit[testing]`` from ``wheel`` into it.

    Returns its python and its site-packages.
    """
    venv.create(env, with_pip=False, symlinks=True)  # pip runs from here, with --python
    paths = {"base": str(env), "platbase": str(env)}
    site_packages = Path(sysconfig.get_path("purelib", scheme="venv", vars=paths))
    python = Path(sysconfig.get_path("scripts", scheme="venv", vars=paths)) / "python"
    _link_into(deps, _needed(_wheel_metadata(wheel)["Requires-Dist"], {"testing"}))
    assert not list(deps.glob("tootkit*"))
    # A plain line in a .pth only adds a directory; the .pth files inside it
    # are not read, so nothing else comes in through them.
    (site_packages / "deps.pth").write_text(f"{deps}\n")
    _pip(
        "--python",
        python,
        "install",
        "--quiet",
        "--no-index",
        f"tootkit[testing] @ {wheel.as_uri()}",
    )
    return python, site_packages


PLUGIN = "tootkit.testing.pytest_plugin"

ALSO_NAMED = [
    # how the user's project names the plugin besides its entry point: pytest's arguments, conftest.py
    ((), None),
    (("-p", PLUGIN), None),
    ((), f"pytest_plugins = [{PLUGIN!r}]\n"),
]
"""The entry point is named after the module, so that naming the module as well loads it once."""


def test_the_wheel_works_in_a_new_project(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path / "dist")
    python, site_packages = _new_venv(tmp_path / "venv", wheel, tmp_path / "deps")

    installed = json.loads(_run(python, "-c", WHERE_FROM, cwd=tmp_path))
    assert Path(installed["module"]).is_relative_to(site_packages / "tootkit")
    assert Path(installed["metadata"]) == site_packages
    assert any(r.startswith("pytest>=") and "testing" in r for r in installed["requires"])
    assert installed["pytest11"] == {PLUGIN: PLUGIN}

    version = _wheel_metadata(wheel)["Version"][0]
    for number, (arguments, conftest) in enumerate(ALSO_NAMED):
        project = tmp_path / f"project{number}"
        project.mkdir()
        (project / "test_bot.py").write_text(USER_TESTS)
        if conftest is not None:
            (project / "conftest.py").write_text(conftest)
        output = _run(python, "-m", "pytest", *arguments, cwd=project)
        assert "2 passed" in output, output
        # pytest lists there the plugins that entry points loaded, by distribution.
        [plugins] = [line for line in output.splitlines() if line.startswith("plugins:")]
        assert f"tootkit-{version}" in plugins
