"""The dashboard's county map, key figures, print view and PDF."""

import subprocess

import pytest
from django.urls import reverse

from apps.regions.models import Level, Region
from apps.scorecards import map_svg
from apps.scorecards.county_map import city_map
from apps.scorecards.models import RankingRow

NINE = {"赤坎区", "霞山区", "坡头区", "麻章区", "遂溪县", "徐闻县", "廉江市", "雷州市", "吴川市"}


def test_the_map_has_every_ranked_county_and_the_zone_as_a_point(login):
    response = login("leader").get(reverse("dashboard"))
    data = response.context["map_data"]
    assert data["map"] == "湛江"
    shapes = {r["shape"] for r in data["regions"] if not r["point"]}
    assert shapes == NINE
    zone = next(r for r in data["regions"] if r["point"])
    assert zone["label"] == "经开区" and zone["shape"] == "湛江经济技术开发区"
    mazhang = next(r for r in data["regions"] if r["shape"] == "麻章区")
    assert mazhang["values"]["rating"]["value"] == "好"
    assert mazhang["values"]["score"]["value"] == 92.0
    assert mazhang["url"].endswith(f"/region/{Region.objects.get(name='麻章区').pk}/")
    # Indicators carry their numerator and denominator, even when there is nothing yet.
    assert set(mazhang["values"]["exit_rate"]) == {"value", "n", "d", "text"}
    page = response.content.decode()
    assert response.context["city_map"].script.endswith("广东/湛江市.js")
    assert "county-map.js" in page
    assert "经开区在统计区划地图上没有单独的边界" in page


def test_a_county_user_sees_only_their_county_on_the_map(login):
    data = login("wuchuan").get(reverse("dashboard")).context["map_data"]
    assert [r["shape"] for r in data["regions"]] == ["吴川市"]


def test_without_a_vendored_map_the_dashboard_says_why_and_keeps_the_bars(login):
    Region.objects.filter(level=Level.CITY, name="湛江市").update(name="无图市")
    response = login("leader").get(reverse("dashboard"))
    page = response.content.decode()
    assert "平台未提供本市的县（市、区）地图" in page
    assert 'id="county-chart"' in page and 'id="county-map"' not in page


def test_key_figures_show_numerator_denominator_and_link(login):
    response = login("leader").get(reverse("dashboard"))
    cards = {k.key: k for k in response.context["kpis"]}
    assert list(cards) == [
        "rating-county",
        "rating-town",
        "rating-village",
        "exit-rate",
        "red-lights",
        "fund-usage",
        "overdue-findings",
    ]
    assert cards["rating-county"].value == "好 2 · 较好 8 · 一般 0"
    assert cards["rating-county"].ratio == "评为“好”的2个 / 共10个"
    assert cards["rating-village"].ratio == "评为“好”的5个 / 共58个"
    assert cards["overdue-findings"].url.startswith(reverse("inspections:finding_list"))
    page = response.content.decode()
    assert "逾期未整改问题" in page and "县（市、区）评价等次" in page


def test_the_key_figures_compare_with_the_previous_campaign_of_the_same_kind(
    login, previous_campaign
):
    response = login("leader").get(reverse("dashboard"))
    assert response.context["campaign"].slug == "zhanjiang-2020"
    cards = {k.key: k for k in response.context["kpis"]}
    # 2019: 坡头区 alone rated 好 of ten counties; 2020: 麻章区 and 坡头区.
    assert cards["rating-county"].previous == "2019年 “好”1个 / 共10个 → 2020年 “好”2个 / 共10个"
    # 2019 ranked counties only: the town and village cards have nothing to compare.
    assert cards["rating-town"].previous == cards["rating-village"].previous == ""
    # 2019: 10 findings, 7 closed, 3 past 2020-01-31 and open; 2020: seed 000's 27, none closed.
    assert (
        cards["overdue-findings"].previous == "2019年 逾期3个 / 共10个 → 2020年 逾期27个 / 共27个"
    )
    old, now = (_usage(year) for year in (2019, 2020))
    # Fund usage: the registry's allocations of each campaign's year (2019: 徐闻县's only).
    assert cards["fund-usage"].previous == (
        f"2019年 {old.percent}%（已使用{old.numerator:,.2f} / 到位{old.denominator:,.2f}万元） → "
        f"2020年 {now.percent}%（已使用{now.numerator:,.2f} / 到位{now.denominator:,.2f}万元）"
    )
    # The registry's figures have no campaign to compare with.
    assert cards["exit-rate"].previous == cards["red-lights"].previous == ""
    page = response.content.decode()
    assert page.count('class="small text-secondary mb-0 kpi-previous"') == 3
    assert "2019年 “好”1个 / 共10个 → 2020年 “好”2个 / 共10个" in page


