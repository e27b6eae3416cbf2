import datetime as dt

import pytest

from apps.demo.plans import DOCUMENT_NUMBER
from apps.plans.models import Plan
from apps.regions.models import Level, Region

AS_OF = dt.date(2019, 12, 31)


@pytest.fixture
def zone(demo) -> Region:
    """湛江经济技术开发区 (the demo plan's region)."""
    return Region.objects.get(level=Level.COUNTY, name="湛江经济技术开发区")


@pytest.fixture
def demo_plan(demo) -> Plan:
    return Plan.objects.select_related("region").get(document_number=DOCUMENT_NUMBER)
