"""
How long the story page and a profile take to render from scratch (no page
cache), with Django's test client in one process, ``DEBUG`` off, on a fresh
SQLite database (or ``BENCH_DATABASE_URL``) holding the story and
``--stories`` copies of it (`bench.run.COPY_STORY`). Prints the median of
``--runs`` renders of each; ``--profile`` prints where one render's time goes
(cProfile). See bench/README.md, "Rendering from scratch".
"""

import argparse
import cProfile
import pstats
import statistics
import time

PAGES = {
    "story page": "/articles/durham-chief-constable-mike-barton-to-retire/",
    "profile page": "/people/mike-barton/",
}


def configure(stories):
    """A throwaway site holding the story and ``stories`` copies of it."""
    from bench.long_story import configure as throwaway_site

    throwaway_site("renders")
    from django.core.management import call_command

    from bench.run import COPY_STORY

    call_command("load_story", verbosity=0)
    exec(COPY_STORY.format(count=stories), {})


def render(client, path):
    from django.core.cache import cache

    # From scratch: no page held from the run before.
    cache.clear()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--stories", type=int, default=50, help="copies of the story to add")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of each page")
    options = parser.parse_args()
    configure(options.stories)
    from django.conf import settings
    from django.test import Client, override_settings

    # Static files by their plain names: the renders, not collectstatic, are measured.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()

    client = Client(HTTP_HOST="127.0.0.1")
    for name, path in PAGES.items():
        size = len(render(client, path).content)  # warm-up
        if options.profile:
            profiler = cProfile.Profile()
            profiler.runcall(render, client, path)
            print(f"== {name}")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            continue
        times, cpu = [], []
        for _ in range(options.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            render(client, path)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        # CPU time too: on a shared machine it moves less than the clock.
        print(
            f"{name}: median {statistics.median(times) * 1000:.1f} ms "
            f"({statistics.median(cpu) * 1000:.1f} ms CPU), "
            f"slowest {max(times) * 1000:.1f} ms, {size / 1024:.0f} KB"
        )


if __name__ == "__main__":
    main()
