"""A browser's default /favicon.ico request finds the portal's icon (it was
the only 404 of a full walk), logged in or not, and every page names it."""

from pathlib import Path

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

ICON = Path(settings.BASE_DIR) / "static" / "favicon.svg"


def test_favicon_ico_leads_to_the_icon_without_login(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code in (200, 301, 302)
    assert response["Location"] == static("favicon.svg")
    assert ICON.read_text(encoding="utf-8").lstrip().startswith("<svg")


@pytest.mark.parametrize("page", ["login", "admin:login"])
def test_pages_link_the_icon(client, db, page):
    body = client.get(reverse(page)).content.decode()
    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in body