def test_without_a_previous_campaign_the_cards_compare_nothing(login, previous_campaign):
    # The 2019 campaign is the oldest of its kind: its own dashboard has nothing before it.
    response = login("leader").get(reverse("scorecards:dashboard", args=["zhanjiang-2019"]))
    cards = {k.key: k for k in response.context["kpis"]}
    assert cards["rating-county"].value == "好 1 · 较好 6 · 一般 3"
    assert cards["overdue-findings"].ratio == "逾期未销号3个 / 本批次问题10个"
    assert all(card.previous == "" for card in cards.values())
    assert "kpi-previous" not in response.content.decode()


def test_the_demo_without_2019_shows_no_comparison(login):
    response = login("leader").get(reverse("dashboard"))
    assert all(card.previous == "" for card in response.context["kpis"])
    assert "kpi-previous" not in response.content.decode()


def _usage(year: int):
    from django.db.models import Sum

    from apps.funds.models import FundAllocation
    from apps.scorecards.kpis import Figure

    money = FundAllocation.objects.filter(year=year).aggregate(
        spent=Sum("spent_wan"), allocated=Sum("amount_wan")
    )
    return Figure(money["spent"], money["allocated"])


def test_map_svg_draws_nine_shapes_and_escapes_names(demo):
    found = city_map(Region.objects.get(level=Level.CITY, name="湛江市"))
    data = {
        "ratings": [{"label": "好", "colour": "#2e7d32"}],
        "metrics": [{"key": "rating", "label": "综合评价", "unit": ""}],
        "regions": [
            {
                "shape": "吴川市",
                "label": "<script>alert(1)</script>吴川市",
                "point": None,
                "values": {"rating": {"value": "好", "colour": "#2e7d32"}},
            },
            {
                "shape": "湛江经济技术开发区",
                "label": "经开区",
                "point": [110.4, 21.03],
                "values": {},
            },
        ],
    }
    svg = str(map_svg.county_map_svg(data, script=found.script))
    assert svg.count("<path ") == 9
    assert 'data-county="吴川市"' in svg and "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;吴川市" in svg
    assert svg.count("<circle ") == 1


def test_the_dashboard_pdf_has_the_figures_and_the_map(login, tmp_path):
    response = login("leader").get(reverse("scorecards:dashboard_pdf", args=["zhanjiang-2020"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "dashboard.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in ("仪表盘", "主要指标", "县（市、区）地图", "麻章区", "逾期未整改问题"):
        assert words in text


def test_a_hostile_region_name_in_the_pdf_is_text(login, tmp_path):
    county = Region.objects.get(level=Level.COUNTY, name="吴川市")
    RankingRow.objects.filter(region=county).update(label='<img src="file:///etc/passwd">吴川市')
    response = login("leader").get(reverse("scorecards:dashboard_pdf", args=["zhanjiang-2020"]))
    path = tmp_path / "dashboard.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert '<img src="file:///etc/passwd">吴川市' in text


def test_the_print_view_drops_the_buttons(login):
    page = login("leader").get(reverse("dashboard") + "?print=1").content.decode()
    assert 'class="print-view"' in page and "print-meta" in page


@pytest.fixture
def previous_campaign(demo):
    """The demo's 2019 campaign of the same kind (load_demo command)."""
    from apps.demo.zhanjiang_2019 import load_previous_campaign

    assert load_previous_campaign() == 1
    assert load_previous_campaign() == 0  # a second load changes nothing
