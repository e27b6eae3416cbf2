"""Periods of a return: bounds, due day, and the label as documents write
it whatever the language (2020年10月, 2020年第四季度, 2020年度)."""

from __future__ import annotations

import calendar
import datetime as dt

QUARTERS = "一二三四"


def period_bounds(periodicity: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the period of ``periodicity`` that holds ``day``."""
    if periodicity == "monthly":
        first_month, months = day.month, 1
    elif periodicity == "quarterly":
        first_month, months = 3 * ((day.month - 1) // 3) + 1, 3
    else:
        first_month, months = 1, 12
    last_month = first_month + months - 1
    end = dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    return dt.date(day.year, first_month, 1), end


def due_on(period_end: dt.date, due_day: int) -> dt.date:
    """``due_day`` of the month after the period ends (the 5th of November for October)."""
    following = period_end + dt.timedelta(days=1)
    return following.replace(day=due_day)


def period_label(periodicity: str, start: dt.date) -> str:
    if periodicity == "monthly":
        return f"{start.year}年{start.month}月"
    if periodicity == "quarterly":
        return f"{start.year}年第{QUARTERS[(start.month - 1) // 3]}季度"
    return f"{start.year}年度"
