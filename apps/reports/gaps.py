"""Gap reports (seed 004): what each assisting unit and each village still has
to put right — counted in the database, per unit and per village.

- students without the living subsidy: members in school (IN_SCHOOL) not
  recorded as receiving it (是否享受生活补助 not 是) — seed 004's 124;
- dibao-eligible households not enrolled: no member with labour capacity,
  per-capita net income below the year's poverty line, and neither in the
  dibao/destitute category nor with a member receiving either;
- members without basic medical insurance (not recorded as insured);
- members aged 16+ not in school without basic pension insurance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.households.models import IN_SCHOOL, Member
from apps.regions.models import Region

from .reporting import (
    aged,
    enrolled_in_support,
    has_labour_member,
    poverty_line,
    village_full_name,
    within,
)


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise


COLUMNS = (
    Column("students", _("Students in school without the living subsidy")),
    Column("dibao_eligible", _("Dibao-eligible households not enrolled")),
    Column("no_medical", _("Members without medical insurance")),
    Column("no_pension", _("Members aged 16+ not in school without pension insurance")),
)


@dataclass
class GapReport:
    region: Region
    as_of: dt.date
    line_year: int
    poverty_line: object
    total: dict
    by_unit: QuerySet
    by_village: QuerySet


def _counts(as_of: dt.date, line) -> dict:
    not_in_school = ~Q(school_status__in=IN_SCHOOL)
    # Cheap household tests first: the EXISTS probes then run for few rows.
    eligible = (
        Q(household__per_capita_income__lt=line)
        & ~enrolled_in_support(household="household_id", prefix="household__")
        & ~has_labour_member(household="household_id")
    )
    return {
        "students": Count(
            "pk", filter=Q(school_status__in=IN_SCHOOL) & ~Q(receives_living_subsidy=True)
        ),
        "dibao_eligible": Count("household_id", distinct=True, filter=eligible),
        "no_medical": Count("pk", filter=~Q(has_medical_insurance=True)),
        "no_pension": Count(
            "pk", filter=aged(as_of, 16) & not_in_school & ~Q(has_pension_insurance=True)
        ),
    }


def report(user, region: Region, *, as_of: dt.date) -> GapReport:
    """Totals (one query) and the per-unit and per-village querysets (one
    grouped query each, plus a COUNT when a table is paginated)."""
    line_year, line = poverty_line(as_of.year)
    members = Member.objects.filter(within(user, region, village="household__village"))
    counts = _counts(as_of, line)
    by_unit = (
        members.values(unit=F("household__assisting_unit__name"))
        .annotate(**counts)
        .order_by(F("unit").asc(nulls_last=True))
    )
    by_village = (
        members.values(village=F("household__village_id"))
        .annotate(label=village_full_name("household__village"), **counts)
        .order_by("household__village__county__code", "label")
    )
    return GapReport(
        region, as_of, line_year, line, members.aggregate(**counts), by_unit, by_village
    )
