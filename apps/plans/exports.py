"""The responsibility matrix as the 目标责任分解表: an .xlsx, and the same
columns and rows as text for a bulletin's annex. Text cells go through
safe_cell (no formulas)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from apps.core.dates import official_date
from apps.core.excel import safe_cell

from .selectors import Matrix, TargetRow


def _date(day: dt.date | None) -> str:
    return official_date(day)  # 2018年12月31日 whatever the language


def columns() -> list[str]:
    return [
        pgettext("matrix", "No."),
        pgettext("matrix", "Action"),
        pgettext("matrix", "Target"),
        _("Lead departments"),
        _("Co-operating departments"),
        _("Target value"),
        _("Actual value"),
        _("Basis"),
        pgettext("matrix", "Status"),
        pgettext("matrix", "Deadline"),
        pgettext("matrix", "Source"),
    ]


def row_values(block_title: str, row: TargetRow) -> list[str]:
    target = row.target
    return [
        str(row.number),
        block_title,
        target.description,
        target.lead_departments,
        target.cooperating_departments,
        row.shown_target,
        row.shown_actual,
        row.basis,
        str(row.verdict.label) + (f"（{_('overdue')}）" if row.overdue else ""),
        _date(target.deadline),
        str(row.source),
    ]


def rows(matrix: Matrix) -> list[list[str]]:
    return [row_values(str(block.action), row) for block in matrix.blocks for row in block.rows]


def title(matrix: Matrix) -> str:
    return matrix.plan.table_title


def subtitle(matrix: Matrix) -> str:
    plan = matrix.plan
    return _("%(number)s · %(region)s · actual values as of %(date)s") % {
        "number": plan.document_number or plan.title,
        "region": plan.region.full_name,
        "date": _date(matrix.as_of),
    }


WIDTHS = (6, 26, 48, 18, 22, 10, 10, 16, 12, 16, 24)


def matrix_workbook(matrix: Matrix) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Target responsibilities")[:31])
    for letter, width in zip("ABCDEFGHIJK", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    heading = WriteOnlyCell(sheet, value=safe_cell(title(matrix)))
    heading.font = Font(bold=True, size=14)
    sheet.append([heading])
    sheet.append([safe_cell(subtitle(matrix))])
    header = []
    for name in columns():
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in rows(matrix):
        cells = []
        for index, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value=int(value) if index == 0 else safe_cell(value))
            cell.alignment = wrap
            cells.append(cell)
        sheet.append(cells)
    return workbook
