"""Dates the way official documents write them."""

from __future__ import annotations

import datetime

from django import template

register = template.Library()


@register.filter
def official_date(value: datetime.date | None) -> str:
    """2020年11月20日: Arabic numerals, no leading zeros (GB/T 9704 7.3.5)."""
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"
