"""Settings, read from the environment with safe development defaults.

Every knob is an environment variable; README.md lists them. `CONDUIT_ENV=production`
turns on the checks that refuse an unsafe configuration.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return default if raw in (None, "") else int(raw)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


CONDUIT_ENV = env_str("CONDUIT_ENV", "development")
PRODUCTION = CONDUIT_ENV == "production"

# A development key, long enough for HS256 (PyJWT warns below 32 bytes). Production refuses it.
DEV_SECRET_KEY = "conduit-development-secret-key-do-not-use-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

if PRODUCTION:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 32 characters.")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when CONDUIT_ENV=production.")

INSTALLED_APPS = [
    "django.contrib.staticfiles",
    "corsheaders",
    "ninja",  # ships Swagger UI and Redoc, so the docs work offline
    "core",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "core.urls"
ASGI_APPLICATION = "core.asgi.application"
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": []},
    }
]

# --- Database -------------------------------------------------------------------------------
# SQLite (a file) by default; PostgreSQL when DATABASE_URL is set. Under ASGI the async ORM
# runs each request on its own thread: persistent connections (CONN_MAX_AGE > 0) would strand
# one per dead thread, so connections come from psycopg's pool and go back after each request.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    _db: dict[str, Any] = dict(dj_database_url.parse(DATABASE_URL, conn_max_age=0))
    if _db["ENGINE"] == "django.db.backends.postgresql":
        _db["OPTIONS"] = {
            **_db.get("OPTIONS", {}),
            "pool": {
                "min_size": env_int("DB_POOL_MIN_SIZE", 2),
                "max_size": env_int("DB_POOL_MAX_SIZE", 20),
                "timeout": env_int("DB_POOL_TIMEOUT", 10),
            },
            # Server-side binding lets psycopg prepare a statement it has run a few times on a
            # connection, so PostgreSQL stops planning it again on every request.
            "server_side_binding": env_bool("DB_PREPARED_STATEMENTS", True),
            "prepare_threshold": 2 if env_bool("DB_PREPARED_STATEMENTS", True) else None,
        }
    DATABASES = {"default": _db}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # Writers queue for the lock instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
PASSWORD_HASHERS = ["core.hashers.Argon2PasswordHasher"]
JWT_SECRET = env_str("JWT_SECRET", SECRET_KEY)
JWT_EXPIRY_SECONDS = env_int("JWT_EXPIRY_SECONDS", 30 * 24 * 3600)
if PRODUCTION and JWT_SECRET == DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set JWT_SECRET or SECRET_KEY for production.")

# --- CORS -----------------------------------------------------------------------------------
# Tokens travel in the Authorization header, never in cookies, so any origin may call the API
# in development. Production lists its origins in CORS_ALLOWED_ORIGINS.
_cors = env_list("CORS_ALLOWED_ORIGINS", "" if PRODUCTION else "*")
CORS_ALLOW_ALL_ORIGINS = _cors == ["*"]
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else _cors
CORS_URLS_REGEX = r"^/api/.*$"
if PRODUCTION and CORS_ALLOW_ALL_ORIGINS:
    raise ImproperlyConfigured("CORS_ALLOWED_ORIGINS=* is not allowed in production.")

# --- Static files (the docs' Swagger UI and Redoc assets) -----------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# --- The SPA: `make run` builds frontend/ into this folder; core/asgi.py serves it at / ------
SPA_ROOT = Path(env_str("SPA_ROOT", str(BASE_DIR / "frontend" / "dist")))

# --- Misc -----------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
