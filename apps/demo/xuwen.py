"""Xuwen 2019 for seed 002's self-assessment report (徐闻县2019年扶贫开发工作自评报告).

The records the report is drafted from, where the demo did not have them yet:

- The county's 180 villages with poor households, 25 of them 相对贫困村: the
  eight villages of seed 000 plus 172 the demo names itself (``南山01村`` …,
  21 of them poor), spread over the four demo towns.
- The registry: the generated national file ``xuwen_2019`` (9 576 households,
  30 811 people) imported as of 2019-12-31.
- The patrol (巡查) and audits (审计) since 2016: 71 findings, 25 + 46, of which
  21 + 10 closed through the rectification steps, the others in progress.
- The report itself, drafted from those records and the fund records
  (``funds.py``), dated 2020-01-12 as the seed and issued.

Only ``manage.py load_demo`` (``make run``) loads it: the import takes ~10 s,
so the tests that read the report load it themselves.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.accounts.access import SYSTEM
from apps.accounts.models import User
from apps.bulletins.models import Bulletin, DocumentKind
from apps.bulletins.self_assessment import title_for
from apps.bulletins.services import draft_self_assessment, issue_bulletin
from apps.households.imports import import_households
from apps.households.models import Household
from apps.inspections.models import Campaign, FindingCategory, FindingStatus
from apps.inspections.services import create_campaign, create_finding, transition_finding
from apps.regions.models import Level, Region
from apps.regions.services import import_region_tree

from .funds import load_funds_demo
from .generator import write_file, xuwen_2019

XUWEN = "徐闻县"
YEAR = 2019
AS_OF = dt.date(2019, 12, 31)
WRITTEN_ON = dt.date(2020, 1, 12)
VILLAGES = 180
POOR_VILLAGES = 25
# (source, found, closed): seed 002 三、
RECTIFICATION = (("patrol", 25, 21), ("audit", 46, 10))
CAMPAIGN_SLUG = "xuwen-2016-2019-patrol-audit"


def _more_villages(county: Region) -> dict:
    """The tree fragment adding the demo's own villages up to 180 (25 poor)."""
    towns = list(county.children.filter(level=Level.TOWN).order_by("name"))
    existing = Region.objects.filter(level=Level.VILLAGE, county=county)
    missing = VILLAGES - existing.count()
    missing_poor = POOR_VILLAGES - existing.filter(is_poor_village=True).count()
    nodes: dict[str, list] = {town.name: [] for town in towns}
    for n in range(max(missing, 0)):
        town = towns[n % len(towns)]
        nodes[town.name].append(
            {
                "name": f"{town.name[:2]}{n // len(towns) + 1:02d}村",
                "is_poor_village": n < missing_poor,
            }
        )
    return {
        "name": county.city.name,
        "counties": [
            {
                "name": county.name,
                "towns": [{"name": name, "villages": villages} for name, villages in nodes.items()],
            }
        ],
    }


def load_xuwen_villages() -> int:
    county = Region.objects.get(level=Level.COUNTY, name=XUWEN)
    return import_region_tree(tree=_more_villages(county))


def _report_villages() -> list[Region]:
    """The 180 villages the registry file spreads over, 25 of them poor (seed 002's counts).

    On the official tree Xuwen has more village-level units than villages with poor
    households, and the statistical list knows nothing of poor villages: the demo takes
    the seed's poor villages first and marks as many more as the seed counts.
    """
    in_xuwen = Region.objects.filter(level=Level.VILLAGE, county__name=XUWEN)
    # is_poor_village is None (unknown) on the official tree's villages.
    seed_first = F("is_poor_village").desc(nulls_last=True)
    chosen = list(in_xuwen.order_by(seed_first, "pk").values_list("pk", flat=True))
    chosen = chosen[:VILLAGES]
    poor = in_xuwen.filter(pk__in=chosen, is_poor_village=True).count()
    if poor < POOR_VILLAGES:
        extra = in_xuwen.filter(pk__in=chosen).exclude(is_poor_village=True).order_by("pk")
        extra_pks = list(extra.values_list("pk", flat=True)[: POOR_VILLAGES - poor])
        Region.objects.filter(pk__in=extra_pks).update(is_poor_village=True)
    return list(in_xuwen.filter(pk__in=chosen).select_related("county", "town").order_by("pk"))


def load_xuwen_registry() -> int:
    """Import seed 002's household file once; returns the households created."""
    if Household.objects.filter(village__county__name=XUWEN).exists():
        return 0
    villages = [(v.county.name, v.town.name, v.name) for v in _report_villages()]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "xuwen-2019.xlsx"
        write_file(xuwen_2019(villages, as_of=AS_OF), path)
        counts = import_households(path=path, user=SYSTEM, display_name="徐闻县2019年建档立卡数据")
    return counts["households_created"]


@transaction.atomic
def load_xuwen_rectification() -> int:
    """The 71 findings of the patrol and audits since 2016; returns those created."""
    if Campaign.objects.filter(slug=CAMPAIGN_SLUG).exists():
        return 0
    county = Region.objects.get(level=Level.COUNTY, name=XUWEN)
    campaign = create_campaign(
        slug=CAMPAIGN_SLUG,
        title="徐闻县2016年以来精准扶贫巡查审计",
        kind="audit",
        year=YEAR,
        counties=[county],
    )
    category = FindingCategory.objects.order_by("order", "pk").first()
    city = User.objects.get(username="city")
    created = 0
    for source, found, closed in RECTIFICATION:
        for n in range(found):
            finding = create_finding(
                user=city,
                campaign=campaign,
                region=county,
                category=category,
                source=source,
                description=f"{'巡查' if source == 'patrol' else '审计'}反馈问题第{n + 1}项",
            )
            finding = transition_finding(
                user=city, finding=finding, to_status=FindingStatus.IN_PROGRESS
            )
            if n < closed:
                for status in (FindingStatus.AWAITING_VERIFICATION, FindingStatus.CLOSED):
                    finding = transition_finding(user=city, finding=finding, to_status=status)
            created += 1
    return created


def xuwen_report() -> Bulletin | None:
    county = Region.objects.get(level=Level.COUNTY, name=XUWEN)
    return (
        Bulletin.objects.filter(kind=DocumentKind.REPORT, title=title_for(county, YEAR))
        .order_by("-pk")
        .first()
    )


def load_xuwen_report(*, issue: bool = True) -> Bulletin:
    """Everything above, then the report drafted from it and issued (once)."""
    load_funds_demo()
    load_xuwen_villages()
    load_xuwen_registry()
    load_xuwen_rectification()
    existing = xuwen_report()
    if existing is not None:
        return existing
    city = User.objects.get(username="city")
    county = Region.objects.get(level=Level.COUNTY, name=XUWEN)
    report = draft_self_assessment(user=city, county=county, year=YEAR, written_on=WRITTEN_ON)
    if issue:
        report = issue_bulletin(user=city, bulletin=report, issued_at=_on(WRITTEN_ON))
    return report


def _on(day: dt.date) -> dt.datetime:
    """Issued on the day the document is dated (9 o'clock), not on the day of loading."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
