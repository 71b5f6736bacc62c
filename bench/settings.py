"""Settings for `make bench`: production-like (DEBUG off), plus one minimal view."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-any-real-deployment")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
# Served over plain HTTP on loopback: no redirect to HTTPS, and the site's address.
os.environ.setdefault("SITE_URL", "http://127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Workers keep their database connection, as a production deployment does
# (newsroom/SETTINGS.md): a page rendered does not pay for connecting.
os.environ.setdefault("CONN_MAX_AGE", "60")

from newsroom.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
# Measured over plain HTTP on loopback.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The benchmark measures the pages, not the rate limits in front of them.
REST_FRAMEWORK = {**globals().get("REST_FRAMEWORK", {}), "DEFAULT_THROTTLE_CLASSES": []}
LOGGING = {"version": 1, "disable_existing_loggers": True}
# Pages link to static files by their hashed names, as in production, but the
# bench never fetches one: collected without the gzip and Brotli copies, whose
# making is most of collectstatic's time (20 s here).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
