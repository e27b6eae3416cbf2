"""The overdue-loan list as an .xlsx: Chinese headers, amounts as numbers in
万元 (two decimals shown), dates written officially, every text cell through
``safe_cell`` (a name starting with = is text, never a formula), ID numbers
masked unless the user may see them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from apps.core.dates import official_date
from apps.core.excel import safe_cell

from .exports import MONEY_FORMAT, _header
from .loan_tables import shown_id_number
from .models import MicroLoan

COLUMNS = (  # header, width
    (lambda: pgettext("matrix", "No."), 6),
    (lambda: _("County"), 12),
    (lambda: _("Town"), 12),
    (lambda: _("Village"), 12),
    (lambda: _("borrower"), 10),
    (lambda: _("ID number"), 22),
    (lambda: _("bank"), 22),
    (lambda: _("contract number"), 18),
    (lambda: _("loan amount (万元)"), 12),
    (lambda: _("issued on"), 16),
    (lambda: _("due on"), 16),
    (lambda: _("Repaid by then (万元)"), 14),
    (lambda: _("Overdue (万元)"), 12),
)
MONEY_COLUMNS = {8, 11, 12}


def overdue_title(as_of: dt.date) -> str:
    return _("Overdue micro-loans on %(date)s") % {"date": official_date(as_of)}


def _values(number: int, loan: MicroLoan, full_ids: bool) -> list:
    village = loan.borrower.village
    return [
        number,
        safe_cell(village.county.name if village.county_id else ""),
        safe_cell(village.town.name if village.town_id else ""),
        safe_cell(village.name),
        safe_cell(loan.borrower_name or ""),
        safe_cell(shown_id_number(loan.borrower_id_number, full=full_ids)),
        safe_cell(loan.bank),
        safe_cell(loan.contract_number),
        loan.amount_wan,
        official_date(loan.issued_on),
        official_date(loan.due_on),
        loan.repaid,
        loan.overdue,
    ]


def overdue_workbook(
    loans: QuerySet[MicroLoan], *, as_of: dt.date, total: Decimal, full_ids: bool
) -> Workbook:
    """``loans`` (``loan_selectors.overdue_loans``, every page) on one sheet,
    and ``total`` (their overdue sum, from the database) in the last row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Overdue loans")[:31])
    for index, (_header_text, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    title = WriteOnlyCell(sheet, value=safe_cell(overdue_title(as_of)))
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append(_header(sheet, [header() for header, _width in COLUMNS]))
    for number, loan in enumerate(loans.iterator(chunk_size=2000), start=1):
        cells = []
        for index, value in enumerate(_values(number, loan, full_ids)):
            cell = WriteOnlyCell(sheet, value=value)
            if index in MONEY_COLUMNS:
                cell.number_format = MONEY_FORMAT
            cells.append(cell)
        sheet.append(cells)
    last = WriteOnlyCell(sheet, value=total)
    last.number_format = MONEY_FORMAT
    label = WriteOnlyCell(sheet, value=safe_cell(_("Total")))
    label.font = Font(bold=True)
    sheet.append([label, *[None] * 11, last])
    return workbook
