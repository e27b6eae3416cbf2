"""Indicators: seed 002's rates from an imported Xuwen file, the definitions
on small households, constant queries, scope."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.access import SYSTEM
from apps.demo.generator import write_file, xuwen_2019
from apps.households.imports import import_households
from apps.regions.models import Level, Region
from apps.reports import indicators
from tests.factories import HouseholdFactory, MemberFactory, VillageFactory

AS_OF = dt.date(2019, 12, 31)


def xuwen_villages() -> list[tuple[str, str, str]]:
    villages = Region.objects.filter(level=Level.VILLAGE, county__name="徐闻县")
    return [
        (v.county.name, v.town.name, v.name)
        for v in villages.select_related("county", "town").order_by("pk")
    ]


@pytest.mark.django_db
def test_xuwen_2019_page_and_command_show_seed_002_rates(login, demo, tmp_path):
    """The generated Xuwen file (9 576 households, 30 811 members) imported as
    the national export: the page and the command show seed 002's rates. The
    import takes ~10 s on SQLite, so page, workbook and command share it."""
    path = tmp_path / "xuwen-2019.xlsx"
    assert write_file(xuwen_2019(xuwen_villages(), as_of=AS_OF), path) == 30811
    import_households(path=path, user=SYSTEM)
    xuwen = Region.objects.get(level=Level.COUNTY, name="徐闻县")

    page = login("city").get(
        reverse("reports:indicators"), {"region": xuwen.pk, "as_of": "2019-12-31"}
    )
    assert page.status_code == 200
    shown = {f.key: f for f in page.context["result"].values}
    assert (shown["exit_people"].numerator, shown["exit_people"].denominator) == (30539, 30811)
    assert (shown["formal_exit"].numerator, shown["formal_exit"].denominator) == (30482, 30811)
    assert (shown["enrolment"].numerator, shown["enrolment"].denominator) == (4492, 4518)
    assert (shown["exit_households"].numerator, shown["exit_households"].denominator) == (
        9496,
        9576,
    )
    body = page.content.decode()
    # Counts with thousands separators, the rates with their parts on hover.
    for text in ("99.12%", "98.93%", "99.42%", "30,539", "30,482", "4,492", "4,518"):
        assert text in body
    # The drill-down: the four towns add up to the county.
    towns = page.context["result"].rows
    assert {row.region.name for row in towns} == {"南山镇", "迈陈镇", "西连镇", "城北乡"}
    assert sum(row.members for row in towns) == 30811

    workbook = login("city").get(
        reverse("reports:indicators"),
        {"region": xuwen.pk, "as_of": "2019-12-31", "export": "xlsx"},
    )
    sheet = load_workbook(io.BytesIO(workbook.content))["主要指标"]
    rows = list(sheet.iter_rows(values_only=True))
    assert "徐闻县" in rows[0][0] and "2019年12月31日" in rows[0][0]
    assert ("脱贫率（按人口）", 30539, 30811, 99.12) in rows

    out = io.StringIO()
    call_command("indicators", region="徐闻县", as_of="2019-12-31", stdout=out)
    lines = out.getvalue().splitlines()
    assert "脱贫率（按人口）\t30539\t30811\t99.12%" in lines
    assert "退出率（按人口）\t30482\t30811\t98.93%" in lines
    assert "义务教育入学率\t4492\t4518\t99.42%" in lines


# --- definitions on small households -------------------------------------------------------


def figures(region, as_of=AS_OF) -> dict[str, indicators.Figure]:
    return indicators.for_region(SYSTEM, region, as_of=as_of).values


def person(household, born: dt.date, **fields):
    return MemberFactory(household=household, birth_date=born, **fields)


@pytest.mark.django_db
def test_rates_have_numerator_denominator_and_a_dash_for_nothing():
    village = VillageFactory()
    household = HouseholdFactory(village=village, exit_status="lifted")
    person(household, dt.date(1980, 1, 1))
    person(household, dt.date(1982, 1, 1), has_medical_insurance=False)
    HouseholdFactory(village=village, exit_status="not_lifted", water_safe=False)
    result = figures(village)
    assert (result["exit_households"].numerator, result["exit_households"].denominator) == (1, 2)
    assert result["exit_households"].rate == Decimal("50.00")
    assert result["medical"].shown == "50.00%"
    assert result["enrolment"].denominator == 0
    assert result["enrolment"].rate is None and result["enrolment"].shown == "—"
    assert result["formal_exit"].numerator == 0  # lifted is not yet exited


@pytest.mark.django_db
def test_ages_are_taken_on_the_as_of_date():
    village = VillageFactory()
    household = HouseholdFactory(village=village)
    as_of = dt.date(2020, 9, 1)
    turns_six = person(household, dt.date(2014, 9, 1), school_status="primary")
    person(household, dt.date(2014, 9, 2), school_status="preschool")  # still five
    person(household, dt.date(2004, 9, 2), school_status="junior")  # still fifteen
    person(household, dt.date(2004, 9, 1), school_status="not_student")  # sixteen today
    result = figures(village, as_of)
    assert (result["enrolment"].numerator, result["enrolment"].denominator) == (2, 2)
    assert turns_six.birth_date == dt.date(2014, 9, 1)
    # The sixteen-year-old counts for pension (not in school); the students do not.
    assert result["pension"].denominator == 1


@pytest.mark.django_db
def test_dibao_coverage_counts_households_without_labour_capacity():
    village = VillageFactory()
    enrolled_by_category = HouseholdFactory(village=village, category="destitute")
    person(enrolled_by_category, dt.date(1940, 1, 1), labour_capacity="lost")
    enrolled_by_member = HouseholdFactory(village=village)
    person(enrolled_by_member, dt.date(1945, 1, 1), labour_capacity="none", receives_dibao=True)
    missing = HouseholdFactory(village=village)
    person(missing, dt.date(1950, 1, 1), labour_capacity="lost")
    working = HouseholdFactory(village=village)
    person(working, dt.date(1950, 1, 1), labour_capacity="lost")
    person(working, dt.date(1980, 1, 1))  # ordinary labour: not in the denominator
    result = figures(village)["support"]
    assert (result.numerator, result.denominator, result.shown) == (2, 3, "66.67%")


@pytest.mark.django_db
def test_breakdown_has_one_row_per_child_and_constant_queries(django_assert_num_queries):
    town = VillageFactory().parent
    villages = [town.children.get()] + [VillageFactory(parent=town) for _ in range(3)]
    counts = []
    for size in (1, 12):
        for village in villages:
            for _ in range(size):
                person(HouseholdFactory(village=village), dt.date(1980, 1, 1))
        # Children, one statement for rows and total, its savepoint (and on
        # PostgreSQL the SET LOCAL turning JIT off).
        with django_assert_num_queries(4 + (connection.vendor == "postgresql")) as captured:
            result = indicators.breakdown(SYSTEM, town, as_of=AS_OF)
        counts.append(len(captured.captured_queries))
        assert [row.region for row in result.rows] == sorted(villages, key=lambda v: v.name)
    assert result.total.members == 4 * 13
    assert [row.members for row in result.rows] == [13] * 4


@pytest.mark.django_db
def test_county_staff_see_their_county_by_default_and_not_others(login, demo):
    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    leizhou = Region.objects.get(level=Level.COUNTY, name="雷州市")
    for county in (wuchuan, leizhou):
        village = Region.objects.filter(level=Level.VILLAGE, county=county).first()
        person(HouseholdFactory(village=village), dt.date(1980, 1, 1))
    client = login("wuchuan")
    page = client.get(reverse("reports:indicators"))
    assert page.context["region"] == wuchuan
    assert page.context["result"].total.members == 1
    assert client.get(reverse("reports:indicators"), {"region": leizhou.pk}).status_code == 404
    # A malformed date is reported, and today is used.
    bad = client.get(reverse("reports:indicators"), {"as_of": "2019-13-45"})
    assert bad.status_code == 200 and bad.context["params"].form.errors


@pytest.mark.django_db
def test_page_queries_do_not_grow_with_records(login, demo, django_assert_max_num_queries):
    client = login("city")
    counties = Region.objects.filter(level=Level.COUNTY)
    counts = []
    for per_county in (1, 20):
        for county in counties:
            village = Region.objects.filter(level=Level.VILLAGE, county=county).first()
            for _ in range(per_county):
                person(HouseholdFactory(village=village), dt.date(1980, 1, 1))
        for params in ({}, {"export": "xlsx"}):
            with django_assert_max_num_queries(15) as captured:
                assert client.get(reverse("reports:indicators"), params).status_code == 200
            counts.append(len(captured.captured_queries))
    assert counts[:2] == counts[2:]
