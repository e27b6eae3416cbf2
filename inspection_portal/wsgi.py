"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection_portal.settings")
application = get_wsgi_application()
# Import the URLconf and every view now (WeasyPrint among them, ~0.7 s), so that
# no worker's first request pays for it; under gunicorn's preload_app this
# happens once, in the master.
get_resolver().url_patterns  # noqa: B018
