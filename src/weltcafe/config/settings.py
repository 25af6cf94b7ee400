"""Weltcafé settings: one file, every knob a typed WELTCAFE_* environment variable with a documented default.

The embedded default (no variables set) is SQLite in WAL mode plus the in-process channel layer, enough for the
demo and a laptop at the venue. Setting WELTCAFE_DATABASE_URL and WELTCAFE_REDIS_URL scales the same code out.
See docs/architecture.md ("Configuration") for the table of variables.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from weltcafe.config.environment import (
    data_dir,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()

# --- Security -------------------------------------------------------------------------------------------------
DEBUG = env_bool("WELTCAFE_DEBUG", False)
_secret = secret_key(DATA_DIR)
if not _secret:
    raise ImproperlyConfigured(
        "No secret key: set WELTCAFE_SECRET_KEY, or run `weltcafe demo` / `weltcafe init` once, "
        f"which keeps a generated key in {DATA_DIR / 'secret_key'}."
    )
SECRET_KEY = _secret
ALLOWED_HOSTS = env_list("WELTCAFE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("WELTCAFE_CSRF_TRUSTED_ORIGINS", [])
# Behind a TLS-terminating reverse proxy (docs/deployment.md) these turn on secure cookies and HSTS.
_HTTPS = env_bool("WELTCAFE_HTTPS", False)
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_SSL_REDIRECT = False  # the proxy redirects; doing it here too loops behind some proxies
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if _HTTPS else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
# No inline scripts or styles anywhere (styles from data attributes are set through the CSSOM, which CSP allows);
# sockets go to the same host, which 'self' covers in connect-src. Decision 0024.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Applications -----------------------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "weltcafe.common",
    "weltcafe.events",
    "weltcafe.cafe",
    "weltcafe.documents",
    "weltcafe.networking",
    "weltcafe.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "weltcafe.config.static_files.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "weltcafe.config.urls"
ASGI_APPLICATION = "weltcafe.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------------------------
DATABASE_URL = env_str("WELTCAFE_DATABASE_URL", f"sqlite:///{DATA_DIR / 'weltcafe.sqlite3'}")
_database = dj_database_url.parse(DATABASE_URL)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the wall and the phones read while a write commits; IMMEDIATE avoids "database is locked"
    # when two writers upgrade their read locks at once.
    _database["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif _database["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's pool; Django requires CONN_MAX_AGE = 0 with it, which also suits async views.
    _database["CONN_MAX_AGE"] = 0
    # With the pool, Django's health checks become the pool's `check`: a connection that died while idle in the pool
    # (PostgreSQL restarted) is found before use, not by the request or socket that would get it — one round trip
    # per checkout (bench/results/live_faults.md).
    _database["CONN_HEALTH_CHECKS"] = True
    _database["OPTIONS"] = {
        "pool": {
            "min_size": env_int("WELTCAFE_DB_POOL_MIN", 2),
            "max_size": env_int("WELTCAFE_DB_POOL_MAX", 20),
            # Past this, a request gives up with 503 + Retry-After (config/backend_away.py) and the phone resends;
            # with PostgreSQL away, waiting longer only holds the request and its place in the worker.
            "timeout": env_int("WELTCAFE_DB_POOL_TIMEOUT", 5),
        }
    }
    if env_bool("WELTCAFE_DB_NO_POOL", False):
        del _database["OPTIONS"]["pool"]
_database["TEST"] = {"NAME": env_str("WELTCAFE_TEST_DATABASE_NAME", "") or None}
if _database["TEST"]["NAME"] is None:
    del _database["TEST"]["NAME"]
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channels -----------------------------------------------------------------------------------------------------
REDIS_URL = env_str("WELTCAFE_REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": env_str("WELTCAFE_REDIS_PREFIX", "weltcafe")},
        }
    }
else:
    # The default capacity (100 messages a channel) silently drops events for a wall that falls behind in a
    # busy café (bench/results/live_load.embedded.md); a wall must see every idea.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": env_int("WELTCAFE_CHANNEL_CAPACITY", 10_000), "expiry": 600},
        }
    }

# --- Cache (rate limits, sessions stay in the database) ----------------------------------------------------------
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "weltcafe.common.redis_cache.SharedPoolRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "weltcafe"}}

# --- Auth -----------------------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "orga:event_list"
LOGOUT_REDIRECT_URL = "home"

# --- Internationalisation -------------------------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("WELTCAFE_TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

# --- Static files and uploads -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Serve straight from the app folders: no collectstatic step for the embedded default. A reverse proxy may serve
# a collected STATIC_ROOT instead (docs/deployment.md).
SERVESTATIC_USE_FINDERS = True
SERVESTATIC_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Weltcafé ---------------------------------------------------------------------------------------------------
# Requests: a larger body is refused with 413 before Django reads it, a body not complete in time with 408
# (config/request_limits.py); live connections per worker process beyond the limit get 503 (weltcafe serve).
WELTCAFE_MAX_REQUEST_BYTES = env_int("WELTCAFE_MAX_REQUEST_BYTES", 12 * 1024 * 1024)
WELTCAFE_REQUEST_BODY_SECONDS = env_int("WELTCAFE_REQUEST_BODY_SECONDS", 60)
WELTCAFE_MAX_CONNECTIONS = env_int("WELTCAFE_MAX_CONNECTIONS", 2000)
# HTTP requests one worker answers at once; the next gets 503 + Retry-After (config/overload.py).
WELTCAFE_MAX_REQUESTS_IN_FLIGHT = env_int("WELTCAFE_MAX_REQUESTS_IN_FLIGHT", 60)
WELTCAFE_IMPORT_MAX_BYTES = env_int("WELTCAFE_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
WELTCAFE_IMPORT_MAX_ROWS = env_int("WELTCAFE_IMPORT_MAX_ROWS", 5000)
# The address people reach this installation at, for links that leave the browser: QR codes on paper, calendar
# files, feeds, exports made on the command line. Pages opened in a browser use the request's own host.
WELTCAFE_BASE_URL = env_str("WELTCAFE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# The harvest: "auto" (the multilingual model, shipped in its wheel), "e5", or "lexical" (no model, fast).
WELTCAFE_HARVEST_EMBEDDING = env_str("WELTCAFE_HARVEST_EMBEDDING", "auto")
# Ideas are embedded ahead of the harvest, in a thread, when a round ends or the harvest page opens:
# "thread" (default), "inline" (at once, for tests), "off".
WELTCAFE_HARVEST_PREPARE = env_str("WELTCAFE_HARVEST_PREPARE", "thread")
# Optional drafts by a language model behind an OpenAI-compatible API (Ollama, llama.cpp …); off when no URL.
WELTCAFE_LLM_URL = env_str("WELTCAFE_LLM_URL", "")
WELTCAFE_LLM_MODEL = env_str("WELTCAFE_LLM_MODEL", "")
WELTCAFE_LLM_API_KEY = env_str("WELTCAFE_LLM_API_KEY", "")
WELTCAFE_LLM_TIMEOUT = env_int("WELTCAFE_LLM_TIMEOUT", 60)
# Live sockets open at once with one link, per worker process (cafe/live/socket_slots.py); one more is closed 4429.
WELTCAFE_SOCKETS_PER_LINK = {
    "p": env_int("WELTCAFE_SOCKETS_PER_PERSONAL_LINK", 5),
    "t": env_int("WELTCAFE_SOCKETS_PER_TABLE_LINK", 20),
    "w": env_int("WELTCAFE_SOCKETS_PER_WALL_LINK", 20),
}

# Link tokens in logged paths are cut to their first characters (common/log_masking.py); `weltcafe serve` gives
# uvicorn's handlers the same filter.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_tokens": {"()": "weltcafe.common.log_masking.MaskTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"]}},
    "root": {"handlers": ["console"], "level": env_str("WELTCAFE_LOG_LEVEL", "INFO").upper()},
}
