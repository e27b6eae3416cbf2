"""Reproducible stratified sampling."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from apps.accounts.access import SYSTEM
from apps.inspections.services import choose_current_draw, create_campaign, draw_sample
from apps.regions.models import Level, Region
from tests.factories import TownFactory, bulk_villages


def drawn(sample):
    return list(sample.regions.order_by("order").values_list("region_id", "level"))


@pytest.fixture
def big_campaign(demo):
    """10 counties × 5 towns × 4 villages beyond the demo's 2 per town."""
    counties = list(Region.objects.filter(level=Level.COUNTY))
    for county in counties:
        for t in range(5):
            town = TownFactory(parent=county, name=f"抽样{t}镇")
            bulk_villages(town, 4, prefix=f"抽{t}")
    return create_campaign(
        slug="sampling", title="抽样", kind="verification", year=2020, counties=counties
    )


def test_same_parameters_and_seed_give_the_same_sample(big_campaign):
    first = draw_sample(
        user=SYSTEM, campaign=big_campaign, towns_per_county=3, villages_per_town=2, seed="7"
    )
    second = draw_sample(
        user=SYSTEM, campaign=big_campaign, towns_per_county=3, villages_per_town=2, seed="7"
    )
    assert drawn(first) == drawn(second)
    other = draw_sample(
        user=SYSTEM, campaign=big_campaign, towns_per_county=3, villages_per_town=2, seed="8"
    )
    assert drawn(other) != drawn(first)


def test_per_level_counts_follow_the_parameters(big_campaign):
    sample = draw_sample(
        user=SYSTEM, campaign=big_campaign, towns_per_county=3, villages_per_town=2, seed="x"
    )
    levels = [level for _pk, level in drawn(sample)]
    assert levels.count(Level.TOWN) == 10 * 3
    assert levels.count(Level.VILLAGE) == 10 * 3 * 2
    towns = Region.objects.filter(pk__in=[pk for pk, lvl in drawn(sample) if lvl == Level.TOWN])
    assert set(towns.values_list("county_id", flat=True)) == set(
        big_campaign.counties.values_list("pk", flat=True)
    )
    for pk, level in drawn(sample):
        if level == Level.VILLAGE:
            assert Region.objects.get(pk=pk).town_id in set(towns.values_list("pk", flat=True))


def test_seed_000_shape_29_towns_2_villages(demo):
    """Seed 000 drew 29 towns and 58 villages; forcing its towns reproduces the shape."""
    campaign = create_campaign(
        slug="s000",
        title="s",
        kind="verification",
        year=2020,
        counties=list(Region.objects.filter(level=Level.COUNTY)),
    )
    towns = list(Region.objects.filter(level=Level.TOWN))
    sample = draw_sample(
        user=SYSTEM,
        campaign=campaign,
        towns_per_county=0,
        villages_per_town=2,
        seed="2020",
        forced=towns,
    )
    levels = [level for _pk, level in drawn(sample)]
    assert (levels.count(Level.TOWN), levels.count(Level.VILLAGE)) == (29, 58)


def test_forced_regions_are_in_and_excluded_never(big_campaign):
    forced = Region.objects.get(name="抽样4镇", county__name="吴川市")
    excluded = Region.objects.filter(name="抽样0镇")
    for seed in ("1", "2", "3"):
        sample = draw_sample(
            user=SYSTEM,
            campaign=big_campaign,
            towns_per_county=2,
            villages_per_town=1,
            seed=seed,
            forced=[forced],
            excluded=list(excluded),
        )
        ids = {pk for pk, _level in drawn(sample)}
        assert forced.pk in ids
        assert not ids & set(excluded.values_list("pk", flat=True))
        assert sample.regions.get(region=forced).was_forced


def test_draw_sample_command_prints_chinese_levels_whatever_language_is_active(big_campaign):
    """The command line is Chinese even when an earlier caller in the process
    left English active (it did, in some test orders)."""
    out = StringIO()
    with translation.override("en"):
        call_command(
            "draw_sample",
            campaign="sampling",
            towns_per_county=1,
            villages_per_town=1,
            seed="42",
            stdout=out,
        )
    assert out.getvalue().splitlines()[0].split("\t")[1] == "乡镇"


