"""What the household reports share: the day ages are taken on, the year's
poverty line, the region a report covers and how it splits into child regions.

Everything here builds query pieces (Q, expressions); nothing loops over rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils import timezone

from apps.accounts.access import get_object_in_scope, region_scope
from apps.households.models import HAS_LABOUR, ExitStatus, HouseholdCategory, Member
from apps.regions.models import Level, Region, child_level

# 脱贫户: marked lifted or formally exited (exited households were lifted first).
LIFTED_STATUSES = (ExitStatus.LIFTED, ExitStatus.EXITED)
# Households enrolled in dibao or destitute support by their category.
ENROLLED_CATEGORIES = (HouseholdCategory.DIBAO, HouseholdCategory.DESTITUTE)


def today() -> dt.date:
    return timezone.localdate()


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def aged(as_of: dt.date, low: int | None = None, high: int | None = None, *, field="birth_date"):
    """Q for people aged ``low``–``high`` (inclusive, whole years) on ``as_of``.

    The boundary birth dates are computed here, so the database compares
    plain dates (the same SQL on SQLite and PostgreSQL, and index-friendly).
    """
    condition = Q()
    if low is not None:
        condition &= Q(**{f"{field}__lte": years_before(as_of, low)})
    if high is not None:
        condition &= Q(**{f"{field}__gt": years_before(as_of, high + 1)})
    return condition


def poverty_line(year: int) -> tuple[int, Decimal]:
    """(the year whose line applies, the line in 元) from settings.POVERTY_LINES:
    the year's own line, else the latest earlier one."""
    lines = getattr(settings, "POVERTY_LINES", {})
    known = [y for y in lines if y <= year]
    if not known:
        raise ImproperlyConfigured(
            f"settings.POVERTY_LINES has no poverty line for {year} or before"
        )
    applied = max(known)
    return applied, Decimal(lines[applied])


# --- members seen from a household ----------------------------------------------------


def any_member(condition: Q | None = None, *, household: str = "pk") -> Exists:
    """EXISTS a member of the household (``household`` names the outer key) matching."""
    members = Member.objects.filter(household_id=OuterRef(household))
    return Exists(members.filter(condition) if condition is not None else members)


def has_labour_member(*, household: str = "pk") -> Exists:
    return any_member(Q(labour_capacity__in=HAS_LABOUR), household=household)


def enrolled_in_support(*, household: str = "pk", prefix: str = "") -> Q:
    """The household is in dibao or destitute support: by category, or a member receives it."""
    return Q(**{f"{prefix}category__in": ENROLLED_CATEGORIES}) | any_member(
        Q(receives_dibao=True) | Q(receives_destitute_support=True), household=household
    )


# --- regions ---------------------------------------------------------------------------


def report_region(user, pk: int | None) -> Region | None:
    """The region a report covers: the one asked for (404 outside the user's
    scope) or where the user's scope starts (None: the user sees no region)."""
    regions = Region.objects.select_related("city", "county", "town")
    if pk is not None:
        return get_object_in_scope(regions, user, pk=pk)
    top = region_scope(user).top_regions().order_by("code", "name").values_list("pk", flat=True)
    first = top.first()
    return regions.get(pk=first) if first is not None else None


def top_regions(user) -> list[Region]:
    """Where the user's scope starts (for a chooser when there is more than one)."""
    return list(region_scope(user).top_regions().select_related("county").order_by("code", "name"))


def within(user, region: Region, *, village: str = "village") -> Q:
    """Rows (reaching their village through ``village``) in the region and the user's scope."""
    return region_scope(user).q(f"{village}__") & Region.subtree_q(region, prefix=f"{village}__")


def group_level(region: Region) -> str:
    """The level a report splits ``region`` into: its children, or itself for a village."""
    return child_level(region.level) or region.level


def group_key(level: str, *, village: str = "village") -> str:
    """The column holding the ``level`` ancestor of a row's village."""
    return f"{village}_id" if level == Level.VILLAGE else f"{village}__{level}_id"


def child_regions(user, region: Region) -> list[Region]:
    """The regions a report's rows are: children in scope, or the village itself."""
    if region.level == Level.VILLAGE:
        return [region]
    children = region.children.filter(region_scope(user).q()).select_related("county", "town")
    return list(children.order_by("code", "name"))


def _display(prefix: str):
    return Coalesce(NullIf(F(f"{prefix}short_name"), Value("")), F(f"{prefix}name"))


def village_full_name(village: str = "village"):
    """The village's full name as Region.full_name writes it (county, town and
    village display names), built in SQL for value rows."""
    return Concat(
        _display(f"{village}__county__"),
        _display(f"{village}__town__"),
        _display(f"{village}__"),
    )
