"""Settings: safe production defaults, and Django's deployment checks pass with them."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parent.parent
BASE_SETTINGS = ROOT / "maturity" / "settings" / "base.py"
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789abcdef",
    "ALLOWED_HOSTS": "maturity.example.gov.uk",
    "DEBUG": "false",
    "CDO_OFFICE_EMAIL": "digital-maturity@maturity.example.gov.uk",
    "CDO_OFFICE_PHONE": "020 7123 4567",
}


def _manage(*args, env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "maturity.settings.base"
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow  # a manage.py process each
def test_deploy_checks_are_clean_with_production_values():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow  # a manage.py process each
def test_no_default_secret_key_is_accepted_in_production():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.slow  # a manage.py process each
def test_debug_defaults_to_off():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DEBUG"}
    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env_overrides=env
    )
    assert result.stdout.strip().endswith("False"), result.stderr


def _base_settings(monkeypatch, **environment):
    """maturity/settings/base.py run afresh with exactly these variables (and PATH)."""
    for name in list(os.environ):
        if name != "PATH":
            monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("base_settings_under_test", BASE_SETTINGS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_production_defaults_when_only_the_secret_key_is_set(monkeypatch):
    base = _base_settings(monkeypatch, SECRET_KEY="k" * 50)
    assert base.DEBUG is False
    assert base.ALLOWED_HOSTS == ["localhost", "127.0.0.1", "[::1]"]
    assert base.CSRF_TRUSTED_ORIGINS == []
    assert (base.SECURE_SSL_REDIRECT, base.SECURE_HSTS_PRELOAD) == (True, True)
    assert base.SECURE_HSTS_SECONDS == 31536000
    assert base.SESSION_COOKIE_SECURE and base.CSRF_COOKIE_SECURE
    assert not hasattr(base, "SECURE_PROXY_SSL_HEADER")
    assert base.TWO_FACTOR_REQUIRED_ROLES == ["cdo", "admin"]
    assert (base.SESSION_IDLE_TIMEOUT, base.SESSION_ABSOLUTE_LIFETIME) == (1800, 36000)
    assert (base.AXES_FAILURE_LIMIT, base.AXES_IPWARE_PROXY_COUNT) == (5, None)
    assert base.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    assert base.DEFAULT_FROM_EMAIL == "London Digital Maturity <noreply@localhost>"
    assert base.SERVICE_BASE_URL == "http://127.0.0.1:8000"
    assert base.LOGGING["root"]["level"] == "INFO"
    database = base.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(ROOT / "db.sqlite3")
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)


def test_without_a_secret_key_production_refuses_to_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        _base_settings(monkeypatch, DEBUG="false", SECRET_KEY="")


def test_debug_relaxes_only_what_plain_http_needs(monkeypatch):
    base = _base_settings(monkeypatch, DEBUG="true")
    assert base.DEBUG is True
    assert base.SECRET_KEY.startswith("django-insecure-development-only")
    assert (base.SECURE_SSL_REDIRECT, base.SECURE_HSTS_SECONDS) == (False, 0)
    assert not base.SESSION_COOKIE_SECURE
    assert base.TWO_FACTOR_REQUIRED_ROLES == ["cdo", "admin"]


def test_a_blank_variable_keeps_the_safe_default(monkeypatch):
    """`SECURE_SSL_REDIRECT=` must not turn the redirect off, nor `TWO_FACTOR_REQUIRED_ROLES=`
    two-factor sign-in."""
    blank = {
        name: " "
        for name in (
            "DEBUG",
            "ALLOWED_HOSTS",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_PRELOAD",
            "SECURE_HSTS_SECONDS",
            "TWO_FACTOR_REQUIRED_ROLES",
            "EMAIL_USE_TLS",
            "DATABASE_URL",
        )
    }
    base = _base_settings(monkeypatch, SECRET_KEY="k" * 50, EMAIL_HOST="smtp.example", **blank)
    assert base.DEBUG is False
    assert base.ALLOWED_HOSTS == ["localhost", "127.0.0.1", "[::1]"]
    assert (base.SECURE_SSL_REDIRECT, base.SECURE_HSTS_PRELOAD) == (True, True)
    assert base.SECURE_HSTS_SECONDS == 31536000
    assert base.TWO_FACTOR_REQUIRED_ROLES == ["cdo", "admin"]
    assert base.EMAIL_USE_TLS is True
    assert base.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_lists_are_trimmed(monkeypatch):
    base = _base_settings(
        monkeypatch,
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS=" maturity.example.gov.uk , admin.example.gov.uk,",
        CSRF_TRUSTED_ORIGINS="https://maturity.example.gov.uk",
        TWO_FACTOR_REQUIRED_ROLES="cdo, admin ,lead",
    )
    assert base.ALLOWED_HOSTS == ["maturity.example.gov.uk", "admin.example.gov.uk"]
    assert base.CSRF_TRUSTED_ORIGINS == ["https://maturity.example.gov.uk"]
    assert base.TWO_FACTOR_REQUIRED_ROLES == ["cdo", "admin", "lead"]


def test_a_dollar_sign_in_a_value_is_just_a_character(monkeypatch):
    """django-environ alone would read "$..." as the name of another variable."""
    base = _base_settings(
        monkeypatch,
        SECRET_KEY="$HOME-is-not-read-from-the-environment-0123456789abcdef",
        EMAIL_HOST="smtp.example",
        EMAIL_HOST_PASSWORD="$ecret\\$tail",
        DATABASE_URL="postgres://ldm:pa$$word@db.example:6543/maturity",
    )
    assert base.SECRET_KEY == "$HOME-is-not-read-from-the-environment-0123456789abcdef"
    assert base.EMAIL_HOST_PASSWORD == "$ecret\\$tail"
    assert base.DATABASES["default"]["PASSWORD"] == "pa$$word"


def test_every_variable_is_read(monkeypatch):
    base = _base_settings(
        monkeypatch,
        SECRET_KEY="k" * 50,
        DEBUG="yes",
        DATABASE_URL="postgres://ldm:secret@db.example:6543/maturity?sslmode=require",
        CONN_MAX_AGE="0",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="60",
        SECURE_HSTS_PRELOAD="false",
        BEHIND_TLS_PROXY="true",
        EMAIL_HOST="smtp.example",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="mailer",
        EMAIL_HOST_PASSWORD="mail-secret",
        EMAIL_USE_TLS="false",
        DEFAULT_FROM_EMAIL="Maturity <maturity@example.gov.uk>",
        SESSION_IDLE_TIMEOUT="600",
        SESSION_ABSOLUTE_LIFETIME="7200",
        AXES_FAILURE_LIMIT="3",
        AXES_PROXY_COUNT="1",
        TWO_FACTOR_REQUIRED_ROLES="none",
        DEMO_PASSWORD="another-demo-password",
        SERVICE_BASE_URL="https://maturity.example.gov.uk/",
        LOG_LEVEL="WARNING",
    )
    assert base.DEBUG is True
    database = base.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["USER"], database["PASSWORD"]) == ("ldm", "secret")
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.example",
        6543,
        "maturity",
    )
    assert database["OPTIONS"] == {"sslmode": "require"}
    assert database["CONN_MAX_AGE"] == 0
    assert (base.SECURE_SSL_REDIRECT, base.SECURE_HSTS_SECONDS) == (False, 60)
    assert base.SECURE_HSTS_PRELOAD is False
    assert base.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert base.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    assert (base.EMAIL_HOST, base.EMAIL_PORT) == ("smtp.example", 2525)
    assert (base.EMAIL_HOST_USER, base.EMAIL_HOST_PASSWORD) == ("mailer", "mail-secret")
    assert base.EMAIL_USE_TLS is False
    assert base.DEFAULT_FROM_EMAIL == "Maturity <maturity@example.gov.uk>"
    assert (base.SESSION_IDLE_TIMEOUT, base.SESSION_ABSOLUTE_LIFETIME) == (600, 7200)
    assert base.SESSION_COOKIE_AGE == 7200
    assert (base.AXES_FAILURE_LIMIT, base.AXES_IPWARE_PROXY_COUNT) == (3, 1)
    assert base.TWO_FACTOR_REQUIRED_ROLES == ["none"]
    assert base.DEMO_PASSWORD == "another-demo-password"
    assert base.SERVICE_BASE_URL == "https://maturity.example.gov.uk"
    assert base.LOGGING["root"]["level"] == "WARNING"


def test_a_unix_socket_database_host(monkeypatch):
    base = _base_settings(
        monkeypatch, SECRET_KEY="k" * 50, DATABASE_URL="postgres://ldm@%2Fvar%2Frun%2Fpostgresql/db"
    )
    assert base.DATABASES["default"]["HOST"] == "/var/run/postgresql"
    assert base.DATABASES["default"]["NAME"] == "db"


# More than one server: what every server must see alike lives in the shared database.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def _assert_shared(settings_module):
    assert settings_module.SESSION_ENGINE in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }
    assert settings_module.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    backends = {cache["BACKEND"] for cache in settings_module.CACHES.values()}
    assert backends and not backends & PER_PROCESS_CACHES


def test_production_keeps_shared_state_in_the_database(monkeypatch):
    _assert_shared(_base_settings(monkeypatch, SECRET_KEY="k" * 50))


def test_the_settings_in_use_keep_shared_state_in_the_database(settings):
    _assert_shared(settings)


@pytest.mark.django_db
def test_the_cache_is_the_database_one(settings):
    from django.core.cache import cache
    from django.db import connection

    assert settings.CACHES["default"]["LOCATION"] in connection.introspection.table_names()
    cache.set("shared", "by every server", 60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM ldm_cache")
        assert cursor.fetchone()[0] == 1
    assert cache.get("shared") == "by every server"


@pytest.mark.slow  # a manage.py process
def test_migrate_creates_the_cache_table(tmp_path):
    import sqlite3

    database = tmp_path / "fresh.sqlite3"
    result = _manage(
        "migrate",
        "--no-input",
        env_overrides={**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{database}"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "ldm_cache" in tables
