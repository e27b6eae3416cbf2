"""Indicators computed from household records (seed 002's self-assessment rates).

Every indicator is a conditional COUNT over members or households with its
numerator, denominator and the rate — ROUND(100·n/NULLIF(d, 0), 2) — all
computed by the database. A region's figures cover its whole subtree; a
breakdown groups by the child region's key on the household's village, so a
region with any number of children costs the same few queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, FloatField, Q, QuerySet, Value
from django.db.models.functions import Cast, NullIf, Round
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.households.models import IN_SCHOOL, ExitStatus, Household, Member
from apps.regions.models import Region

from .reporting import (
    LIFTED_STATUSES,
    aged,
    any_member,
    child_regions,
    enrolled_in_support,
    group_key,
    group_level,
    has_labour_member,
    within,
)

MEMBERS, HOUSEHOLDS = "members", "households"


@dataclass(frozen=True)
class Definition:
    key: str
    label: Promise
    base: str  # MEMBERS or HOUSEHOLDS: what is counted
    numerator: Q
    denominator: Q | None = None  # None: every member / household


def definitions(as_of: dt.date) -> list[Definition]:
    """The indicators, in the order the page and the command list them."""
    compulsory_age = aged(as_of, 6, 15)
    pension_base = aged(as_of, 16) & ~Q(school_status__in=IN_SCHOOL)
    no_labour = any_member() & ~has_labour_member()
    return [
        Definition(
            "exit_people",
            _("Exit rate (people)"),
            MEMBERS,
            Q(household__exit_status__in=LIFTED_STATUSES),
        ),
        Definition(
            "exit_households",
            _("Exit rate (households)"),
            HOUSEHOLDS,
            Q(exit_status__in=LIFTED_STATUSES),
        ),
        Definition(
            "formal_exit",
            _("Formal exit rate (people)"),
            MEMBERS,
            Q(household__exit_status=ExitStatus.EXITED),
        ),
        Definition(
            "enrolment",
            _("Compulsory-education enrolment"),
            MEMBERS,
            compulsory_age & Q(school_status__in=IN_SCHOOL),
            compulsory_age,
        ),
        Definition(
            "medical", _("Basic medical insurance coverage"), MEMBERS, Q(has_medical_insurance=True)
        ),
        Definition(
            "pension",
            _("Pension insurance coverage (aged 16+, not in school)"),
            MEMBERS,
            pension_base & Q(has_pension_insurance=True),
            pension_base,
        ),
        Definition(
            "support",
            _("Dibao / destitute coverage of households without labour capacity"),
            HOUSEHOLDS,
            no_labour & enrolled_in_support(),
            no_labour,
        ),
        Definition("housing", _("Safe housing (households)"), HOUSEHOLDS, Q(housing_safe=True)),
        Definition(
            "water", _("Safe drinking water (people)"), MEMBERS, Q(household__water_safe=True)
        ),
    ]


# Columns of the child-region table: the headline rates.
MAIN_KEYS = ("exit_people", "formal_exit", "enrolment", "medical", "pension", "water")


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise
    numerator: int
    denominator: int
    rate: Decimal | None

    @property
    def shown(self) -> str:
        """99.12% — or a dash when there is nothing to divide by."""
        return "—" if self.rate is None else f"{self.rate:.2f}%"


@dataclass
class Row:
    """One region's indicators (a child region, or the total)."""

    region: Region | None
    values: dict[str, Figure] = field(default_factory=dict)
    members: int = 0
    households: int = 0

    @property
    def main(self) -> list[Figure]:
        return [self.values[key] for key in MAIN_KEYS]


@dataclass
class Breakdown:
    region: Region
    as_of: dt.date
    total: Row
    rows: list[Row]
    child_level: str

    @property
    def values(self) -> list[Figure]:
        return list(self.total.values.values())


def rate(numerator, denominator) -> Round:
    """100·n/d to two decimals, NULL when d is 0 (both databases)."""
    return Round(
        Cast(numerator, FloatField()) * Value(100.0) / NullIf(Cast(denominator, FloatField()), 0.0),
        2,
        output_field=DecimalField(max_digits=7, decimal_places=2),
    )


def _aggregates(defs: list[Definition], base: str) -> dict:
    expressions = {"count": Count("pk")}
    for d in defs:
        if d.base != base:
            continue
        denominator = Count("pk", filter=d.denominator) if d.denominator else Count("pk")
        numerator = Count("pk", filter=d.numerator)
        expressions[f"{d.key}_n"] = numerator
        expressions[f"{d.key}_d"] = denominator
        expressions[f"{d.key}_r"] = rate(numerator, denominator)
    return expressions


def _querysets(user, region: Region) -> tuple[QuerySet, QuerySet]:
    members = Member.objects.filter(within(user, region, village="household__village"))
    households = Household.objects.filter(within(user, region))
    return members, households


def _row(region: Region | None, defs: list[Definition], members: dict, households: dict) -> Row:
    row = Row(region, members=members.get("count", 0), households=households.get("count", 0))
    for d in defs:
        source = members if d.base == MEMBERS else households
        row.values[d.key] = Figure(
            d.key,
            d.label,
            source.get(f"{d.key}_n", 0),
            source.get(f"{d.key}_d", 0),
            source.get(f"{d.key}_r"),
        )
    return row


def for_region(user, region: Region, *, as_of: dt.date, extra: Sequence[Definition] = ()) -> Row:
    """The region's indicators over its subtree within the user's scope (two
    queries); ``extra`` definitions (e.g. a plan's own rates) are counted in
    the same two queries."""
    defs = definitions(as_of) + list(extra)
    members, households = _querysets(user, region)
    return _row(
        region,
        defs,
        members.aggregate(**_aggregates(defs, MEMBERS)),
        households.aggregate(**_aggregates(defs, HOUSEHOLDS)),
    )


def breakdown(user, region: Region, *, as_of: dt.date) -> Breakdown:
    """The region's total and one row per child region (a village: itself) —
    five queries whatever the number of children or records."""
    defs = definitions(as_of)
    level = group_level(region)
    members, households = _querysets(user, region)
    member_key = group_key(level, village="household__village")
    household_key = group_key(level)
    by_member = {
        item.pop(member_key): item
        for item in members.values(member_key).annotate(**_aggregates(defs, MEMBERS)).order_by()
    }
    by_household = {
        item.pop(household_key): item
        for item in households.values(household_key)
        .annotate(**_aggregates(defs, HOUSEHOLDS))
        .order_by()
    }
    rows = [
        _row(child, defs, by_member.get(child.pk, {}), by_household.get(child.pk, {}))
        for child in child_regions(user, region)
    ]
    return Breakdown(region, as_of, for_region(user, region, as_of=as_of), rows, level)
