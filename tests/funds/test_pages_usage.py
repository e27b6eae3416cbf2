"""The fund usage pages on the demo: Xuwen's seed-002 figures, seed 000's
sentence naming the five counties behind on 11月20日, the drill-down to a
town's projects and payments, scope, and a constant number of queries."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.accounts.services import create_user
from apps.demo.funds import XUWEN_ALLOCATIONS, split
from apps.regions.models import Level, Region
from tests.factories import ExpenditureFactory, FundAllocationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

SEED_000 = "雷州市、廉江市、吴川市、遂溪县、徐闻县等县（市、区）在11月20日前尚未全部拨付使用"
FIVE = ["雷州市", "廉江市", "吴川市", "遂溪县", "徐闻县"]


def text(response) -> str:
    """The page's text without tags, one space between words."""
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def usage_row(response, county: str) -> str:
    html = response.content.decode()
    match = re.search(rf'<tr class="usage-row" data-county="{county}">(.*?)</tr>', html, re.S)
    assert match, f"no usage row for {county}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def test_xuwen_shows_seed_002_figures(login):
    """2016–2019: 44891万元 allocated, 43943.7 used, 97.89 % (seed 002)."""
    response = login("city").get(reverse("funds:usage"), {"from_year": 2016, "to_year": 2019})
    assert response.status_code == 200
    row = usage_row(response, "徐闻县")
    assert "44,891.00万元" in row and "43,943.70万元" in row and "947.30万元" in row
    assert "97.89%" in row and "43,943.70/44,891.00" in row  # the rate with its parts
    # The default range is every year with allocations: Xuwen's money is 2016–2019 alone.
    everything = login("city").get(reverse("funds:usage"))
    assert "97.89%" in usage_row(everything, "徐闻县")
    assert "2016–2020" in text(everything)


def test_the_sentence_names_the_five_counties_of_seed_000(login):
    response = login("city").get(reverse("funds:usage"))
    page = text(response)
    assert SEED_000 in page
    # The disbursement table lists them first, lowest rate first, as the seed does.
    behind = re.findall(
        r'<tr class="table-warning behind"><td>(.*?)</td>', response.content.decode()
    )
    assert behind == FIVE
    assert "2020年11月20日" in page  # the default deadline, shown as the seed writes dates


def test_the_deadline_changes_who_is_named(login):
    """坡头区 paid its last part on 2020-11-10: behind on 10-31, not on 11-20;
    雷州市 paid more on 12-10, still not all."""
    october = text(login("city").get(reverse("funds:usage"), {"deadline": "2020-10-31"}))
    assert "坡头区、" + "、".join(FIVE) + "等县（市、区）在10月31日前尚未全部拨付使用" in october
    december = text(login("city").get(reverse("funds:usage"), {"deadline": "2020-12-31"}))
    assert "、".join(FIVE) + "等县（市、区）在12月31日前尚未全部拨付使用" in december


def test_counties_are_ranked_by_rate(login):
    html = login("city").get(reverse("funds:usage")).content.decode()
    ranked = re.findall(r'<tr class="usage-row" data-county="(.*?)">\s*<td>(\d+)</td>', html)
    names = [name for name, _position in ranked]
    assert names[-5:] == ["徐闻县", "遂溪县", "吴川市", "廉江市", "雷州市"]
    # Five counties paid everything: 100 % each, all ranked first (并列).
    assert [position for _name, position in ranked[:5]] == ["1"] * 5
    assert ranked[5] == ("徐闻县", "6")


def test_source_split_and_chart_data(login):
    response = login("city").get(reverse("funds:usage"), {"from_year": 2016, "to_year": 2019})
    html = response.content.decode()
    [sources] = re.findall(r'id="sources-(\d+)"', html)
    xuwen = Region.objects.get(level=Level.COUNTY, name="徐闻县")
    assert int(sources) == xuwen.pk
    split = re.sub(r"<[^>]+>", " ", html.split(f'id="sources-{xuwen.pk}"')[1].split("</table>")[0])
    split = re.sub(r"\s+", " ", split)
    for source, allocated in (
        ("省", "28,900.00"),
        ("对口帮扶市", "11,580.00"),
        ("县本级", "2,291.00"),
    ):
        assert f"{source} {allocated}万元" in split
    chart = json.loads(re.search(r'id="fund-usage-chart-data"[^>]*>(.*?)</script>', html).group(1))
    assert chart == [
        {
            "name": "徐闻县",
            "allocated": "44891.00",
            "spent": "43943.70",
            "rate": "97.89",
            "url": f"/funds/usage/{xuwen.pk}/?from_year=2016&to_year=2019",
        }
    ]
    assert "vendor/echarts-5.6.0/echarts.min.js" in html


