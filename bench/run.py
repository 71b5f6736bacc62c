"""
`make bench`: requests per second and p50/p99 latency of the site's pages and
API answers under gunicorn, measured with wrk beside a minimal Django view
(the floor) in the same run, on PostgreSQL and SQLite archives of generated
stories, cached and rendered from scratch; each gunicorn worker's memory
after a mix of requests; results as JSON and Markdown in bench/results/. Then
how long saving a long story takes (bench/long_story.py). See bench/README.md.
"""

import argparse
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import report
from .server import FLOOR, FLOOR_NAME, ROOT, Gunicorn, PostgreSQL, fill
from .wrk import Wrk, ensure_wrk, problem
from .wrk import version as wrk_version

STORY = "/articles/durham-chief-constable-mike-barton-to-retire/"
LIST = "/api/v1/articles/?page_size=20"
# What readers and API clients ask for most, each measured on its own. The
# common search word is in many generated stories (articles/corpus.py's
# vocabulary), the rare one only in the seed story.
ENDPOINTS = [
    ("story page", STORY),
    ("front page", "/"),
    ("section page", "/sections/news/"),
    ("profile page", "/people/mike-barton/"),
    ("people list", "/people/"),
    ("search, common word", "/search/?q=police"),
    ("search, rare word", "/search/?q=heroin"),
    ("API list", LIST),
    ("API deep page", None),  # half-way through the list: found once the archive is made
    ("API detail", "/api/v1/articles/durham-chief-constable-mike-barton-to-retire/"),
    ("API people", "/api/v1/people/"),
    ("sitemap", "/sitemap.xml"),
]
# The uncached server keeps the site's state, tag versions and lists' counts
# in its cache, as production does between changes, but no page or API
# answer: every request is rendered. The cold one keeps no count either: each
# list is counted for each page, as by the first reader after a change.
UNCACHED = {"PAGE_CACHE_TIMEOUT": "0"}
COLD = {**UNCACHED, "LIST_FACT_TIMEOUT": "0"}
# Seconds of load for an endpoint that answered nothing in --seconds.
SLOW_WINDOW = 10
# Each larger archive is also measured in turns with the smallest, both
# served at once: ROUNDS turns of TURN_SECONDS on each, for each endpoint.
SIDE_BY_SIDE = {"uncached": UNCACHED, "cold": COLD}
ROUNDS = 3
TURN_SECONDS = 1

# Copies of the story, for bench/renders.py's smaller site.
COPY_STORY = """
from articles.models import Article, Block, Quote
story = Article.objects.get(slug="durham-chief-constable-mike-barton-to-retire")
blocks = [b for b in story.blocks.all() if b.kind in Block.TEXT_KINDS]
for n in range({count}):
    copy = Article.objects.create(
        headline=f"{{story.headline}} ({{n}})", slug=f"{{story.slug}}-{{n}}",
        standfirst=story.standfirst, section=story.section, publisher=story.publisher,
        status=story.status, published_at=story.published_at)
    copy.tags.set(story.tags.all())
    copy.people.set(story.people.all())
    Block.objects.bulk_create(
        [Block(article=copy, position=b.position, kind=b.kind, text=b.text) for b in blocks])
    Quote.objects.bulk_create([
        Quote(article=copy, text=q.text, speaker=q.speaker, source=q.source)
        for q in story.quotes.all()
    ])
"""


def whole_numbers(text):
    try:
        numbers = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not numbers or any(n < 1 for n in numbers):
        raise argparse.ArgumentTypeError("sizes are whole numbers from 1")
    return sorted(set(numbers))


def database_names(text):
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = set(names) - {"postgresql", "sqlite"}
    if not names or unknown:
        raise argparse.ArgumentTypeError("databases are postgresql and/or sqlite")
    return list(dict.fromkeys(names))


