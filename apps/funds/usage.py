"""Reads for the fund usage pages, beside ``selectors.py`` (whose ``fund_usage``
gives the totals): the years on record, what was disbursed by a deadline and the
sentence seed 000 writes about it, and a town's projects and expenditures.

All scoped by ``access.scope_queryset``, summed in the database, a constant
number of queries each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.accounts.access import get_object_in_scope, scope_queryset
from apps.regions.models import Level, Region

from .models import Expenditure, FundAllocation, Project
from .selectors import MONEY, TOTAL_INVESTMENT, Percent, Total, UsageRow, _cents, _money


def allocation_years(*, actor) -> list[int]:
    """The years with allocations in the actor's scope, oldest first."""
    years = scope_queryset(FundAllocation.objects.all(), actor).order_by("year")
    return list(years.values_list("year", flat=True).distinct())


def year_range(first: int | None, last: int | None) -> list[int]:
    """The years from ``first`` to ``last`` (either way round), both included."""
    if first is None or last is None:
        return []
    low, high = sorted((first, last))
    return list(range(low, high + 1))


def ranked(rows: list[UsageRow]) -> list[tuple[int, UsageRow]]:
    """Positions for rows already ordered by rate (best first, from the
    database); equal rates share a position (并列)."""
    positions, previous, position = [], object(), 0
    for index, row in enumerate(rows, start=1):
        if row.rate != previous:
            position, previous = index, row.rate
        positions.append((position, row))
    return positions


# --- disbursement by a deadline (seed 000, 下一步 (五)) ---------------------


@dataclass(kw_only=True)
class Disbursement(Total):
    """A county's allocations of the years made by the deadline, and what of
    them was paid out (拨付使用) by that day."""

    county_id: int
    county: str

    @property
    def fully_spent(self) -> bool:
        return self.spent >= self.allocated


# Per county over a materialised per-allocation table, what each county paid
# by the deadline being its allocations' kept sums of all payments
# (``spent_wan``, maintained under the allocation's row lock by every writer)
# less the payments after the day — read over the (paid_on, allocation,
# amount) index, joined to the allocations asked for and summed straight per
# county (100 groups, not one per allocation: a 20 000-group aggregate spilled
# to disk and was half the query). Payments after a deadline are the few:
# summing those before it read every expenditure, a million at the
# benchmark's scale.
_DISBURSEMENT_SQL = """
WITH per_allocation AS MATERIALIZED ({inner}),
paid_later AS (
    SELECT a.county_id, SUM(e.amount_wan) AS amount
    FROM {expenditures} e JOIN per_allocation a ON a.allocation_id = e.allocation_id
    WHERE e.paid_on > %s
    GROUP BY a.county_id
),
per_county AS (
    SELECT county_id, county, code, COALESCE(SUM(amount_wan), 0) AS allocated,
           COALESCE(SUM(spent_wan), 0) AS spent
    FROM per_allocation
    GROUP BY county_id, county, code
)
SELECT * FROM (
    SELECT c.county_id, c.county, c.code, c.allocated,
           c.spent - COALESCE(p.amount, 0) AS spent,
           ROUND(100.0 * (c.spent - COALESCE(p.amount, 0)) / NULLIF(c.allocated, 0), 2) AS rate
    FROM per_county c LEFT JOIN paid_later p ON p.county_id = c.county_id
) AS by_deadline
ORDER BY CASE WHEN rate IS NULL THEN 1 ELSE 0 END, rate, code
"""


def disbursement_by(
    *, actor, years: Iterable[int], deadline: dt.date, region: Region | None = None
) -> list[Disbursement]:
    """Per county in scope: allocations of ``years`` made on or before
    ``deadline`` and what of them was paid out on or before it; furthest
    behind (lowest rate) first. One query."""
    allocations = scope_queryset(
        FundAllocation.objects.filter(year__in=list(years), allocated_on__lte=deadline), actor
    )
    if region is not None:
        allocations = allocations.filter(Region.subtree_q(region, "region__"))
    inner = allocations.order_by().values(
        "amount_wan",
        "spent_wan",
        allocation_id=F("pk"),
        county_id=F("region__county_id"),
        county=F("region__county__name"),
        code=F("region__county__code"),
    )
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # no years asked for
        return []
    connection = connections[inner.db]
    with transaction.atomic(using=inner.db), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The plan's cost passes the JIT threshold, but compiling took
            # 35–70 ms of a query that then runs in about 300 ms.
            cursor.execute("SET LOCAL jit = off")
        expenditures = connection.ops.quote_name(Expenditure._meta.db_table)
        cursor.execute(
            _DISBURSEMENT_SQL.format(inner=sql, expenditures=expenditures),
            (*params, connection.ops.adapt_datefield_value(deadline)),
        )
        rows = cursor.fetchall()
    return [
        Disbursement(
            county_id=county_id,
            county=county,
            allocated=_cents(allocated),
            spent=_cents(spent),
            rate=_cents(rate),
        )
        for county_id, county, _code, allocated, spent, rate in rows
    ]


