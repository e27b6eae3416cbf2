"""Issue 17, print views in a real browser: the 打印 button opens the page's
print view, which Chromium prints to A4 without the menu, the filters or the
buttons, with the title and what it covers on top and the table header
repeated on every page (page.pdf, read back with pdfplumber)."""

from __future__ import annotations

import io
import unicodedata

import pdfplumber
import pytest
from django.urls import reverse

from apps.core.dates import official_date
from apps.core.printing import today
from apps.regions.models import Region
from tests.e2e.conftest import ARTIFACTS
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)

A4_POINTS = (595, 842)


def _print(page, name: str) -> list[str]:
    """The page printed by Chromium as the print stylesheet lays it out: the text
    of each PDF page (the PDF and a print-media screenshot kept as artefacts)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / f"print-{name}.png"), full_page=True)
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    (ARTIFACTS / f"print-{name}.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        sizes = {(round(p.width), round(p.height)) for p in document.pages}
        assert sizes == {A4_POINTS}, sizes
        return [norm(p.extract_text() or "") for p in document.pages]


def norm(text: str) -> str:
    """NFKC: the CJK fonts' glyphs extract as radicals (⽉ for 月) and full-width
    punctuation as ASCII; expected text goes through the same."""
    return unicodedata.normalize("NFKC", text).replace("戶", "户")


def _open_print_view(page) -> None:
    with page.expect_navigation():
        page.locator("main a.print-button").click()
    assert "print=1" in page.url
    assert page.locator(".portal-nav").count() == 0
    assert page.get_by_role("button", name="打印").is_visible()  # shown by print.js


def test_village_ranking_prints_every_row_with_its_header_on_each_page(page, log_in):
    log_in("leader", reverse("scorecards:ranked_table", args=["zhanjiang-2020", "village"]))
    assert page.locator(".pagination").count() == 1  # 58 villages: two pages on screen
    _open_print_view(page)
    assert page.locator("table.ranking-table tbody tr").count() == 58
    pages = _print(page, "village-ranking")
    assert len(pages) >= 2
    assert pages[0].splitlines()[0] == norm("湛江市脱贫攻坚核查评价排名表（村级）")
    assert "湛江市 · 2020年11月20日发布" in pages[0].replace("\n", " ")
    assert norm(f"打印日期：{official_date(today())}") in pages[0]
    for text in pages:  # the header row on every page
        assert "排名" in text and "综合评价" in text  # 序号 = 排名 here: one column
    numbers = [
        int(line.split()[0]) for text in pages for line in text.splitlines() if line[0].isdigit()
    ]
    assert numbers == list(range(1, 59))  # every row once, none lost at a page break
    everything = "\n".join(pages)
    for absent in ("仪表盘", "筛选", "下载", "退出", "返回", "打印预览"):
        assert absent not in everything


def test_rectification_ledger_prints_with_its_county_and_date(page, log_in):
    log_in("wuchuan", reverse("inspections:ledger"))
    _open_print_view(page)
    pages = _print(page, "ledger")
    text = " ".join(pages).replace("\n", " ")
    assert "整改台账" in text and f"截至{official_date(today())}" in text
    assert "吴川市 ·" in text and "整改情况统计" in text
    assert "筛选" not in text and "仪表盘" not in text


def test_household_file_prints_its_members_with_masked_ids_for_leadership(page, log_in):
    village = Region.objects.get(name="名利村", county__name="吴川市")
    household = HouseholdFactory(village=village, number="4408830001")
    member = MemberFactory(household=household, name="李某华")
    MemberFactory(household=household, name="李某明", relationship="之子")
    log_in("leader", reverse("households:detail", args=[household.pk]))
    _open_print_view(page)
    pages = _print(page, "household")
    text = " ".join(pages).replace("\n", " ")
    assert "一户一档" in text and household.number in text
    assert "户主:李某华" in text and "李某明" in text and member.masked_id_number in text
    assert member.id_number not in text
    assert "修改记录" not in text
