"""Micro-loans, their repayments, and the counties' guarantee funds."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import DecimalField, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from apps.households.models import Household
from apps.regions.models import Region

from ..models import LOAN_PLACES, ZERO, GuaranteeFund, LoanRepayment, MicroLoan
from ..models.base import cents
from .common import require_keeper, save_new, update_versioned, writing

LOAN_FIELDS = frozenset(
    {
        "borrower",
        "bank",
        "contract_number",
        "amount_wan",
        "issued_on",
        "term_months",
        "due_on",
        "interest_subsidy_wan",
    }
)
REPAYMENT_FIELDS = frozenset({"paid_on", "amount_wan"})
GUARANTEE_FIELDS = frozenset({"county", "bank", "amount_wan", "deposited_on"})
_LOAN_MONEY = DecimalField(max_digits=14, decimal_places=LOAN_PLACES)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def do_create_loan(
    *,
    actor,
    borrower: Household,
    bank: str,
    contract_number: str,
    amount_wan: Decimal,
    issued_on: dt.date,
    term_months: int,
    due_on: dt.date | None = None,
    interest_subsidy_wan: Decimal = ZERO,
) -> MicroLoan:
    """A loan to a registered household; due ``term_months`` after issue
    unless the contract names another due date."""
    with writing(actor):
        require_keeper(actor, borrower.village)
        return save_new(
            MicroLoan(
                borrower=borrower,
                bank=bank,
                contract_number=contract_number,
                amount_wan=amount_wan,
                issued_on=issued_on,
                term_months=term_months,
                due_on=due_on or add_months(issued_on, term_months),
                interest_subsidy_wan=interest_subsidy_wan,
            )
        )


def do_update_loan(
    *, actor, loan: MicroLoan, expected_version: int | None, changes: Mapping[str, object]
) -> MicroLoan:
    with writing(actor):
        current = update_versioned(
            actor=actor,
            model=MicroLoan,
            pk=loan.pk,
            expected_version=expected_version,
            changes=changes,
            allowed=LOAN_FIELDS,
            region_of=lambda m: m.borrower.village,
        )
        check_repaid(current, ZERO)
        return current


def check_repaid(loan: MicroLoan, more: Decimal, *, excluding: int | None = None) -> None:
    """Refuse repayments above the loan (the loan's row is locked by the caller)."""
    rows = LoanRepayment.objects.filter(loan=loan)
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    repaid = rows.aggregate(total=Coalesce(Sum("amount_wan"), ZERO, output_field=_LOAN_MONEY))[
        "total"
    ]
    if repaid + more > loan.amount_wan:
        raise ValidationError(
            _(
                "Repayments of loan %(loan)s would exceed it: %(amount)s万元 lent, "
                "%(repaid)s万元 repaid, %(asked)s万元 more asked."
            )
            % {
                "loan": loan,
                "amount": cents(loan.amount_wan, LOAN_PLACES),
                "repaid": cents(repaid, LOAN_PLACES),
                "asked": cents(more, LOAN_PLACES),
            },
            code="overpaid",
        )


def do_record_repayment(
    *, actor, loan: MicroLoan, paid_on: dt.date, amount_wan: Decimal
) -> LoanRepayment:
    with writing(actor):
        locked = MicroLoan._base_manager.select_for_update().get(pk=loan.pk)
        require_keeper(actor, locked.borrower.village)
        repayment = LoanRepayment(loan=locked, paid_on=paid_on, amount_wan=amount_wan)
        repayment.full_clean()
        if paid_on < locked.issued_on:
            raise ValidationError(_("A repayment cannot come before the loan was issued."))
        check_repaid(locked, repayment.amount_wan)
        repayment.save()
        return repayment


def do_update_repayment(
    *,
    actor,
    repayment: LoanRepayment,
    expected_version: int | None,
    changes: Mapping[str, object],
) -> LoanRepayment:
    with writing(actor):
        loan = MicroLoan._base_manager.select_for_update().get(pk=repayment.loan_id)
        current = update_versioned(
            actor=actor,
            model=LoanRepayment,
            pk=repayment.pk,
            expected_version=expected_version,
            changes=changes,
            allowed=REPAYMENT_FIELDS,
            region_of=lambda r: r.loan.borrower.village,
        )
        check_repaid(loan, current.amount_wan, excluding=current.pk)
        return current


def do_create_guarantee_fund(
    *, actor, county: Region, bank: str, amount_wan: Decimal, deposited_on: dt.date
) -> GuaranteeFund:
    with writing(actor):
        require_keeper(actor, county)
        return save_new(
            GuaranteeFund(
                county=county, bank=bank, amount_wan=amount_wan, deposited_on=deposited_on
            )
        )


def do_update_guarantee_fund(
    *,
    actor,
    fund: GuaranteeFund,
    expected_version: int | None,
    changes: Mapping[str, object],
) -> GuaranteeFund:
    with writing(actor):
        return update_versioned(
            actor=actor,
            model=GuaranteeFund,
            pk=fund.pk,
            expected_version=expected_version,
            changes=changes,
            allowed=GUARANTEE_FIELDS,
            region_of=lambda g: g.county,
        )
