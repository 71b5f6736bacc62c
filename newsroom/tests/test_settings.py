"""Settings come from the environment, with safe development defaults."""

import json
import os
import subprocess
import sys

from django.conf import settings

PRINT_SETTINGS = (
    "import json; from newsroom import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), 'hosts': s.ALLOWED_HOSTS, "
    "'media': str(s.MEDIA_ROOT)}))"
)


def load_settings(**environ):
    """Import the settings module in a fresh interpreter with only ``environ`` set."""
    env = {"PATH": os.environ["PATH"], **environ}
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_fresh_checkout_runs_in_development_mode_on_sqlite():
    loaded = load_settings()
    assert loaded.returncode == 0, loaded.stderr
    values = json.loads(loaded.stdout)
    assert values["debug"] is True
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("db.sqlite3")


def test_production_refuses_to_start_without_a_real_secret_key():
    loaded = load_settings(DEBUG="false")
    assert loaded.returncode != 0
    assert "SECRET_KEY must be set" in loaded.stderr
    weak = load_settings(DEBUG="false", SECRET_KEY="short")
    assert "SECRET_KEY must be set" in weak.stderr


def test_production_reads_its_database_hosts_and_media_from_the_environment():
    loaded = load_settings(
        DEBUG="false",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://newsroom@db.internal:5432/newsroom",
        ALLOWED_HOSTS="news.example,www.news.example",
        MEDIA_ROOT="/srv/newsroom/media",
        SITE_URL="https://news.example",
    )
    assert loaded.returncode == 0, loaded.stderr
    values = json.loads(loaded.stdout)
    assert values["debug"] is False
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "newsroom"
    assert values["hosts"] == ["news.example", "www.news.example"]
    assert values["media"] == "/srv/newsroom/media"
