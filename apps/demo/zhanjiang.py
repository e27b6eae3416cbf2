"""The Zhanjiang 2020 demo: seed 000's regions and one user per role.

Demo users exist only where the demo was loaded on purpose (``load_demo``),
never in a production database.
"""

from __future__ import annotations

import datetime
import json
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from apps.accounts.access import SYSTEM
from apps.accounts.models import Department, User
from apps.accounts.roles import Role
from apps.accounts.services import create_user
from apps.bulletins.models import Bulletin
from apps.bulletins.services import (
    draft_bulletin_from_campaign,
    issue_bulletin,
    set_annexes,
    update_bulletin,
)
from apps.households.imports import import_households
from apps.households.models import Household
from apps.households.vocabulary import install_default_synonyms
from apps.inspections.models import Campaign, CampaignKind, FindingCategory
from apps.inspections.services import (
    create_campaign,
    create_finding,
    create_team,
    draw_sample,
)
from apps.regions.division import DivisionSource
from apps.regions.importers import import_division
from apps.regions.models import Level, Region
from apps.regions.resolver import RegionResolver
from apps.regions.services import import_region_tree
from apps.scorecards.services import create_scheme, publish_ranking, record_published_result

from .funds import load_funds_demo
from .generator import city_sized, write_file
from .ledgers import load_ledger_demo
from .plans import load_plan_demo
from .tasks import load_demo_tasks, load_departments
from .timetables import load_demo_timetable

DEMO_DIR = settings.BASE_DIR / "fixtures" / "zhanjiang_2020"
DEMO_PASSWORD = "demo-pass-2020"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    display_name: str
    county: str = ""
    department: str = ""
    city: str = ""  # a city-wide role's city: the demo holds two (湛江市, 江门市 for seed 001)


DEMO_USERS = [
    DemoUser("city", Role.CITY_OFFICE, "市扶贫办", city="湛江市"),
    DemoUser("wuchuan", Role.COUNTY_STAFF, "吴川市扶贫办", county="吴川市"),
    DemoUser("leizhou", Role.COUNTY_STAFF, "雷州市扶贫办", county="雷州市"),
    DemoUser("xuwen", Role.COUNTY_STAFF, "徐闻县扶贫办", county="徐闻县"),
    DemoUser("inspector", Role.INSPECTOR, "核查组成员"),
    DemoUser("leader", Role.LEADERSHIP, "市领导", city="湛江市"),
    DemoUser("yibao", Role.DEPARTMENT, "市医保局", department="市医保局"),
    DemoUser("nongye", Role.DEPARTMENT, "市农业农村局", department="市农业农村局"),
    # Created with Jiangmen's regions (seed 001, ``load_jiangmen_bulletin``).
    DemoUser("jiangmen", Role.CITY_OFFICE, "江门市扶贫办", city="江门市"),
]


def create_demo_user(demo: DemoUser) -> bool:
    """The demo user, granted its county or city; False when it exists already."""
    if User.objects.filter(username=demo.username).exists():
        return False
    regions = []
    if demo.county:
        regions = [Region.objects.get(level=Level.COUNTY, name=demo.county)]
    elif demo.city:
        regions = [Region.objects.get(level=Level.CITY, name=demo.city)]
    create_user(
        username=demo.username,
        role=demo.role,
        password=DEMO_PASSWORD,
        regions=regions,
        display_name=demo.display_name,
        department=Department.objects.get(name=demo.department) if demo.department else None,
    )
    return True


def demo_is_loaded() -> bool:
    return Region.objects.filter(level=Level.CITY, name="湛江市").exists()


