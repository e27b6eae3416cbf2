"""Reads for micro-credit (扶贫小额信贷) and assets (扶贫资产): overdue amounts on
an as-of date per loan, per county (ranked) and for the city, the overdue list,
a loan with its repayments, the asset register and the counties' three asset
documents. Scoped by ``access.scope_queryset``, summed in the database, a
constant number of queries each.

Overdue on ``as_of`` = the part of a loan still unpaid (amount − repayments
paid on or before ``as_of``) when the loan fell due before ``as_of``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import GreaterThan

from apps.accounts.access import get_object_in_scope, scope_queryset
from apps.households.models import Member
from apps.regions.models import Level, Region

from .models import (
    LOAN_PLACES,
    ZERO,
    Asset,
    AssetDocument,
    AssetDocumentKind,
    AssetIncome,
    LoanRepayment,
    MicroLoan,
)
from .selectors import Percent, _in_region, _money

LOAN_MONEY = DecimalField(max_digits=16, decimal_places=LOAN_PLACES)


# --- per loan ---------------------------------------------------------------


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


def _unpaid(amount: dict) -> Q:
    return Q(GreaterThan(amount["outstanding"], Value(ZERO)))


def _loans(actor, as_of: dt.date, region: Region | None) -> QuerySet[MicroLoan]:
    loans = scope_queryset(MicroLoan.objects.filter(issued_on__lte=as_of), actor)
    return _in_region(loans, region, "borrower__village__")


def _head(column: str):
    """The borrower household's head (户主): name or ID number, as a subquery."""
    return Subquery(
        Member.objects.filter(household=OuterRef("borrower"), relationship="户主")
        .order_by("pk")
        .values(column)[:1],
        output_field=CharField(),
    )


def with_borrower(loans: QuerySet[MicroLoan]) -> QuerySet[MicroLoan]:
    """Loans with ``borrower_name`` and ``borrower_id_number`` (the head of the
    household; mask the number unless ``access.can_see_loan_borrowers``)."""
    return loans.select_related(
        "borrower", "borrower__village", "borrower__village__town", "borrower__village__county"
    ).annotate(borrower_name=_head("name"), borrower_id_number=_head("id_number"))


def loans_as_of(*, actor, as_of: dt.date, region: Region | None = None) -> QuerySet[MicroLoan]:
    """Loans issued by ``as_of`` in scope, annotated with ``repaid``,
    ``outstanding`` and ``overdue`` on that day (see ``_loan_amounts``)."""
    return _loans(actor, as_of, region).annotate(**_loan_amounts(as_of))


def overdue_loans(*, actor, as_of: dt.date, region: Region | None = None) -> QuerySet[MicroLoan]:
    """The loans overdue on ``as_of`` (the county staff's list), largest first."""
    return with_borrower(
        loans_as_of(actor=actor, as_of=as_of, region=region).filter(overdue__gt=0)
    ).order_by("-overdue", "due_on", "pk")


def overdue_sum(loans: QuerySet[MicroLoan]) -> Decimal:
    """The overdue amount of ``loans`` (from ``overdue_loans``). One query."""
    return loans.order_by().aggregate(total=_money(Sum("overdue"), LOAN_MONEY))["total"]


def loan_in_scope(*, actor, pk: int, as_of: dt.date) -> MicroLoan:
    """One loan with its amounts on ``as_of`` (404 outside the actor's scope)."""
    loans = with_borrower(MicroLoan.objects.annotate(**_loan_amounts(as_of)))
    return get_object_in_scope(loans, actor, pk=pk)


def repayments(loan: MicroLoan) -> list[LoanRepayment]:
    return list(loan.repayments.order_by("paid_on", "pk"))


# --- per county and the city ------------------------------------------------


def _county_sums(as_of: dt.date) -> dict:
    amount = _loan_amounts(as_of)
    return {
        "overdue": _money(Sum(amount["overdue"]), LOAN_MONEY),
        "overdue_count": Count("pk", filter=Q(due_on__lt=as_of) & _unpaid(amount)),
        "outstanding": _money(Sum(amount["outstanding"]), LOAN_MONEY),
        "loan_count": Count("pk", filter=_unpaid(amount)),
        "rate": Percent(Sum(amount["overdue"]), Sum(amount["outstanding"])),
    }


