"""
`make bench` in small, so that it cannot rot unnoticed: a 20-story SQLite
archive, one second of wrk an endpoint, cached, uncached and cold; every endpoint
must be answered (a benchmark of errors measures nothing) and reported, with
the floor beside it and each worker's memory. The figures themselves are not
checked: on a shared CI machine they mean nothing. Then, without a server,
that an endpoint answering anything but 200, or errors under load, is
reported as failed rather than measured.
"""

import json
import subprocess
import sys

import pytest
from django.conf import settings

from bench.report import add_scaling, targets
from bench.run import ENDPOINTS, Bench, parse
from bench.server import FLOOR, FLOOR_NAME
from bench.wrk import ensure_wrk, figures


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    try:
        ensure_wrk()
    except SystemExit as reason:
        pytest.skip(f"the bench's load tool is missing: {reason}")
    output = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--sizes",
            "20",
            "--databases",
            "sqlite",
            "--seconds",
            "1",
            "--warmup",
            "0",
            "--memory-requests",
            "200",
            "--no-long-story",
            "--output",
            str(output),
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [written] = output.glob("*.json")
    return json.loads(written.read_text()), output, done.stdout


def test_every_endpoint_is_measured_cached_uncached_and_cold_without_errors(results):
    data, _, _ = results
    [run] = data["runs"]
    assert (run["database"], run["size"]) == ("sqlite", 20)
    assert run["live_stories"] > 1
    for kind in ("cached", "uncached", "cold"):
        measured = run["servers"][kind]["endpoints"]
        assert set(measured) >= {FLOOR_NAME, *(name for name, _ in ENDPOINTS)}, kind
        for name, entry in measured.items():
            assert "error" not in entry, (kind, name, entry)
            assert entry["requests"] > 0, (kind, name)
            assert entry["rps"] > 0, (kind, name)
            assert entry["errors"] == {}, (kind, name)
            assert entry["p99_ms"] >= entry["p50_ms"] > 0, (kind, name)
            assert entry["rps_ratio"] == pytest.approx(
                entry["rps"] / measured[FLOOR_NAME]["rps"], abs=1e-4
            )
        assert measured[FLOOR_NAME]["rps_ratio"] == 1.0


