"""
The site `make bench` measures: a throwaway database holding the seed story and
a synthetic archive (``manage.py generate_corpus``), served by gunicorn with
the production-like bench settings, and its workers' memory.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
FLOOR = "/bench/minimal/"
FLOOR_NAME = "floor (minimal Django view)"


# In one process: each start of Django costs seconds on a busy machine.
FILL = """
import sys, django
django.setup()
from django.core.management import call_command
stories, seed, collect = sys.argv[1:]
if collect == "collect":
    call_command("collectstatic", "--noinput", verbosity=0)
call_command("migrate", "--noinput", verbosity=0)
call_command("load_story", verbosity=0)
call_command("generate_corpus", "--stories", stories, "--seed", seed, verbosity=0)
"""


def fill(env, stories, seed, *, collect_static=False):
    """
    Migrate, load the seed story and its people, then add ``stories``
    generated ones (``manage.py generate_corpus``); first collect the static
    files if asked (pages name them by their hashed names, from the manifest).
    """
    collect = "collect" if collect_static else "no"
    done = subprocess.run(
        [sys.executable, "-c", FILL, str(stories), str(seed), collect], env=env, cwd=ROOT
    )
    if done.returncode:
        raise SystemExit(f"Making the archive of {stories:,} stories failed: see above.")


class PostgreSQL:
    """Creates and drops the bench's databases on the server of ``url``."""

    def __init__(self, url):
        self.url = url
        parts = urlsplit(url)
        self.prefix = parts.path.lstrip("/") or "newsroom_bench"
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))

    def database_url(self, size):
        name = f"{self.prefix}_{size}"
        return urlunsplit(urlsplit(self.url)._replace(path=f"/{name}")), name

    def _connect(self, **options):
        import psycopg

        try:
            return psycopg.connect(self.admin_url, connect_timeout=5, **options)
        except psycopg.OperationalError as error:
            raise SystemExit(
                f"PostgreSQL at {self.admin_url} is not reachable ({error}).\n"
                "Start it, point --postgres-url (or BENCH_POSTGRES_URL) at one, "
                "or bench SQLite alone with --databases sqlite."
            ) from None

    def _execute(self, statement, name):
        from psycopg import sql

        with self._connect(autocommit=True) as db:
            db.execute(sql.SQL(statement).format(sql.Identifier(name)))

    def create(self, size):
        url, name = self.database_url(size)
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)
        self._execute("CREATE DATABASE {}", name)
        return url

    def drop(self, size):
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.database_url(size)[1])

    def version(self):
        """The server's version; stops with a clear message if it cannot be reached."""
        with self._connect() as db:
            return db.execute("SHOW server_version").fetchone()[0]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port, path, timeout):
    """One GET without following redirects: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class Gunicorn:
    """``workers`` gunicorn sync workers serving the site with ``env`` on a free port."""

    def __init__(self, env, *, workers, timeout):
        self.env, self.workers, self.timeout = env, workers, timeout
        self.process = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "newsroom.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                str(self.timeout),
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with status {self.process.returncode}")
            try:
                if fetch(self.port, FLOOR, timeout=5)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not answer within 60 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self):
        self.stop()
        return self.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def fetch(self, path):
        return fetch(self.port, path, timeout=self.timeout)

    def worker_memory(self):
        """Each worker's resident memory now and at its peak, in MB (/proc/<pid>/status)."""
        workers = []
        for pid in children(self.process.pid):
            status = proc_status(pid)
            if "VmRSS" in status:
                workers.append(
                    {
                        "pid": pid,
                        "rss_mb": round(status["VmRSS"] / 1024, 1),
                        "peak_rss_mb": round(status.get("VmHWM", 0) / 1024, 1),
                    }
                )
        return workers


def proc_status(pid):
    """The kB figures of /proc/<pid>/status (VmRSS, VmHWM, ...) and its PPid."""
    fields = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return fields
    for line in text.splitlines():
        name, _, value = line.partition(":")
        value = value.split()
        if value and value[0].isdigit():
            fields[name] = int(value[0])
    return fields


def children(pid):
    """The processes whose parent is ``pid`` (gunicorn's workers, for its master)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and proc_status(entry).get("PPid") == pid:
            found.append(int(entry))
    return sorted(found)
