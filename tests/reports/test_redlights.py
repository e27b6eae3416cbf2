"""Red-light rules: each trips on a faulty household and not on a clean one;
counts per rule × county agree with the lists; a corrected re-import clears it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.access import SYSTEM
from apps.demo.generator import HEADERS, Plan, rows
from apps.households.imports import import_households
from apps.households.models import Household, Member
from apps.regions.models import Level, Region
from apps.reports import redlights
from apps.reports.redlights import RULES, Context, flagged_households, pivot, rule_counts
from tests.factories import HouseholdFactory, MemberFactory, VillageFactory

AS_OF = dt.date(2020, 12, 31)
CTX = Context.on(AS_OF)


def _set(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


def child(household, **fields):
    """A healthy ten-year-old at primary school (trips nothing by itself)."""
    values = {
        "relationship": "之子",
        "birth_date": dt.date(2010, 5, 1),
        "education": "",
        "school_status": "primary",
        "labour_capacity": "none",
        "migrant_work": "",
        "migrant_months": 0,
        "has_pension_insurance": False,
    }
    return MemberFactory(household=household, **(values | fields))


def same_id_in(village, head):
    other = HouseholdFactory(village=village)
    MemberFactory(household=other, id_number=head.id_number)


def wrong_check_character(id_number: str) -> str:
    return id_number[:17] + ("0" if id_number[17] != "0" else "1")


# code → how to make the clean household (h, with head m) trip the rule
TRIPS = {
    "R1-01": lambda h, m: _set(h, per_capita_income=Decimal("3000")),
    "R1-02": lambda h, m: child(h, school_status="dropped_out"),
    "R1-03": lambda h, m: _set(h, housing_safe=False),
    "R1-04": lambda h, m: _set(h, water_safe=False),
    "R1-05": lambda h, m: (
        _set(h, main_cause="因病"),
        _set(m, health="serious", has_serious_illness_insurance=False),
    ),
    "R1-06": lambda h, m: _set(h, housing_area=Decimal("0")),
    "R2-01": lambda h, m: _set(m, id_number=m.id_number[:17]),
    "R2-02": lambda h, m: _set(m, id_number="440883800301123"),
    "R2-03": lambda h, m: _set(m, id_number=wrong_check_character(m.id_number)),
    "R2-04": lambda h, m: _set(m, disability_certificate=m.id_number + "81"),
    "R3-01": lambda h, m: _set(m, ethnicity=""),
    "R3-02": lambda h, m: _set(m, education=""),
    "R3-03": lambda h, m: child(h, school_status=""),
    "R3-04": lambda h, m: _set(m, health=""),
    "R3-05": lambda h, m: _set(m, labour_capacity=""),
    "R3-06": lambda h, m: _set(m, relationship="其他"),
    "R3-07": lambda h, m: _set(m, health="disabled"),
    "R3-08": lambda h, m: _set(h, main_cause=""),
    "R3-09": lambda h, m: _set(h, housing_area=None),
    "R3-10": lambda h, m: _set(h, water_difficult=None),
    "R3-11": lambda h, m: _set(h, water_safe=None),
    "R4-01": lambda h, m: _set(h, main_cause="因病"),
    "R4-02": lambda h, m: _set(h, main_cause="因学"),
    "R4-03": lambda h, m: _set(h, main_cause="因残"),
    "R4-04": lambda h, m: _set(h, other_causes="缺资金、缺技术"),
    "R5-01": lambda h, m: _set(h, category="dibao"),
    "R5-02": lambda h, m: _set(m, receives_dibao=True),
    "R5-03": lambda h, m: _set(h, category="destitute"),
    "R5-04": lambda h, m: _set(m, receives_dibao=True, receives_destitute_support=True),
    "R5-05": lambda h, m: _set(m, dibao_amount=Decimal("300")),
    "R5-06": lambda h, m: (_set(h, category="dibao"), _set(m, receives_dibao=True)),
    "R5-07": lambda h, m: (
        _set(h, category="destitute"),
        _set(m, receives_destitute_support=True, labour_capacity="lost", health="serious"),
    ),
    "R6-01": lambda h, m: _set(m, labour_capacity="lost"),
    "R6-02": lambda h, m: _set(m, labour_capacity="none"),
    "R7-01": lambda h, m: _set(h, business_income=Decimal("3000")),
    "R7-02": lambda h, m: _set(h, per_capita_income=None),
    "R8-01": lambda h, m: _set(m, migrant_months=13),
    "R8-02": lambda h, m: _set(m, migrant_months=0),
    "R8-03": lambda h, m: _set(m, migrant_work="", migrant_months=6),
    "R8-04": lambda h, m: _set(m, labour_capacity="lost", health="serious"),
    "R8-05": lambda h, m: _set(m, migrant_work="", migrant_months=0),
    "R8-06": lambda h, m: _set(h, wage_income=Decimal("0")),
    "R9-01": lambda h, m: _set(h, helper=""),
    "R10-01": lambda h, m: m.delete(),
    "R10-02": lambda h, m: child(h, relationship="之女", sex="male"),
    "R10-03": lambda h, m: MemberFactory(household=h, relationship="配偶", sex="male"),
    "R10-04": lambda h, m: child(h, school_status="senior"),
    "R10-05": lambda h, m: _set(m, school_status="primary"),
    "R11-01": lambda h, m: same_id_in(VillageFactory(parent=h.village.parent), m),
    "R11-02": lambda h, m: same_id_in(VillageFactory(parent__parent__parent=h.village.city), m),
    "R11-03": lambda h, m: same_id_in(VillageFactory(), m),
    "R12-01": lambda h, m: _set(h, annual_expenditure=Decimal("20000")),
    "R12-02": lambda h, m: _set(h, has_assistance_plan=None),
    "R12-03": lambda h, m: _set(m, health="disabled", disability_certificate=m.id_number + "12"),
    "R12-04": lambda h, m: _set(m, receives_dibao=False, dibao_amount=Decimal("200")),
    # 13: monitoring records (the registry flag set where the rule is not about it).
    "R13-01": lambda h, m: (_set(h, monitoring_status="unstable"), _case(h, dt.date(2020, 11, 1))),
    "R13-02": lambda h, m: (
        _set(h, monitoring_status="unstable"),
        _measure(_case(h, dt.date(2020, 11, 1)), dt.date(2020, 12, 1)),
    ),
    "R13-03": lambda h, m: _case(h, dt.date(2020, 12, 30)),
    "R13-04": lambda h, m: _set(h, monitoring_status="marginal"),
    "R13-05": lambda h, m: _set(h, exit_status="lifted", housing_safe=False),
}


def _case(household, identified_on):
    from apps.monitoring.services import do_open_case

    return do_open_case(
        actor=SYSTEM,
        household=household,
        kind="unstable",
        identified_on=identified_on,
        identified_how="cadre_check",
        risk_types=["illness"],
        income_at_identification=Decimal("5000"),
    )


def _measure(case, planned_on):
    from apps.monitoring.services import do_add_measure

    return do_add_measure(
        actor=SYSTEM, case=case, kind="health", content="医疗救助", department="医保局",
        planned_on=planned_on,
    )  # fmt: skip


def clean_household(village=None):
    household = HouseholdFactory(**({"village": village} if village else {}))
    return household, MemberFactory(household=household)


def flagged_pks(rule, households=None):
    base = households if households is not None else Household.objects.all()
    return set(flagged_households(rule, CTX, base).values_list("pk", flat=True))


def test_every_rule_has_a_trip_case():
    assert set(TRIPS) == set(redlights.BY_CODE)


@pytest.mark.django_db
def test_a_clean_household_trips_no_rule():
    household, _head = clean_household()
    child(household)
    tripped = [rule.code for rule in RULES if household.pk in flagged_pks(rule)]
    assert tripped == []


@pytest.mark.django_db
@pytest.mark.parametrize("code", list(TRIPS))
def test_rule_flags_the_faulty_household_only(code):
    rule = redlights.BY_CODE[code]
    clean, _ = clean_household()
    faulty, head = clean_household()
    TRIPS[code](faulty, head)
    flagged = flagged_pks(rule)
    assert faulty.pk in flagged
    assert clean.pk not in flagged


@pytest.mark.django_db
def test_poverty_line_comes_from_the_years_setting(settings):
    settings.POVERTY_LINES = {2019: 3750, 2020: 4000}
    household, _ = clean_household()
    _set(household, per_capita_income=Decimal("3900"))
    rule = redlights.BY_CODE["R1-01"]
    assert household.pk in {
        h.pk for h in flagged_households(rule, Context.on(dt.date(2020, 12, 31)), Household.objects)
    }
    assert not flagged_households(rule, Context.on(dt.date(2019, 12, 31)), Household.objects)
    # A later year without its own line uses the latest one, and says so.
    assert Context.on(dt.date(2026, 6, 1)).line_year == 2020


@pytest.mark.django_db
def test_pivot_counts_agree_with_the_lists(demo, django_assert_max_num_queries):
    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    leizhou = Region.objects.get(level=Level.COUNTY, name="雷州市")
    villages = [
        Region.objects.filter(level=Level.VILLAGE, county=c).first() for c in (wuchuan, leizhou)
    ]
    for index, trip in enumerate(TRIPS.values()):
        household, head = clean_household(villages[index % 2])
        trip(household, head)
    city = wuchuan.city
    # registry fingerprint, households grouped, members grouped, the columns
    with django_assert_max_num_queries(4):
        table = pivot(SYSTEM, city, CTX)
    assert {"赤坎区", "吴川市", "雷州市"} <= {c.name for c in table.columns}
    column = {c.pk: i for i, c in enumerate(table.columns)}
    scoped = Household.objects.filter(village__city=city)
    for row in table.rows:
        for county in (wuchuan, leizhou):
            listed = flagged_households(row.rule, CTX, scoped.filter(village__county=county))
            assert row.cells[column[county.pk]] == listed.count(), (row.rule.code, county.name)
        assert row.total >= 1, row.rule.code
    totals = {rule.code: n for rule, n in rule_counts(SYSTEM, city, CTX)}
    assert totals == {row.rule.code: row.total for row in table.rows}


@pytest.mark.django_db
def test_pivot_is_kept_until_the_registry_changes(demo, django_assert_num_queries):
    """The city-wide scan is expensive: the same page again costs the registry
    fingerprint and the columns, and any change to a record is counted at once."""
    village = Region.objects.filter(level=Level.VILLAGE, county__name="吴川市").first()
    household, head = clean_household(village)
    TRIPS["R1-03"](household, head)
    city = village.city
    first = {row.rule.code: row.total for row in pivot(SYSTEM, city, CTX).rows}
    with django_assert_num_queries(2):
        again = {row.rule.code: row.total for row in pivot(SYSTEM, city, CTX).rows}
    assert again == first and first["R1-03"] >= 1
    household.refresh_from_db()
    household.housing_safe = True  # the correction
    household.save()
    after = {row.rule.code: row.total for row in pivot(SYSTEM, city, CTX).rows}
    assert after["R1-03"] == first["R1-03"] - 1


@pytest.mark.django_db
def test_county_staff_see_only_their_county(demo):
    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    leizhou = Region.objects.get(level=Level.COUNTY, name="雷州市")
    for county in (wuchuan, leizhou):
        household, _ = clean_household(Region.objects.filter(county=county, level="village")[0])
        _set(household, helper="")
    from apps.accounts.models import User

    staff = User.objects.get(username="wuchuan")
    table = pivot(staff, wuchuan, CTX)
    assert [c.county_id for c in table.columns] == [wuchuan.pk] * len(table.columns)
    assert {r.code: n for r, n in rule_counts(staff, wuchuan, CTX)}["R9-01"] == 1


# --- pages --------------------------------------------------------------------------------


def planted(village, *, helper="", number=None):
    household = HouseholdFactory(
        village=village, helper=helper, **({"number": number} if number else {})
    )
    head = MemberFactory(household=household, name=f"{village.name}户主")
    return household, head


@pytest.mark.django_db
def test_pivot_page_links_counts_to_lists_and_masks_ids_for_inspectors(login, demo):
    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    village = Region.objects.filter(county=wuchuan, level="village").first()
    household, head = planted(village)
    client = login("city")
    page = client.get(reverse("reports:redlights"), {"as_of": "2020-12-31"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "R9-01" in body and "未落实帮扶责任人" in body
    list_url = reverse("reports:redlight_households", args=["R9-01"])
    assert f"{list_url}?region={wuchuan.pk}" in body.replace("&amp;", "&")
    listing = client.get(list_url, {"region": wuchuan.pk, "as_of": "2020-12-31"}).content.decode()
    assert household.number in listing and village.full_name in listing
    assert head.id_number in listing  # the city office sees full ID numbers
    # The 户主 is named, and the row leads to the household where it is corrected.
    assert f"<td >{head.name}</td>" in listing
    assert f'href="{reverse("households:detail", args=[household.pk])}"' in listing
    inspector = login("inspector").get(list_url, {"region": wuchuan.pk}).content.decode()
    assert household.number in inspector
    assert head.id_number not in inspector
    assert head.masked_id_number in inspector


@pytest.mark.django_db
def test_list_pages_issue_constant_queries(login, demo, django_assert_max_num_queries):
    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    village = Region.objects.filter(county=wuchuan, level="village").first()
    client = login("wuchuan")
    url = reverse("reports:redlight_households", args=["R9-01"])
    counts = []
    for size in (2, 60):
        for _ in range(size):
            planted(village)
        with django_assert_max_num_queries(15) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
        with django_assert_max_num_queries(15) as pivot_queries:
            assert client.get(reverse("reports:redlights")).status_code == 200
        counts.append(len(pivot_queries.captured_queries))
    assert counts[0] == counts[2] and counts[1] == counts[3]


@pytest.mark.django_db
def test_county_workbook_lists_flagged_households_to_correct(login, demo):
    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    village = Region.objects.filter(county=wuchuan, level="village").first()
    household, head = planted(village)
    _set(head, ethnicity="")
    response = login("wuchuan").get(reverse("reports:redlight_county_xlsx", args=[wuchuan.pk]))
    assert response.status_code == 200
    sheet = load_workbook(_bytes(response)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert "吴川市" in values[0][0]
    found = {(row[1], row[5]) for row in values[2:]}
    assert (household.number, "R9-01") in found and (household.number, "R3-01") in found
    assert any(head.id_number in str(cell) for row in values for cell in row)


def _bytes(response):
    import io

    return io.BytesIO(response.content)


# --- the command and a correcting re-import ----------------------------------------------


def _write(path, households: list[dict]):
    """A national file of ``households`` (overrides of the generated cells)."""
    from openpyxl import Workbook

    plan = Plan(
        villages=[("吴川市", "兰石镇", "名利村")],
        area_code="440883",
        as_of=AS_OF,
        groups=[(len(households), 2, "已退出")],
        number_prefix="RL",
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows(plan):
        cells = dict(zip(HEADERS, row, strict=True))
        index = int(cells["户编号"][2:]) - 1
        cells.update(households[index])
        sheet.append([cells[h] for h in HEADERS])
    workbook.save(path)


@pytest.mark.django_db
def test_light_goes_out_after_a_correcting_reimport(demo, tmp_path):
    faulty = tmp_path / "faulty.xlsx"
    corrected = tmp_path / "corrected.xlsx"
    _write(faulty, [{}, {"住房是否安全": "否"}])
    _write(corrected, [{}, {"住房是否安全": "是"}])
    import_households(path=faulty, user=SYSTEM)
    rule = redlights.BY_CODE["R1-03"]
    assert list(
        flagged_households(rule, CTX, Household.objects).values_list("number", flat=True)
    ) == ["RL00000002"]
    import_households(path=corrected, user=SYSTEM)
    assert not flagged_households(rule, CTX, Household.objects).exists()
    assert Household.objects.filter(number__startswith="RL").count() == 2
    assert Member.objects.filter(household__number__startswith="RL").count() == 4


@pytest.mark.django_db
def test_command_prints_code_message_and_count(demo):
    from io import StringIO

    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    leizhou = Region.objects.get(level=Level.COUNTY, name="雷州市")
    for county in (wuchuan, wuchuan, leizhou):
        household, _ = clean_household(Region.objects.filter(county=county, level="village")[0])
        _set(household, helper="")
    out = StringIO()
    call_command("redlights", county="吴川市", as_of="2020-12-31", stdout=out)
    lines = out.getvalue().splitlines()
    assert any(line.split()[:3] == ["R9-01", "未落实帮扶责任人", "2"] for line in lines), lines
    out = StringIO()
    call_command("redlights", as_of="2020-12-31", stdout=out)
    assert any(
        line.split()[:3] == ["R9-01", "未落实帮扶责任人", "3"]
        for line in out.getvalue().splitlines()
    )


def test_readme_lists_every_rule_and_every_check_left_out():
    from django.conf import settings

    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| {rule.code} | {rule.group} " in readme, rule.code
    for check in redlights.NOT_IMPLEMENTED:
        assert check.check in readme
