"""Settings, read from the environment.

Every knob is an environment variable; docs/configuration.md lists them. Production is the default and
refuses an unsafe configuration; `CONDUIT_ENV=development` (chosen by `make run/dev/test`) gives
safe local defaults.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from corsheaders.defaults import default_headers
from django.core.exceptions import ImproperlyConfigured
from redis.exceptions import ConnectionError as RedisConnectionError

from core.domain.limits import REQUEST_BODY_BYTES_DEFAULT, Rate

BASE_DIR = Path(__file__).resolve().parents[2]


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return default if raw in (None, "") else int(raw)


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return default if raw in (None, "") else float(raw)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# --- Environment: fail closed (issue 12; docs/deploy.md) ------------------------------------------
# Development is chosen explicitly (`make run/dev/test`, the test suite, bench and e2e set
# CONDUIT_ENV=development); anything else, an unset CONDUIT_ENV included, is production and must
# name real secrets. A misspelt value (`Production`) is refused rather than read as either.
ENVIRONMENTS = ("development", "production")
CONDUIT_ENV = env_str("CONDUIT_ENV", "production")
if CONDUIT_ENV not in ENVIRONMENTS:
    raise ImproperlyConfigured(
        f"CONDUIT_ENV={CONDUIT_ENV!r} is not one of {', '.join(ENVIRONMENTS)} (case matters)."
    )
# Production answers plain HTTP with a redirect (behind a TLS-terminating proxy, set
# SECURE_PROXY_SSL_HEADER); the checks that see our own middleware: core/config/checks.py.
SILENCED_SYSTEM_CHECKS = ["security.W001", "security.W002", "security.W003"]
PRODUCTION = CONDUIT_ENV == "production"
# Secrets signing sessions and tokens: at least this many bytes, and not guessable.
MIN_SECRET_BYTES = 32

# A development key, long enough for HS256 (PyJWT warns below 32 bytes). Production refuses it.
DEV_SECRET_KEY = "conduit-development-secret-key-do-not-use-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")


def weak_secret(value: str) -> str | None:
    """Why `value` cannot sign anything in production, or None if it can."""
    if len(value.encode()) < MIN_SECRET_BYTES:
        return f"is shorter than {MIN_SECRET_BYTES} bytes"
    if value == DEV_SECRET_KEY or "insecure" in value or "do-not-use" in value:
        return "is a development or sample value"
    if len(set(value)) < 10:
        return "repeats too few characters to be random"
    return None


if PRODUCTION:
    if problem := weak_secret(SECRET_KEY):
        raise ImproperlyConfigured(
            f"Set SECRET_KEY to a random value (it {problem}): "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))'. CONDUIT_ENV is "
            f"{CONDUIT_ENV!r}; only CONDUIT_ENV=development runs without secrets."
        )
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when CONDUIT_ENV=production.")
    if not ALLOWED_HOSTS or any(host == "*" or host.startswith("*") for host in ALLOWED_HOSTS):
        raise ImproperlyConfigured(
            "Set ALLOWED_HOSTS to the site's host names (no wildcard) for production."
        )

INSTALLED_APPS = [
    # Staff accounts and the moderation admin (docs/moderation.md). Always installed, so
    # `createsuperuser` works before the admin is switched on; reachable only with ADMIN_PATH.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "ninja",  # ships Swagger UI and Redoc, so the docs work offline
    "core.domain",
    "core.config",
]

# Every middleware is native async (core/edge/middleware.py): a sync one costs thread hops per request.
MIDDLEWARE = [
    "core.edge.middleware.RequestIdMiddleware",
    "core.edge.middleware.SecurityMiddleware",
    "core.edge.middleware.ContentSecurityPolicyMiddleware",
    "core.edge.middleware.CommonMiddleware",
    # Sessions, auth, messages and CSRF for the admin's path only (core/edge/admin.py); absent
    # (MiddlewareNotUsed) while the admin is off. API requests never see a session.
    "core.edge.admin.AdminOnlyMiddleware",
    "core.edge.middleware.JsonErrorsMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "core.edge.middleware.ClientRateLimitMiddleware",
    "core.edge.middleware.RejectNulMiddleware",
]

ROOT_URLCONF = "core.config.urls"
ASGI_APPLICATION = "core.config.asgi.application"
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        # The admin's (request.user, messages): the API renders no template that reads them.
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# SQLite (a file) by default; PostgreSQL when DATABASE_URL is set. Under ASGI the async ORM
# runs each request on its own thread: persistent connections (CONN_MAX_AGE > 0) would strand
# one per dead thread, so connections come from psycopg's pool and go back after each request.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# Every SQLite database gets these, however it is configured (SQLITE_PATH or a sqlite:// URL).
SQLITE_OPTIONS = {
    # Writers queue for the lock instead of failing with "database is locked".
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASE_URL:
    _db: dict[str, Any] = dict(dj_database_url.parse(DATABASE_URL, conn_max_age=0))
    if _db["ENGINE"] == "django.db.backends.postgresql":
        _db["OPTIONS"] = {
            **_db.get("OPTIONS", {}),
            "pool": {
                "min_size": env_int("DB_POOL_MIN_SIZE", 2),
                "max_size": env_int("DB_POOL_MAX_SIZE", 20),
                # How long a request waits for a connection: also how fast requests fail
                # (503) while PostgreSQL is down.
                "timeout": env_float("DB_POOL_TIMEOUT", 5),
                # While the database is down the pool retries with a growing delay; giving up
                # after this long resets the delay (a request then starts a fresh attempt), so
                # recovery after an outage of any length takes seconds, not minutes.
                "reconnect_timeout": env_float("DB_POOL_RECONNECT_TIMEOUT", 5),
            },
            # Server-side binding lets psycopg prepare a statement it has run a few times on a
            # connection, so PostgreSQL stops planning it again on every request.
            "server_side_binding": env_bool("DB_PREPARED_STATEMENTS", True),
            "prepare_threshold": 2 if env_bool("DB_PREPARED_STATEMENTS", True) else None,
            # libpq: give up on a host that does not answer (rather than on a refusal).
            "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 5),
        }
        # No check before each checkout (a round trip per request, and psycopg's pool backs off
        # a second per broken connection it finds): after a database error the whole pool is
        # checked once instead (core/domain/db.py), so a restart costs about one failed request.
        _db["CONN_HEALTH_CHECKS"] = env_bool("DB_CONN_HEALTH_CHECKS", False)
    elif _db["ENGINE"] == "django.db.backends.sqlite3":
        _db["OPTIONS"] = {**SQLITE_OPTIONS, **_db.get("OPTIONS", {})}
    DATABASES = {"default": _db}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The Retry-After of a 503 answered while the database is unreachable.
DB_UNAVAILABLE_RETRY_AFTER = env_int("DB_UNAVAILABLE_RETRY_AFTER", 5)

# --- Auth -----------------------------------------------------------------------------------
PASSWORD_HASHERS = ["core.domain.hashers.Argon2PasswordHasher"]
JWT_SECRET = env_str("JWT_SECRET", SECRET_KEY)
JWT_EXPIRY_SECONDS = env_int("JWT_EXPIRY_SECONDS", 30 * 24 * 3600)
if PRODUCTION and (problem := weak_secret(JWT_SECRET)):
    raise ImproperlyConfigured(f"Set JWT_SECRET (or SECRET_KEY) to a random value (it {problem}).")

# --- CORS -----------------------------------------------------------------------------------
# Tokens travel in the Authorization header, never in cookies, so any origin may call the API
# in development. Production lists its origins in CORS_ALLOWED_ORIGINS.
_cors = env_list("CORS_ALLOWED_ORIGINS", "" if PRODUCTION else "*")
CORS_ALLOW_ALL_ORIGINS = "*" in _cors
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else _cors
CORS_URLS_REGEX = r"^/api/.*$"
# Fetch-based event stream clients resume with a Last-Event-ID header (api/event_stream.py).
CORS_ALLOW_HEADERS = (*default_headers, "last-event-id", "x-request-id")
if PRODUCTION and CORS_ALLOW_ALL_ORIGINS:
    raise ImproperlyConfigured("CORS_ALLOWED_ORIGINS=* is not allowed in production.")

# --- Cache (rate-limit counters) -------------------------------------------------------------
# Redis when REDIS_URL is set, so every worker shares the counters; local memory otherwise.
# Short socket timeouts: while Redis is down the limiter falls back to local memory
# (core/domain/ratelimit.py) instead of making requests wait. Deployments (or test runs) that
# share one Redis database count apart under their own CACHE_KEY_PREFIX.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "conduit"),
            "OPTIONS": {
                "socket_connect_timeout": env_float("REDIS_TIMEOUT", 0.5),
                "socket_timeout": env_float("REDIS_TIMEOUT", 0.5),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "conduit",
        }
    }

# --- Reads ------------------------------------------------------------------------------------
# GET /api/tags is kept in each process this long (core/domain/selectors/tags.py): a write in
# the same process shows at once, one in another process at the latest this much later. 0: off.
TAGS_CACHE_SECONDS = env_float("TAGS_CACHE_SECONDS", 1)

# --- Live events (core/domain/events) ----------------------------------------------------------------
# Fan-out between processes: channels-redis on the same Redis when REDIS_URL is set, this
# process's memory otherwise (one process: `make run`). redis-py 8 needs a blocking pool bound
# (`max_connections`: it raises instead of waiting) and a socket timeout above channels-redis's
# 5 s BRPOP (or idle hubs see timeouts). A hub renews its group membership every
# EVENTS_GROUP_RENEW_SECONDS, so a crashed process's membership expires after `group_expiry`.
# Processes exchange events only under the same EVENTS_CHANNEL_PREFIX (tests use one of their own
# so that parallel runs on one Redis never see each other's events).
# `retry_on_error`: after Redis restarts, every pooled connection is dead, and redis-py (with a
# pool of our own) does not retry by default, so the first publish on each one failed and its
# event reached no stream until a later event made hubs read the outbox. One retry reconnects.
EVENTS_GROUP_RENEW_SECONDS = env_float("EVENTS_GROUP_RENEW_SECONDS", 20)
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": env_int("EVENTS_REDIS_MAX_CONNECTIONS", 64),
                        "socket_timeout": 10,
                        "socket_connect_timeout": env_float("REDIS_TIMEOUT", 0.5) * 4,
                        "retry_on_error": [RedisConnectionError],
                    }
                ],
                "prefix": env_str("EVENTS_CHANNEL_PREFIX", "conduit:layer:"),
                "group_expiry": int(EVENTS_GROUP_RENEW_SECONDS * 3),
                "capacity": 10_000,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# How long the outbox keeps events that streams can resume from (`manage.py prune_events`).
EVENTS_RETENTION_SECONDS = env_int("EVENTS_RETENTION_SECONDS", 24 * 3600)
EVENTS_HEARTBEAT_SECONDS = env_float("EVENTS_HEARTBEAT_SECONDS", 15)
# An SSE stream ends (with its retry hint) after this long; the client resumes where it was.
EVENTS_STREAM_MAX_SECONDS = env_float("EVENTS_STREAM_MAX_SECONDS", 3600)
# The reconnection delay streams advise (SSE `retry:`), in milliseconds.
EVENTS_RETRY_MS = env_int("EVENTS_RETRY_MS", 3000)
EVENTS_TICKET_SECONDS = env_int("EVENTS_TICKET_SECONDS", 30)
# Events waiting for a stream that does not read: beyond this its stream ends (it resumes).
EVENTS_SUBSCRIBER_BUFFER = env_int("EVENTS_SUBSCRIBER_BUFFER", 1000)

# --- Token revocation of open streams (issue 11 item 1) ------------------------------------------
# A password change ends the other sessions' streams at once (through the channel layer); every
# this many seconds each process also re-checks the tokens of all its open streams, which ends
# those of deleted users and any whose revocation message was lost.
EVENTS_AUTH_RECHECK_SECONDS = env_float("EVENTS_AUTH_RECHECK_SECONDS", 60)

# --- Abuse limits (core/domain/ratelimit.py): "N/SECONDS", or "off" ---------------------------------
# Generous defaults: the public Conduit test suites log in and register often from one address.
RATE_LIMIT_CLIENT = Rate.parse(env_str("RATE_LIMIT_CLIENT", "3000/60"))
RATE_LIMIT_LOGIN_IP = Rate.parse(env_str("RATE_LIMIT_LOGIN_IP", "100/60"))
RATE_LIMIT_REGISTER_IP = Rate.parse(env_str("RATE_LIMIT_REGISTER_IP", "100/60"))
RATE_LIMIT_REGISTER_ACCOUNT = Rate.parse(env_str("RATE_LIMIT_REGISTER_ACCOUNT", "10/300"))
RATE_LIMIT_CACHE_RETRY_SECONDS = env_float("RATE_LIMIT_CACHE_RETRY_SECONDS", 5)
# --- Abuse limits that hold under attack (issue 13; reasoning in docs/security-limits.md) -------
# Failed logins: each (account, address) pair has its own budget, so guesses from elsewhere
# never stop the owner signing in from an address they have signed in from before (remembered
# for LOGIN_KNOWN_ADDRESS_SECONDS). Addresses the account has not signed in from also share one
# per-account ceiling, which bounds online guessing from any number of addresses.
RATE_LIMIT_LOGIN_ACCOUNT_CLIENT = Rate.parse(env_str("RATE_LIMIT_LOGIN_ACCOUNT_CLIENT", "10/900"))
RATE_LIMIT_LOGIN_ACCOUNT = Rate.parse(env_str("RATE_LIMIT_LOGIN_ACCOUNT", "30/3600"))
LOGIN_KNOWN_ADDRESS_SECONDS = env_int("LOGIN_KNOWN_ADDRESS_SECONDS", 30 * 24 * 3600)
# Answers that tell whether an e-mail or username exists (409 taken, 404 no such profile), per
# client: one budget for every path that reveals it.
RATE_LIMIT_PROBE = Rate.parse(env_str("RATE_LIMIT_PROBE", "100/3600"))
# New tags (names no article used before) one user may introduce.
RATE_LIMIT_TAG_CREATE = Rate.parse(env_str("RATE_LIMIT_TAG_CREATE", "200/3600"))

# Reverse proxies in front of the app: the client address is read from X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- Request bodies ---------------------------------------------------------------------------
# The largest valid request fits: an article of 100,000 emoji sent as JSON \u escapes (12 bytes
# each, as Python's json.dumps writes them) is ~1.25 MB.
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_BYTES", REQUEST_BODY_BYTES_DEFAULT)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES

# --- Security headers -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind a TLS-terminating proxy, e.g. SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto:https
_proxy_ssl = env_str("SECURE_PROXY_SSL_HEADER", "")
if _proxy_ssl:
    _name, _, _value = _proxy_ssl.partition(":")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _name.strip().upper().replace("-", "_"), _value.strip())
# HSTS is sent only on HTTPS requests; production defaults to one year.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^api/health"]
# Content-Security-Policy: one per kind of page, in api/csp.py (constants, not configuration).

# --- Moderation admin (core/edge/admin.py, docs/moderation.md) -------------------------------------
# Off by default. ADMIN_PATH (e.g. "ops/console") turns it on at that path; ADMIN_ENABLED=1
# alone puts it at "admin". Staff accounts are django.contrib.auth users (createsuperuser),
# separate from Conduit's users. Its middleware runs only under its path (ADMIN_MIDDLEWARE).
ADMIN_PATH = env_str("ADMIN_PATH", "").strip().strip("/")
if not ADMIN_PATH and env_bool("ADMIN_ENABLED", False):
    ADMIN_PATH = "admin"
if ADMIN_PATH.split("/")[0] in {"api", "static", "ws", "assets"}:
    raise ImproperlyConfigured(f"ADMIN_PATH {ADMIN_PATH!r} would shadow another route.")
ADMIN_MIDDLEWARE = [
    "core.edge.admin.AdminHttpsOnlyMiddleware",
    "core.edge.admin.AdminHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.edge.admin.AdminLoginRateLimitMiddleware",
]
# Plain HTTP is refused in production (and wherever this is on).
ADMIN_REQUIRE_HTTPS = env_bool("ADMIN_REQUIRE_HTTPS", PRODUCTION)
# The admin checks for these in MIDDLEWARE; they are in ADMIN_MIDDLEWARE instead.
SILENCED_SYSTEM_CHECKS += ["admin.E408", "admin.E409", "admin.E410"]
# Failed and successful sign-ins alike, per client address and per username ("N/SECONDS").
RATE_LIMIT_ADMIN_LOGIN = Rate.parse(env_str("RATE_LIMIT_ADMIN_LOGIN", "10/300"))
# Cookies only for the admin's path, never sent with an API request; HTTPS-only in production.
SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = f"/{ADMIN_PATH}/" if ADMIN_PATH else "/"
SESSION_COOKIE_NAME = "conduit_admin_session"
CSRF_COOKIE_NAME = "conduit_admin_csrftoken"
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("ADMIN_COOKIES_SECURE", PRODUCTION)
SESSION_COOKIE_AGE = env_int("ADMIN_SESSION_SECONDS", 8 * 3600)
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CSRF_TRUSTED_ORIGINS = env_list("ADMIN_CSRF_TRUSTED_ORIGINS", "")
# --- Static files (the docs' Swagger UI and Redoc assets) -----------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Served from memory by core.edge.static_assets; `{% static %}` adds each file's version to its
# URL, so browsers cache the docs' bundles for a year.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.edge.static_assets.VersionedStaticStorage"},
}

# --- The SPA: `make run` builds frontend/ into this folder; core/config/asgi.py serves it at / ------
SPA_ROOT = Path(env_str("SPA_ROOT", str(BASE_DIR / "frontend" / "dist")))

# --- Misc -----------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

# Logs: one JSON object per line in production (LOG_FORMAT=json), plain text otherwise; every
# line carries the request id. Statements slower than SLOW_QUERY_MS are logged (0: off).
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "plain")
SLOW_QUERY_MS = env_float("SLOW_QUERY_MS", 200)
# uvicorn's access log, a line per request with its request id (the only record that ties a
# response to the app's own lines: nginx's log has no request id). On unless turned off, in
# production too: a missing record is found only when it is needed. Off, uvicorn skips it whole
# (it logs when its logger has a handler, whatever its --no-access-log says): `make bench` runs so.
ACCESS_LOG = env_bool("ACCESS_LOG", True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.edge.observability.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "core.edge.observability.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # uvicorn's loggers get the same handler, so its access log carries the request id too.
    "loggers": {
        name: {"handlers": handlers, "level": env_str("LOG_LEVEL", "INFO"), "propagate": False}
        for name, handlers in (
            ("uvicorn", ["console"]),
            ("uvicorn.error", ["console"]),
            ("uvicorn.access", ["console"] if ACCESS_LOG else []),  # none: uvicorn skips it
        )
    },
}

# --- Health (api/health.py) -------------------------------------------------------------------
HEALTH_CHECK_TIMEOUT = env_float("HEALTH_CHECK_TIMEOUT", 2)

# --- Deployment (issue 12; docs/deploy.md, core/config/serve.py) ---------------------------------
# `make serve`: WORKERS uvicorn processes (default: one per core) under uvicorn's supervisor.
WORKERS = env_int("WORKERS", os.cpu_count() or 1)
# On SIGTERM a worker ends its streams (each with its retry hint) at once, then waits this long
# for requests in flight before cancelling them.
SHUTDOWN_GRACE_SECONDS = env_float("SHUTDOWN_GRACE_SECONDS", 20)
# The largest WebSocket message, enforced by the server from the frame header, before the
# message is read (api/event_socket.py checks it again).
EVENTS_WS_MAX_MESSAGE_BYTES = env_int("EVENTS_WS_MAX_MESSAGE_BYTES", 16 * 1024)
# Event streams (SSE and WebSocket together) one client may hold open in one worker.
EVENTS_MAX_STREAMS_PER_CLIENT = env_int("EVENTS_MAX_STREAMS_PER_CLIENT", 8)