def parse(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.strip())
    add = parser.add_argument
    add(
        "--sizes",
        type=whole_numbers,
        default=[1000, 10000],
        help="generated stories in each archive, comma-separated (default 1000,10000; "
        "add 100000 for the largest archive)",
    )
    add(
        "--databases",
        type=database_names,
        default=["postgresql", "sqlite"],
        help="postgresql and/or sqlite (default both)",
    )
    add(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
        ),
        help="server and database name prefix: the bench creates and drops "
        "<name>_<size> there (default $BENCH_POSTGRES_URL or %(default)s)",
    )
    add("--keep-databases", action="store_true", help="leave the PostgreSQL databases made")
    add("--seconds", type=int, default=3, help="load on each endpoint, whole seconds (default 3)")
    add(
        "--warmup",
        type=int,
        default=1,
        help="warm-up load before each, seconds (default 1; 0: none)",
    )
    add("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    add("--threads", type=int, default=1, help="wrk threads (default 1)")
    add("--connections", type=int, default=4, help="wrk connections (default 4)")
    add("--timeout", type=int, default=300, help="gunicorn's and wrk's timeout, seconds")
    add("--seed", type=int, default=0, help="generate_corpus's seed (default 0)")
    add(
        "--cache-url",
        default="locmemcache://bench",
        help="the cached server's CACHE_URL (default %(default)s)",
    )
    add(
        "--accept-encoding",
        default="",
        help="send this Accept-Encoding (e.g. gzip) so pages are compressed as for "
        "browsers (default: none, uncompressed)",
    )
    add(
        "--memory-requests",
        type=int,
        default=20000,
        help="requests sent to the cached server of each database's largest archive "
        "before reading its workers' memory (default 20000; 0: skip)",
    )
    add(
        "--memory-max-seconds",
        type=int,
        default=180,
        help="stop sending those requests after this long (default 180)",
    )
    add(
        "--output",
        type=Path,
        default=ROOT / "bench" / "results",
        help="folder for the JSON and Markdown (default bench/results)",
    )
    add("--no-long-story", action="store_true", help="skip bench.long_story afterwards")
    add("--long-story-runs", type=int, default=3, help="saves of a long story (default 3)")
    options = parser.parse_args(argv)
    for name in ("seconds", "workers", "threads", "connections", "timeout"):
        if getattr(options, name) < 1:
            parser.error(f"--{name} must be at least 1")
    for name in ("warmup", "memory_requests", "memory_max_seconds", "long_story_runs"):
        if getattr(options, name) < 0:
            parser.error(f"--{name.replace('_', '-')} must not be negative")
    if options.connections < options.threads:
        parser.error("--connections must be at least --threads (wrk's rule)")
    return options


def resolve(server):
    """
    The endpoints to measure on this archive: the API's deep page is half-way
    through its list; a sitemap index adds its first child sitemap.
    """
    resolved = []
    for name, path in ENDPOINTS:
        if name == "API deep page":
            status, _, body = server.fetch(LIST)
            count = json.loads(body).get("count") if status == 200 else None
            if count is None:
                path = LIST + "&page=unknown"  # measured as a failure, saying so
            else:
                path = f"{LIST}&page={max(1, math.ceil(count / 20) // 2)}"
        resolved.append((name, path))
        if name == "sitemap":
            status, _, body = server.fetch(path)
            if status == 200 and b"<sitemapindex" in body:
                start = body.index(b"<loc>") + len(b"<loc>")
                child = body[start : body.index(b"</loc>", start)].decode()
                child = "/" + child.split("://", 1)[-1].split("/", 1)[-1]
                resolved.append(("sitemap, first child", child))
    return resolved


def live_stories(server):
    status, _, body = server.fetch(LIST)
    return json.loads(body).get("count", 0) if status == 200 else 0


class Bench:
    def __init__(self, options, wrk, workdir):
        self.options, self.wrk, self.workdir = options, wrk, workdir
        self.collected = False
        # Each database's smallest archive: (its environment, folder, size).
        self.smallest = {}

    def endpoint(self, server, path):
        """One endpoint's figures, or why there are none."""
        status, _, body = server.fetch(path)
        if status != 200:
            return {"path": path, "error": f"answered {status}, not 200"}
        entry = {"path": path, "size_bytes": len(body)}
        try:
            if self.options.warmup:
                result = self.wrk.measure(server.base_url, path, self.options.warmup)
                # A page slower than the warm-up answers nothing in it: that is no error.
                if result["errors"]:
                    return self.failed(server, entry, result, f"warm-up: {problem(result)}")
            result = self.wrk.measure(server.base_url, path, self.options.seconds)
            if not result["requests"] and not result["errors"]:
                # Slower than the window: one longer try before calling it failed.
                server.restart()
                longer = max(SLOW_WINDOW, 3 * self.options.seconds)
                result = self.wrk.measure(server.base_url, path, longer)
        except RuntimeError as error:
            return {**entry, "error": str(error)}
        why = problem(result)
        if why:
            return self.failed(server, entry, result, why)
        return {**entry, **result}

    def failed(self, server, entry, result, why):
        # Requests still running in the workers would slow what is measured next.
        if not result["requests"] or result["errors"].get("timeout"):
            server.restart()
        return {**entry, "error": why}

    def floor(self, server):
        result = self.wrk.measure(server.base_url, FLOOR, self.options.seconds)
        why = problem(result)
        if why:
            raise SystemExit(f"the floor failed ({why}): nothing can be compared to it")
        return result

    def server_run(self, server, endpoints, label):
        """The floor, every endpoint, the floor again: each figure beside the floor's."""
        if self.options.warmup:
            self.wrk.measure(server.base_url, FLOOR, self.options.warmup)
        before = self.floor(server)
        measured = {}
        for name, path in endpoints:
            entry = self.endpoint(server, path)
            measured[name] = entry
            shown = (
                entry.get("error") or f"{entry['rps']:,.0f} req/s, p50 {entry['p50_ms']:.1f} ms"
            )
            print(f"  {label} {name}: {shown}", flush=True)
        after = self.floor(server)
        floor = {
            "path": FLOOR,
            "requests": before["requests"] + after["requests"],
            "errors": {},
            "rps": round((before["rps"] + after["rps"]) / 2, 1),
            "p50_ms": round((before["p50_ms"] + after["p50_ms"]) / 2, 3),
            "p99_ms": round((before["p99_ms"] + after["p99_ms"]) / 2, 3),
            "rps_ratio": 1.0,
            "p50_ratio": 1.0,
            "before": before,
            "after": after,
        }
        for entry in measured.values():
            if "rps" in entry:
                entry["rps_ratio"] = round(entry["rps"] / floor["rps"], 4)
                entry["p50_ratio"] = round(entry["p50_ms"] / floor["p50_ms"], 3)
        return {"endpoints": {FLOOR_NAME: floor, **measured}}

    def memory(self, server, endpoints, measured):
        """
        Each worker's memory after ``--memory-requests`` requests to the
        endpoints in turn, or as many as ``--memory-max-seconds`` allow.
        """
        names = {name for name, _ in endpoints if "rps" in measured.get(name, {})}
        paths = [path for name, path in endpoints if name in names]
        if not paths:
            return None
        # The mix's rate, from each endpoint's: enough seconds of wrk for the requests.
        rate = len(paths) / sum(1 / measured[name]["rps"] for name in measured if name in names)
        sent, seconds, most = 0, 0.0, self.options.memory_max_seconds
        for _ in range(10):
            remaining = self.options.memory_requests - sent
            if remaining <= 0 or seconds >= most:
                break
            duration = min(math.ceil(remaining / rate * 1.05), math.ceil(most - seconds))
            result = self.wrk.mix(server.base_url, paths, duration)
            why = problem(result)
            if why:
                return {"requests": sent, "error": why, "workers": server.worker_memory()}
            sent += result["requests"]
            seconds += result["seconds"]
            rate = max(result["rps"], 1.0)
        return {
            "requests": sent,
            "seconds": round(seconds, 1),
            "cut_short": sent < self.options.memory_requests,
            "workers": server.worker_memory(),
        }

    def side_by_side(self, smallest, largest):
        """
        Each endpoint's p50 on the ``largest`` server's archive as a multiple
        of the ``smallest``'s, both served at once and measured in turns (the
        median of ``ROUNDS`` turns' ratios); the floor's beside them, which
        should be near 1. Measured minutes apart, as the tables are, the
        machine's own speed can drift by more than the 1.5× being checked;
        in turns, a drift slows both alike.
        """
        paths = [dict([(FLOOR_NAME, FLOOR), *resolve(server)]) for server in (smallest, largest)]
        ratios = {}
        for name in paths[1]:
            if name not in paths[0]:
                continue
            if self.options.warmup:
                for server, where in ((smallest, paths[0]), (largest, paths[1])):
                    self.wrk.measure(server.base_url, where[name], self.options.warmup)
            turns = []
            for _ in range(ROUNDS):
                small, large = (
                    self.wrk.measure(server.base_url, where[name], TURN_SECONDS)
                    for server, where in ((smallest, paths[0]), (largest, paths[1]))
                )
                if problem(small) or problem(large) or not small["p50_ms"]:
                    break
                turns.append(large["p50_ms"] / small["p50_ms"])
            if len(turns) == ROUNDS:
                ratios[name] = round(statistics.median(turns), 3)
        return ratios

    def site(self, database, size, base_env, postgres):
        """
        One archive, served cached, uncached and cold: its figures. The
        smallest of each database's archives is kept (``self.smallest``) for
        the larger ones to be measured beside it.
        """
        folder = Path(tempfile.mkdtemp(prefix=f"sqlite-{size}-", dir=self.workdir))
        if database == "postgresql":
            url = postgres.create(size)
        else:
            url = f"sqlite:///{folder}/bench.sqlite3"
        env = {**base_env, "DATABASE_URL": url}
        kept = size == min(self.options.sizes)
        try:
            print(f"{database}, {size:,} stories: generating the archive", flush=True)
            started = time.monotonic()
            # Static files are collected once, with the first archive.
            fill(env, size, self.options.seed, collect_static=not self.collected)
            self.collected = True
            run = {
                "database": database,
                "size": size,
                "setup_seconds": round(time.monotonic() - started, 1),
                "servers": {},
            }
            servers = {"cached": {}, "uncached": UNCACHED, "cold": COLD}
            endpoints = None
            for kind, settings in servers.items():
                options = self.options
                with Gunicorn(
                    {**env, "CACHE_URL": self.options.cache_url, **settings},
                    workers=options.workers,
                    timeout=options.timeout,
                ) as server:
                    if endpoints is None:
                        endpoints = resolve(server)
                        run["live_stories"] = live_stories(server)
                    run["servers"][kind] = self.server_run(server, endpoints, kind)
                    # Once a database, on its largest archive.
                    if kind == "cached" and options.memory_requests and size == max(options.sizes):
                        print(
                            f"  cached: {options.memory_requests:,} requests for memory",
                            flush=True,
                        )
                        run["memory"] = self.memory(
                            server, endpoints, run["servers"][kind]["endpoints"]
                        )
            if kept:
                self.smallest[database] = (env, folder, size)
            elif database in self.smallest:
                smallest_env = self.smallest[database][0]
                run["side_by_side"] = {}
                for kind, settings in SIDE_BY_SIDE.items():
                    print(f"  {kind}, beside {self.smallest[database][2]:,} stories", flush=True)
                    servers = [
                        Gunicorn(
                            {**site_env, "CACHE_URL": self.options.cache_url, **settings},
                            workers=self.options.workers,
                            timeout=self.options.timeout,
                        )
                        for site_env in (smallest_env, env)
                    ]
                    with servers[0] as smallest, servers[1] as largest:
                        run["side_by_side"][kind] = self.side_by_side(smallest, largest)
            return run
        finally:
            if not kept or database not in self.smallest:
                self.drop(database, folder, size, postgres)

    def drop(self, database, folder, size, postgres):
        shutil.rmtree(folder, ignore_errors=True)
        if database == "postgresql" and not self.options.keep_databases:
            postgres.drop(size)

    def drop_kept(self, postgres):
        """Drop the smallest archives kept for the larger ones to be measured beside."""
        for database, (_, folder, size) in self.smallest.items():
            self.drop(database, folder, size, postgres)
        self.smallest = {}


def failures(results):
    found = []
    for run in results["runs"]:
        for kind, server in run["servers"].items():
            for name, entry in server["endpoints"].items():
                if "error" in entry:
                    found.append(
                        f"{run['database']} {run['size']} {kind} {name}: {entry['error']}"
                    )
        if run.get("memory", {}) and "error" in run["memory"]:
            found.append(f"{run['database']} {run['size']} memory: {run['memory']['error']}")
    return found


def stop_on_sigterm(signum, frame):
    # As for Ctrl-C: the servers are stopped and the databases dropped on the way out.
    raise SystemExit(f"stopped by signal {signum}")


def main(argv=None):
    options = parse(argv)
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    started = time.monotonic()
    wrk = ensure_wrk()
    workdir = tempfile.mkdtemp(prefix="newsroom-bench-")
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "MEDIA_ROOT": f"{workdir}/media",
        "STATIC_ROOT": f"{workdir}/static",
        "PYTHONPATH": str(ROOT),
    }
    postgres = PostgreSQL(options.postgres_url) if "postgresql" in options.databases else None
    postgres_version = postgres.version() if postgres else None
    headers = [f"Accept-Encoding: {options.accept_encoding}"] if options.accept_encoding else []
    runner = Bench(
        options,
        Wrk(
            wrk,
            workdir,
            threads=options.threads,
            connections=options.connections,
            timeout=options.timeout,
            headers=headers,
        ),
        workdir,
    )
    results = {
        "machine": report.machine(wrk_version(wrk), postgres_version),
        "options": {
            name: str(value) if isinstance(value, Path) else value
            for name, value in vars(options).items()
        },
        "runs": [],
    }
    results["options"]["postgres_url"] = postgres.url if postgres else None
    results["options"]["side_by_side"] = {"rounds": ROUNDS, "turn_seconds": TURN_SECONDS}
    try:
        for database in options.databases:
            for size in options.sizes:
                run = runner.site(database, size, base_env, postgres)
                results["runs"].append(run)
                report.add_scaling(results["runs"])
                print("\n" + report.run_table(run) + "\n", flush=True)
    finally:
        runner.drop_kept(postgres)
        shutil.rmtree(workdir, ignore_errors=True)
    results["total_seconds"] = round(time.monotonic() - started, 1)
    json_path, md_path, text = report.write(results, options.output)
    if "### Targets" in text:
        print("### Targets" + text.split("### Targets", 1)[1])
    print(f"Results: {json_path}\n         {md_path}")
    print(f"Total time {results['total_seconds'] / 60:.1f} minutes")
    failed = failures(results)
    if not options.no_long_story and options.long_story_runs:
        subprocess.run(
            [sys.executable, "-m", "bench.long_story", "--runs", str(options.long_story_runs)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=True,
        )
        print(f"Total time with the long story {(time.monotonic() - started) / 60:.1f} minutes")
    if failed:
        print("Failed (a benchmark of errors measures nothing):", *failed, sep="\n  ")
        sys.exit(1)


if __name__ == "__main__":
    main()
