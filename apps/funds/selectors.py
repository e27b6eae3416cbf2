"""Reads: the aggregations the funds pages, commands and bulletins need, all
scoped by ``access.scope_queryset`` and computed in the database, each a
constant number of queries whatever the number of rows.

Rates are ``ROUND(100 · numerator / denominator, 2)`` in SQL, returned with
their numerator and denominator (NULL rate when the denominator is 0).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import GreaterThan

from apps.accounts.access import scope_queryset
from apps.regions.models import Level, Region

from .models import (
    LOAN_PLACES,
    ZERO,
    AssetDocument,
    AssetDocumentKind,
    FundAllocation,
    LoanRepayment,
    MicroLoan,
    Project,
)

MONEY = DecimalField(max_digits=14, decimal_places=2)
LOAN_MONEY = DecimalField(max_digits=16, decimal_places=LOAN_PLACES)
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


# --- assets -----------------------------------------------------------------


def counties_missing_asset_documents(*, actor) -> dict[str, list[Region]]:
    """Per document kind (运营机制, 收益及分配方案, 管理办法), the counties in
    scope without that document proven by a file — seed 000 (六)'s list.
    One query: counties annotated with whether each kind is in place."""
    proven = {
        kind: Exists(
            AssetDocument.objects.filter(county=OuterRef("pk"), kind=kind, evidence__isnull=False)
        )
        for kind in AssetDocumentKind.values
    }
    counties = scope_queryset(Region.objects.filter(level=Level.COUNTY), actor)
    counties = counties.annotate(**{f"has_{kind}": check for kind, check in proven.items()})
    missing: dict[str, list[Region]] = {kind: [] for kind in AssetDocumentKind.values}
    for county in counties.order_by("code", "name"):
        for kind in AssetDocumentKind.values:
            if not getattr(county, f"has_{kind}"):
                missing[kind].append(county)
    return missing


# --- micro-credit -----------------------------------------------------------


def _repaid_by(as_of: dt.date):
    return Coalesce(
        Subquery(
            LoanRepayment.objects.filter(loan=OuterRef("pk"), paid_on__lte=as_of)
            .order_by()
            .values("loan")
            .annotate(total=Sum("amount_wan"))
            .values("total"),
            output_field=LOAN_MONEY,
        ),
        Value(ZERO),
        output_field=LOAN_MONEY,
    )


def _loan_amounts(as_of: dt.date) -> dict:
    """Per loan on ``as_of``: ``repaid`` (repayments up to that day),
    ``outstanding`` = max(0, amount − repaid), ``overdue`` = the outstanding
    part when the loan fell due before ``as_of``, else 0."""
    repaid = _repaid_by(as_of)
    outstanding = Greatest(F("amount_wan") - repaid, Value(ZERO), output_field=LOAN_MONEY)
    overdue = Case(
        When(due_on__lt=as_of, then=outstanding), default=Value(ZERO), output_field=LOAN_MONEY
    )
    return {"repaid": repaid, "outstanding": outstanding, "overdue": overdue}


def _loans(actor, as_of: dt.date, region: Region | None) -> QuerySet[MicroLoan]:
    loans = scope_queryset(MicroLoan.objects.filter(issued_on__lte=as_of), actor)
    return _in_region(loans, region, "borrower__village__")


def loans_as_of(*, actor, as_of: dt.date, region: Region | None = None) -> QuerySet[MicroLoan]:
    """Loans issued by ``as_of`` in scope, annotated with ``repaid``,
    ``outstanding`` and ``overdue`` on that day (see ``_loan_amounts``)."""
    return _loans(actor, as_of, region).annotate(**_loan_amounts(as_of))


def overdue_loans(*, actor, as_of: dt.date, region: Region | None = None) -> QuerySet[MicroLoan]:
    """The loans overdue on ``as_of`` (for the county staff's list), largest first."""
    return (
        loans_as_of(actor=actor, as_of=as_of, region=region)
        .filter(overdue__gt=0)
        .select_related("borrower", "borrower__village", "borrower__village__county")
        .order_by("-overdue", "due_on", "pk")
    )


def overdue_by_county(*, actor, as_of: dt.date) -> list[dict]:
    """Per county in scope, highest overdue amount first: ``overdue`` (万元),
    ``overdue_count`` (loans), ``outstanding`` and ``loan_count`` (loans with
    something unpaid), ``rate`` = overdue ÷ outstanding in percent. One query."""
    amount = _loan_amounts(as_of)
    return list(
        _loans(actor, as_of, None)
        .order_by()
        .values(county_id=F("borrower__village__county_id"))
        .annotate(
            county=F("borrower__village__county__name"),
            overdue=_money(Sum(amount["overdue"]), LOAN_MONEY),
            overdue_count=Count("pk", filter=Q(due_on__lt=as_of) & _unpaid(amount)),
            outstanding=_money(Sum(amount["outstanding"]), LOAN_MONEY),
            loan_count=Count("pk", filter=_unpaid(amount)),
            rate=Percent(Sum(amount["overdue"]), Sum(amount["outstanding"])),
        )
        .order_by("-overdue", "county")
    )


def _unpaid(amount: dict) -> Q:
    return Q(GreaterThan(amount["outstanding"], Value(ZERO)))


def overdue_total(*, actor, as_of: dt.date) -> Decimal:
    """The overdue amount over the actor's scope (the city's 978.22万元)."""
    overdue = _loan_amounts(as_of)["overdue"]
    return _loans(actor, as_of, None).aggregate(total=_money(Sum(overdue), LOAN_MONEY))["total"]
