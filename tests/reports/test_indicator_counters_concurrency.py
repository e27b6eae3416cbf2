"""Writers in one village at the same time on PostgreSQL: each recount waits
for the village's counter row (SELECT … FOR UPDATE), so the last one counts
every writer's rows — no writer's households lost from the page."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import transaction

from apps.accounts.access import SYSTEM
from apps.regions.models import Level, Region
from apps.reports import indicators
from apps.reports.models import VillageIndicatorCounts
from tests.factories import HouseholdFactory
from tests.helpers import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_writers_in_one_village_are_all_counted(on_postgres, demo):
    village = Region.objects.filter(level=Level.VILLAGE, county__name="吴川市").first()
    before = VillageIndicatorCounts.objects.filter(village=village).values_list(
        "households", "members"
    ).first() or (0, 0)

    def write(i):
        # One save, so one recount: counted before another writer commits, it
        # would miss that writer's household — unless it waits for the row lock.
        with transaction.atomic():
            HouseholdFactory(village=village, number=f"CC{i:04d}", exit_status="exited")
            time.sleep(0.5)  # the others write and recount meanwhile

    assert run_together(write, 4) == [None] * 4
    stored = VillageIndicatorCounts.objects.get(village=village)
    assert (stored.households, stored.members) == (before[0] + 4, before[1])
    day = dt.date(2020, 11, 20)
    maintained = indicators.breakdown(SYSTEM, village, as_of=day).total
    counted = indicators.scanned_breakdown(SYSTEM, village, as_of=day).total
    assert (maintained.members, maintained.households, maintained.values) == (
        counted.members,
        counted.households,
        counted.values,
    )
