"""Seed 001: Jiangmen's 2017 special supervision bulletin (江扶字〔2017〕14号).

The data is ``fixtures/jiangmen_2017/`` (regions.json, campaign.json). What the
seed gives: 江门市 and its seven districts and cities, the seven towns of the
follow-up review with their verdicts, the per-county sampling (one street from
each of 蓬江 and 江海, two towns from 新会 and each of the four cities, ≥ 4
households a town), the two county groups, the five problem categories and the
header, signature and 版记. What the demo chooses and says so: the twelve
sampled towns (real towns of each county, 白沙街道 …), one village per town
named after it, a small generated registry for those villages, the June
campaign's two findings per reviewed town (三江镇 and 苍城镇 with one of two
rectified), the problems' towns and wording, the ranking positions.

Only ``manage.py load_demo`` (``make run``) loads it; the tests that read the
bulletin load it themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.accounts.access import SYSTEM
from apps.accounts.models import User
from apps.bulletins.models import Bulletin
from apps.bulletins.services import (
    draft_supervision_bulletin,
    issue_bulletin,
    update_bulletin,
)
from apps.households.imports import import_households
from apps.households.models import Household
from apps.inspections.models import Campaign, CampaignKind, FindingCategory
from apps.inspections.services import (
    create_campaign,
    create_finding,
    create_team,
    draw_sample,
    record_verdict,
)
from apps.regions.models import Level, Region
from apps.regions.services import import_region_tree
from apps.scorecards.services import create_scheme, publish_ranking, record_published_result

from .generator import city_sized, write_file
from .zhanjiang import DEMO_USERS, create_demo_user

DATA = settings.BASE_DIR / "fixtures" / "jiangmen_2017"
CITY = "江门市"


def _data() -> dict:
    return json.loads((DATA / "campaign.json").read_text(encoding="utf-8"))


def _county(name: str) -> Region:
    return Region.objects.get(level=Level.COUNTY, name=name, city__name=CITY)


def _town(name: str) -> Region:
    return Region.objects.get(level=Level.TOWN, name=name, city__name=CITY)


def load_jiangmen_regions() -> int:
    tree = json.loads((DATA / "regions.json").read_text(encoding="utf-8"))
    return import_region_tree(tree=tree)


def load_jiangmen_registry() -> int:
    """Six generated households in each Jiangmen village (the sample draws four)."""
    if Household.objects.filter(village__city__name=CITY).exists():
        return 0
    villages = [
        (v.county.name, v.town.name, v.name)
        for v in Region.objects.filter(level=Level.VILLAGE, city__name=CITY)
        .select_related("county", "town")
        .order_by("pk")
    ]
    plan = city_sized(villages, members=len(villages) * 18, as_of=dt.date(2017, 10, 31))
    plan.area_code, plan.number_prefix, plan.anomalies = "440700", "JM", 0.0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "jiangmen-2017.xlsx"
        write_file(plan, path)
        counts = import_households(path=path, user=SYSTEM, display_name="江门市2017年演示户籍")
    return counts["households_created"]


@transaction.atomic
def load_jiangmen_campaigns() -> Campaign:
    data = _data()
    existing = Campaign.objects.filter(slug=data["november"]["slug"]).first()
    if existing:
        return existing
    city = User.objects.get(username="jiangmen")
    counties = [_county(team_county) for team in data["teams"] for team_county in team["counties"]]
    june = create_campaign(
        slug=data["june"]["slug"],
        title=data["june"]["title"],
        kind=CampaignKind.SUPERVISION,
        year=2017,
        organiser=data["november"]["organiser"],
        start_date=dt.date.fromisoformat(data["june"]["start_date"]),
        end_date=dt.date.fromisoformat(data["june"]["end_date"]),
        counties=counties,
    )
    november = create_campaign(
        slug=data["november"]["slug"],
        title=data["november"]["title"],
        kind=CampaignKind.SUPERVISION,
        year=2017,
        organiser=data["november"]["organiser"],
        start_date=dt.date.fromisoformat(data["november"]["start_date"]),
        end_date=dt.date.fromisoformat(data["november"]["end_date"]),
        counties=counties,
        follow_up_of=june,
    )
    for team in data["teams"]:
        create_team(
            campaign=november, name=team["name"], regions=[_county(c) for c in team["counties"]]
        )
    _follow_up(city, june, november, data["follow_up"])
    reviewed = [_town(name) for name in data["follow_up"]]
    draw_sample(
        campaign=november,
        towns_per_county=data["towns_per_county"],
        county_towns={_county(name): n for name, n in data["county_towns"].items()},
        villages_per_town=data["villages_per_town"],
        households_per_village=data["households_per_village"],
        excluded=reviewed,
        seed="2017-11",
        user=city,
    )
    for category, town, description in data["findings"]:
        create_finding(
            user=city,
            campaign=november,
            region=_town(town),
            category=FindingCategory.objects.get(name=category),
            source=CampaignKind.SUPERVISION,
            description=description,
        )
    _ratings(city, november, data["ratings"])
    return november


def _follow_up(city, june: Campaign, november: Campaign, verdicts: dict[str, str]) -> None:
    """Two June findings per reviewed town; both rectified, or one of two."""
    category = FindingCategory.objects.get(name="扶贫数据信息不够精准")
    for town_name, outcome in verdicts.items():
        town = _town(town_name)
        for n in range(2):
            finding = create_finding(
                user=city,
                campaign=june,
                region=town,
                category=category,
                source=CampaignKind.SUPERVISION,
                description=f"6月督查发现问题第{n + 1}项",
            )
            verdict = "rectified" if outcome == "rectified" or n == 0 else "not_rectified"
            record_verdict(user=city, campaign=november, finding=finding, verdict=verdict)


def _ratings(city, campaign: Campaign, ratings: list[list[str]]) -> None:
    scheme = create_scheme(
        campaign=campaign,
        level=Level.COUNTY,
        title="江门市2017年脱贫攻坚专项督查综合评价（县级）",
        bands=[("突出", Decimal("90")), ("一般", Decimal("0"))],
    )
    for position, (county, rating) in enumerate(ratings, start=1):
        record_published_result(
            scheme=scheme, region=_county(county), position=position, rating=rating, refresh=False
        )
    publish_ranking(user=city, scheme=scheme, published_on=dt.date(2017, 12, 1))


def jiangmen_bulletin() -> Bulletin | None:
    spec = _data()["bulletin"]
    return Bulletin.objects.filter(
        organ_abbreviation=spec["organ_abbreviation"], year=spec["year"], sequence=spec["sequence"]
    ).first()


def load_jiangmen_bulletin(*, issue: bool = True) -> Bulletin:
    """Regions, registry, campaigns, then the bulletin drafted, edited as the seed
    prints it (number, recipients, signature, 版记) and issued (once)."""
    load_jiangmen_regions()
    create_demo_user(next(d for d in DEMO_USERS if d.username == "jiangmen"))
    load_jiangmen_registry()
    campaign = load_jiangmen_campaigns()
    existing = jiangmen_bulletin()
    if existing is not None:
        return existing
    spec = _data()["bulletin"]
    city = User.objects.get(username="jiangmen")  # 江门市扶贫办, granted 江门市
    bulletin = draft_supervision_bulletin(
        user=city,
        campaign=campaign,
        organ_abbreviation=spec["organ_abbreviation"],
        annex_title=spec["annex_title"],
        year=spec["year"],
    )
    written_on = dt.date.fromisoformat(spec["written_on"])
    bulletin = update_bulletin(
        user=city,
        bulletin=bulletin,
        issuing_mark=spec["issuing_mark"],
        sequence=spec["sequence"],
        title=spec["title"],
        recipients=spec["recipients"],
        signature=spec["signature"],
        written_on=written_on,
        disclosure=spec["disclosure"],
        copy_to=spec["copy_to"],
        printing_office=spec["printing_office"],
        printed_on=written_on,
    )
    if issue:
        bulletin = issue_bulletin(
            user=city,
            bulletin=bulletin,
            issued_at=timezone.make_aware(dt.datetime.combine(written_on, dt.time(9))),
        )
    return bulletin