@transaction.atomic
def load_demo(*, real_tree: bool = False) -> dict[str, int]:
    """Load the demo on a database without it; a second call changes nothing.

    ``real_tree`` (the load_demo command) first imports Zhanjiang's official
    tree (import_regions: 10 county-level units, 125 towns, 1 992 villages),
    then lays seed 000's regions on it: each seed name resolves to an official
    region, which takes the seed's poor-village flag. Without it (the test
    suite) the tree is the seed's 98 regions alone."""
    install_default_synonyms()  # the import vocabulary, again after a test's flush
    created_regions = load_official_tree() if real_tree else 0
    tree = json.loads((DEMO_DIR / "regions.json").read_text(encoding="utf-8"))
    created_regions += import_region_tree(tree=tree)
    created_users = 0
    load_departments()
    for demo in DEMO_USERS:
        if demo.city in ("", "湛江市"):
            created_users += create_demo_user(demo)
    created_campaigns = _load_campaign(DEMO_DIR / "campaign.json")
    if created_campaigns:
        _load_inspection_records(DEMO_DIR / "inspections.json")
        _load_bulletin(DEMO_DIR / "bulletin_33.json", seed_sample_only=real_tree)
    load_plan_demo(user=User.objects.get(username="city"))
    load_demo_timetable()
    load_funds_demo()
    load_ledger_demo()
    return {"regions": created_regions, "users": created_users, "campaigns": created_campaigns}


def load_official_tree() -> int:
    """Zhanjiang's official tree with the reviewed management units and spellings."""
    source = DivisionSource()
    summary = import_division(divisions=[source.city_division(source.find_city("湛江市"))])
    return sum(counts.created for counts in summary.levels.values())


def _seed_sample_regions(tree: dict) -> tuple[list[Region], list[Region]]:
    """Seed 000's drawn towns and villages (the towns and villages of the seed
    tree) on the official tree, and the campaign's other towns: a draw forced to
    the first and excluding the second reproduces the published sample."""
    resolver = RegionResolver()
    forced = []
    for county in tree["counties"]:
        for town in county["towns"]:
            town_name = county.get("short_name", county["name"]) + town["name"]
            forced.append(resolver.resolve(town_name, level=Level.TOWN))
            forced += [
                resolver.resolve(town_name + village["name"], level=Level.VILLAGE)
                for village in town["villages"]
            ]
    town_ids = {r.pk for r in forced if r.level == Level.TOWN}
    others = Region.objects.filter(level=Level.TOWN).exclude(pk__in=town_ids)
    return forced, list(others)


def _load_campaign(path) -> int:
    """Seed 000's campaign: counties, teams and the three annexes as published."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if Campaign.objects.filter(slug=data["slug"]).exists():
        return 0
    resolver = RegionResolver()
    campaign = create_campaign(
        slug=data["slug"],
        title=data["title"],
        kind=data["kind"],
        year=data["year"],
        organiser=data["organiser"],
        start_date=datetime.date.fromisoformat(data["start_date"]),
        end_date=datetime.date.fromisoformat(data["end_date"]),
        counties=[resolver.resolve(name, level=Level.COUNTY) for name in data["counties"]],
    )
    for team in data["teams"]:
        create_team(
            campaign=campaign,
            name=team["name"],
            members=User.objects.filter(username__in=team["members"]),
            regions=[resolver.resolve(name) for name in team["regions"]],
        )
    publisher = User.objects.get(username="city")
    for spec in data["schemes"]:
        scheme = create_scheme(
            campaign=campaign,
            level=spec["level"],
            title=spec["title"],
            indicators=[(name, Decimal(points)) for name, points in spec["indicators"]],
            bands=[(label, Decimal(minimum)) for label, minimum in spec["bands"]],
        )
        for result in spec["results"]:
            record_published_result(
                scheme=scheme,
                region=resolver.resolve(result["region"], level=spec["level"]),
                total=Decimal(result["total"]) if "total" in result else None,
                position=result.get("position"),
                rating=result.get("rating", ""),
                label=result.get("label", ""),
                tie_break=result.get("tie_break", 0),
                refresh=False,
            )
        publish_ranking(
            user=publisher,
            scheme=scheme,
            published_on=datetime.date.fromisoformat(spec["published_on"]),
        )
    return 1


def _load_inspection_records(path) -> None:
    """Finding categories (seeds 000 and 001), seed 000's next-step tasks and the
    findings its problem section names, for the demo campaign."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for order, category in enumerate(data["categories"], start=1):
        FindingCategory.objects.get_or_create(
            name=category["name"],
            defaults={"source_document": category["source_document"], "order": order},
        )
    campaign = Campaign.objects.get(slug="zhanjiang-2020")
    load_demo_tasks(campaign=campaign, tasks=data["tasks"])
    resolver = RegionResolver()
    city_office = User.objects.get(username="city")
    for finding in data["findings"]:
        create_finding(
            user=city_office,
            campaign=campaign,
            region=resolver.resolve(finding["region"]),
            category=FindingCategory.objects.get(name=finding["category"]),
            source=CampaignKind.VERIFICATION,
            description=finding["description"],
            responsible_unit=finding["responsible_unit"],
            deadline=datetime.date.fromisoformat(finding["deadline"]),
            household_number=finding.get("household_number", ""),
        )