def overdue_by_county(*, actor, as_of: dt.date) -> list[dict]:
    """Per county in scope, highest overdue amount first: ``overdue`` (万元),
    ``overdue_count`` (loans), ``outstanding`` and ``loan_count`` (loans with
    something unpaid), ``rate`` = overdue ÷ outstanding in percent. One query."""
    return list(
        _loans(actor, as_of, None)
        .order_by()
        .values(county_id=F("borrower__village__county_id"))
        .annotate(county=F("borrower__village__county__name"), **_county_sums(as_of))
        .order_by("-overdue", "county")
    )


def ranked_by_overdue(rows: list[dict]) -> list[tuple[int, dict]]:
    """Positions for rows ordered by overdue amount (largest first, as seed
    000's "排名全省前列" ranks them); equal amounts share a position (并列)."""
    positions, previous, position = [], object(), 0
    for index, row in enumerate(rows, start=1):
        if row["overdue"] != previous:
            position, previous = index, row["overdue"]
        positions.append((position, row))
    return positions


@dataclass
class LoanTotal:
    """The city's (the scope's) loans on an as-of date."""

    overdue: Decimal
    overdue_count: int
    outstanding: Decimal
    loan_count: int
    rate: Decimal | None


def loan_total(*, actor, as_of: dt.date) -> LoanTotal:
    """Over the actor's scope (全市合计): the 978.22万元 of the demo. One query."""
    return LoanTotal(**_loans(actor, as_of, None).aggregate(**_county_sums(as_of)))


def overdue_total(*, actor, as_of: dt.date) -> Decimal:
    """The overdue amount over the actor's scope (the city's 978.22万元)."""
    return loan_total(actor=actor, as_of=as_of).overdue


# --- assets -----------------------------------------------------------------


def asset_register(*, actor, region: Region | None = None) -> QuerySet[Asset]:
    """Assets in scope with their project and region, and ``income_rows``
    (each year's income and what went to households, newest first): two
    queries whatever the number of assets."""
    assets = _in_region(scope_queryset(Asset.objects.all(), actor), region, "project__region__")
    return assets.select_related(
        "project", "project__region", "project__region__county", "project__region__town"
    ).prefetch_related(
        Prefetch("incomes", queryset=AssetIncome.objects.order_by("-year"), to_attr="income_rows")
    )


def asset_totals(assets: QuerySet[Asset]) -> dict:
    """Per kind of ``assets``: ``count`` and ``value``. One query."""
    return {
        row["kind"]: row
        for row in assets.order_by()
        .values("kind")
        .annotate(count=Count("pk"), value=_money(Sum("value_wan")))
    }


def _proven(kind: str):
    return Exists(
        AssetDocument.objects.filter(county=OuterRef("pk"), kind=kind, evidence__isnull=False)
    )


def _recorded(kind: str):
    return Exists(AssetDocument.objects.filter(county=OuterRef("pk"), kind=kind))


def asset_documents_by_county(*, actor) -> list[Region]:
    """The counties in scope, each with ``has_<kind>`` (a document proven by a
    file) and ``recorded_<kind>`` (a document entered, file or not) for the
    three kinds. One query."""
    counties = scope_queryset(Region.objects.filter(level=Level.COUNTY), actor)
    checks = {}
    for kind in AssetDocumentKind.values:
        checks[f"has_{kind}"] = _proven(kind)
        checks[f"recorded_{kind}"] = _recorded(kind)
    return list(counties.annotate(**checks).order_by("code", "name"))


def counties_missing_asset_documents(*, actor) -> dict[str, list[Region]]:
    """Per document kind (运营机制, 收益及分配方案, 管理办法), the counties in
    scope without that document proven by a file — seed 000 (六)'s list."""
    missing: dict[str, list[Region]] = {kind: [] for kind in AssetDocumentKind.values}
    for county in asset_documents_by_county(actor=actor):
        for kind in AssetDocumentKind.values:
            if not getattr(county, f"has_{kind}"):
                missing[kind].append(county)
    return missing
