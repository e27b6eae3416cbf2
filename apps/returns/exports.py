"""Reporting completeness as .xlsx: per county ranked, the totals and the
sentence a bulletin can use. Text cells go through safe_cell (no formulas)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from apps.core.excel import safe_cell


def completeness_workbook(title: str, rows: list[dict], totals: dict, sentence: str) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Completeness")
    sheet.append([safe_cell(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            _("Rank"),
            _("County"),
            _("Expected"),
            _("Submitted"),
            _("Reporting rate"),
            _("On time"),
            _("On-time rate"),
            pgettext("returns", "Approved"),
            _("Returned"),
            _("Awaiting approval"),
            _("Not filed"),
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                row["rank"],
                safe_cell(row["county"]),
                row["expected"],
                row["submitted"],
                row["submitted_rate"],
                row["on_time"],
                row["on_time_rate"],
                row["approved"],
                row["returned"],
                row["pending"],
                row["not_filed"],
            ]
        )
    sheet.append(
        [
            "",
            _("Total"),
            totals["expected"],
            totals["submitted"],
            totals["submitted_rate"],
            totals["on_time"],
            totals["on_time_rate"],
            totals["approved"],
        ]
    )
    sheet.append([])
    sheet.append([safe_cell(sentence)])
    for column, width in zip("ABCDEFGHIJK", (6, 14, 8, 8, 18, 8, 18, 8, 8, 10, 8), strict=True):
        sheet.column_dimensions[column].width = width
    return workbook