def behind_sentence(rows: Iterable[Disbursement], deadline: dt.date) -> str:
    """Seed 000's sentence from the records: "雷州市、廉江市……等县（市、区）在
    11月20日前尚未全部拨付使用", or that every county in the rows has."""
    behind = [row.county for row in rows if not row.fully_spent]
    day = date_format(deadline, "MONTH_DAY_FORMAT")
    if not behind:
        return _("Every county had disbursed all its funds by %(date)s.") % {"date": day}
    if len(behind) == 1:
        return _("%(county)s had not yet disbursed all its funds by %(date)s.") % {
            "county": behind[0],
            "date": day,
        }
    return _(
        "%(counties)s and other counties (cities, districts) had not yet disbursed "
        "all their funds by %(date)s."
    ) % {"counties": "、".join(behind), "date": day}


# --- a town's (or village's) projects and expenditures ----------------------


def _spent_on_project():
    return Subquery(
        Expenditure.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum("amount_wan"))
        .values("total"),
        output_field=MONEY,
    )


def with_spent(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Projects annotated with ``total_investment`` (planned) and ``spent``
    (their expenditures; a subquery, so nothing is counted twice)."""
    return projects.annotate(total_investment=TOTAL_INVESTMENT, spent=_money(_spent_on_project()))


def region_projects(*, actor, region: Region, years: Iterable[int] | None = None):
    """The projects in ``region``'s subtree and the actor's scope, with what
    is planned and spent, ordered by code and name."""
    projects = scope_queryset(Project.objects.filter(Region.subtree_q(region, "region__")), actor)
    if years is not None:
        projects = projects.filter(year__in=list(years))
    return with_spent(projects.select_related("region", "region__county", "region__town", "kind"))


def region_expenditures(*, actor, region: Region, years: Iterable[int] | None = None):
    """Expenditures drawing on allocations of ``region``'s subtree, or paying
    for projects there (from the county's own money), newest first."""
    # The keys first (two small indexed queries): an OR across two joins makes
    # PostgreSQL scan every expenditure (0.7 s at a million rows); literal key
    # lists let it combine the allocation and project indexes.
    allocations = FundAllocation.objects.filter(Region.subtree_q(region, "region__"))
    if years is not None:
        allocations = allocations.filter(year__in=list(years))
    allocation_ids = list(allocations.values_list("pk", flat=True))
    project_ids = list(
        Project.objects.filter(Region.subtree_q(region, "region__")).values_list("pk", flat=True)
    )
    rows = Expenditure.objects.filter(
        Q(allocation_id__in=allocation_ids) | Q(project_id__in=project_ids)
    )
    if years is not None:
        rows = rows.filter(allocation__year__in=list(years))
    return expenditure_rows(scope_queryset(rows, actor))


def expenditure_rows(rows: QuerySet[Expenditure]) -> QuerySet[Expenditure]:
    return rows.select_related(
        "allocation",
        "allocation__source",
        "allocation__region",
        "allocation__region__county",
        "allocation__region__town",
        "project",
    ).order_by("-paid_on", "-pk")


def project_expenditures(*, actor, project: Project) -> QuerySet[Expenditure]:
    return expenditure_rows(scope_queryset(project.expenditures.all(), actor))


def expenditure_total(rows: QuerySet[Expenditure]) -> Decimal:
    return rows.order_by().aggregate(total=_money(Sum("amount_wan")))["total"]


def usage_region(*, actor, pk: int) -> Region:
    """A county, town or village in the actor's scope (404 otherwise), with
    its ancestors joined."""
    regions = Region.objects.select_related("city", "county", "town").exclude(level=Level.CITY)
    return get_object_in_scope(regions, actor, pk=pk)


def usage_total(*, actor, years: Iterable[int], region: Region | None = None) -> Total:
    """Allocated, spent and the rate over the whole scope (全市合计). One query."""
    allocations = scope_queryset(FundAllocation.objects.filter(year__in=list(years)), actor)
    if region is not None:
        allocations = allocations.filter(Region.subtree_q(region, "region__"))
    sums = allocations.aggregate(
        allocated=_money(Sum("amount_wan")),
        spent=_money(Sum("spent_wan")),
        rate=Percent(Sum("spent_wan"), Sum("amount_wan")),
    )
    return Total(**sums)


def usage_by_source(*, actor, years: Iterable[int], region: Region | None = None) -> list[dict]:
    """Per source level over the whole scope (or ``region``): ``source_name``,
    ``allocated``, ``spent``, ``rate``, in the list's order. One query."""
    allocations = scope_queryset(FundAllocation.objects.filter(year__in=list(years)), actor)
    if region is not None:
        allocations = allocations.filter(Region.subtree_q(region, "region__"))
    return list(
        allocations.order_by()
        .values("source_id", source_name=F("source__name"), source_order=F("source__order"))
        .annotate(
            allocated=_money(Sum("amount_wan")),
            spent=_money(Sum("spent_wan")),
            rate=Percent(Sum("spent_wan"), Sum("amount_wan")),
        )
        .order_by("source_order", "source_name")
    )
