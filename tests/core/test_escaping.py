"""User-entered text is escaped on every page that shows it.

Every free-text field gets a script payload with its own marker. Every page
(portal pages, admin lists and forms, the bulletin's print HTML) is fetched and
must not contain any payload's tag unescaped; each marker must show up escaped
on at least one page, so the test knows the field was really displayed. The
dashboard's chart data is JSON in a json_script tag: parsed back, it holds the
names intact.
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import User
from apps.bulletins.models import Bulletin
from apps.bulletins.rendering import render_html
from apps.bulletins.services import draft_bulletin_from_campaign, set_annexes, update_bulletin
from apps.inspections.models import Campaign, FindingCategory, FindingStatus, Task, Team
from apps.inspections.services import (
    add_evidence,
    create_campaign,
    create_finding,
    record_verdict,
    transition_finding,
)
from apps.regions.models import Level, Region, RegionAlias
from apps.scorecards.models import Indicator, RankingRow, RatingBand, ScoringScheme

SLUG = "zhanjiang-2020"
FOLLOW_UP = "xss-follow-up"


def payload(marker: str) -> str:
    return f'"><script>{marker}</script>'


def short(marker: str) -> str:
    """For 16-character fields (rating labels)."""
    return f"<i>{marker}</i>"


def file_name(marker: str) -> str:
    """Uploaded names lose everything up to the last slash, so no closing tag."""
    return f'"><svg onload={marker}>.pdf'


def raw_tags(marker: str) -> tuple[str, ...]:
    return (f"<script>{marker}", f"<i>{marker}", f"<svg onload={marker}")


def escaped_tags(marker: str) -> tuple[str, ...]:
    return (f"&lt;script&gt;{marker}", f"&lt;i&gt;{marker}", f"&lt;svg onload={marker}")


MARKERS = {
    "F01": "finding description",
    "F02": "finding responsible unit",
    "F03": "finding household number",
    "F04": "rectification note",
    "F05": "follow-up verdict note",
    "F06": "evidence file name",
    "B01": "bulletin title",
    "B02": "bulletin recipients",
    "B03": "bulletin body, plain paragraph",
    "B04": "bulletin body, 一、 heading",
    "B05": "bulletin body, （一） heading",
    "B06": "bulletin body, **bold**",
    "B07": "bulletin issuing mark",
    "B08": "bulletin signer",
    "B09": "bulletin signature",
    "B10": "bulletin copy-to",
    "B11": "bulletin printing office",
    "B12": "bulletin proofreader",
    "B13": "bulletin annex title",
    "C01": "campaign title",
    "C02": "campaign organiser",
    "T01": "team name",
    "A01": "task title",
    "A02": "task description",
    "A03": "task responsible units",
    "K01": "category name",
    "K02": "category source document",
    "R01": "village name",
    "R02": "town name",
    "R03": "county name",
    "R04": "region alias",
    "R05": "region alias note",
    "S01": "scoring scheme title",
    "S02": "indicator name",
    "S03": "rating band label",
    "S04": "ranked row region label",
    "U01": "user display name",
}


@pytest.fixture
def planted(demo):
    city = User.objects.get(username="city")
    campaign = Campaign.objects.get(slug=SLUG)
    village = Region.objects.get(name="名利村", county__name="吴川市")
    town, county = village.town, village.county

    category = FindingCategory.objects.get(name="入户核查发现问题")
    finding = create_finding(
        user=city,
        campaign=campaign,
        region=village,
        category=category,
        source="verification",
        description=payload("F01"),
        responsible_unit=payload("F02"),
        household_number=payload("F03")[:40],
        deadline=datetime.date(2030, 1, 1),
    )
    transition_finding(
        user=city, finding=finding, to_status=FindingStatus.IN_PROGRESS, note=payload("F04")
    )
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    add_evidence(
        user=city,
        finding=finding,
        upload=SimpleUploadedFile(file_name("F06"), pdf, "application/pdf"),
    )
    follow_up = create_campaign(
        slug=FOLLOW_UP,
        title="回头看",
        kind="supervision",
        year=2021,
        counties=[county],
        follow_up_of=campaign,
    )
    record_verdict(
        user=city, campaign=follow_up, finding=finding, verdict="rectified", note=payload("F05")
    )

    Campaign.objects.filter(pk=campaign.pk).update(title=payload("C01"), organiser=payload("C02"))
    Team.objects.filter(campaign=campaign, members__username="inspector").update(
        name=payload("T01")
    )
    task = Task.objects.filter(campaign=campaign).order_by("order").first()
    Task.objects.filter(pk=task.pk).update(
        title=payload("A01"), description=payload("A02"), responsible_units=payload("A03")
    )
    FindingCategory.objects.filter(pk=category.pk).update(
        name=payload("K01"), source_document=payload("K02")
    )
    Region.objects.filter(pk=village.pk).update(name=payload("R01"))
    Region.objects.filter(pk=town.pk).update(name=payload("R02"), short_name="")
    Region.objects.filter(pk=county.pk).update(name=payload("R03"), short_name="")
    RegionAlias.objects.create(region=village, name=payload("R04"), note=payload("R05"))

    scheme = ScoringScheme.objects.get(campaign=campaign, level=Level.COUNTY)
    ScoringScheme.objects.filter(pk=scheme.pk).update(title=payload("S01"))
    indicator = Indicator.objects.filter(scheme__campaign=campaign, scheme__level=Level.VILLAGE)
    Indicator.objects.filter(pk=indicator.first().pk).update(name=payload("S02"))
    band = RatingBand.objects.filter(scheme=scheme).order_by("-min_total").first()
    RankingRow.objects.filter(ranking__scheme=scheme, rating=band.label).update(rating=short("S03"))
    RatingBand.objects.filter(pk=band.pk).update(label=short("S03"))
    RankingRow.objects.filter(region=county).update(label=payload("S04"))
    User.objects.filter(pk=city.pk).update(first_name=payload("U01"))

    bulletin = draft_bulletin_from_campaign(
        user=city, campaign=campaign, organ_abbreviation="湛扶组", year=2020
    )
    bulletin = update_bulletin(
        user=city,
        bulletin=bulletin,
        title=payload("B01"),
        recipients=payload("B02"),
        body="\n\n".join(
            [
                payload("B03"),
                "一、" + payload("B04"),
                "（一）" + payload("B05") + "。其余正文。",
                "**" + payload("B06") + "**",
            ]
        ),
        issuing_mark=payload("B07"),
        signer=payload("B08")[:40],
        signature=payload("B09"),
        copy_to=payload("B10"),
        printing_office=payload("B11"),
        proofreader=payload("B12")[:40],
    )
    set_annexes(
        user=city,
        bulletin=bulletin,
        annexes=[(payload("B13"), a.scheme) for a in bulletin.annexes.select_related("scheme")],
    )
    return {
        "finding": finding,
        "village": village,
        "county": county,
        "bulletin": Bulletin.objects.get(pk=bulletin.pk),
        "scheme": scheme,
    }


def portal_pages(p) -> list[str]:
    finding, village, county, bulletin = p["finding"], p["village"], p["county"], p["bulletin"]
    names = [
        ("dashboard", []),
        ("regions:browser", []),
        ("regions:detail", [village.pk]),
        ("regions:detail", [village.town_id]),
        ("regions:detail", [county.pk]),
        ("inspections:index", []),
        ("inspections:campaign_detail", [SLUG]),
        ("inspections:sample", [SLUG]),
        ("inspections:follow_up", [FOLLOW_UP]),
        ("inspections:problem_list", [SLUG]),
        ("inspections:finding_list", []),
        ("inspections:finding_create", []),
        ("inspections:finding_detail", [finding.pk]),
        ("inspections:finding_edit", [finding.pk]),
        ("inspections:ledger", []),
        ("scorecards:index", []),
        ("scorecards:dashboard", [SLUG]),
        ("scorecards:drill", [SLUG, county.pk]),
        ("scorecards:ranked_table", [SLUG, "county"]),
        ("scorecards:ranked_table", [SLUG, "town"]),
        ("scorecards:ranked_table", [SLUG, "village"]),
        ("scorecards:score_regions", [SLUG, "village"]),
        ("scorecards:score_entry", [SLUG, "village", village.pk]),
        ("bulletins:index", []),
        ("bulletins:detail", [bulletin.pk]),
        ("bulletins:edit", [bulletin.pk]),
    ]
    return [reverse(name, args=args) for name, args in names]


def admin_pages(p) -> list[str]:
    finding, village, bulletin = p["finding"], p["village"], p["bulletin"]
    campaign = Campaign.objects.get(slug=SLUG)
    lists = [
        "regions_region",
        "inspections_campaign",
        "inspections_findingcategory",
        "inspections_finding",
        "scorecards_scoringscheme",
        "scorecards_scorecard",
        "scorecards_ranking",
        "bulletins_bulletin",
        "accounts_user",
    ]
    urls = [reverse(f"admin:{name}_changelist") for name in lists]
    urls += [
        reverse("admin:inspections_finding_change", args=[finding.pk]),
        reverse("admin:inspections_finding_history", args=[finding.pk]),
        reverse("admin:inspections_campaign_change", args=[campaign.pk]),
        reverse("admin:regions_region_change", args=[village.pk]),
        reverse("admin:bulletins_bulletin_change", args=[bulletin.pk]),
        reverse("admin:bulletins_bulletin_history", args=[bulletin.pk]),
        reverse("admin:scorecards_scoringscheme_change", args=[p["scheme"].pk]),
    ]
    return urls


def test_no_page_shows_entered_markup_unescaped(client, planted):
    client.force_login(User.objects.get(username="city"))
    shown: set[str] = set()
    problems: list[str] = []
    pages = {url: _get(client, url) for url in portal_pages(planted) + admin_pages(planted)}
    pages["bulletin print HTML"] = render_html(planted["bulletin"])
    for where, html in pages.items():
        for marker in MARKERS:
            if any(tag in html for tag in raw_tags(marker)):
                problems.append(f"{where}: {MARKERS[marker]} ({marker}) unescaped")
            if any(tag in html for tag in escaped_tags(marker)):
                shown.add(marker)
    assert not problems, "\n".join(problems)
    never_shown = {m: MARKERS[m] for m in MARKERS if m not in shown}
    assert not never_shown, f"fields the test never saw on a page: {never_shown}"


def test_dashboard_chart_data_is_json_in_a_json_script_tag(client, planted):
    client.force_login(User.objects.get(username="leader"))
    html = _get(client, reverse("scorecards:dashboard", args=[SLUG]))
    match = re.search(
        r'<script id="county-chart-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "chart data tag missing"
    assert "<" not in match.group(1)  # json_script writes < > & as \u003C …
    names = [row["name"] for row in json.loads(match.group(1))]
    assert payload("S04") in names  # the data itself is intact
    assert "<script>S04" not in html


def test_chart_tooltip_escapes_names():
    """ECharts puts a formatter's string into the tooltip as HTML."""
    from django.conf import settings

    source = (settings.BASE_DIR / "static" / "js" / "county-chart.js").read_text()
    formatter = re.search(r"formatter: function \(p\) \{(.*?)\}", source, re.S).group(1)
    assert "var esc = echarts.format.encodeHTML;" in source
    assert "esc(p.name)" in formatter and "esc(p.data.rating)" in formatter


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()
