"""What the report commands share: the region, the date, the user whose scope applies."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError

from apps.accounts.access import region_scope
from apps.regions.models import Region
from apps.regions.resolver import RegionLookupError, resolve_region


def add_scope_arguments(parser) -> None:
    parser.add_argument("--as-of", default="", help="统计日期 YYYY-MM-DD（默认今天）")
    parser.add_argument("--user", default="", help="按该用户的管辖范围统计（默认不限地区）")


def as_of(text: str) -> dt.date:
    from apps.reports.reporting import today

    if not text:
        return today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”应为YYYY-MM-DD格式") from None


def region(text: str, user, *, level: str | None = None) -> Region:
    """The named region (aliases accepted), refused outside the user's scope;
    without a name, the whole city."""
    try:
        found = resolve_region(text, level=level) if text else _city()
    except RegionLookupError as error:
        raise CommandError(str(error)) from None
    if not region_scope(user).covers(found):
        raise CommandError(f"“{found.full_name}”不在用户“{user.username}”的管辖范围内")
    return Region.objects.select_related("city", "county", "town").get(pk=found.pk)


def _city() -> Region:
    cities = list(Region.objects.filter(parent__isnull=True)[:2])
    if len(cities) != 1:
        raise CommandError("数据库中有多个或没有地市，请用--region指定地区")
    return cities[0]
