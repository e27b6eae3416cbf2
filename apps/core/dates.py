"""Dates the way official documents write them: 2020年11月20日 — Arabic
numerals, no leading zeros (GB/T 9704 7.3.5), whatever the interface language."""

from __future__ import annotations

import datetime

from django.utils import timezone

# The same, as a Django date format (the ``date`` filter, django-tables2 columns).
OFFICIAL_DATE_FORMAT = "Y年n月j日"

# What a typed date may look like (forms and ``?as_of=``, admin included, through
# inspection_portal/formats): the ISO form a date input sends, the official form
# (strptime's %m and %d take 11 as well as 1), and slashes.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y年%m月%d日", "%Y/%m/%d"]


def official_date(value: datetime.date | None) -> str:
    """2020年11月20日; "" for no date. A datetime is shown as its local day."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.year}年{value.month}月{value.day}日"


def official_datetime(value: datetime.datetime | None) -> str:
    """2020年11月20日 09:05 in local time; "" for no time."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{official_date(value)} {value:%H:%M}"


def date_param(value: datetime.date | None) -> str:
    """2020-11-20: the value of a date input or a ``?as_of=`` link, not text to read."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.isoformat() if isinstance(value, datetime.date) else ""
