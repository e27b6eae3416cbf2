"""Gap reports (seed 004): counts per assisting unit and per village, scoped."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.access import SYSTEM
from apps.households.models import AssistingUnit
from apps.regions.models import Level, Region
from apps.reports import gaps
from tests.factories import HouseholdFactory, MemberFactory

AS_OF = dt.date(2020, 12, 31)


def village_of(county_name: str, index: int = 0) -> Region:
    return Region.objects.filter(level=Level.VILLAGE, county__name=county_name).order_by("pk")[
        index
    ]


def plant(village, unit, head=None, **household):
    """A household of the unit with a head (``head``: the head's fields)."""
    planted = HouseholdFactory(village=village, assisting_unit=unit, **household)
    MemberFactory(household=planted, **(head or {}))
    return planted


@pytest.fixture
def planted(demo):
    sanshui = AssistingUnit.objects.create(name="佛山市三水区")
    other = AssistingUnit.objects.create(name="湛江市直单位")
    a1, a2 = village_of("吴川市", 0), village_of("吴川市", 1)
    # a1 / 三水: a student, a member without medical insurance, an elder without pension
    family = plant(a1, sanshui)
    MemberFactory(
        household=family,
        relationship="之子",
        birth_date=dt.date(2008, 1, 1),
        school_status="junior",
        has_pension_insurance=False,
    )
    MemberFactory(household=family, relationship="配偶", sex="female", has_medical_insurance=False)
    MemberFactory(
        household=family,
        relationship="之父",
        birth_date=dt.date(1950, 1, 1),
        has_pension_insurance=None,
    )
    # a1 / 三水: no labour capacity, income below 4000, not enrolled: eligible
    plant(a1, sanshui, {"labour_capacity": "lost"}, per_capita_income=Decimal("3500"))
    # a2 / 三水: as poor, but a dibao household: enrolled
    plant(
        a2,
        sanshui,
        {"labour_capacity": "none", "receives_dibao": True},
        per_capita_income=Decimal("3000"),
        category="dibao",
    )
    # a2 / other unit: no labour capacity, income above the line: not eligible
    plant(a2, other, {"labour_capacity": "lost"}, per_capita_income=Decimal("5000"))
    # County B: eligible and uninsured — never shown to county A's staff.
    plant(
        village_of("雷州市"),
        sanshui,
        {"labour_capacity": "none", "has_medical_insurance": False},
        per_capita_income=Decimal("100"),
    )
    return {"sanshui": sanshui, "other": other, "a1": a1, "a2": a2}


@pytest.mark.django_db
def test_counts_per_unit_and_village(planted):
    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    result = gaps.report(SYSTEM, wuchuan, as_of=AS_OF)
    by_unit = {row["unit"]: row for row in result.by_unit}
    sanshui = by_unit["佛山市三水区"]
    assert (sanshui["students"], sanshui["dibao_eligible"]) == (1, 1)
    assert (sanshui["no_medical"], sanshui["no_pension"]) == (1, 1)
    assert by_unit["湛江市直单位"]["dibao_eligible"] == 0
    by_village = {row["village"]: row for row in result.by_village}
    assert by_village[planted["a1"].pk]["label"] == planted["a1"].full_name
    assert by_village[planted["a1"].pk]["dibao_eligible"] == 1
    assert by_village[planted["a2"].pk]["dibao_eligible"] == 0
    assert result.total == {"students": 1, "dibao_eligible": 1, "no_medical": 1, "no_pension": 1}
    city = wuchuan.city
    assert gaps.report(SYSTEM, city, as_of=AS_OF).total["dibao_eligible"] == 2


@pytest.mark.django_db
def test_page_is_scoped_and_downloads(planted, login, django_assert_max_num_queries):
    client = login("wuchuan")
    with django_assert_max_num_queries(15):
        page = client.get(reverse("reports:gaps"), {"as_of": "2020-12-31"})
    body = page.content.decode()
    assert planted["a1"].full_name in body and "佛山市三水区" in body
    assert "雷州市" not in body
    assert page.context["totals"] == [1, 1, 1, 1]
    download = client.get(reverse("reports:gaps"), {"as_of": "2020-12-31", "export": "xlsx"})
    workbook = load_workbook(io.BytesIO(download.content))
    units = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert ("佛山市三水区", 1, 1, 1, 1) in units
    villages = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert any(row[0] == planted["a1"].full_name for row in villages)
    assert not any("雷州市" in str(row[0]) for row in villages)
    city = login("city").get(reverse("reports:gaps"), {"as_of": "2020-12-31"})
    assert city.context["totals"] == [1, 2, 2, 1]
