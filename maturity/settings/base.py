"""Django settings for London Digital Maturity.

This is the one place that reads the environment: every variable is read in the first
section below, with django-environ. Every default is the safe, production one; a
developer opts in to conveniences with ``DEBUG=true``. A variable set to blank counts as
unset (it keeps its default), and ``$`` in a value is just a character.

Environment variables:
    DEBUG                  "true" for local development only (default: false)
    SECRET_KEY             required when DEBUG is off
    DATABASE_URL           default: an SQLite file beside manage.py; e.g.
                           postgres://user:password@host:5432/name?sslmode=require
    CONN_MAX_AGE           seconds a database connection is kept open (default: 60)
    ALLOWED_HOSTS          comma-separated (default: localhost names only)
    CSRF_TRUSTED_ORIGINS   comma-separated origins, e.g. https://maturity.london.gov.uk
    SECURE_SSL_REDIRECT    "false" to turn off the HTTPS redirect (default: true when DEBUG off)
    SECURE_HSTS_SECONDS    default: one year when DEBUG is off
    SECURE_HSTS_PRELOAD    default: true when DEBUG is off
    BEHIND_TLS_PROXY       "true" to trust X-Forwarded-Proto from the reverse proxy
    EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS
                           SMTP (default: no EMAIL_HOST, emails written to the console)
    DEFAULT_FROM_EMAIL     sender address
    SESSION_IDLE_TIMEOUT, SESSION_ABSOLUTE_LIFETIME   seconds (default: 1800, 36000)
    AXES_FAILURE_LIMIT     failed sign-ins before a lock-out (default: 5)
    AXES_PROXY_COUNT       reverse proxies in front of the app (default: 0)
    TWO_FACTOR_REQUIRED_ROLES  comma-separated roles that must use two-factor sign-in
                           (default: cdo,admin; every other role may opt in; "none": nobody)
    DEMO_PASSWORD          password of the demo accounts (development only)
    SERVICE_BASE_URL       the public address, for links in emails
    CDO_OFFICE_EMAIL, CDO_OFFICE_PHONE   the CDO office's contact, on the accessibility
                           statement (default: fictional ones, which `check --deploy` reports)
    LOG_LEVEL              level of the console log (default: INFO)
    OIDC_PROVIDERS         ids of the organisations' OpenID Connect providers (default:
                           none, password sign-in only); each provider's variables are
                           described in maturity/settings/identity_providers.py
    OIDC_SESSION_LIFETIME  seconds a sign-in through a provider lasts before the provider
                           is asked again (default: 3600)
"""

import os
from pathlib import Path
from urllib.parse import unquote

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from maturity.settings.identity_providers import form_action_origins, read_providers

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# ---- The environment ------------------------------------------------------------------
env = environ.Env()
# Read from a copy of the environment, for two rules environ.Env lacks:
# - a blank variable counts as unset, so `SECURE_SSL_REDIRECT=` or
#   `TWO_FACTOR_REQUIRED_ROLES=` keep their safe defaults rather than turning them off;
# - "$" is literal: environ.Env reads a value beginning with "$" as the name of another
#   variable, and a secret key or password may begin with one. Every "$" is escaped
#   here, and escape_proxy turns each back.
env.ENVIRON = {
    name: value.replace("$", r"\$") for name, value in os.environ.items() if value.strip()
}
env.escape_proxy = True


