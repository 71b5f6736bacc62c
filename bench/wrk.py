"""
wrk, the load generator `make bench` drives (Debian's ``wrk`` package): found,
or installed with apt-get when the bench runs as root, and run with a small
Lua script whose ``done()`` prints the figures as one line of JSON.
"""

import json
import math
import os
import shutil
import subprocess
from pathlib import Path

# wrk calls done() once, after every thread has stopped, with the totals;
# latencies are in microseconds. "status" counts answers of 400 and over.
DONE = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
    .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, '
    .. '"p50_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d}\\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max))
end
"""

# Each thread takes the paths in turn (the mix sent before measuring memory).
ROTATE = """
local paths = {%s}
local next_path = 0
request = function()
  next_path = next_path %% #paths + 1
  return wrk.format("GET", paths[next_path])
end
"""

ERROR_KINDS = ("connect", "read", "write", "status", "timeout")


def ensure_wrk():
    """The path to wrk; installed from Debian's archive if missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is not installed: installing Debian's wrk package with apt-get")
        environ = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=environ, check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=environ, check=True)
        found = shutil.which("wrk")
        if found:
            return found
    raise SystemExit(
        "The bench needs wrk (https://github.com/wg/wrk), which is not installed: "
        "on Debian or Ubuntu `sudo apt-get install wrk` (the bench installs it itself "
        "when run as root), or put a wrk binary on PATH."
    )


def version(wrk):
    done = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    return (done.stdout + done.stderr).splitlines()[0].split(" Copyright")[0].strip()


class Wrk:
    """Runs wrk against one server: ``measure(path, seconds)`` returns its figures."""

    def __init__(self, wrk, folder, *, threads, connections, timeout, headers=()):
        self.wrk, self.threads, self.connections = wrk, threads, connections
        self.timeout, self.headers = timeout, list(headers)
        self.folder = Path(folder)
        self.done_script = self._script("done.lua", DONE)

    def _script(self, name, text):
        path = self.folder / name
        path.write_text(text)
        return path

    def run(self, base_url, path, seconds, script=None):
        """wrk's figures for ``seconds`` (whole seconds: wrk's -d takes no less) on ``path``."""
        command = [
            self.wrk,
            "--threads",
            str(self.threads),
            "--connections",
            str(self.connections),
            "--duration",
            f"{max(1, math.ceil(seconds))}s",
            "--timeout",
            f"{math.ceil(self.timeout)}s",
            "--script",
            str(script or self.done_script),
        ]
        for header in self.headers:
            command += ["--header", header]
        done = subprocess.run(
            [*command, base_url + path], capture_output=True, text=True, check=False
        )
        line = next(
            (line for line in done.stdout.splitlines() if line.startswith("BENCH-JSON ")), None
        )
        if done.returncode or line is None:
            raise RuntimeError(
                f"wrk failed on {path} (exit {done.returncode}): "
                f"{(done.stderr or done.stdout).strip()[-500:]}"
            )
        return figures(json.loads(line.removeprefix("BENCH-JSON ")))

    def measure(self, base_url, path, seconds):
        return self.run(base_url, path, seconds)

    def mix(self, base_url, paths, seconds):
        """wrk's figures for ``seconds`` of requests to each of ``paths`` in turn."""
        listed = ", ".join(json.dumps(path) for path in paths)
        script = self._script("mix.lua", ROTATE % listed + DONE)
        return self.run(base_url, paths[0], seconds, script=script)


def figures(raw):
    """Requests per second and latencies in milliseconds, from the ``done()`` line."""
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        # Only the kinds that happened: a measurement has none.
        "errors": {kind: raw[kind] for kind in ERROR_KINDS if raw[kind]},
    }


def problem(result):
    """Why wrk's figures are not a measurement of answered requests, or None."""
    if not result["requests"]:
        return "no request was answered"
    if result["errors"]:
        listed = ", ".join(f"{count} {kind}" for kind, count in result["errors"].items())
        return f"{listed} error(s) in {result['requests']} requests"
    return None
