"""Seed 003's funding standard: people with labour capacity × 2万元, split
6:3:0.5:0.5 over 省, 对口帮扶市, 市 and 县本级, against their allocations."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.accounts.access import SYSTEM
from apps.funds.standard import funding_standard
from apps.households.models import LabourCapacity
from tests.factories import FundAllocationFactory, HouseholdFactory, MemberFactory, fund_source

pytestmark = pytest.mark.django_db


def people(village, count: int, capacity=LabourCapacity.ORDINARY) -> None:
    household = HouseholdFactory(village=village)
    for _ in range(count):
        MemberFactory(household=household, labour_capacity=capacity, relationship="之子")


@pytest.fixture
def wuchuan_standard(wuchuan_village):
    """50 people who can work (40 ordinary, 10 skilled), 7 who cannot: a
    standard of 100万元 = 60 + 30 + 5 + 5."""
    people(wuchuan_village, 40)
    people(wuchuan_village, 10, LabourCapacity.SKILLED)
    people(wuchuan_village, 4, LabourCapacity.LOST)
    people(wuchuan_village, 3, LabourCapacity.NONE)
    county = wuchuan_village.county
    for source, amount in (("省", "70"), ("对口帮扶市", "20"), ("市", "5"), ("中央", "9")):
        FundAllocationFactory(
            region=county, year=2021, source=fund_source(source), amount_wan=Decimal(amount)
        )
    return county


def test_standard_and_gap_per_level(wuchuan_standard):
    check = funding_standard(actor=SYSTEM, region=wuchuan_standard, years=[2021])
    assert check.people == 50 and check.standard == Decimal("100")
    levels = {level.source: (level.ratio_part, level.standard, level.allocated, level.gap)
              for level in check.levels}  # fmt: skip
    assert levels == {
        "省": (Decimal("6"), Decimal("60"), Decimal("70"), Decimal("-10")),
        "对口帮扶市": (Decimal("3"), Decimal("30"), Decimal("20"), Decimal("10")),
        "市": (Decimal("0.5"), Decimal("5"), Decimal("5"), Decimal("0")),
        "县本级": (Decimal("0.5"), Decimal("5"), Decimal("0"), Decimal("5")),
    }
    # 省 above its part makes up for nobody: 10 + 5 short; 中央 lies outside the split.
    assert check.gap == Decimal("15") and check.other_allocated == Decimal("9")


def test_the_page_shows_each_level_gap(login, wuchuan_standard):
    response = login("wuchuan").get(reverse("funds:standard"), {"from_year": 2021, "to_year": 2021})
    assert response.status_code == 200
    html = response.content.decode()
    rows = dict(re.findall(r'data-source="(.*?)">(.*?)</tr>', html, re.S))
    flat = {k: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", v)) for k, v in rows.items()}
    assert "缺口 10.00万元" in flat["对口帮扶市"] and "66.67%" in flat["对口帮扶市"]
    assert "已达标" in flat["省"] and "已达标" in flat["市"]
    assert "缺口 5.00万元" in flat["县本级"]
    page = re.sub(r"<[^>]+>", " ", html)
    assert "50 × 2.00万元 = 100.00万元" in re.sub(r"\s+", " ", page)


def test_a_region_without_registry_members_says_who_imports_them(login):
    response = login("leizhou").get(reverse("funds:standard"))
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    assert "没有有劳动能力的成员" in page and "县（市、区）扶贫办" in page


def test_scope_and_queries(login, wuchuan_standard, leizhou_village, django_assert_max_num_queries):
    client = login("wuchuan")
    refused = client.get(reverse("funds:standard"), {"region": leizhou_village.county_id})
    assert refused.status_code == 200 and "雷州市" not in refused.content.decode().split("<main")[1]
    with django_assert_max_num_queries(14) as captured:
        client.get(reverse("funds:standard"))
    before = len(captured.captured_queries)
    people(wuchuan_standard.children.first().children.first(), 30)
    with django_assert_max_num_queries(before):
        client.get(reverse("funds:standard"))
