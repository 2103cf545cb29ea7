"""Voorkant settings: one readable file, configured through environment variables.

Every variable is documented in docs/operations.md. The helpers below fail loudly on a malformed value
instead of silently falling back, so a typo in production configuration stops the start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]
SRC_DIR = BASE_DIR / "src" / "voorkant"
VAR_DIR = BASE_DIR / "var"


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"Environment variable {name} must be a boolean (true/false), got {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"Environment variable {name} must be an integer, got {value!r}.") from exc


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"Environment variable {name} must be a number, got {value!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# A development key is only acceptable while DEBUG is on; production must set its own.
SECRET_KEY = env_str("SECRET_KEY", "voorkant-development-only-key-not-for-production" if DEBUG else None)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "voorkant.core",
    "voorkant.organisation",
    "voorkant.privacy",
    "voorkant.registers",
    "voorkant.parties",
    "voorkant.catalogue",
    "voorkant.knowledge",
    "voorkant.contacts",
    "voorkant.demo",
    "voorkant.jobs",
    "voorkant.workdays",
    "voorkant.apitokens",
    "voorkant.events",
    "voorkant.notifications",
    "voorkant.outbox",
    "voorkant.telephony",
    "voorkant.dashboard",
    "voorkant.followups",
    "voorkant.surveys",
    "voorkant.klantinteracties",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "voorkant.urls"
WSGI_APPLICATION = "voorkant.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "voorkant.core.context_processors.navigation",
                "voorkant.notifications.context_processors.live_settings",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------------
# SQLite is the embedded default so a newcomer needs no server; PostgreSQL is the production database.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'voorkant.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web server and a worker share the file: WAL lets readers continue during a write, the busy timeout
    # waits instead of failing, and IMMEDIATE transactions take the write lock up front so two writers
    # never deadlock on a lock upgrade.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("SQLITE_TEST_NAME", ":memory:")}
# DATABASE_POOL_SIZE > 0: a psycopg connection pool per process (PostgreSQL) instead of one persistent
# connection per thread; useful with many gunicorn threads. Django requires CONN_MAX_AGE 0 with a pool.
DATABASE_POOL_SIZE = env_int("DATABASE_POOL_SIZE", 0)
if DATABASE_POOL_SIZE > 0 and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL_SIZE,
        "timeout": 10,
    }
# A few fixed, hot statements (the API's pages and creates) are prepared on the server and keep one
# generic plan (voorkant.core.prepared asks for each explicitly; psycopg ignores that request when
# prepare_threshold is None, Django's default, and prepares nothing by itself below this threshold).
# Off behind a pooler that cannot keep prepared statements.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
if DATABASE_PREPARED_STATEMENTS and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["prepare_threshold"] = 2**31 - 1
    _options["options"] = " ".join(
        filter(None, [_options.get("options", ""), "-c plan_cache_mode=force_generic_plan"])
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisation.User"
# ModelBackend's rules, with a user's own and role permissions read in one query (every view checks one).
AUTHENTICATION_BACKENDS = ["voorkant.organisation.backends.PermissionBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 10 * 60 * 60)  # one working day
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end libraries come from the npm lock file; only their distributed files are exposed.
STATICFILES_DIRS = [
    SRC_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/tokens", NODE_MODULES / "@nl-design-system-unstable" / "voorbeeld-design-tokens" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
# Production serves collected, hashed files (collectstatic); development and tests read them in place.
STATIC_FROM_FINDERS = env_bool("STATIC_FROM_FINDERS", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if STATIC_FROM_FINDERS
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = STATIC_FROM_FINDERS
WHITENOISE_AUTOREFRESH = DEBUG

# --- Mail ---------------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "klantcontact@gemeente.invalid")

# --- Voorkant -----------------------------------------------------------------------------------------
MUNICIPALITY_NAME = env_str("MUNICIPALITY_NAME", "Gemeente Voorbeeld")
# Where customers reach Voorkant's public pages (the satisfaction survey) from links in e-mail.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Keyed hashes of data subjects in the processing log; a separate key so rotating SECRET_KEY (sessions)
# does not orphan the log. Defaults to a derivation of SECRET_KEY only for development.
PROCESSING_LOG_KEY = env_str("PROCESSING_LOG_KEY", SECRET_KEY if DEBUG else None)
# How long a half-filled conversation is kept server-side before the retention job removes it.
DRAFT_TTL_HOURS = env_int("DRAFT_TTL_HOURS", 12)
# A protocol proposal without the manager's decision after this many working days is flagged as waiting.
PROPOSAL_DECISION_WORKING_DAYS = env_int("PROPOSAL_DECISION_WORKING_DAYS", 10)
# Service norm for a follow-up whose product has none: callback within 2 working days is the common municipal
# norm (Laren, Nissewaard; the government's e-mail line).
FOLLOWUP_DEFAULT_NORM_WORKING_DAYS = env_int("FOLLOWUP_DEFAULT_NORM_WORKING_DAYS", 2)
# A follow-up counts as "due soon" in the inboxes this many hours (clock time) before its deadline.
FOLLOWUP_DUE_SOON_HOURS = env_int("FOLLOWUP_DUE_SOON_HOURS", 4)
# Population register adapter (Haal Centraal BRP Personen bevragen shaped). The default serves the RvIG
# test persons shipped with Voorkant.
BRP_ADAPTER = env_str("BRP_ADAPTER", "voorkant.registers.brp.LocalTestPersonRegister")
DEFAULT_PHONE_REGION = env_str("DEFAULT_PHONE_REGION", "NL")
# The demo command refuses to run with DEBUG off unless this is set (or --force is passed).
DEMO_MODE = env_bool("DEMO_MODE", False)
# Kennisbank semantic search layer (multilingual-e5-small, offline). Off: lexical search only. Passage vectors
# come from `manage.py knowledge_embed`; the web process then holds the model for query embeddings.
KNOWLEDGE_SEMANTIC = env_bool("KNOWLEDGE_SEMANTIC", False)
# Threads the embedding model uses in one process (1 keeps query latency steady under load).
KNOWLEDGE_SEMANTIC_THREADS = env_int("KNOWLEDGE_SEMANTIC_THREADS", 1)
# Query vectors kept per process (least recently used dropped first; 1.5 kB each); 0 embeds every query.
KNOWLEDGE_QUERY_VECTOR_CACHE = env_int("KNOWLEDGE_QUERY_VECTOR_CACHE", 2048)

# --- Jobs, worker and /health (voorkant.jobs) -----------------------------------------------------------
JOBS_BATCH_SIZE = env_int("JOBS_BATCH_SIZE", 20)
# Quick jobs of a batch commit together; a group is committed once it has been open this long, so one slow
# job holds back the results of the quick ones before it for at most this plus its own run time.
JOBS_GROUP_COMMIT_SECONDS = env_float("JOBS_GROUP_COMMIT_SECONDS", 0.2)
JOBS_POLL_SECONDS = env_float("JOBS_POLL_SECONDS", 1.0)
JOBS_LEASE_SECONDS = env_float("JOBS_LEASE_SECONDS", 60.0)
JOBS_HEARTBEAT_SECONDS = env_float("JOBS_HEARTBEAT_SECONDS", 10.0)
JOBS_RETRY_BASE_SECONDS = env_int("JOBS_RETRY_BASE_SECONDS", 30)
JOBS_RETRY_MAX_SECONDS = env_int("JOBS_RETRY_MAX_SECONDS", 6 * 60 * 60)
JOBS_KEEP_DONE_DAYS = env_int("JOBS_KEEP_DONE_DAYS", 7)
JOBS_KEEP_FAILED_DAYS = env_int("JOBS_KEEP_FAILED_DAYS", 30)
# PostgreSQL only: the worker's own transactions skip waiting for the WAL flush. A database crash can then
# lose the last fraction of a second of finished jobs, which simply run again; nothing is left half-done.
JOBS_SYNCHRONOUS_COMMIT = env_bool("JOBS_SYNCHRONOUS_COMMIT", False)
# How workers learn about jobs: "database" (the rows; LISTEN/NOTIFY on PostgreSQL) or "redis" (ids travel
# through Redis at REDIS_URL; the database stays the source of truth). See docs/platform.md.
JOBS_TRANSPORT = env_str("JOBS_TRANSPORT", "database")
if JOBS_TRANSPORT not in {"database", "redis"}:
    raise ImproperlyConfigured("JOBS_TRANSPORT must be 'database' or 'redis'.")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
# Key prefix in Redis, so several installs (or test runs) can share one server.
JOBS_REDIS_PREFIX = env_str("JOBS_REDIS_PREFIX", "voorkant:jobs")
# With Redis: how often each worker also claims straight from the database, for ids Redis lost.
JOBS_REDIS_SWEEP_SECONDS = env_float("JOBS_REDIS_SWEEP_SECONDS", 30.0)
# Extra Python modules that declare jobs, besides every installed app's tasks.py.
JOBS_TASK_MODULES = env_list("JOBS_TASK_MODULES", [])
# /health answers 503 when the newest worker heartbeat is older than this.
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 120)
# Whether /health fails when no worker has ever run on this database (off by default only with DEBUG).
WORKER_REQUIRED = env_bool("WORKER_REQUIRED", not DEBUG)
if JOBS_HEARTBEAT_SECONDS * 2 > JOBS_LEASE_SECONDS:
    raise ImproperlyConfigured("JOBS_LEASE_SECONDS must be at least twice JOBS_HEARTBEAT_SECONDS.")

# --- Working-day calendar (voorkant.workdays) ---------------------------------------------------------
WORKDAYS_CACHE_SECONDS = env_int("WORKDAYS_CACHE_SECONDS", 60)

# --- API tokens (voorkant.apitokens) ------------------------------------------------------------------
APITOKEN_DEFAULT_DAYS = env_int("APITOKEN_DEFAULT_DAYS", 365)
APITOKEN_ROTATION_GRACE_HOURS = env_int("APITOKEN_ROTATION_GRACE_HOURS", 24)
# How long a process may reuse a token it looked up (0: a query per request). Changes made in the same
# process clear it at once; other processes see a revocation within this many seconds.
APITOKEN_CACHE_SECONDS = env_int("APITOKEN_CACHE_SECONDS", 10)
# Channels, outcomes and protocol versions are kept per process this long (voorkant.core.reference_cache):
# a change shows at once in the process that made it, in the others within this many seconds. 0: no cache.
REFERENCE_CACHE_SECONDS = env_int("REFERENCE_CACHE_SECONDS", 10)

# --- Notifications and live regions (voorkant.notifications) ------------------------------------------
NOTIFICATIONS_POLL_SECONDS = env_int("NOTIFICATIONS_POLL_SECONDS", 10)

# --- E-mail outbox (voorkant.outbox) ------------------------------------------------------------------
OUTBOX_BATCH_SIZE = env_int("OUTBOX_BATCH_SIZE", 500)
OUTBOX_CHUNK_SIZE = env_int("OUTBOX_CHUNK_SIZE", 50)
EMAIL_TEMPLATE_CACHE_SECONDS = env_int("EMAIL_TEMPLATE_CACHE_SECONDS", 10)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 5)
OUTBOX_KEEP_DAYS = env_int("OUTBOX_KEEP_DAYS", 30)
# Telephony (docs/telephony.md). Service level: answered within this many seconds (NEN 8878: 85 % within 15
# s).
TELEPHONY_SERVICE_LEVEL_SECONDS = env_int("TELEPHONY_SERVICE_LEVEL_SECONDS", 15)
TELEPHONY_SERVICE_LEVEL_TARGET = env_int("TELEPHONY_SERVICE_LEVEL_TARGET", 85)  # percent
# A caller who hangs up within this many seconds probably misdialled; counted apart, not as a missed call.
TELEPHONY_SHORT_ABANDON_SECONDS = env_int("TELEPHONY_SHORT_ABANDON_SECONDS", 5)
TELEPHONY_ABANDON_TARGET = env_int("TELEPHONY_ABANDON_TARGET", 5)  # percent, Tilburg's published norm
# Caller numbers are personal data: raw events and numbers older than this are removed by the retention job.
TELEPHONY_RETENTION_DAYS = env_int("TELEPHONY_RETENTION_DAYS", 90)
TELEPHONY_MAX_BATCH = env_int("TELEPHONY_MAX_BATCH", 1000)
# Opening hours the Anonymous Bank import maps its Sunday-Thursday 07:00-24:00 day onto.
TELEPHONY_OPENING_HOURS = env_str("TELEPHONY_OPENING_HOURS", "08:00-17:00")


REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Token first: its authenticate_header makes DRF answer 401 (not 403) without credentials.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "voorkant.apitokens.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "voorkant.apitokens.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {"TITLE": "Voorkant API", "VERSION": "1.0.0", "SERVE_INCLUDE_SCHEMA": False}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
