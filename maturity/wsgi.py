"""The WSGI application gunicorn serves (``maturity.wsgi:application``)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maturity.settings.base")
application = get_wsgi_application()

# Everything loaded at start-up (Django, the URLconf and every view, and so pandas and
# plotly) lives as long as the process: freeze it, so the garbage
# collector's full passes skip those objects instead of walking them again and again
# during requests (a dashboard allocates enough to trigger several). Frozen objects are
# never freed, which is what start-up objects are anyway.
get_resolver().url_patterns  # noqa: B018 - imports every view (and pandas, plotly) now
gc.collect()
gc.freeze()
