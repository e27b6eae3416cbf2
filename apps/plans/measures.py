"""What the household registry can measure for a plan's target.

The household indicators (apps/reports/indicators.py) plus two rates seed
003 sets that the indicator page does not list: pension for the elderly (aged
60+) and the income of households with labour capacity against the year's
poverty line. All are computed together, in one query over members and one
over households, whatever the number of targets.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.regions.models import Region
from apps.reports import indicators
from apps.reports.indicators import HOUSEHOLDS, MEMBERS, Definition, Figure
from apps.reports.reporting import aged, any_member, has_labour_member, poverty_line


def plan_definitions(as_of: dt.date) -> list[Definition]:
    """The rates only plans use."""
    elderly = aged(as_of, 60)
    _year, line = poverty_line(as_of.year)
    with_labour = any_member() & has_labour_member()
    return [
        Definition(
            "pension_elderly",
            _("Pension insurance coverage (aged 60+)"),
            MEMBERS,
            elderly & Q(has_pension_insurance=True),
            elderly,
        ),
        Definition(
            "income_labour",
            _("Households with labour capacity above the poverty line"),
            HOUSEHOLDS,
            with_labour & Q(per_capita_income__gte=line),
            with_labour,
        ),
    ]


def definitions(as_of: dt.date) -> list[Definition]:
    return indicators.definitions(as_of) + plan_definitions(as_of)


def measure_choices() -> list[tuple[str, str]]:
    """(key, label) of every measure, for the target's indicator field."""
    return [(d.key, d.label) for d in definitions(dt.date(2020, 1, 1))]


@functools.cache
def _labels() -> dict[str, Promise]:
    return dict(measure_choices())


def label_for(key: str) -> str:
    """The measure's label in the active language."""
    return str(_labels().get(key, key))


def measure(user, region: Region, *, as_of: dt.date) -> dict[str, Figure]:
    """Every measure over ``region``'s subtree (within the user's scope): two queries."""
    row = indicators.for_region(user, region, as_of=as_of, extra=plan_definitions(as_of))
    return row.values
