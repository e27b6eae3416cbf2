"""Micro-loans (扶贫小额信贷): natural key bank + contract number; the
borrower is a registered household, found by its household number."""

from __future__ import annotations

from django.db.models import Q

from apps.households.models import Household

from ..models import ZERO, MicroLoan
from ..services import add_months, do_create_loan, do_update_loan
from .columns import LOAN_COLUMNS
from .context import WRITE_ERRORS, Checking

FIELDS = ("borrower", "amount_wan", "issued_on", "term_months", "due_on", "interest_subsidy_wan")
_BY_FIELD = {c.field: c for c in LOAN_COLUMNS}


def check(sheet, ctx: Checking):
    numbers = {v["borrower"] for _, v in sheet.rows if v.get("borrower")}
    households = {
        h.number: h
        for h in Household.objects.filter(number__in=numbers).select_related(
            "village", "village__county", "village__town"
        )
    }
    keyed: dict[tuple, int] = {}
    rows = []
    for number, values in sheet.rows:
        household = households.get(values.get("borrower") or "")
        if values.get("borrower") and household is None:
            ctx.problem(
                number, _BY_FIELD["borrower"], values["borrower"], "户编号不存在于建档立卡户中"
            )
        if household is not None and not ctx.keeps(
            number, _BY_FIELD["borrower"], household.village, values["borrower"]
        ):
            household = None
        if household is None or None in (values.get("issued_on"), values.get("term_months")):
            continue
        if values.get("amount_wan") is None or not values.get("contract_number"):
            continue
        values = {**values, "borrower": household}
        values["due_on"] = values.get("due_on") or add_months(
            values["issued_on"], values["term_months"]
        )
        if values["due_on"] < values["issued_on"]:
            ctx.problem(number, _BY_FIELD["due_on"], values["due_on"], "到期日期早于发放日期")
            continue
        if values.get("interest_subsidy_wan") is None:
            values["interest_subsidy_wan"] = ZERO
        key = (values["bank"], values["contract_number"])
        if key in keyed:
            ctx.problem(number, _BY_FIELD["contract_number"], key[1], f"与第{keyed[key]}行重复")
            continue
        keyed[key] = number
        rows.append((number, values, key))
    condition = Q(pk__in=[])
    for bank, contract in (key for *_, key in rows):
        condition |= Q(bank=bank, contract_number=contract)
    stored = {
        (m.bank, m.contract_number): m
        for m in MicroLoan.objects.filter(condition).select_related("borrower__village")
    }
    planned = []
    for number, values, key in rows:
        existing = stored.get(key)
        if existing is not None and not ctx.keeps(
            number, _BY_FIELD["contract_number"], existing.borrower.village, key[1]
        ):
            continue
        planned.append((number, values, existing))
    return planned


def write(planned, actor):
    created = updated = 0
    errors = []
    for number, values, existing in planned:
        try:
            if existing is None:
                do_create_loan(
                    actor=actor,
                    bank=values["bank"],
                    contract_number=values["contract_number"],
                    **{f: values[f] for f in FIELDS if f in values},
                )
                created += 1
                continue
            changes = {
                f: values[f] for f in FIELDS if f in values and values[f] != getattr(existing, f)
            }
            if changes:
                do_update_loan(actor=actor, loan=existing, expected_version=None, changes=changes)
                updated += 1
        except WRITE_ERRORS as error:  # reported at its row; the whole import rolls back
            errors.append((number, error))
    return created, updated, errors
