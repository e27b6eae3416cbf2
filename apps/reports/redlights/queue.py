"""Reads of the maintained red lights: counts per rule × region, the cleanup
progress per region against the deadline, and the work list."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from apps.regions.models import Level, Region

from ..models import HouseholdRedLight
from ..reporting import child_regions, group_key, group_level, within
from .base import Context, Rule
from .maintain import OPEN, rules
from .pivot import Pivot, PivotRow


def deadline() -> dt.date:
    """The day every light must be cleared by (seed 000 下一步: 11月30日)."""
    return dt.date.fromisoformat(str(settings.REDLIGHTS_DEADLINE))


def lights(user, region: Region) -> QuerySet[HouseholdRedLight]:
    """Every light (open and cleared) of households in the region and the user's scope."""
    return HouseholdRedLight.objects.filter(within(user, region))


def maintained_pivot(user, region: Region, ctx: Context) -> Pivot:
    """The pivot read from the table: one grouped count of open lights."""
    level = group_level(region)
    key = "county_id" if level == Level.COUNTY else group_key(level)
    counts = {
        (row[key], row["rule"]): row["n"]
        for row in lights(user, region)
        .filter(OPEN)
        .values(key, "rule")
        .annotate(n=Count("pk"))
        .order_by()
    }
    columns = child_regions(user, region)
    shown: list[Rule] = rules()
    rows = [
        PivotRow(rule, [counts.get((column.pk, rule.code), 0) for column in columns], columns)
        for rule in shown
    ]
    return Pivot(region, level, columns, rows, ctx)


@dataclass
class Progress:
    """One region's cleanup: lights open now, cleared since the start day, and
    whether the region clears them all by the deadline at that pace."""

    region: Region
    outstanding: int
    cleared: int
    days_done: int
    days_left: int
    past_deadline: bool = False  # the day looked at is after the deadline

    @property
    def per_day(self) -> float:
        return self.cleared / self.days_done if self.days_done > 0 else 0.0

    @property
    def days_needed(self) -> int | None:
        """Days to clear what is open at the current pace (None: no pace)."""
        if not self.outstanding:
            return 0
        return math.ceil(self.outstanding / self.per_day) if self.per_day else None

    @property
    def on_track(self) -> bool:
        needed = self.days_needed
        if self.past_deadline:
            return needed == 0
        return needed is not None and needed <= self.days_left


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def progress(user, region: Region, *, since: dt.date, on: dt.date) -> list[Progress]:
    """Per child region (the city's counties, a county's towns …) as it stood at
    the end of ``on`` (the history is kept, so any past day works): one grouped query."""
    level = group_level(region)
    key = "county_id" if level == Level.COUNTY else group_key(level)
    start, end = _start_of(since), _start_of(on + dt.timedelta(days=1))
    open_then = Q(since__lt=end) & (OPEN | Q(cleared_at__gte=end))
    cleared = Q(cleared_at__gte=start, cleared_at__lt=end)
    rows = {
        row[key]: row
        for row in lights(user, region)
        .filter(open_then | cleared)
        .values(key)
        .annotate(outstanding=Count("pk", filter=open_then), cleared=Count("pk", filter=cleared))
        .order_by()
    }
    days_done = max(0, (on - since).days + 1)
    days_left = max(0, (deadline() - on).days)
    return [
        Progress(
            column,
            rows.get(column.pk, {}).get("outstanding", 0),
            rows.get(column.pk, {}).get("cleared", 0),
            days_done,
            days_left,
            past_deadline=on > deadline(),
        )
        for column in child_regions(user, region)
    ]


def work_list(user, region: Region, *, cleared: bool = False) -> QuerySet[HouseholdRedLight]:
    """The lights a county's staff or a village's officer work through: open
    ones oldest first, or cleared ones newest first with the change that cleared them."""
    found = lights(user, region).select_related(
        "household", "village__county", "village__town", "cleared_by__user"
    )
    if cleared:
        return found.filter(cleared_at__isnull=False).order_by("-cleared_at", "-pk")
    return found.filter(OPEN).order_by("since", "village__code", "household__number", "rule")
