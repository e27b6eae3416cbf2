"""Micro-credit pages: overdue amount and rate per county (ranked) with the
city total, the overdue list (a county's staff see their county only) and its
.xlsx, a loan with its repayments. Thin: parse, ask loan_selectors, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_tables2 import RequestConfig

from apps.accounts.access import can_see_loan_borrowers, region_scope
from apps.core.dates import official_date
from apps.core.db_router import reads_from_replica
from apps.core.excel import xlsx_response

from .. import loan_exports
from .. import loan_selectors as loans
from ..loan_forms import AsOfForm, OverdueForm
from ..loan_tables import OverdueLoanTable, shown_id_number

ROWS_PER_PAGE = 50


@reads_from_replica
def loans_page(request: HttpRequest) -> HttpResponse:
    form = AsOfForm(request.GET or None)
    as_of = form.chosen_as_of()
    rows = loans.overdue_by_county(actor=request.user, as_of=as_of)
    return render(
        request,
        "funds/loans.html",
        {
            "form": form,
            "as_of": as_of,
            "ranked": loans.ranked_by_overdue(rows),
            "total": loans.loan_total(actor=request.user, as_of=as_of),
            "city_wide": region_scope(request.user).city_wide,
        },
    )


def _overdue(request: HttpRequest):
    form = OverdueForm(request.GET or None, request=request)
    as_of, county = form.chosen_as_of(), form.chosen_county()
    rows = loans.overdue_loans(actor=request.user, as_of=as_of, region=county)
    return form, as_of, county, rows


@reads_from_replica
def overdue_page(request: HttpRequest) -> HttpResponse:
    form, as_of, county, rows = _overdue(request)
    table = OverdueLoanTable(
        rows, full_ids=can_see_loan_borrowers(request.user), query=f"as_of={as_of.isoformat()}"
    )
    RequestConfig(request, paginate={"per_page": ROWS_PER_PAGE}).configure(table)
    return render(
        request,
        "funds/loans_overdue.html",
        {
            "form": form,
            "as_of": as_of,
            "county": county,
            "table": table,
            "total": loans.overdue_sum(rows),
            "query": request.GET.urlencode(),
            "several_counties": form.fields["county"].queryset.count() > 1,
        },
    )


def overdue_xlsx(request: HttpRequest) -> HttpResponse:
    _form, as_of, county, rows = _overdue(request)
    workbook = loan_exports.overdue_workbook(
        rows,
        as_of=as_of,
        total=loans.overdue_sum(rows),
        full_ids=can_see_loan_borrowers(request.user),
    )
    name = loan_exports.overdue_title(as_of)
    if county is not None:
        name = f"{county.name}{name}"
    return xlsx_response(workbook, f"{name}.xlsx")


@reads_from_replica
def loan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    form = AsOfForm(request.GET or None)
    as_of = form.chosen_as_of()
    loan = loans.loan_in_scope(actor=request.user, pk=pk, as_of=as_of)
    full = can_see_loan_borrowers(request.user, loan.borrower.village)
    return render(
        request,
        "funds/loan_detail.html",
        {
            "form": form,
            "as_of": as_of,
            "as_of_shown": official_date(as_of),
            "loan": loan,
            "id_number": shown_id_number(loan.borrower_id_number, full=full),
            "repayments": loans.repayments(loan),
        },
    )
