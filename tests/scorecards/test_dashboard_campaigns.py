"""The home dashboard once a newer campaign exists: which campaign it shows,
the switcher, the empty state, zero counts, legend, axis and comparison."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from apps.accounts.models import User
from apps.inspections.services import create_campaign
from apps.regions.models import Level, Region
from apps.scorecards.services import create_scheme, publish_ranking, record_published_result

ROLES = ["city", "leader", "wuchuan", "leizhou", "inspector"]


def _chart(content: str) -> list[dict]:
    match = re.search(r'id="county-chart-data" type="application/json">(.*?)</script>', content)
    return json.loads(match.group(1))


@pytest.fixture
def empty_campaign(demo):
    """A 2021 verification campaign whose county scheme was saved but never scored."""
    campaign = create_campaign(
        slug="check-2021",
        title="2021年核查",
        kind="verification",
        year=2021,
        counties=list(Region.objects.filter(level=Level.COUNTY)),
        start_date=datetime.date(2021, 11, 1),
    )
    create_scheme(campaign=campaign, level=Level.COUNTY, title="2021年核查评价表（县级）")
    return campaign


@pytest.mark.parametrize("username", ROLES)
def test_home_keeps_the_published_2020_results_and_offers_the_switcher(
    client, empty_campaign, username
):
    client.force_login(User.objects.get(username=username))
    content = client.get(reverse("dashboard")).content.decode()
    assert "2020" in content.split("<h1")[1].split("</h1>")[0]
    assert _chart(content), "the 2020 chart is empty"
    switcher = content.split('name="campaign"')[1].split("</select>")[0]
    assert "2021年核查" in switcher and "zhanjiang-2020" in switcher


@pytest.mark.parametrize("username", ROLES)
def test_an_unscored_campaign_says_what_is_missing_and_who_fills_it(
    client, empty_campaign, username
):
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("dashboard"), {"campaign": "check-2021"})
    content = response.content.decode()
    assert "2021年核查" in content.split("<h1")[1].split("</h1>")[0]
    empty = content.split('class="dashboard-empty')[1].split("</div>")[0]
    assert "尚无分数" in empty and "核查组" in empty and "录入" in empty
    assert 'id="county-chart"' not in content


def test_a_campaign_without_scheme_names_the_city_office(client, empty_campaign):
    empty_campaign.schemes.all().delete()
    client.force_login(User.objects.get(username="leader"))
    content = client.get(reverse("dashboard"), {"campaign": "check-2021"}).content.decode()
    empty = content.split('class="dashboard-empty')[1].split("</div>")[0]
    assert "评分方案" in empty and "市扶贫办" in empty


def test_unpublished_scores_say_the_city_office_publishes(client, empty_campaign):
    scheme = empty_campaign.schemes.get()
    record_published_result(
        scheme=scheme, region=Region.objects.get(name="吴川市"), total=Decimal(88)
    )
    client.force_login(User.objects.get(username="leader"))
    content = client.get(reverse("dashboard"), {"campaign": "check-2021"}).content.decode()
    assert "尚未发布" in content and "市扶贫办发布" in content
    # scored but unpublished beats the older published campaign only when asked
    assert "2020" in client.get(reverse("dashboard")).content.decode().split("</h1>")[0]


def test_unknown_campaign_answers_404(client, demo):
    client.force_login(User.objects.get(username="leader"))
    assert client.get(reverse("dashboard"), {"campaign": "nope"}).status_code == 404


def test_zero_counts_render_as_0(client, demo):
    client.force_login(User.objects.get(username="wuchuan"))
    content = client.get(reverse("dashboard")).content.decode()
    county_row = content.split('<tr data-level="county">')[1].split("</tr>")[0]
    cells = re.findall(r'<td class="text-end">(.*?)</td>', county_row)
    # 吴川市 is 较好: one 较好, and 0 — not blank — for 好 and 一般.
    assert cells == ["0", "1", "0"]


def test_chart_has_a_legend_and_an_axis_from_0(client, demo):
    client.force_login(User.objects.get(username="leader"))
    content = client.get(reverse("dashboard")).content.decode()
    legend = content.split('class="chart-legend')[1].split("</ul>")[0]
    assert "好" in legend and "较好" in legend and "一般" in legend
    assert "从 0 分起" in content
    source = settings.BASE_DIR / "static" / "js" / "county-chart.js"
    assert "min: 0" in source.read_text()


def test_drill_down_charts_rating_counts_where_only_positions_were_published(client, demo, county):
    client.force_login(User.objects.get(username="leader"))
    content = client.get(
        reverse("scorecards:drill", args=["zhanjiang-2020", county("吴川市").pk])
    ).content.decode()
    # 2020 published the towns' positions and ratings only: count the ratings.
    assert [(r["name"], r["value"]) for r in _chart(content)] == [
        ("好", 0),
        ("较好", 3),
        ("一般", 1),
    ]
    assert 'id="county-chart"' in content and "echarts.min.js" in content
    assert "没有分数" in content
    # No row has a score: no score column of dashes crowding the rank, which
    # stands in its own column (序号 = 排名 on every row: one column).
    table = content.split('class="table table-sm table-hover drill-table')[1].split("</table>")[0]
    head, first_row = table.split("</tr>")[:2]
    assert "初步打分" not in head and "全市序号" not in head and "全市排名" in head
    assert '<td class="text-nowrap">8</td>' in first_row and "—" not in first_row


def test_drill_down_charts_totals_where_there_are_totals(client, empty_campaign):
    scheme = empty_campaign.schemes.get()
    for name, total in [("吴川市", 95), ("雷州市", 70)]:
        record_published_result(scheme=scheme, region=Region.objects.get(name=name), total=total)
    city = Region.objects.get(level=Level.CITY)
    client.force_login(User.objects.get(username="leader"))
    content = client.get(reverse("scorecards:drill", args=["check-2021", city.pk])).content.decode()
    assert [(r["name"], r["value"]) for r in _chart(content)] == [
        ("吴川市", 95.0),
        ("雷州市", 70.0),
    ]


def test_compares_with_the_previous_campaign_of_the_same_kind(client, empty_campaign):
    scheme = empty_campaign.schemes.get()
    record_published_result(
        scheme=scheme, region=Region.objects.get(name="吴川市"), total=Decimal(95)
    )
    publish_ranking(
        user=User.objects.get(username="city"),
        scheme=scheme,
        published_on=datetime.date(2022, 1, 10),
    )
    client.force_login(User.objects.get(username="leader"))
    content = client.get(reverse("dashboard")).content.decode()
    assert "2021年核查" in content.split("</h1>")[0]
    rows = {r["name"]: r for r in _chart(content)}
    assert rows["吴川市"]["value"] == 95.0
    assert rows["吴川市"]["previous"] is not None  # its 2020 total
    assert "与上次比较" in content and "湛江" in content.split("与上次比较")[1][:200]


def test_drill_down_compares_with_the_previous_campaign(client, empty_campaign):
    scheme = empty_campaign.schemes.get()
    record_published_result(scheme=scheme, region=Region.objects.get(name="吴川市"), total=95)
    city = Region.objects.get(level=Level.CITY)
    client.force_login(User.objects.get(username="leader"))
    content = client.get(reverse("scorecards:drill", args=["check-2021", city.pk])).content.decode()
    assert [(r["name"], r["previous"]) for r in _chart(content)] == [("吴川市", 84.0)]
    assert "与上次比较：湛江市2020年脱贫攻坚核查" in content
