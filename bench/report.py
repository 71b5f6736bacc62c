"""
What `make bench` reports: the machine it ran on, each run's figures as
Markdown tables (beside the floor, and against the smallest archive), the
issue's targets met or missed, and where the JSON and Markdown are written.
"""

import datetime
import json
import os
import platform
import shutil
import sqlite3
import subprocess
from importlib.metadata import version

from .server import FLOOR_NAME, ROOT

# Issue 10's targets, checked on each run's figures.
CACHE_HIT_FLOOR = 0.8
UNCACHED_FLOOR = {"story page": 0.03, "API detail": 0.04}
WORKER_RSS_MB = 150
SCALING = 1.5
DEEP_PAGE = 2.0
COMMON_SEARCH_MS = 50
# The servers whose p50s are held to SCALING, as the targets name them.
SCALED = {"uncached": "uncached", "cold": "cold (every list counted afresh)"}
# Searches are rendered for each query, never from the page cache.
NOT_CACHED = {"search, common word", "search, rare word"}


def git(*args):
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def machine(wrk_version, postgres_version):
    """What the figures were measured on: they mean little without it."""
    cpu = None
    try:
        with open("/proc/cpuinfo") as lines:
            cpu = next(line.split(":", 1)[1].strip() for line in lines if "model name" in line)
    except (OSError, StopIteration):
        cpu = platform.processor() or None
    ram_gb = None
    try:
        with open("/proc/meminfo") as lines:
            kb = next(int(line.split()[1]) for line in lines if line.startswith("MemTotal:"))
        ram_gb = round(kb / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": git("rev-parse", "HEAD"),
        "uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no")),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": version("Django"),
        "gunicorn": version("gunicorn"),
        "postgresql": postgres_version,
        "sqlite": sqlite3.sqlite_version,
        "wrk": wrk_version,
        "load_average": os.getloadavg(),
    }


def fmt_rps(entry):
    if "rps" not in entry:
        return "failed"
    return f"{entry['rps']:,.0f} ({entry['rps_ratio']:.2f})"


def fmt_p50(entry):
    if "p50_ms" not in entry:
        return "failed"
    return f"{entry['p50_ms']:.1f} ({entry['p50_ratio']:.1f}×)"


def fmt_p99(entry):
    return f"{entry['p99_ms']:.1f}" if "p99_ms" in entry else "failed"


def fmt_times(multiple):
    return "" if multiple is None else f"{multiple:.2f}×"


