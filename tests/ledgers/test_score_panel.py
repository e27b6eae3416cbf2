"""Scorecards cite ledger items: scoring 扶贫责任 for a county shows that
indicator's ledger items and the county's status for each."""

from django.urls import reverse

from .conftest import county_named

SLUG = "zhanjiang-2020"


def test_the_score_entry_page_shows_the_indicator_ledger_items(login, item):
    county = county_named("吴川市")
    url = reverse("scorecards:score_entry", args=[SLUG, "county", county.pk])
    html = login("inspector").get(url).content.decode()
    panel = html.split('class="card mb-3 ledger-score-panel"')[1]
    assert "吴川市的考核台账" in panel and "扶贫责任" in panel
    assert "1.三级书记遍访贫困对象台账" in panel
    assert "3.扶贫宣传总结工作方案及佐证" in panel  # proves its heading's indicator
    assert "一、扶贫责任" not in panel  # headings are not filled
    assert "扶贫小额信贷逾期清收台账" in panel.split("资金资产管理")[1]
    assert reverse("ledgers:entry", args=[item("1.1").pk, county.pk]) in panel


def test_a_village_score_page_shows_only_items_that_apply(login):
    from apps.regions.models import Region

    village = Region.objects.get(level="village", name="名利村", county__name="吴川市")
    url = reverse("scorecards:score_entry", args=[SLUG, "village", village.pk])
    html = login("inspector").get(url).content.decode()
    # The demo links ledger items to the county scheme's indicators only.
    assert "ledger-score-panel" not in html


def test_the_panel_costs_a_constant_number_of_queries(login, django_assert_max_num_queries):
    client = login("city")
    for name in ("吴川市", "雷州市"):
        url = reverse("scorecards:score_entry", args=[SLUG, "county", county_named(name).pk])
        with django_assert_max_num_queries(22):
            assert client.get(url).status_code == 200
