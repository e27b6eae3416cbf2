"""The demo's red-light cleanup over November 2020 (seed 000 下一步: every
village clears its red lights before the provincial system closes on 11月30日).

The lights themselves are the generated households' (kept by the import).
The history adds, per county, lights found on 2 November and cleared during
the month at a pace that differs by county, so that on 2020年11月20日 the page
names the counties that will not make the deadline.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from apps.reports.models import HouseholdRedLight
from apps.reports.redlights.maintain import rebuild

FOUND = dt.date(2020, 11, 2)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@transaction.atomic
def load_redlight_history() -> int:
    """Cleared lights of November 2020 (idempotent): returns how many were added."""
    if HouseholdRedLight.objects.filter(cleared_at__year=2020).exists():
        return 0
    rebuild()
    open_lights = list(
        HouseholdRedLight.objects.filter(cleared_at__isnull=True).order_by("county_id", "pk")
    )
    counties = sorted({light.county_id for light in open_lights})
    history = []
    for light in open_lights:
        pace = 1 + counties.index(light.county_id) % 4  # 1–4 lights a day per county
        done = sum(1 for h in history if h.county_id == light.county_id)
        day = FOUND + dt.timedelta(days=1 + done // pace)
        if day > dt.date(2020, 11, 25):
            continue
        # The same check failed and was fixed in November; a later import lit it again.
        history.append(
            HouseholdRedLight(
                household_id=light.household_id,
                rule=light.rule,
                county_id=light.county_id,
                village_id=light.village_id,
                since=_at(FOUND, 9),
                cleared_at=_at(day, 10 + done % 7),
            )
        )
    HouseholdRedLight.objects.bulk_create(history)
    # Still open on 30 November in the history: what the page shows as outstanding.
    HouseholdRedLight.objects.filter(cleared_at__isnull=True).update(since=_at(FOUND, 9))
    return len(history)
