"""Discovery across a fake fediverse of 53 loopback instances (tests/support/fediverse_graphs.py).

One fake fediverse serves the whole module; each discovery is run once and its
reports and the requests every instance received are kept, so that each test
only reads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import httpx
import pytest

from tests.support.fediverse import FakeFediverse, run_fake_fediverse
from tests.support.fediverse_graphs import (
    EXPECTED_HOLDS,
    EXPECTED_HOLDS_WITH_PEERS,
    FOUND_VIA,
    FOUND_VIA_WITH_PEERS,
    GTS_TOKEN,
    SPLIT_DOMAIN,
    TAG,
    VERDICTS,
    VERDICTS_WITH_PEERS,
    standard_graph,
)
from tootkit.discovery import VERDICTS as EVERY_VERDICT
from tootkit.discovery import Discovery, InstanceReport, discover

GRAPH = standard_graph()
SPECS = {spec["name"]: spec for spec in GRAPH["instances"]}


@attrs.frozen
class Run:
    """One discovery over the fake fediverse, and what each instance was asked."""

    found: Discovery
    log: dict[str, list[dict[str, str | None]]]
    heard: list[InstanceReport]  # what on_report was given, in order
    fediverse: FakeFediverse

    def verdicts(self) -> dict[str, str]:
        return {self.fediverse.name_of(r.host): r.verdict for r in self.found.reports}

    def report(self, name: str) -> InstanceReport:
        host = self.fediverse.host(name)
        return next(r for r in self.found.reports if r.host == host)

    def paths(self, name: str) -> list[str]:
        return [str(entry["path"]) for entry in self.log.get(name, [])]


@pytest.fixture(scope="module")
def fediverse() -> Iterator[FakeFediverse]:
    with run_fake_fediverse(GRAPH) as running:
        yield running


def _discover(fediverse: FakeFediverse, **options: Any) -> Run:
    fediverse.reset()
    heard: list[InstanceReport] = []
    found = discover(TAG, [fediverse.url("seed")], on_report=heard.append, **options)
    return Run(found, fediverse.log(), heard, fediverse)


@pytest.fixture(scope="module")
def plain(fediverse: FakeFediverse) -> Run:
    return _discover(fediverse)


@pytest.fixture(scope="module")
def with_peers(fediverse: FakeFediverse) -> Run:
    return _discover(fediverse, peers=True)


@pytest.fixture(params=[False, True], ids=["timelines", "peers"])
def each(request: pytest.FixtureRequest) -> tuple[Run, dict[str, str]]:
    if request.param:
        return request.getfixturevalue("with_peers"), VERDICTS_WITH_PEERS
    return request.getfixturevalue("plain"), VERDICTS


def _holders(run: Run) -> set[str]:
    return {run.fediverse.name_of(r.host) for r in run.found.holders}


def test_the_holders_found_through_timelines_are_exactly_those(plain: Run) -> None:
    assert _holders(plain) == EXPECTED_HOLDS


def test_peers_add_the_holders_no_timeline_shows(with_peers: Run) -> None:
    assert _holders(with_peers) == EXPECTED_HOLDS_WITH_PEERS
    assert EXPECTED_HOLDS < EXPECTED_HOLDS_WITH_PEERS


def test_every_probed_instance_gets_its_verdict(each: tuple[Run, dict[str, str]]) -> None:
    run, expected = each
    assert run.verdicts() == expected
    assert set(expected.values()) == set(EVERY_VERDICT)  # the graph shows every class


def test_nothing_past_the_depth_or_the_pages_is_asked_anything(
    each: tuple[Run, dict[str, str]],
) -> None:
    run, expected = each
    asked = {name for name, entries in run.log.items() if entries}
    assert asked == {name for name in expected if SPECS[name]["kind"] != "dead"}
    assert "hidden" not in asked  # shown by big only past the two pages read
    assert run.found.unprobed >= 4  # a4, far1, far2, notag9: depth 4


def test_found_via_names_the_host_whose_timeline_showed_it(plain: Run, with_peers: Run) -> None:
    for run, expected in ((plain, FOUND_VIA), (with_peers, FOUND_VIA_WITH_PEERS)):
        for name, via in expected.items():
            report = run.report(name)
            wanted = "peers" if via == "peers" else run.fediverse.host(via)
            assert report.found_via == wanted, name
        assert run.report("seed").found_via == "seed"
    assert plain.report("a3").depth == 3
    assert plain.report("c2").depth == 2  # the cycle c1 -> c2 -> c1 probes each once


def test_each_instance_is_probed_and_reported_once(each: tuple[Run, dict[str, str]]) -> None:
    run, _ = each
    hosts = [r.host for r in run.found.reports]
    assert len(hosts) == len(set(hosts))
    assert sorted(run.heard, key=lambda r: r.host) == list(run.found.reports)
    for name, entries in run.log.items():
        robots = [e for e in entries if e["path"] == "/robots.txt"]
        assert len(robots) <= 1, name


def test_the_robots_disallowed_instances_get_no_api_request(
    each: tuple[Run, dict[str, str]],
) -> None:
    run, _ = each
    for name in ("robots1", "robots2"):  # Disallow /api/ for *, and for tootkit only
        assert run.paths(name) == ["/robots.txt"]
        assert "robots.txt" in run.report(name).reason
    # A robots.txt that shuts out other agents only is no reason to stay away.
    assert run.report("robots_other").holds


def test_a_410_on_robots_txt_leaves_the_host_alone(plain: Run) -> None:
    assert plain.paths("gone1") == ["/robots.txt"]
    assert plain.report("gone2").verdict == "refused"  # robots.txt missing, the API gone


def test_no_instance_without_the_hashtag_gets_more_than_six_requests(
    each: tuple[Run, dict[str, str]],
) -> None:
    run, expected = each
    costs = {name: len(run.paths(name)) for name, verdict in expected.items() if verdict != "holds"}
    assert max(costs.values()) <= 6, costs
    for name, verdict in expected.items():
        if verdict == "no-tag":
            assert len(run.paths(name)) == 2, name  # robots.txt and one page of the timeline


def test_an_instance_found_only_in_a_peers_list_is_probed_with_one_status(
    with_peers: Run,
) -> None:
    assert with_peers.paths("notag5") == ["/robots.txt", f"/api/v1/timelines/tag/{TAG}?limit=1"]


def test_every_request_names_tootkit(each: tuple[Run, dict[str, str]]) -> None:
    run, _ = each
    agents = {entry["user_agent"] for entries in run.log.values() for entry in entries}
    assert agents
    assert all(agent is not None and agent.startswith("tootkit/") for agent in agents), agents


def test_what_each_holder_shows_is_counted_up_to_the_pages_read(plain: Run) -> None:
    for name in EXPECTED_HOLDS:
        shown = [s for s in SPECS[name]["statuses"] if TAG in s["tags"]]
        report = plain.report(name)
        assert report.statuses_seen == min(len(shown), 80), name  # 2 pages of 40
        newest = max(s["created_at"] for s in shown)
        assert report.newest is not None
        assert report.newest.strftime("%Y-%m-%dT%H:%M:%SZ") == newest, name
        assert (report.software, report.version) == ("mastodon", "4.3.0"), name
    assert plain.report("b1").statuses_seen == 50
    assert plain.report("big").statuses_seen == 80


def test_the_software_explains_the_failures(plain: Run) -> None:
    assert plain.report("gts1").software == "gotosocial"
    assert plain.report("lemmy1").software == "lemmy"
    assert plain.report("misskey1").software == "misskey"
    assert plain.report("plain1").software is None  # no NodeInfo: an HTML 404 on the API says it
    assert plain.report("gts2").reason  # Mastodon without public previews: 422


def test_a_token_goes_to_its_own_host_and_nowhere_else(fediverse: FakeFediverse) -> None:
    run = _discover(fediverse, tokens={fediverse.host("gts1"): GTS_TOKEN})
    assert run.report("gts1").holds
    assert run.report("gts1").statuses_seen == 4
    assert run.report("gts2").verdict == "needs-token"
    for name, entries in run.log.items():
        sent = {entry["authorization"] for entry in entries}
        assert sent <= ({None, f"Bearer {GTS_TOKEN}"} if name == "gts1" else {None}), name
    assert f"Bearer {GTS_TOKEN}" in {e["authorization"] for e in run.log["gts1"]}


def test_a_split_domain_status_leads_to_the_host_of_its_uri(plain: Run) -> None:
    (shown,) = (s for s in SPECS["seed"]["statuses"] if s.get("split"))
    assert shown["origin"] == "split"
    assert plain.report("split").holds
    assert plain.report("split").found_via == plain.fediverse.host("seed")
    assert not any(SPLIT_DOMAIN in r.instance for r in plain.found.reports)


def test_two_runs_write_the_same_instances_file(plain: Run, fediverse: FakeFediverse) -> None:
    again = _discover(fediverse)
    assert again.found.instances_file() == plain.found.instances_file()
    # Every line of --report too, reasons included (they never say how long a try took).
    assert [r.to_json() for r in again.found.reports] == [r.to_json() for r in plain.found.reports]
    lines = plain.found.instances_file().splitlines()[1:]
    assert len(lines) == len(EXPECTED_HOLDS)
    assert lines[0].startswith(f"{fediverse.url('big')}  # mastodon 4.3.0, 80 statuses seen")


def test_the_fake_pages_a_timeline_as_mastodon_does(fediverse: FakeFediverse) -> None:
    url: str | None = f"{fediverse.url('b1')}/api/v1/timelines/tag/{TAG}?limit=20"
    pages = []
    while url is not None:
        answer = httpx.get(url)
        pages.append([int(status["id"]) for status in answer.json()])
        url = answer.links.get("next", {}).get("url")
    assert [len(page) for page in pages] == [20, 20, 10, 0]
    ids = [id_ for page in pages for id_ in page]
    assert ids == sorted(set(ids), reverse=True)
    newer = httpx.get(
        f"{fediverse.url('b1')}/api/v1/timelines/tag/{TAG}", params={"limit": 5, "min_id": ids[25]}
    )
    assert [int(s["id"]) for s in newer.json()] == ids[20:25]  # just above, newest first


def _post(origin: str, n: int) -> dict[str, Any]:
    return {"origin": origin, "tags": [TAG], "n": n}


def test_a_host_in_a_peers_list_is_probed_even_when_a_status_past_the_depth_names_it() -> None:
    graph = {
        "instances": [
            {"name": "seed", "statuses": [_post("seed", 1), _post("x", 2)]},
            {"name": "x", "statuses": [_post("x", 2), _post("y", 3)], "peers": ["y"]},
            {"name": "y", "statuses": [_post("y", 3)]},
        ]
    }
    with run_fake_fediverse(graph) as small:
        found = discover(TAG, [small.url("seed")], peers=True, depth=1)
        assert {small.name_of(r.host) for r in found.holders} == {"seed", "x", "y"}
