"""The previous campaign of the demo's kind: 湛江市2019年脱贫攻坚核查.

Invented demo data (no seed document describes 2019): the published county
ranking of the same ten counties as seed 000's annex 1 and ten findings due
2020-01-31, seven of them closed — so that the dashboard's key figures compare
2019 → 2020. No towns, villages, teams, sample or bulletin: cheap to load.
"""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.db import transaction

from apps.accounts.models import User
from apps.inspections.models import Campaign, CampaignKind, FindingCategory, FindingStatus
from apps.inspections.services import create_finding, transition_finding
from apps.regions.resolver import RegionResolver

from .zhanjiang import _load_campaign

PREVIOUS_CAMPAIGN = settings.BASE_DIR / "fixtures" / "zhanjiang_2019" / "campaign.json"

# The steps a finding takes to reach each status, from 未整改.
_STEPS_TO = {
    FindingStatus.OPEN: [],
    FindingStatus.IN_PROGRESS: [FindingStatus.IN_PROGRESS],
    FindingStatus.AWAITING_VERIFICATION: [
        FindingStatus.IN_PROGRESS,
        FindingStatus.AWAITING_VERIFICATION,
    ],
    FindingStatus.CLOSED: [
        FindingStatus.IN_PROGRESS,
        FindingStatus.AWAITING_VERIFICATION,
        FindingStatus.CLOSED,
    ],
}


@transaction.atomic
def load_previous_campaign(path=PREVIOUS_CAMPAIGN) -> int:
    """The 2019 campaign with its published rankings and findings; 0 if present.

    Needs the demo (load_demo): its regions, the city office user and the
    finding categories."""
    if not _load_campaign(path):
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    campaign = Campaign.objects.get(slug=data["slug"])
    city_office = User.objects.get(username="city")
    resolver = RegionResolver()
    categories = {c.name: c for c in FindingCategory.objects.all()}
    for spec in data["findings"]:
        finding = create_finding(
            user=city_office,
            campaign=campaign,
            region=resolver.resolve(spec["region"]),
            category=categories[spec["category"]],
            source=CampaignKind.VERIFICATION,
            description=spec["description"],
            responsible_unit=spec["responsible_unit"],
            deadline=datetime.date.fromisoformat(spec["deadline"]),
        )
        for status in _STEPS_TO[spec["status"]]:
            finding = transition_finding(user=city_office, finding=finding, to_status=status)
    return 1
