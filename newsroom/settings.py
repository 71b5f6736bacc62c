"""
Newsroom settings, read from the environment.

With nothing set, a checkout runs in development mode on an embedded SQLite
database. Production sets at least DEBUG=false, SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL (PostgreSQL) and SITE_URL; it refuses to start without a real
SECRET_KEY or without SITE_URL.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

# Only ever used in development: production must bring its own key.
DEVELOPMENT_SECRET_KEY = "django-insecure-newsroom-development-only"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is off."
    )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "reversion",
    "people",
    "articles",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, before sessions or the database are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that writes the body, so what it compresses is final
    # (newsroom/compression.py: only responses that are the same for everyone).
    "newsroom.compression.PublicGZipMiddleware",
    # Cache hits are answered here, before sessions, CSRF, authentication and
    # URL resolving; pages are kept as what follows finishes them (newsroom/cache.py).
    "newsroom.cache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by PostgreSQL, not pasted into the SQL by the client:
    # a query a connection runs again and again (every page's are) is then
    # prepared once and planned from there on (psycopg prepares it on its
    # fifth run), which pays where connections are kept (CONN_MAX_AGE).
    # DATABASE_SERVER_SIDE_BINDING=false for a pooler that cannot keep
    # prepared statements (PgBouncer before 1.21 in transaction mode).
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env.bool(
        "DATABASE_SERVER_SIDE_BINDING", default=True
    )
    # The planner's cost of reading a page out of order: PostgreSQL's default
    # (4) is a spinning disk's. On SSDs, or with the archive in memory, 1.1
    # (the usual advice) lets it look up a person's few thousand stories by
    # key rather than scan all 100,000 (a profile's lists: 125 → 31 ms).
    # DATABASE_RANDOM_PAGE_COST= (empty) leaves the server's own setting.
    random_page_cost = env.str("DATABASE_RANDOM_PAGE_COST", default="1.1")
    if random_page_cost:
        DATABASES["default"]["OPTIONS"]["options"] = (
            f"-c random_page_cost={float(random_page_cost)}"
        )

# Rendered pages are cached per URL (see the public site's views); in
# production point CACHE_URL at Redis, e.g. redis://127.0.0.1:6379/1.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://newsroom")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
# In production the app serves its own static files (WhiteNoise) from what
# `collectstatic` gathered into STATIC_ROOT: hashed names, each with gzip and
# Brotli copies, cached by browsers and CDNs for a year. In development and
# tests they come straight from each app's static/ folder, no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Source maps are for developers' tools, not readers: not worth compressing
# (they are most of the bytes collectstatic would otherwise compress).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))

# Uploaded pictures larger than this are refused before Pillow opens them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# The public site
# Its name and address for canonical links, share cards and JSON-LD; without
# SITE_URL (development only: production requires it, below), absolute
# addresses use the host each request came in on.
SITE_NAME = env.str("SITE_NAME", default="Newsroom")
SITE_URL = env.str("SITE_URL", default="")
# The publisher's logo in the stories' JSON-LD: a static file's path, or the
# full address of a picture (at least 112 pixels square, as search engines ask).
NEWSROOM_PUBLISHER_LOGO = env.str("PUBLISHER_LOGO", default="newsroom/logo.png")
# Picture renditions for srcset (django-imagekit, no models of its own).
INSTALLED_APPS += ["imagekit"]
TEMPLATES[0]["OPTIONS"]["context_processors"] += [
    "newsroom.site.site",
    "articles.context_processors.navigation",
]
TEMPLATES[0]["OPTIONS"]["libraries"] = {"site": "newsroom.site_tags"}
# Rendered pages are cached for readers until content changes (newsroom/cache.py);
# this only bounds how long an unchanged page is kept.
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=600)
PAGE_CACHE_LIVE_STATE = "articles.context_processors.live_state"
# How long a public list's count is kept while nothing changes (newsroom.cache.list_fact).
LIST_FACT_TIMEOUT = env.int("LIST_FACT_TIMEOUT", default=3600)
# What public pages, feeds and API answers let caches keep (newsroom/cache.py):
# browsers PAGE_BROWSER_MAX_AGE (0: they revalidate with the ETag, as a
# browser's copy cannot be purged), shared caches (a CDN, Varnish)
# PAGE_SHARED_MAX_AGE, serving it stale for PAGE_STALE_WHILE_REVALIDATE more
# while they fetch it again; never past the next story to go live or expire.
PAGE_BROWSER_MAX_AGE = env.int("PAGE_BROWSER_MAX_AGE", default=0)
PAGE_SHARED_MAX_AGE = env.int("PAGE_SHARED_MAX_AGE", default=300)
PAGE_STALE_WHILE_REVALIDATE = env.int("PAGE_STALE_WHILE_REVALIDATE", default=30)
# Who tells shared caches to drop what changed (newsroom/frontend_cache.py):
# a dotted path; no one by default.
FRONTEND_CACHE_PURGER = env.str(
    "FRONTEND_CACHE_PURGER", default="newsroom.frontend_cache.NoPurger"
)
# For newsroom.frontend_cache.HTTPPurger (Varnish): where to send PURGE requests.
FRONTEND_CACHE_PURGE_URL = env.str("FRONTEND_CACHE_PURGE_URL", default="")
# For newsroom.frontend_cache.CloudflarePurger: the zone and an API token that may purge it.
CLOUDFLARE_ZONE_ID = env.str("CLOUDFLARE_ZONE_ID", default="")
CLOUDFLARE_API_TOKEN = env.str("CLOUDFLARE_API_TOKEN", default="")

# The API
# /api/v1/ (DRF): JSON only, DRF tokens for newsroom accounts, pages of at most
# 100, django-filter filters, throttled per client; OpenAPI at /api/schema/
# and Swagger UI at /api/docs/, served from our own static files.
INSTALLED_APPS += ["drf_spectacular_sidecar"]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["newsroom.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "newsroom.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "newsroom.api.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    # Requests per client (IP address when anonymous, account with a token).
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
    },
    "EXCEPTION_HANDLER": "newsroom.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "newsroom.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": (
        "Live stories, the people in them, their quotes and the captioned pictures, "
        "as JSON. Reading needs no account; newsroom staff write with a token "
        "(`Authorization: Bearer …`, or `Token …`). Lists are paginated and filterable; "
        "every error is an RFC 9457 problem (`application/problem+json`). A story is also "
        "available as IPTC ninjs 2.4 (`/api/v1/articles/{slug}/ninjs/`)."
    ),
    "VERSION": "1.0.0",
    # JSON Schema's own `null` for every field that can be null (3.0's `nullable`
    # cannot make a reference to another component nullable).
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ArticleStatusEnum": "articles.models.Article.Status",
        "BlockTypeEnum": "articles.models.Block.Kind",
        "PersonRoleEnum": "articles.models.ArticlePerson.Role",
        "TimelineKindEnum": "people.models.TimelineEntry.Kind",
        "OrganisationKindEnum": "people.models.Organisation.Kind",
        "DatePrecisionEnum": "people.dates.Precision",
        "CorrectionKindEnum": "articles.models.Correction.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "newsroom.openapi.add_problem_components",
    ],
}

# Uploaded pictures (newsroom/uploads.py)
# Each picture a caption or portrait takes is refused above these sizes, with
# a message saying so (Django's FILE_UPLOAD_MAX_MEMORY_SIZE only decides whether
# an upload is held in memory or in a temporary file, and DATA_UPLOAD_MAX_MEMORY_SIZE
# does not count files).
# Pillow's decompression-bomb limit (Image.MAX_IMAGE_PIXELS) is set to the same.
PICTURE_MAX_BYTES = env.int("PICTURE_MAX_BYTES", default=10 * 1024 * 1024)
PICTURE_MAX_PIXELS = env.int("PICTURE_MAX_PIXELS", default=50_000_000)

# Sign-in lockout and proxies (django-axes; accounts/lockout.py)
# How many reverse proxies stand in front of Django. Every client address,
# for the API's throttles (DRF's NUM_PROXIES) and for the sign-in lockout,
# comes from this one number: with 0, X-Forwarded-For is ignored and the
# connection's address is the client; with N, the address the outermost of
# the N proxies saw (the Nth entry from the end of X-Forwarded-For).
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("TRUSTED_PROXIES is a number of proxies: 0 or more.")
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXIES
# Failed admin sign-ins and failed API tokens are counted per account and per
# client address; at LOGIN_FAILURE_LIMIT failures either is locked out until
# LOGIN_COOLOFF_MINUTES pass with no new failure, or an Admin lifts it.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = ["accounts.authentication.TokenAuthentication"]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = "accounts.lockout.lockout_parameters"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Failures are kept (Admins see them under Axes › Access failures) with
# whether they locked the client out; successful sign-ins are not recorded
# again (the account's last_login says when).
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_DISABLE_ACCESS_LOG = True

# Production: HTTPS, the site's address, and a Content-Security-Policy
# With DEBUG=false, `manage.py check --deploy` passes without a warning on the
# defaults below (newsroom/tests/test_production.py runs it). Each switch can be
# turned off from the environment; turning one off is the operator's declared
# decision, so its deploy check is silenced with it.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# Asking browsers to preload HTTPS is a promise that is slow to take back:
# off unless the operator means to submit the domain to the preload list.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Off only behind a TLS-terminating proxy that already redirects http to https.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A client could send X-Forwarded-Proto itself: it is believed only when a
# proxy stands in front (TRUSTED_PROXIES, above), which must set it on every request.
if TRUSTED_PROXIES > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [
    check
    for check, switched_off in [
        ("security.W004", not SECURE_HSTS_SECONDS),
        ("security.W005", not SECURE_HSTS_INCLUDE_SUBDOMAINS),
        ("security.W008", not SECURE_SSL_REDIRECT),
        ("security.W021", not SECURE_HSTS_PRELOAD),
    ]
    if switched_off and not DEBUG
]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The stories' list indexes carry their embargo and expiry columns for
    # PostgreSQL to read from the index alone; SQLite, a development database,
    # builds them without.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
# Canonical links, feeds, sitemaps and JSON-LD name the site by SITE_URL in
# production, never by the Host header a request came with.
SITE_ADDRESS = urlsplit(SITE_URL)
if not DEBUG and (SITE_ADDRESS.scheme not in ("http", "https") or not SITE_ADDRESS.netloc):
    raise ImproperlyConfigured(
        "SITE_URL must be set to the site's address (e.g. https://news.example.com) "
        "when DEBUG is off."
    )

# Only the site's own scripts, styles and pictures (django-csp), on public
# pages, feeds, the API docs and the admin alike. Story and profile pages'
# JSON-LD is data, not script, and needs no exception.
INSTALLED_APPS += ["csp"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Swagger UI's icons are data: SVGs: its page alone adds data: (newsroom/api_urls.py).
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Input limits (newsroom/parsers.py, articles/editing.py)
# A JSON body to the API is at most API_MAX_BODY_BYTES (413, refused before it
# is read when Content-Length says so) and nested at most API_MAX_JSON_DEPTH
# deep (400). A story holds at most STORY_LIMITS of each part, whether it
# comes from the API (400), the admin (an error at the top of the form) or a
# loader: room for the longest real stories, while saving one through the API
# stays under a second (bench/long_story.py).
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=2 * 1024 * 1024)
API_MAX_JSON_DEPTH = 32
STORY_LIMITS = {
    "blocks": 500,
    "quotes": 200,
    "captions": 100,
    "people": 100,
    "corrections": 100,
    "tags": 50,
    "authors": 20,
}
# The admin's form posts each row of a story's parts as about ten fields (more
# for a picture with many people in it): room for a story at every limit.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20 * sum(STORY_LIMITS.values()) + 1000