def test_draw_sample_command_stores_and_prints(big_campaign):
    out = StringIO()
    call_command(
        "draw_sample",
        campaign="sampling",
        towns_per_county=1,
        villages_per_town=1,
        households_per_village=10,
        seed="42",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert lines[-1].endswith("10 towns, 10 villages, 0 households (seed 42)")
    assert len(lines) == 21 and "乡镇" in lines[0]
    again = StringIO()
    call_command(
        "draw_sample",
        campaign="sampling",
        towns_per_county=1,
        villages_per_town=1,
        households_per_village=10,
        seed="42",
        stdout=again,
    )
    assert again.getvalue().splitlines()[:-1] == lines[:-1]
    assert big_campaign.draws.first().households_per_village == 10


def test_team_worksheet_lists_the_teams_sampled_regions(login, campaign):
    redraw = draw_sample(
        user=SYSTEM, campaign=campaign, towns_per_county=1, villages_per_town=1, seed="w"
    )
    choose_current_draw(campaign=campaign, draw=redraw, user=SYSTEM)  # the worksheets follow it
    team = campaign.teams.get(name="第一核查组")  # 吴川市, 廉江市
    response = login("city").get(
        reverse("inspections:sample", args=[campaign.slug]), {"team": team.pk, "export": "xlsx"}
    )
    import io

    import openpyxl

    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[1][:6] == ("序号", "县（市、区）", "乡镇", "行政村", "户编号", "户主")
    counties = {row[1] for row in rows[2:]}
    assert counties == {"吴川市", "廉江市"} and len(rows[2:]) == 4
    assert all(cell is None for row in rows[2:] for cell in row[4:])


def test_only_the_city_office_draws_on_the_page(login, campaign):
    url = reverse("inspections:sample", args=[campaign.slug])
    data = {"towns_per_county": 1, "villages_per_town": 1, "households_per_village": 0, "seed": "p"}
    before = campaign.draws.count()  # the demo's draw (seed 000's 29 towns)
    assert login("wuchuan").post(url, data).status_code == 403
    assert campaign.draws.count() == before
    assert login("city").post(url, data).status_code == 302
    assert campaign.draws.count() == before + 1


@pytest.fixture
def registry_households(demo, tmp_path):
    """12 registered households in each village of 吴川市 (from an imported file)."""
    from apps.accounts.access import SYSTEM
    from apps.households.imports import import_households
    from tests.helpers.workbooks import member_row, write_rows

    rows = []
    order = 100
    for village in Region.objects.filter(level=Level.VILLAGE, county__name="吴川市"):
        for n in range(12):
            order += 2
            rows.append(
                member_row(
                    f"S{village.pk:03d}{n:02d}",
                    order=order,
                    县="吴川市",
                    乡镇=village.town.name,
                    行政村=village.name,
                )
            )
    import_households(path=write_rows(tmp_path / "h.xlsx", rows), user=SYSTEM)


def test_households_are_drawn_per_village_reproducibly(registry_households):
    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    campaign = create_campaign(
        slug="hh", title="入户", kind="verification", year=2020, counties=[wuchuan]
    )
    params = {"towns_per_county": 2, "villages_per_town": 2, "households_per_village": 10}
    first = draw_sample(user=SYSTEM, campaign=campaign, seed="33", **params)
    again = draw_sample(user=SYSTEM, campaign=campaign, seed="33", **params)
    numbers = list(first.households.values_list("household__number", flat=True))
    assert numbers == list(again.households.values_list("household__number", flat=True))
    villages = first.regions.filter(level=Level.VILLAGE).count()
    assert len(numbers) == 10 * villages == 40
    per_village = {}
    for row in first.households.select_related("household"):
        per_village.setdefault(row.household.village_id, 0)
        per_village[row.household.village_id] += 1
    assert set(per_village.values()) == {10}
    other = draw_sample(user=SYSTEM, campaign=campaign, seed="34", **params)
    assert list(other.households.values_list("household__number", flat=True)) != numbers

    out = StringIO()
    call_command(
        "draw_sample",
        "--campaign=hh",
        "--towns-per-county=2",
        "--villages-per-town=2",
        "--households-per-village=10",
        "--seed=33",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    household_lines = [line for line in lines if "\t户\t" in line]
    assert [line.split("\t")[2] for line in household_lines] == numbers
    assert "40 households" in lines[-1]
    # The field worksheet lists each sampled village's households under it.
    import io

    from openpyxl import load_workbook

    from apps.core.excel import workbook_bytes
    from apps.inspections import exports, selectors

    book = exports.worksheet_workbook(
        first.regions.select_related("region", "region__county", "region__town"),
        heading="入户工作表",
        households=selectors.sampled_households(first),
    )
    sheet = load_workbook(io.BytesIO(workbook_bytes(book))).active
    listed = [row[4:6] for row in sheet.iter_rows(values_only=True) if row[4]]
    assert listed[0] == ("户编号", "户主")
    assert [number for number, _head in listed[1:]] == numbers
    heads = dict(
        first.households.filter(household__members__relationship="户主").values_list(
            "household__number", "household__members__name"
        )
    )
    assert all(head == heads[number] and head.startswith("张某") for number, head in listed[1:])


def test_team_worksheet_names_the_head_of_each_sampled_household(login, registry_households):
    import io

    import openpyxl

    from apps.accounts.models import User
    from apps.households.models import Member
    from apps.inspections.services import create_team

    wuchuan = Region.objects.get(level=Level.COUNTY, name="吴川市")
    campaign = create_campaign(
        slug="hh", title="入户", kind="verification", year=2020, counties=[wuchuan]
    )
    team = create_team(
        campaign=campaign,
        name="入户组",
        members=[User.objects.get(username="inspector")],
        regions=[wuchuan],
    )
    draw_sample(
        user=SYSTEM,
        campaign=campaign,
        towns_per_county=1,
        villages_per_town=1,
        households_per_village=3,
        seed="head",
    )
    response = login("inspector").get(
        reverse("inspections:sample", args=[campaign.slug]), {"team": team.pk, "export": "xlsx"}
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[1][4:6] == ("户编号", "户主")
    household_rows = [row for row in rows[2:] if row[4]]
    assert len(household_rows) == 3
    heads = dict(
        Member.objects.filter(
            relationship="户主", household__number__in=[row[4] for row in household_rows]
        ).values_list("household__number", "name")
    )
    assert [row[5] for row in household_rows] == [heads[row[4]] for row in household_rows]
    assert all(row[5].startswith("张某") for row in household_rows)