def test_the_deep_api_page_is_half_way_through_the_list(results):
    data, _, _ = results
    [run] = data["runs"]
    path = run["servers"]["cached"]["endpoints"]["API deep page"]["path"]
    pages = -(-run["live_stories"] // 20)
    assert path.endswith(f"&page={max(1, pages // 2)}")


def test_worker_memory_is_read_from_each_gunicorn_worker(results):
    data, _, _ = results
    [run] = data["runs"]
    memory = run["memory"]
    assert memory["requests"] >= 200
    assert len(memory["workers"]) == data["options"]["workers"]
    for worker in memory["workers"]:
        assert worker["peak_rss_mb"] >= worker["rss_mb"] > 10


def test_the_machine_and_the_tables_are_written(results):
    data, output, stdout = results
    machine = data["machine"]
    assert machine["cores"] >= 1
    assert machine["python"] == ".".join(map(str, sys.version_info[:3]))
    assert machine["wrk"].startswith("wrk")
    assert data["total_seconds"] > 0
    latest = (output / "latest.md").read_text()
    for name, _ in ENDPOINTS:
        assert f"| {name} |" in latest
    assert "### Targets (issue 10)" in latest
    assert "Total time" in stdout


class FakeServer:
    """Answers the first request with ``status``; counts restarts."""

    base_url = "http://127.0.0.1:1"

    def __init__(self, status=200):
        self.status, self.restarts = status, 0

    def fetch(self, path):
        return self.status, {}, b"<html></html>"

    def restart(self):
        self.restarts += 1


class FakeWrk:
    """wrk's figures, as its done() line gives them, for each run in turn."""

    def __init__(self, *lines):
        self.lines = list(lines)

    def measure(self, base_url, path, seconds):
        return figures(self.lines.pop(0))


def done_line(requests=100, **errors):
    kinds = dict.fromkeys(("connect", "read", "write", "status", "timeout"), 0)
    return {
        "requests": requests,
        "duration_us": 2_000_000,
        "bytes": 1000,
        "p50_us": 2500,
        "p99_us": 9000,
        "mean_us": 3000.0,
        "max_us": 12000,
        **kinds,
        **errors,
    }


def bench(wrk):
    return Bench(parse(["--seconds", "2", "--warmup", "1"]), wrk, workdir=None)


def test_an_endpoint_answered_is_measured():
    entry = bench(FakeWrk(done_line(), done_line(requests=300))).endpoint(FakeServer(), "/x/")
    assert (entry["requests"], entry["rps"], entry["p50_ms"], entry["p99_ms"]) == (
        300,
        150.0,
        2.5,
        9.0,
    )
    assert "error" not in entry


@pytest.mark.parametrize("status", [301, 404, 500])
def test_an_endpoint_that_does_not_answer_200_is_not_measured(status):
    entry = bench(FakeWrk()).endpoint(FakeServer(status), "/x/")
    assert entry["error"] == f"answered {status}, not 200"
    assert "rps" not in entry


def test_error_answers_under_load_fail_the_endpoint():
    server = FakeServer()
    entry = bench(FakeWrk(done_line(), done_line(status=7))).endpoint(server, "/x/")
    assert entry["error"] == "7 status error(s) in 100 requests"
    assert "rps" not in entry
    assert server.restarts == 0


def test_timeouts_fail_the_endpoint_and_restart_its_server():
    server = FakeServer()
    entry = bench(FakeWrk(done_line(), done_line(timeout=2))).endpoint(server, "/x/")
    assert entry["error"] == "2 timeout error(s) in 100 requests"
    assert server.restarts == 1


def test_an_endpoint_slower_than_the_window_gets_one_longer_try():
    server = FakeServer()
    wrk = FakeWrk(done_line(), done_line(requests=0), done_line(requests=0))
    entry = bench(wrk).endpoint(server, "/x/")
    assert entry["error"] == "no request was answered"
    assert server.restarts == 2
    assert wrk.lines == []


def test_a_warm_up_that_answers_nothing_is_no_failure():
    server = FakeServer()
    wrk = FakeWrk(done_line(requests=0), done_line(requests=30))
    entry = bench(wrk).endpoint(server, "/x/")
    assert (entry["requests"], "error" in entry, server.restarts) == (30, False, 0)


def test_errors_in_the_warm_up_fail_the_endpoint():
    entry = bench(FakeWrk(done_line(status=1))).endpoint(FakeServer(), "/x/")
    assert entry["error"] == "warm-up: 1 status error(s) in 100 requests"


class DriftingWrk:
    """
    Each answer's p50: the larger archive's endpoints ``slower`` times the
    smaller's (the floor alike on both), the whole machine slowing down a
    little more with every measurement.
    """

    def __init__(self, slower):
        self.slower, self.drift, self.paths = slower, 1.0, []

    def measure(self, base_url, path, seconds):
        self.drift *= 1.1
        self.paths.append((base_url, path))
        p50_us = 2000 * self.drift
        if base_url == LARGE.base_url and path != FLOOR:
            p50_us *= self.slower
        return figures(done_line(p50_us=round(p50_us)))


class Archive(FakeServer):
    def __init__(self, base_url):
        super().__init__(status=404)
        self.base_url = base_url


LARGE = Archive("http://large")


def test_a_larger_archive_is_measured_in_turns_beside_the_smallest():
    wrk = DriftingWrk(slower=1.5)
    ratios = bench(wrk).side_by_side(Archive("http://small"), LARGE)
    # Every endpoint but the sitemap's first child (found in a sitemap index).
    assert set(ratios) == {FLOOR_NAME, *(name for name, _ in ENDPOINTS)}
    assert ratios[FLOOR_NAME] == pytest.approx(1.1)
    # Each turn on the larger archive comes after one on the smaller, on a
    # machine growing slower: the ratio holds the drift of one turn, not of a run.
    assert ratios["story page"] == pytest.approx(1.5 * 1.1)
    # A warm-up and three turns on each, in turns.
    story = [url for url, path in wrk.paths if path == ENDPOINTS[0][1]]
    assert story == ["http://small", "http://large"] * 4


def test_the_archive_targets_hold_uncached_and_cold_p50s_to_the_smallest_archives():
    def run(size, uncached_ms, cold_ms):
        def server(p50_ms):
            return {"endpoints": {"API list": {"p50_ms": p50_ms}}}

        return {
            "database": "postgresql",
            "size": size,
            "servers": {
                "cached": {"endpoints": {}},
                "uncached": server(uncached_ms),
                "cold": server(cold_ms),
            },
        }

    small, large = run(1000, 20.0, 22.0), run(100_000, 26.0, 80.0)
    add_scaling([large, small])
    assert large["scaling"] == {"uncached": {"API list": 1.3}, "cold": {"API list": 3.636}}
    assert "scaling" not in small
    rows = {target: (figure, met) for _, target, figure, met in targets([small, large])}
    assert rows["uncached p50 ≤ 1.5× the smallest archive's (minutes apart)"] == (
        "worst 1.30× (API list)",
        True,
    )
    cold = "cold (every list counted afresh) p50 ≤ 1.5× the smallest archive's"
    assert rows[f"{cold} (minutes apart)"] == ("worst 3.64× (API list)", False)
    # Measured side by side, the figures measured so are the ones held to it.
    large["side_by_side"] = {"cold": {"API list": 1.2, FLOOR_NAME: 1.6}}
    rows = {target: (figure, met) for _, target, figure, met in targets([small, large])}
    assert rows[f"{cold} (side by side)"] == ("worst 1.20× (API list)", True)
    assert f"{cold} (minutes apart)" not in rows
