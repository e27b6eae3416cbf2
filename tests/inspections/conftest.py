import datetime

import pytest

from apps.inspections.models import Campaign, CampaignKind, FindingCategory
from apps.inspections.services import create_finding
from apps.regions.models import Region


@pytest.fixture(autouse=True)
def evidence_in_tmp(settings, tmp_path):
    """Uploaded evidence goes to a temporary folder, never the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def campaign(demo) -> Campaign:
    return Campaign.objects.get(slug="zhanjiang-2020")


@pytest.fixture
def category(demo) -> FindingCategory:
    return FindingCategory.objects.get(name="入户核查发现问题")


@pytest.fixture
def make_finding(campaign, category):
    from apps.accounts.models import User

    def make(
        region_name="吴川市兰石镇名利村",
        *,
        deadline=None,
        source=CampaignKind.VERIFICATION,
        user="city",
        campaign_=None,
    ):
        return create_finding(
            user=User.objects.get(username=user),
            campaign=campaign_ or campaign,
            region=_region(region_name),
            category=category,
            source=source,
            description="测试问题",
            deadline=deadline or datetime.date(2030, 1, 1),
        )

    return make


def _region(full_name: str) -> Region:
    from apps.regions.resolver import RegionResolver

    return RegionResolver().resolve(full_name)