def run_table(run):
    """One run's endpoints, cached and uncached, as a Markdown table."""
    cached, uncached = run["servers"]["cached"], run["servers"]["uncached"]
    lines = [
        f"### {run['database']}, {run['size']:,} stories",
        "",
        f"{run['live_stories']:,} live stories (migrated, seed story loaded and archive "
        f"generated in {run['setup_seconds']:.0f} s).",
        "",
        "| endpoint | cached req/s | p50 ms | p99 ms "
        "| uncached req/s | p50 ms | p99 ms | p50 vs smallest "
        "| cold req/s | p50 ms | p50 vs smallest |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    cold = run["servers"].get("cold", {"endpoints": {}})
    for name in cached["endpoints"]:
        hit, miss = cached["endpoints"][name], uncached["endpoints"].get(name, {})
        counted = cold["endpoints"].get(name, {})
        scaled = scaling(run, "uncached")[0].get(name)
        cold_scaled = scaling(run, "cold")[0].get(name)
        lines.append(
            f"| {name} | {fmt_rps(hit)} | {fmt_p50(hit)} | {fmt_p99(hit)} "
            f"| {fmt_rps(miss)} | {fmt_p50(miss)} | {fmt_p99(miss)} | {fmt_times(scaled)} "
            f"| {fmt_rps(counted) if counted else ''} | {fmt_p50(counted) if counted else ''} "
            f"| {fmt_times(cold_scaled)} |"
        )
    for kind, server in run["servers"].items():
        floor = server["endpoints"][FLOOR_NAME]
        lines.append("")
        lines.append(
            f"Floor ({kind} server): {floor['rps']:,.0f} req/s, p50 {floor['p50_ms']:.2f} ms "
            f"(before the endpoints {floor['before']['rps']:,.0f} req/s, "
            f"after {floor['after']['rps']:,.0f})."
        )
    memory = run.get("memory")
    if memory:
        short = ", cut short by --memory-max-seconds" if memory.get("cut_short") else ""
        workers = ", ".join(
            f"{worker['rss_mb']:.0f} MB (peak {worker['peak_rss_mb']:.0f})"
            for worker in memory["workers"]
        )
        lines += [
            "",
            f"Worker memory after {memory['requests']:,} requests (a mix of the endpoints, "
            f"cached server{short}): {workers}.",
        ]
    errors = [
        f"- {kind} {name}: {entry['error']}"
        for kind, server in run["servers"].items()
        for name, entry in server["endpoints"].items()
        if "error" in entry
    ]
    if errors:
        lines += ["", "Failed:", *errors]
    return "\n".join(lines)


def scaling(run, kind):
    """
    The ``kind`` server's p50s on this run's archive as multiples of the
    smallest archive's, and how they were measured: side by side where the
    bench served both at once, else from the tables, minutes apart.
    """
    beside = run.get("side_by_side", {}).get(kind)
    if beside:
        return beside, "side by side"
    return run.get("scaling", {}).get(kind, {}), "minutes apart"


def add_scaling(runs):
    """
    Each run's uncached and cold p50s as multiples of the same database's
    smallest run's: ``run["scaling"][kind][endpoint]``.
    """
    for run in runs:
        smallest = min(
            (other for other in runs if other["database"] == run["database"]),
            key=lambda other: other["size"],
        )
        if smallest is run:
            continue
        run["scaling"] = {}
        for kind in ("uncached", "cold"):
            if kind not in run["servers"] or kind not in smallest["servers"]:
                continue
            base = smallest["servers"][kind]["endpoints"]
            run["scaling"][kind] = {
                name: round(entry["p50_ms"] / base[name]["p50_ms"], 3)
                for name, entry in run["servers"][kind]["endpoints"].items()
                if "p50_ms" in entry and base.get(name, {}).get("p50_ms")
            }


def targets(runs):
    """Issue 10's targets on each run's figures: (run, target, figure, met)."""
    rows = []
    for run in runs:
        where = f"{run['database']}, {run['size']:,}"
        cached = run["servers"]["cached"]["endpoints"]
        uncached = run["servers"]["uncached"]["endpoints"]
        measured = {
            name: entry
            for name, entry in cached.items()
            if "rps_ratio" in entry and name != FLOOR_NAME and name not in NOT_CACHED
        }
        if measured:
            name = min(measured, key=lambda name: measured[name]["rps_ratio"])
            ratio = measured[name]["rps_ratio"]
            rows.append(
                (
                    where,
                    f"every cache hit ≥ {CACHE_HIT_FLOOR} of the floor (searches aside)",
                    f"lowest {ratio:.2f} ({name})",
                    ratio >= CACHE_HIT_FLOOR,
                )
            )
        for name, least in UNCACHED_FLOOR.items():
            if "rps_ratio" in uncached.get(name, {}):
                ratio = uncached[name]["rps_ratio"]
                rows.append(
                    (
                        where,
                        f"{name} uncached ≥ {least} of the floor",
                        f"{ratio:.3f}",
                        ratio >= least,
                    )
                )
        memory = run.get("memory")
        if memory and memory["workers"]:
            largest = max(worker["rss_mb"] for worker in memory["workers"])
            rows.append(
                (
                    where,
                    f"worker RSS < {WORKER_RSS_MB} MB",
                    f"largest {largest:.0f} MB",
                    largest < WORKER_RSS_MB,
                )
            )
        for kind, what in SCALED.items():
            scaled, how = scaling(run, kind)
            scaled = {name: r for name, r in scaled.items() if name != FLOOR_NAME}
            if scaled:
                name = max(scaled, key=scaled.get)
                worst = scaled[name]
                rows.append(
                    (
                        where,
                        f"{what} p50 ≤ {SCALING}× the smallest archive's ({how})",
                        f"worst {worst:.2f}× ({name})",
                        worst <= SCALING,
                    )
                )
        first, deep = uncached.get("API list", {}), uncached.get("API deep page", {})
        if "p50_ms" in first and "p50_ms" in deep:
            ratio = deep["p50_ms"] / first["p50_ms"]
            rows.append(
                (
                    where,
                    f"deep API page p50 ≤ {DEEP_PAGE}× the first",
                    f"{ratio:.2f}×",
                    ratio <= DEEP_PAGE,
                )
            )
        search = uncached.get("search, common word", {})
        if "p50_ms" in search:
            rows.append(
                (
                    where,
                    f"common-word search uncached p50 < {COMMON_SEARCH_MS} ms",
                    f"{search['p50_ms']:.1f} ms",
                    search["p50_ms"] < COMMON_SEARCH_MS,
                )
            )
    return rows


def markdown(results):
    machine = results["machine"]
    options = results["options"]
    dirty = " (with uncommitted changes)" if machine["uncommitted_changes"] else ""
    lines = [
        f"# `make bench`, {machine['date']}",
        "",
        f"Commit {machine['commit'] or 'unknown'}{dirty}; "
        f"{machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB RAM; "
        f"Python {machine['python']}, Django {machine['django']}, "
        f"gunicorn {machine['gunicorn']}, PostgreSQL {machine['postgresql'] or '-'}, "
        f"SQLite {machine['sqlite']}, {machine['wrk']}; "
        f"load average at the start {', '.join(f'{n:.2f}' for n in machine['load_average'])}.",
        "",
        f"{options['workers']} gunicorn workers; wrk with {options['threads']} thread(s) and "
        f"{options['connections']} connections, {options['seconds']} s an endpoint after "
        f"{options['warmup']} s of warm-up; cached: `CACHE_URL={options['cache_url']}`, "
        "each page served from the page cache after the warm-up; uncached: "
        "`PAGE_CACHE_TIMEOUT=0`, every page and API answer rendered from scratch "
        "(the site's state, tag versions and lists' counts still cached, as in production "
        "between changes); cold: `LIST_FACT_TIMEOUT=0` too, every list counted for each "
        "page, as by the first reader after a change. "
        f"Total time {results['total_seconds'] / 60:.1f} minutes.",
        "",
        "In the tables: req/s (in brackets, its ratio to the floor's), p50 ms (in brackets, "
        'its multiple of the floor\'s p50), p99 ms; "p50 vs smallest" gives the uncached '
        "(or cold) p50 as a multiple of its value on the same database's smallest archive, "
        "measured side by side: both archives served at once, "
        f"{options['side_by_side']['rounds']} turns of "
        f"{options['side_by_side']['turn_seconds']} s on each, the median ratio (the "
        "floor's beside them shows what is left of the machine's drift).",
        "",
    ]
    for run in results["runs"]:
        lines += [run_table(run), ""]
    rows = targets(results["runs"])
    if rows:
        lines += [
            "### Targets (issue 10)",
            "",
            "| run | target | figure | met |",
            "| --- | --- | ---: | --- |",
            *(f"| {r} | {t} | {f} | {'yes' if ok else '**no**'} |" for r, t, f, ok in rows),
            "",
        ]
    return "\n".join(lines)


def write(results, folder):
    """``<date>-<commit>.json`` and ``.md`` in ``folder``, the Markdown also as latest.md."""
    folder.mkdir(parents=True, exist_ok=True)
    machine = results["machine"]
    stamp = machine["date"][:16].replace(":", "")
    name = f"{stamp}-{(machine['commit'] or 'unknown')[:10]}"
    text = markdown(results)
    (folder / f"{name}.json").write_text(json.dumps(results, indent=1) + "\n")
    (folder / f"{name}.md").write_text(text)
    shutil.copyfile(folder / f"{name}.md", folder / "latest.md")
    return folder / f"{name}.json", folder / f"{name}.md", text
