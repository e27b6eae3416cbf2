"""Issue 17, print views (?print=1 of the ranked tables, the rectification ledger
and one household's file): the print stylesheet drops the menu, filters and
buttons, lays the page out on A4 and repeats table headers; each page's 打印
button opens its print view, which says under the title where and when."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from apps.core.dates import official_date
from apps.core.printing import today

pytestmark = pytest.mark.django_db

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "print.css"
RANKING = reverse("scorecards:ranked_table", args=["zhanjiang-2020", "village"])


def _rule(selector_part: str) -> str:
    """The declarations of the first print.css rule whose selector names ``selector_part``."""
    css = re.sub(r"/\*.*?\*/", "", PRINT_CSS.read_text(), flags=re.S)
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if selector_part in selectors:
            return body
    raise AssertionError(f"no rule for {selector_part}")


def test_the_print_stylesheet_hides_navigation_filters_and_buttons():
    for hidden in (".portal-nav", "footer", "main form", ".btn", ".pagination"):
        assert "display: none" in _rule(hidden), hidden
    assert "table-header-group" in _rule("thead")
    assert "A4" in _rule("@page")


def test_every_page_prints_with_the_stylesheet_and_a_print_view_uses_it_on_screen(login):
    client = login("leader")
    page = client.get(RANKING).content.decode()
    assert re.search(r'href="/static/css/print.css" media="print"', page)
    assert 'class="navbar' in page
    printed = client.get(RANKING, {"print": "1"}).content.decode()
    assert re.search(r'href="/static/css/print.css" media="all"', printed)
    assert "portal-menu" not in printed and "<footer" not in printed  # no menu at all
    assert "data-print hidden" in printed  # 打印, shown by print.js


def test_the_ranking_print_button_keeps_the_filters_and_drops_the_page(login):
    page = login("leader").get(RANKING, {"rating": "好", "page": "2"}).content.decode()
    button = re.search(r'<a class="btn [^"]*print-button[^"]*" href="\?([^"]+)"', page)
    assert button and "打印" in page
    query = button.group(1).replace("&amp;", "&")
    assert "print=1" in query and "page=" not in query and "rating=" in query


def test_ranking_print_view_has_every_row_the_title_region_and_date(login):
    response = login("leader").get(RANKING, {"print": "1"})
    page = response.content.decode()
    assert len(response.context["table"].rows) == 58  # the screen shows 50 a page
    assert "湛江市脱贫攻坚核查评价排名表（村级）</h1>" in page
    meta = re.search(r'<p class="print-meta">([^<]+)</p>', page).group(1)
    assert meta == f"湛江市 · 2020年11月20日发布 · 打印日期：{official_date(today())}"


def test_ranking_print_view_names_the_chosen_county_and_the_county_users_own(login, county):
    wuchuan = county("吴川市")
    page = login("leader").get(RANKING, {"print": "1", "county": wuchuan.pk}).content.decode()
    assert '<p class="print-meta">吴川市 · 2020年11月20日发布' in page
    own = login("wuchuan").get(RANKING, {"print": "1"}).content.decode()
    assert '<p class="print-meta">吴川市 · 2020年11月20日发布' in own


def test_ledger_print_view_says_where_and_as_of_when(login, county):
    client = login("city")
    url = reverse("inspections:ledger")
    page = client.get(url, {"print": "1", "county": county("雷州市").pk}).content.decode()
    assert "雷州市 · 整改台账</h1>" in page
    meta = re.search(r'<p class="print-meta">([^<]+)</p>', page).group(1)
    assert meta == f"雷州市 · 截至{official_date(today())}"
    assert "portal-menu" not in page
    city_wide = client.get(url, {"print": "1"}).content.decode()
    assert '<p class="print-meta">湛江市 · 截至' in city_wide
