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


def test_the_previous_campaign_of_the_same_kind_is_compared(login, previous_campaign):
    response = login("leader").get(reverse("dashboard"))
    cards = {k.key: k for k in response.context["kpis"]}
    assert cards["rating-county"].previous.startswith("2019年：")
    assert "上一批次 — 2019年" in response.content.decode()


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
    """A 2019 campaign of the same kind with a published county ranking."""
    import datetime
    from decimal import Decimal

    from apps.accounts.models import User
    from apps.inspections.models import Campaign
    from apps.inspections.services import create_campaign
    from apps.scorecards.services import create_scheme, publish_ranking, record_published_result

    current = Campaign.objects.get(slug="zhanjiang-2020")
    counties = list(current.counties.all())
    campaign = create_campaign(
        slug="zhanjiang-2019",
        title="湛江市2019年脱贫攻坚核查",
        kind=current.kind,
        year=2019,
        organiser=current.organiser,
        start_date=datetime.date(2019, 11, 1),
        end_date=datetime.date(2019, 11, 30),
        counties=counties,
    )
    scheme = create_scheme(
        campaign=campaign,
        level=Level.COUNTY,
        title="2019年县级",
        indicators=[("总分", Decimal(100))],
        bands=[("好", Decimal(90)), ("较好", Decimal(80)), ("一般", Decimal(0))],
    )
    for n, county in enumerate(counties, start=1):
        record_published_result(scheme=scheme, region=county, total=Decimal(80 + n), refresh=False)
    publish_ranking(
        user=User.objects.get(username="city"),
        scheme=scheme,
        published_on=datetime.date(2019, 12, 1),
    )
    return campaign
