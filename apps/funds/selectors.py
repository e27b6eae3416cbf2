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
from decimal import Context, Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections
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


@dataclass
class Total:
    """Allocated, spent and the usage rate of some money."""

    allocated: Decimal
    spent: Decimal
    rate: Decimal | None

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.spent


# Per county (or town) and source level summed once over the allocations (a
# materialised CTE); the rows' totals and the grand total are sums of those
# few sums, not two more passes over every allocation (20 000 at the
# benchmark's scale). Parts: 0 the rows' totals, best rate first; 1 their
# split by source, in the sources' order; 2 the grand total.
_USAGE_SQL = """
WITH per_source AS MATERIALIZED ({inner})
SELECT * FROM (
    SELECT 0 AS part, {keys}, NULL AS source_name, NULL AS source_order,
           SUM(allocated) AS allocated, SUM(spent) AS spent,
           ROUND(100.0 * SUM(spent) / NULLIF(SUM(allocated), 0), 2) AS rate
    FROM per_source GROUP BY {keys}
    UNION ALL
    SELECT 1 AS part, {keys}, source_name, source_order, allocated, spent,
           ROUND(100.0 * spent / NULLIF(allocated, 0), 2) AS rate
    FROM per_source
    UNION ALL
    SELECT 2 AS part, {nulls}, NULL, NULL, SUM(allocated), SUM(spent),
           ROUND(100.0 * SUM(spent) / NULLIF(SUM(allocated), 0), 2)
    FROM per_source
) AS usage
ORDER BY part, CASE WHEN part = 0 AND rate IS NULL THEN 1 ELSE 0 END,
         CASE WHEN part = 0 THEN rate END DESC, {keys}, source_order, source_name
"""
_KEYS = ("county_id", "county", "town_id", "town")


def fund_usage(
    *, actor, years: Iterable[int], by: str = "county", region: Region | None = None
) -> list[UsageRow]:
    """Allocated (到位), spent (已使用) and usage rate per county or per town,
    for allocations of ``years`` in the actor's scope (and under ``region``),
    best rate first, each with its split by source level. One query."""
    return usage_table(actor=actor, years=years, by=by, region=region)[0]


def usage_table(
    *, actor, years: Iterable[int], by: str = "county", region: Region | None = None
) -> tuple[list[UsageRow], Total]:
    """``fund_usage``'s rows and their grand total (全市合计), in one query."""
    if by not in ("county", "town"):
        raise ValueError(f"by must be 'county' or 'town', not {by!r}")
    keys = {"county_id": F("region__county_id"), "county": F("region__county__name")}
    if by == "town":
        keys |= {"town_id": F("region__town_id"), "town": F("region__town__name")}
    allocations = _in_region(
        scope_queryset(FundAllocation.objects.filter(year__in=list(years)), actor),
        region,
        "region__",
    ).order_by()
    inner = allocations.values(
        **keys, source_name=F("source__name"), source_order=F("source__order")
    ).annotate(allocated=Sum("amount_wan"), spent=Sum("spent_wan"))
    empty = Total(allocated=ZERO, spent=ZERO, rate=None)
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # no years asked for
        return [], empty
    connection = connections[inner.db]
    names = ", ".join(connection.ops.quote_name(key) for key in keys)
    query = _USAGE_SQL.format(inner=sql, keys=names, nulls=", ".join(["NULL"] * len(keys)))
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        fetched = cursor.fetchall()
    rows: dict[tuple, UsageRow] = {}
    total = empty
    for part, *values in fetched:
        named = dict(zip(keys, values, strict=False))
        source, _order, allocated, spent, rate = values[len(keys) :]
        money = {"allocated": _cents(allocated), "spent": _cents(spent), "rate": _cents(rate)}
        key = (named["county_id"], named.get("town_id"))
        if part == 0:
            rows[key] = UsageRow(
                county_id=named["county_id"],
                county=named["county"],
                town_id=named.get("town_id"),
                town=named.get("town"),
                **money,
            )
        elif part == 1:
            rows[key].by_source.append(SourceUsage(source, **money))
        elif money["allocated"] is not None:
            total = Total(**money)
    return list(rows.values()), total


_CENT = Decimal("0.01")


def _cents(value) -> Decimal | None:
    """A sum or rate from a raw query as a 2-place Decimal (SQLite answers
    floats; converted as Django's own DecimalField converter does)."""
    if value is None:
        return None
    if isinstance(value, float):
        value = Context(prec=15).create_decimal_from_float(value)
    return Decimal(value).quantize(_CENT)


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