def test_drill_down_county_town_projects_payments(login):
    client = login("city")
    xuwen = Region.objects.get(level=Level.COUNTY, name="徐闻县")
    county = text(client.get(reverse("funds:usage_region", args=[xuwen.pk])))
    for town in ("南山镇", "迈陈镇", "西连镇", "城北乡"):
        assert town in county
    assert "33,311.00万元" in county  # the county's own money, apart from the towns'
    nanshan = Region.objects.get(level=Level.TOWN, name="南山镇")
    response = client.get(reverse("funds:usage_region", args=[nanshan.pk]))
    page = text(response)
    assert "南山镇“一村一品”菠萝产业提升项目" in page and "2,497.98万元" in page
    assert "XW2016-" in page  # voucher numbers
    assert "项目实施单位" in page and "徐闻县南山镇人民政府" in page  # payees
    assert re.search(r"2016年\d+月\d+日", page)  # dates as the bulletins write them
    # The town's own money: its part of 对口帮扶市's allocations, every year.
    nanshan_part = sum(
        split(amounts[1], 4, salt=year)[0] for year, amounts in XUWEN_ALLOCATIONS.items()
    )
    assert f"{nanshan_part:,.2f}万元" in page


def test_county_staff_see_only_their_county(login):
    client = login("wuchuan")
    response = client.get(reverse("funds:usage"))
    html = response.content.decode()
    assert re.findall(r'data-county="(.*?)"', html) == ["吴川市"]
    assert "吴川市在11月20日前尚未全部拨付使用" in text(response)
    xuwen = Region.objects.get(level=Level.COUNTY, name="徐闻县")
    nanshan = Region.objects.get(level=Level.TOWN, name="南山镇")
    assert client.get(reverse("funds:usage_region", args=[xuwen.pk])).status_code == 404
    assert client.get(reverse("funds:usage_region", args=[nanshan.pk])).status_code == 404


def test_empty_state_says_what_is_missing_and_who_enters_it(login, client):
    town = Region.objects.get(level=Level.TOWN, name="兰石镇")
    user = create_user(
        username="lanshi", role="county_staff", password="x-pass-2020!", regions=[town]
    )
    client.force_login(user)
    page = text(client.get(reverse("funds:usage")))
    assert "尚无扶贫资金到位记录" in page and "县（市、区）扶贫办" in page


def test_a_bad_year_is_said_and_ignored(login):
    response = login("city").get(reverse("funds:usage"), {"from_year": "abc", "deadline": "x"})
    assert response.status_code == 200
    assert "97.89%" in usage_row(response, "徐闻县")
    assert "invalid-feedback" in response.content.decode()


def test_usage_pages_cost_the_same_queries_whatever_the_records(
    login, django_assert_max_num_queries
):
    client = login("city")
    xuwen = Region.objects.get(level=Level.COUNTY, name="徐闻县")
    nanshan = Region.objects.get(level=Level.TOWN, name="南山镇")
    urls = [
        reverse("funds:usage"),
        reverse("funds:usage_region", args=[xuwen.pk]),
        reverse("funds:usage_region", args=[nanshan.pk]),
    ]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with django_assert_max_num_queries(16) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured.captured_queries))
        return found

    before = counts()
    for number in range(5):
        allocation = FundAllocationFactory(region=nanshan, year=2019, amount_wan=Decimal("50"))
        project = ProjectFactory(region=nanshan, name=f"加测项目{number}")
        ExpenditureFactory(allocation=allocation, project=project, date=dt.date(2019, 8, 1))
    assert counts() == before