def _load_bulletin(path, *, seed_sample_only: bool = False) -> None:
    """Seed 000's sample (29 towns, 58 villages, 10 households each) and the
    bulletin itself, drafted from the campaign, edited as issued, and issued.
    On the official tree the draw is held to the seed's towns and villages."""
    data = json.loads(path.read_text(encoding="utf-8"))
    campaign = Campaign.objects.get(slug=data["campaign"])
    city_office = User.objects.get(username="city")
    held = {}
    if seed_sample_only:
        tree = json.loads((DEMO_DIR / "regions.json").read_text(encoding="utf-8"))
        held["forced"], held["excluded"] = _seed_sample_regions(tree)
    draw_sample(campaign=campaign, user=city_office, **data["sample"], **held)
    if Bulletin.objects.filter(
        organ_abbreviation=data["organ_abbreviation"], year=data["year"], sequence=data["sequence"]
    ).exists():
        return
    bulletin = draft_bulletin_from_campaign(
        user=city_office,
        campaign=campaign,
        organ_abbreviation=data["organ_abbreviation"],
        year=data["year"],
    )
    bulletin = update_bulletin(
        user=city_office,
        bulletin=bulletin,
        issuing_mark=data["issuing_mark"],
        sequence=data["sequence"],
        signer=data["signer"],
        title=data["title"],
        recipients=data["recipients"],
        body=(DEMO_DIR / data["body_file"]).read_text(encoding="utf-8"),
        signature=data["signature"],
        written_on=datetime.date.fromisoformat(data["written_on"]),
        disclosure=data["disclosure"],
        copy_to=data["copy_to"],
        printing_office=data["printing_office"],
        printed_on=datetime.date.fromisoformat(data["printed_on"]),
        proofreader=data["proofreader"],
    )
    annexes = [annex.scheme for annex in bulletin.annexes.select_related("scheme")]
    titled = list(zip(data["annex_titles"], annexes, strict=True))
    set_annexes(user=city_office, bulletin=bulletin, annexes=titled)
    issue_bulletin(
        user=city_office,
        bulletin=bulletin,
        issued_at=datetime.datetime.fromisoformat(data["issued_at"]),
    )


def load_demo_households(*, members: int = 1200) -> int:
    """Generated households for the demo pages, outside 徐闻县 so that Xuwen's
    figures can be checked against an imported file alone. A tenth carry a
    data-entry fault, so the red-light pages have something to show."""
    if Household.objects.exists():
        return 0
    villages = [
        (v.county.name, v.town.name, v.name)
        for v in Region.objects.filter(level=Level.VILLAGE)
        .exclude(county__name="徐闻县")
        .select_related("county", "town")
        .order_by("code", "pk")
    ]
    plan = city_sized(villages, members=members, as_of=datetime.date.today())
    plan.anomalies = 0.1
    plan.number_prefix = "DEMO"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo-households.xlsx"
        write_file(plan, path)
        counts = import_households(path=path, user=SYSTEM, display_name="演示户籍数据")
    return counts["households_created"]
