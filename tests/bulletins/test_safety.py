"""A bulletin's text can neither fetch nor embed anything, nor lose a glyph."""

import io
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings

from apps.accounts.models import User
from apps.bulletins.fonts import MissingGlyphError
from apps.bulletins.rendering import StaticFilesOnly, render_pdf
from apps.bulletins.services import draft_bulletin_from_campaign, update_bulletin
from apps.inspections.models import Campaign

HOSTILE = (
    '<img src="http://127.0.0.1:9/tracker.png">\n\n'
    '<link rel="stylesheet" href="file:///etc/passwd">\n\n'
    "<script>document.write('x')</script>\n\n"
    '<iframe src="file:///etc/hostname"></iframe>\n\n'
    "<style>@import url(http://127.0.0.1:9/x.css);</style>"
)


@pytest.fixture
def draft(demo):
    return draft_bulletin_from_campaign(
        user=User.objects.get(username="city"),
        campaign=Campaign.objects.get(slug="zhanjiang-2020"),
        organ_abbreviation="湛扶组",
        year=2020,
    )


def _with_body(draft, body: str, **fields):
    return update_bulletin(
        user=User.objects.get(username="city"), bulletin=draft, body=body, **fields
    )


def test_markup_in_a_bulletin_is_printed_as_text_and_never_fetched(draft):
    bulletin = _with_body(draft, HOSTILE, title='<img src="http://127.0.0.1:9/t.png">通报')
    fetcher = StaticFilesOnly(Path(settings.BASE_DIR) / "static")
    asked: list[str] = []
    original = fetcher.fetch
    fetcher.fetch = lambda url, headers=None: asked.append(url) or original(url, headers)
    pdf_bytes = render_pdf(bulletin, fetcher=fetcher)
    assert asked == []  # nothing was even requested
    assert b"/Subtype /Image" not in pdf_bytes and b"/Subtype/Image" not in pdf_bytes
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "root:" not in text
    assert '<img src="http://127.0.0.1:9/tracker.png">' in text.replace("\n", "")
    assert "<script>" in text


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.com/x.css",
        "file:///etc/passwd",
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_refuses_everything_outside_static(url):
    fetcher = StaticFilesOnly(Path(settings.BASE_DIR) / "static")
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_refuses_a_way_out_of_static():
    static = Path(settings.BASE_DIR) / "static"
    fetcher = StaticFilesOnly(static)
    with pytest.raises(ValueError):
        fetcher.fetch((static / "css" / ".." / ".." / "manage.py").as_uri())
    response = fetcher.fetch((static / "css" / "portal.css").as_uri())
    assert b"bulletin-preview" in response.read()
    response.close()


def test_a_character_no_font_can_draw_is_an_error(draft):
    bulletin = _with_body(draft, "正文里有一个象形文字𓀀。")
    with pytest.raises(MissingGlyphError) as error:
        render_pdf(bulletin)
    assert "𓀀" in str(error.value) and "U+13000" in str(error.value)


def test_issuing_with_a_missing_glyph_shows_the_error_and_keeps_the_draft(draft, login):
    from django.urls import reverse

    _with_body(draft, "正文𓀀。")
    response = login("city").post(
        reverse("bulletins:issue", args=[draft.pk]), {"confirm": "yes"}, follow=True
    )
    assert "U+13000" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_issued and not draft.pdf
