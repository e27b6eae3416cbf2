"""Every .xlsx download writes user text that looks like a formula as inert
text: no cell of any export is a formula, and no text cell starts with
= + - @ (a spreadsheet would run it). One test per export."""

import io

import openpyxl
import pytest
from django.urls import reverse

from apps.bulletins.models import Bulletin
from apps.inspections.models import Campaign, Finding, FindingCategory, SampledRegion, Team
from apps.regions.models import Level, Region
from apps.scorecards.models import RankingRow, ScoringScheme

PAYLOAD = '=HYPERLINK("http://evil.example/","点我")'
FORMULA_STARTS = ("=", "+", "-", "@")
SLUG = "zhanjiang-2020"


def cells(content: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from (cell for cell in row if cell.value is not None)


def assert_inert(response, *planted: str) -> None:
    """No formula anywhere; each planted text is there, as text with a leading '."""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    found = list(cells(response.content))
    formulas = [c.coordinate for c in found if c.data_type == "f"]
    assert not formulas, f"formula cells: {formulas}"
    texts = [c.value for c in found if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(FORMULA_STARTS)]
    for text in planted:
        assert any(t.startswith("'") and text in t for t in texts), (text, texts[:20])


@pytest.fixture
def planted(demo):
    """Formula-like text in a finding's free-text fields, a category, a village,
    a town, a county and the campaign's title."""
    campaign = Campaign.objects.get(slug=SLUG)
    campaign.title = "=1+1 核查"
    campaign.save()
    finding = Finding.objects.filter(region__county__name="吴川市").order_by("pk").first()
    Finding.objects.filter(pk=finding.pk).update(
        description=PAYLOAD, responsible_unit="+CMD|' /C calc'!A0", household_number="-2+3"
    )
    FindingCategory.objects.filter(pk=finding.category_id).update(name="@SUM(1,1)")
    sampled = (
        SampledRegion.objects.filter(
            draw__campaign=campaign, level=Level.VILLAGE, region__county__name="吴川市"
        )
        .select_related("region")
        .first()
    )
    Region.objects.filter(pk=sampled.region.pk).update(name="=村()")
    Region.objects.filter(pk=sampled.region.town_id).update(name="-镇", short_name="")
    Region.objects.filter(level=Level.COUNTY, name="吴川市").update(name="@吴川", short_name="")
    return {"campaign": campaign, "finding": finding}


def test_findings_export(login, planted):
    response = login("city").get(reverse("inspections:finding_list"), {"export": "xlsx"})
    assert_inert(response, PAYLOAD, "+CMD", "-2+3", "@SUM(1,1)", "=1+1 核查")


def test_ledger_export(login, planted):
    county = Region.objects.get(level=Level.COUNTY, name="@吴川")
    response = login("city").get(
        reverse("inspections:ledger"), {"export": "xlsx", "county": county.pk}
    )
    assert_inert(response, "@SUM(1,1)", "@吴川")


def test_problem_list_export(login, planted):
    Finding.objects.filter(pk=planted["finding"].pk).update(region=Region.objects.get(name="=村()"))
    url = reverse("inspections:problem_list", args=[SLUG])
    response = login("city").get(url, {"export": "xlsx"})
    assert_inert(response, PAYLOAD, "=村()", "=1+1 核查")


def test_field_worksheet_export(login, planted):
    village = Region.objects.get(name="=村()")
    team = next(t for t in Team.objects.filter(campaign__slug=SLUG) if _team_covers(t, village))
    url = reverse("inspections:sample", args=[SLUG])
    response = login("city").get(url, {"export": "xlsx", "team": team.pk})
    assert_inert(response, "=村()", "-镇", "=1+1 核查")


def test_ranked_table_export_the_bulletins_annex(login, demo):
    scheme = ScoringScheme.objects.get(campaign__slug=SLUG, level=Level.COUNTY)
    ScoringScheme.objects.filter(pk=scheme.pk).update(title="=附件1()")
    RankingRow.objects.filter(ranking__scheme=scheme, position=1).update(label=PAYLOAD)
    client = login("leader")
    # The bulletin's attachment list links to the ranked table; its download is the annex.
    bulletin = Bulletin.objects.get(sequence=33)
    annex_url = reverse("scorecards:ranked_table", args=[SLUG, Level.COUNTY])
    assert annex_url in client.get(reverse("bulletins:detail", args=[bulletin.pk])).content.decode()
    assert_inert(client.get(annex_url, {"export": "xlsx"}), PAYLOAD, "=附件1()")


def _team_covers(team: Team, region: Region) -> bool:
    return any(r.pk in (region.pk, region.town_id, region.county_id) for r in team.regions.all())
