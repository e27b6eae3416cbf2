"""Reads: the aggregations the funds pages, commands and bulletins need, all
scoped by ``access.scope_queryset`` and computed in the database, each a
constant number of queries whatever the number of rows.

Rates are ``ROUND(100 · numerator / denominator, 2)`` in SQL, returned with
their numerator and denominator (NULL rate when the denominator is 0).
Micro-credit and asset reads are in ``loan_selectors.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    Func,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from apps.accounts.access import scope_queryset
from apps.regions.models import Region

from .models import ZERO, FundAllocation, Project

MONEY = DecimalField(max_digits=14, decimal_places=2)
RATE = DecimalField(max_digits=7, decimal_places=2)


class Percent(Func):
    """ROUND(100 · a / NULLIF(b, 0), 2): exact NUMERIC on PostgreSQL; on SQLite
    through REAL (its decimals are stored as numbers, and 100.0 keeps integer
    sums from dividing as integers)."""

    arity = 2
    arg_joiner = " / NULLIF("
    template = "ROUND(100.0 * %(expressions)s, 0), 2)"
    output_field = RATE


def _money(expression, output_field=MONEY):
    return Coalesce(expression, Value(ZERO), output_field=output_field)


def _in_region(queryset: QuerySet, region: Region | None, prefix: str) -> QuerySet:
    return queryset if region is None else queryset.filter(Region.subtree_q(region, prefix))


# --- fund usage -------------------------------------------------------------


@dataclass
class SourceUsage:
    source: str
    allocated: Decimal
    spent: Decimal
    rate: Decimal | None


@dataclass
class UsageRow:
    """One county (or town) over the years: allocated, spent and the usage rate,
    and the same per source level (in the sources' order). For ``by="town"``,
    money allocated to the county itself has a row of its own (``town_id`` None)."""

    county_id: int
    county: str
    town_id: int | None
    town: str | None
    allocated: Decimal
    spent: Decimal
    rate: Decimal | None
    by_source: list[SourceUsage] = field(default_factory=list)

    @property
    def region_id(self) -> int:
        return self.town_id or self.county_id

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.spent


def fund_usage(
    *, actor, years: Iterable[int], by: str = "county", region: Region | None = None
) -> list[UsageRow]:
    """Allocated (到位), spent (已使用) and usage rate per county or per town,
    for allocations of ``years`` in the actor's scope (and under ``region``),
    best rate first. Two queries: the totals and the per-source split."""
    if by not in ("county", "town"):
        raise ValueError(f"by must be 'county' or 'town', not {by!r}")
    keys = ["region__county_id", "region__county__name"]
    if by == "town":
        keys += ["region__town_id", "region__town__name"]
    allocations = _in_region(
        scope_queryset(FundAllocation.objects.filter(year__in=list(years)), actor),
        region,
        "region__",
    ).order_by()
    sums = {
        "allocated": _money(Sum("amount_wan")),
        "spent": _money(Sum("spent_wan")),
        "rate": Percent(Sum("spent_wan"), Sum("amount_wan")),
    }
    totals = allocations.values(*keys).annotate(**sums)
    per_source = (
        allocations.values(*keys, "source__name", "source__order")
        .annotate(**sums)
        .order_by("source__order", "source__name")
    )
    rows: dict[tuple, UsageRow] = {}
    for item in totals.order_by(F("rate").desc(nulls_last=True), *keys):
        key = (item["region__county_id"], item.get("region__town_id"))
        rows[key] = UsageRow(
            county_id=item["region__county_id"],
            county=item["region__county__name"],
            town_id=item.get("region__town_id"),
            town=item.get("region__town__name"),
            allocated=item["allocated"],
            spent=item["spent"],
            rate=item["rate"],
        )
    for item in per_source:
        key = (item["region__county_id"], item.get("region__town_id"))
        rows[key].by_source.append(
            SourceUsage(item["source__name"], item["allocated"], item["spent"], item["rate"])
        )
    return list(rows.values())


def not_fully_spent(rows: Iterable[UsageRow]) -> list[UsageRow]:
    """The rows with money left unspent (seed 000's counties to disburse)."""
    return [row for row in rows if row.spent < row.allocated]


# --- projects ---------------------------------------------------------------

TOTAL_INVESTMENT = F("special_funds_wan") + F("self_raised_wan") + F("other_wan")


def projects(*, actor, region: Region | None = None, years: Iterable[int] | None = None):
    """The project ledger's rows in scope, with ``total_investment`` computed
    in the database (ordered; the page filters and paginates)."""
    rows = scope_queryset(Project.objects.all(), actor)
    rows = _in_region(rows, region, "region__")
    if years is not None:
        rows = rows.filter(year__in=list(years))
    return rows.select_related("region", "region__county", "region__town", "kind").annotate(
        total_investment=TOTAL_INVESTMENT
    )


def totals_by_kind(rows: QuerySet[Project]) -> list[dict]:
    """Per kind of ``rows`` (a filtered ledger): ``count`` and investment
    (``special``, ``self_raised``, ``other``, ``total``), e.g. Xuwen's 23
    town-level projects, 7670.12万元. One query."""
    return list(
        rows.select_related(None)
        .order_by()
        .values("kind_id", kind_name=F("kind__name"), kind_order=F("kind__order"))
        .annotate(
            count=Count("pk"),
            special=_money(Sum("special_funds_wan")),
            self_raised=_money(Sum("self_raised_wan")),
            other=_money(Sum("other_wan")),
            total=_money(Sum(TOTAL_INVESTMENT)),
        )
        .order_by("kind_order", "kind_name")
    )


def project_totals_by_kind(*, actor, region: Region | None, years: Iterable[int]) -> list[dict]:
    """``totals_by_kind`` of the projects in scope, in ``region``, of ``years``."""
    return totals_by_kind(projects(actor=actor, region=region, years=years))
