"""Settings for the load test: the production settings, served over plain HTTP on loopback.

Used only by ``bench/loadtest/run.py``, which serves the app with gunicorn on
127.0.0.1 and drives it with locust. Everything is production (DEBUG off, the
manifest static files storage, the real password hasher, django-axes, CSP) except
what cannot work without TLS: secure cookies would make every POST a 403 (the
browser-like client never sends them back over HTTP), and the HTTPS redirect and
HSTS would send the client away. Never use this module behind a real address.
"""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from maturity.settings.base import *  # noqa: E402, F403
from maturity.settings.base import BASE_DIR, env  # noqa: E402

# Loopback only, whatever the environment says.
ALLOWED_HOSTS = ["127.0.0.1"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_PRELOAD = False
SECURE_HSTS_INCLUDE_SUBDOMAINS = False

# collectstatic writes here, so a run never touches the tree's staticfiles/.
STATIC_ROOT = env.str("LOADTEST_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
# Hashed names and a manifest as in production, without compressing every file
# (brotli on plotly.js alone takes most of a minute on a small machine); the load
# test requests pages, not static files.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
