import datetime as dt

import pytest

from apps.demo.plans import DOCUMENT_NUMBER
from apps.households.models import Household, Member, SchoolStatus
from apps.plans.models import Plan
from apps.regions.models import Level, Region

AS_OF = dt.date(2019, 12, 31)
CHILD_BORN = dt.date(2010, 6, 1)  # nine on AS_OF: compulsory-school age


@pytest.fixture
def zone(demo) -> Region:
    """湛江经济技术开发区 (the demo plan's region)."""
    return Region.objects.get(level=Level.COUNTY, name="湛江经济技术开发区")


@pytest.fixture
def demo_plan(demo) -> Plan:
    return Plan.objects.select_related("region").get(document_number=DOCUMENT_NUMBER)


def plant_children(region: Region, *, in_school: int, out_of_school: int, prefix="C") -> None:
    """Households of the region's villages, one compulsory-age child each (bulk)."""
    villages = list(Region.objects.filter(level=Level.VILLAGE, county=region).order_by("pk"))
    total = in_school + out_of_school
    households = Household.objects.bulk_create(
        Household(number=f"{prefix}{i:08d}", village=villages[i % len(villages)])
        for i in range(total)
    )
    Member.objects.bulk_create(
        Member(
            household=household,
            name=f"学生{i}",
            id_number=f"{prefix}{i:017d}",
            relationship="之子",
            birth_date=CHILD_BORN,
            school_status=SchoolStatus.PRIMARY if i < in_school else SchoolStatus.DROPPED_OUT,
        )
        for i, household in enumerate(households)
    )
