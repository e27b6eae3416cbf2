import datetime
from decimal import Decimal

import pytest

from apps.inspections.models import Campaign
from apps.inspections.services import create_campaign, create_team
from apps.regions.models import Level, Region
from apps.scorecards.models import ScoringScheme
from apps.scorecards.services import create_scheme

SIX_INDICATORS = [
    ("扶贫责任", Decimal(20)),
    ("政策落实", Decimal(20)),
    ("工作落实", Decimal(20)),
    ("资金资产管理", Decimal(15)),
    ("工作衔接", Decimal(10)),
    ("成效真实性", Decimal(15)),
]


@pytest.fixture
def demo_campaign(demo) -> Campaign:
    return Campaign.objects.get(slug="zhanjiang-2020")


@pytest.fixture
def scored_campaign(demo):
    """A 2021 campaign over 吴川市 and 雷州市 whose towns are scored by indicators;
    the demo inspector's team covers 吴川市."""
    from apps.accounts.models import User

    counties = list(Region.objects.filter(level=Level.COUNTY, name__in=["吴川市", "雷州市"]))
    campaign = create_campaign(
        slug="check-2021",
        title="2021年核查",
        kind="verification",
        year=2021,
        counties=counties,
        start_date=datetime.date(2021, 11, 1),
    )
    create_team(
        campaign=campaign,
        name="一组",
        members=[User.objects.get(username="inspector")],
        regions=[Region.objects.get(name="吴川市")],
    )
    create_scheme(
        campaign=campaign,
        level=Level.TOWN,
        title="2021年核查评价表（镇级）",
        indicators=SIX_INDICATORS,
    )
    return campaign


@pytest.fixture
def town_scheme(scored_campaign) -> ScoringScheme:
    return scored_campaign.schemes.get(level=Level.TOWN)
