"""The WSGI entry point for gunicorn.

The URL configuration (and with it every app's views, the report's charts
and WeasyPrint) is imported here, not by each worker's first request: with
`gunicorn --preload` it is imported once before the workers fork, and no
worker's first request stalls for seconds (on a loaded machine past gunicorn's
30 s timeout, which then killed the worker and started the import again)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bops.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports the URLconf and the views it names
