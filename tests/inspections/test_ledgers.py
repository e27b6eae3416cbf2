"""Ledgers and the seed 002 rectification tally, counted in the database."""

import io
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.accounts.access import SYSTEM
from apps.accounts.models import User
from apps.inspections.models import Finding, FindingCategory, FindingStatus
from apps.inspections.selectors import rectification_tally
from apps.inspections.services import create_campaign, create_finding
from apps.regions.models import Level, Region


@pytest.fixture
def xuwen_findings(demo):
    """Seed 002: 71 problems (25 patrol, 46 audit), 31 closed (21 patrol, 10 audit)."""
    xuwen = Region.objects.get(level=Level.COUNTY, name="徐闻县")
    campaign = create_campaign(
        slug="xuwen-2019",
        title="徐闻县2016年以来巡察审计",
        kind="audit",
        year=2019,
        counties=[xuwen],
    )
    category = FindingCategory.objects.first()
    city = User.objects.get(username="city")
    for source, total, closed in (("patrol", 25, 21), ("audit", 46, 10)):
        for n in range(total):
            finding = create_finding(
                user=city,
                campaign=campaign,
                region=xuwen,
                category=category,
                source=source,
                description=f"{source}{n}",
            )
            if n < closed:
                Finding.objects.filter(pk=finding.pk).update(status=FindingStatus.CLOSED)
    return campaign


def test_tally_for_xuwen_is_71_31_40_and_43_66(xuwen_findings):
    per_source, total = rectification_tally(Finding.objects.filter(campaign=xuwen_findings))
    assert (total["found"], total["closed"], total["open"], f"{total['rate']:.2f}") == (
        71,
        31,
        40,
        "43.66",
    )
    by_source = {row["source"]: (row["found"], row["closed"], row["open"]) for row in per_source}
    assert by_source == {"patrol": (25, 21, 4), "audit": (46, 10, 36)}


def test_tally_command_prints_the_tally(xuwen_findings):
    out = StringIO()
    call_command("rectification_tally", county="徐闻县", campaign="xuwen-2019", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == "合计\t71\t31\t40\t43.66%"
    assert "巡察\t25\t21\t4\t84.00%" in lines
    assert "审计\t46\t10\t36\t21.74%" in lines


def test_ledger_page_counts_by_category_and_status(login, xuwen_findings):
    xuwen = Region.objects.get(level=Level.COUNTY, name="徐闻县")
    response = login("city").get(
        reverse("inspections:ledger"), {"county": xuwen.pk, "campaign": "xuwen-2019"}
    )
    (row,) = response.context["rows"]
    assert (row["total"], row["closed"], row["open"]) == (71, 31, 40)
    assert response.context["total"]["found"] == 71
    # The rate reads with its parts, two decimals: closed of found.
    tally = (
        response.content.decode()
        .split('class="table table-sm tally-table"')[1]
        .split("</table>")[0]
    )
    total = tally.split('<tr class="fw-bold">')[1]
    assert "43.66%" in total and "31/71" in total and 'title="31 / 71"' in total
    book = openpyxl.load_workbook(
        io.BytesIO(
            login("city")
            .get(
                reverse("inspections:ledger"),
                {"county": xuwen.pk, "campaign": "xuwen-2019", "export": "xlsx"},
            )
            .content
        )
    )
    tally = list(book["整改统计"].iter_rows(values_only=True))
    assert tally[-1] == ("合计", 71, 31, 40, 43.66)


def test_ledger_for_every_county_is_titled_in_chinese(login, xuwen_findings):
    body = login("city").get(reverse("inspections:ledger")).content.decode()
    assert "全部地区 · 整改台账" in body and "All regions" not in body


def test_ledger_is_scoped(login, xuwen_findings):
    response = login("wuchuan").get(reverse("inspections:ledger"))
    # The demo's findings in 吴川市: 兰石镇, 覃巴镇六鳌村, 浅水镇新屋村, archives, 名利村.
    assert response.context["total"]["found"] == 5
    assert all(c.name == "吴川市" for c in response.context["counties"])


def test_problem_list_per_sampled_town(login, campaign):
    from apps.inspections.services import choose_current_draw, draw_sample

    towns = list(Region.objects.filter(level=Level.TOWN, name__in=["青平镇", "客路镇", "兰石镇"]))
    redraw = draw_sample(
        user=SYSTEM,
        campaign=campaign,
        towns_per_county=0,
        villages_per_town=0,
        seed="p",
        forced=towns,
    )
    # A redraw is kept aside until chosen; the problem list follows the current draw.
    choose_current_draw(campaign=campaign, draw=redraw, user=SYSTEM)
    response = login("city").get(reverse("inspections:problem_list", args=[campaign.slug]))
    places = [(f.region.county.name, f.region.town.name) for f in response.context["findings"]]
    assert set(places) == {("廉江市", "青平镇"), ("雷州市", "客路镇"), ("吴川市", "兰石镇")}
    sheet = openpyxl.load_workbook(
        io.BytesIO(
            login("city")
            .get(reverse("inspections:problem_list", args=[campaign.slug]), {"export": "xlsx"})
            .content
        )
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("序号", "县（市、区）", "镇（街）", "村", "存在问题")
    assert len(rows) - 2 == len(places)
