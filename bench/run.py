"""
`make bench`: requests per second and p50/p99 latency of the story page, a
profile, an API list and detail and a search, each beside a minimal Django view
measured in the same run, as ratios; then how long saving a long story takes
through the API and the admin (bench/long_story.py). See bench/README.md.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORY = "/articles/durham-chief-constable-mike-barton-to-retire/"
ENDPOINTS = [
    ("minimal Django view", "/bench/minimal/"),
    ("story page", STORY),
    ("profile page", "/people/mike-barton/"),
    ("API list", "/api/v1/articles/?page_size=20"),
    ("API detail", "/api/v1/articles/durham-chief-constable-mike-barton-to-retire/"),
    ("search", "/search/?q=heroin"),
]


def prepare_database(env, extra_stories):
    """Migrate a fresh database, load the story and copy it ``extra_stories`` times."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    # Static files as production serves them (WhiteNoise): collected, hashed, compressed.
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*manage, "load_story", "-v0"], env=env, check=True)
    subprocess.run(
        [*manage, "shell", "-v0", "-c", COPY_STORY.format(count=extra_stories)],
        env=env,
        check=True,
    )


# Copies of the story give the lists, the profile and search a realistic size.
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


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def measure(port, path, seconds, concurrency):
    """Closed-loop load from ``concurrency`` keep-alive clients for ``seconds``."""
    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.monotonic() < deadline:
            start = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            if response.status != 200:
                errors.append(response.status)
        connection.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(client)
    elapsed = time.monotonic() - started
    if errors:
        raise SystemExit(f"{path} answered {sorted(set(errors))}: not benchmarking errors")
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5, help="load per endpoint")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--stories", type=int, default=50, help="copies of the story to add")
    parser.add_argument(
        "--long-story-runs", type=int, default=3, help="saves of a long story (0: none)"
    )
    options = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="newsroom-bench-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"),
        "MEDIA_ROOT": f"{workdir}/media",
        "STATIC_ROOT": f"{workdir}/static",
        "PYTHONPATH": str(ROOT),
    }
    prepare_database(env, options.stories)

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsroom.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(options.workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_for(port)
        results = {}
        for name, path in ENDPOINTS:
            measure(port, path, min(1.0, options.seconds), options.concurrency)  # warm up
            results[name] = measure(port, path, options.seconds, options.concurrency)
    finally:
        server.terminate()
        server.wait(timeout=10)

    baseline = results["minimal Django view"]
    print(
        f"{options.workers} gunicorn workers, {options.concurrency} keep-alive clients, "
        f"{options.seconds:g} s per endpoint, {options.stories + 1} stories, "
        f"database {env['DATABASE_URL'].split(':')[0]}"
    )
    header = ("endpoint", "req/s", "p50 ms", "p99 ms", "req/s ratio", "p50 ratio")
    print("{:22} {:>8} {:>8} {:>8}  {:>11} {:>9}".format(*header))
    for name, result in results.items():
        print(
            f"{name:22} {result['rps']:8.0f} {result['p50']:8.2f} {result['p99']:8.2f}  "
            f"{result['rps'] / baseline['rps']:11.2f} {result['p50'] / baseline['p50']:9.2f}"
        )
    if options.long_story_runs:
        subprocess.run(
            [sys.executable, "-m", "bench.long_story", "--runs", str(options.long_story_runs)],
            env=env,
            cwd=ROOT,
            check=True,
        )


if __name__ == "__main__":
    main()
