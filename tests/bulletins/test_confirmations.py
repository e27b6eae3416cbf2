"""Issue 17: 印发 asks first and says what it changes; a draft PDF carries the
草稿 watermark on every page, the issued PDF does not."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.bulletins.models import Bulletin
from apps.bulletins.rendering import render_pdf
from apps.bulletins.services import draft_bulletin_from_campaign
from apps.inspections.models import Campaign


@pytest.fixture
def draft(demo) -> Bulletin:
    return draft_bulletin_from_campaign(
        user=User.objects.get(username="city"),
        campaign=Campaign.objects.get(slug="zhanjiang-2020"),
        organ_abbreviation="湛扶组",
        year=2020,
    )


def _page_texts(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _watermarks(content: bytes) -> list[str]:
    """Per page, the text set far larger than any heading (the slanted 草稿,
    whose letters the line-by-line text splits apart)."""
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return ["".join(c["text"] for c in page.chars if c["size"] > 60) for page in pdf.pages]


def test_issue_asks_first_and_says_what_it_changes(login, draft):
    client = login("city")
    url = reverse("bulletins:issue", args=[draft.pk])
    detail = client.get(reverse("bulletins:detail", args=[draft.pk])).content.decode()
    assert f'href="{url}"' in detail  # 印发 leads to the question, not straight to issuing
    page = client.get(url).content.decode()
    assert "确定印发" in page and draft.document_number in page and "无法撤销" in page
    assert "29个乡镇、58个行政村" in page  # the sample it cites
    # A POST without the confirm field only asks again.
    assert client.post(url).status_code == 200
    draft.refresh_from_db()
    assert not draft.is_issued
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    draft.refresh_from_db()
    assert draft.is_issued and draft.pdf


def test_a_draft_pdf_has_the_watermark_on_every_page_and_the_issued_one_none(login, draft):
    client = login("city")
    response = client.get(reverse("bulletins:pdf", args=[draft.pk]))
    marks = _watermarks(response.content)
    assert len(marks) > 1 and set(marks) == {"草稿"}
    client.post(reverse("bulletins:issue", args=[draft.pk]), {"confirm": "yes"})
    draft.refresh_from_db()
    with draft.pdf.open("rb") as stored:
        content = stored.read()
    issued = _page_texts(content)
    assert len(issued) == len(marks)
    assert not any("草稿" in text for text in issued)
    assert set(_watermarks(content)) == {""}


def test_the_demo_bulletin_as_issued_has_no_watermark(demo_pdf_bytes):
    assert not any("草稿" in text for text in _page_texts(demo_pdf_bytes))


def test_render_pdf_marks_a_draft_unless_told_it_is_the_issued_copy(draft):
    assert _watermarks(render_pdf(draft))[0] == "草稿"
    assert "草稿" not in _page_texts(render_pdf(draft, draft=False))[0]