def _env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated variable, each item trimmed, empty items dropped."""
    return [item.strip() for item in env.list(name, default=default) if item.strip()]


# Upper case: Django settings. Lower case: values the settings below are made from.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])
database = env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
conn_max_age = env.int("CONN_MAX_AGE", default=60)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
behind_tls_proxy = env.bool("BEHIND_TLS_PROXY", default=False)
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="London Digital Maturity <noreply@localhost>"
)
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_LIFETIME = env.int("SESSION_ABSOLUTE_LIFETIME", default=10 * 60 * 60)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
axes_proxy_count = env.int("AXES_PROXY_COUNT", default=0)
# Roles (accounts.roles.Role values) that must use two-factor sign-in; "none" names no role.
TWO_FACTOR_REQUIRED_ROLES = _env_list("TWO_FACTOR_REQUIRED_ROLES", ["cdo", "admin"])
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="london-digital-demo")  # noqa: S105
# The public address of the service, for links in emails (no trailing slash).
SERVICE_BASE_URL = env.str("SERVICE_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
log_level = env.str("LOG_LEVEL", default="INFO")
# Where people ask for another format or report an accessibility problem (the accessibility
# statement). The defaults are fictional (a reserved example.org address, an Ofcom drama
# number), fine for development; web.checks warns at `check --deploy` until they are set.
CDO_OFFICE_EMAIL = env.str("CDO_OFFICE_EMAIL", default="cdo-office@example.org")
CDO_OFFICE_PHONE = env.str("CDO_OFFICE_PHONE", default="020 7946 0000")
# Organisations' OpenID Connect providers (accounts.oidc), read and checked there.
OIDC_PROVIDERS = read_providers(env)
OIDC_SESSION_LIFETIME = env.int("OIDC_SESSION_LIFETIME", default=60 * 60)
# ---- end of the environment: nothing below reads it -----------------------------------

if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For local development, set DEBUG=true."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Background jobs (Django's tasks API, backported): the queue is a table in the database.
    "django_tasks",
    "django_tasks_db",
    # The service's apps, lowest layer first: each imports only those above it here.
    "audit",
    "boroughs",
    "accounts",
    "estate",
    "surveys",
    "reports",
    "web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "web.middleware.PermissionsPolicyMiddleware",
    # A NUL in a query string or form field: 400 before anything reads them (the session
    # limits, two-factor, sign-in lock-outs, views); after the headers and the user, so
    # its 400 page has both.
    "web.middleware.RefuseNulMiddleware",
    "accounts.session_timeout.SessionTimeoutMiddleware",
    # A session started through an organisation's provider goes back to it after
    # OIDC_SESSION_LIFETIME, so a leaver disabled there is not signed in for long.
    "accounts.oidc.session.ProviderSessionMiddleware",
    # After the session limits, so an ended session is signed out rather than asked for a code.
    "accounts.two_factor.middleware.TwoFactorMiddleware",
    # Last, as django-axes requires, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "maturity.urls"

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
                "web.context_processors.service",
                "accounts.session_timeout.timeout_context",
            ],
        },
    },
]

WSGI_APPLICATION = "maturity.wsgi.application"

DATABASES = {
    "default": {
        **database,
        # A percent-encoded host is a Unix socket's folder (postgres://u@%2Fvar%2Frun%2Fpostgresql/db),
        # as dj-database-url read it before.
        "HOST": unquote(database.get("HOST", "")),
        "CONN_MAX_AGE": conn_max_age,
        "CONN_HEALTH_CHECKS": True,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out person is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Sessions: answers are saved on every page, so an expired session loses nothing.
# Idle limit with a warning beforehand (WCAG 2.2.1), and an absolute lifetime.
SESSION_WARNING_BEFORE = 2 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
LOGIN_URL_PATH = "/accounts/login/"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-axes: lock on username *and* address, so one person's mistakes never lock
# out a whole borough sitting behind one corporate address.
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The tried username, bounded to what a username can be (the lock-out records are limited).
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_IPWARE_PROXY_COUNT = axes_proxy_count or None

# More than one server (docs/decisions.md, decision 26): whatever must be shared lives in
# the one database, never in a process's memory or a server's disk. Sessions use the
# database engine (Django's default, stated so nobody swaps in a per-process one), and
# django-axes counts failed sign-ins in the database (its default handler, stated: its
# cache handler would be per process with a local-memory cache). django-otp's two-factor
# throttling is kept on the device's row. Nothing uses Django's cache today; it is the
# database cache all the same (table created by web/migrations/0001_cache_table.py), so
# anything that starts using it shares it rather than keeping a copy per process.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ldm_cache",
    }
}

# Background jobs (decision 25): Django's tasks API (django-tasks) with its database backend,
# so the queue is a table in the one database, shared by every server, and a job enqueued
# with transaction.on_commit exists only if the request's writes were committed. A worker
# runs them: `manage.py db_worker` (`make worker`; `make run` starts one beside runserver).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# How long a finished export's file is kept for the person who asked (seconds); then
# reports.exports.jobs.export_job_purge_expired deletes it (`manage.py purge_exports`).
EXPORT_FILE_LIFETIME = 24 * 60 * 60

# Two-factor sign-in (accounts.two_factor.middleware, django-otp): required for the roles in
# TWO_FACTOR_REQUIRED_ROLES, offered to everyone else.
OTP_TOTP_ISSUER = "London Digital Maturity"
# The Django admin lists devices but never shows their secret keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# django-otp's throttling: after n wrong codes in a row the next attempt must wait
# 2^(n-1) seconds (1, 2, 4, 8...), per device, whichever session tries.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# Security headers. Production values by default; DEBUG relaxes only what breaks
# plain-HTTP local development.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Content Security Policy: no inline script or style anywhere. Pages that draw
# plotly charts relax style-src for them alone (plotly.js injects <style> rules),
# with csp.decorators.csp_update in reports.dashboards.views.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, *form_action_origins(OIDC_PROVIDERS)],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY_HEADER = "camera=(), microphone=(), geolocation=(), payment=()"

if behind_tls_proxy:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SERVICE_NAME = "London Digital Maturity"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": log_level},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs each step of every PDF (the leadership report) at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
