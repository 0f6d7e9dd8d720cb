"""Settings for the test suite: the production settings, with test conveniences.

The environment is still read only in ``maturity.settings.base``; this module only
supplies a throw-away secret key and swaps slow or file-bound parts.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from maturity.settings.base import *  # noqa: E402, F403
from maturity.settings.base import STORAGES  # noqa: E402

# Static files come from the finders, so the suite does not need collectstatic.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# WhiteNoise serves from the finders too (no collectstatic in the test run).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Two-factor sign-in is required of no role here, so tests may use force_login as the
# CDO office or an admin; tests of two-factor sign-in turn it on with override_settings.
TWO_FACTOR_REQUIRED_ROLES: list[str] = []
# Background jobs: the database queue, as in production (and so in the benchmarks, which
# use these settings: a request that queues a job only queues it). Tests that need a queued
# task run do so in the test process with ImmediateBackend (IMMEDIATE_TASKS, e.g.
# tests/reports/exports/jobs_support.py); tests/reports/exports/test_worker.py runs a real
# `manage.py db_worker` against the test database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
