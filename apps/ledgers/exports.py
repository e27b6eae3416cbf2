"""Ledger completeness as .xlsx: the county ranking, and one county's grid.
Text cells go through safe_cell (no formulas)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from apps.core.excel import safe_cell

from .models import EntryStatus, LedgerTemplate
from .selectors import Grid, is_archive_ready

RED_FILL = PatternFill("solid", fgColor="F8D7DA")
AMBER_FILL = PatternFill("solid", fgColor="FFF3CD")
FILLS = {EntryStatus.MISSING: RED_FILL, EntryStatus.PARTIAL: AMBER_FILL}


def _bold(sheet, values) -> None:
    sheet.append([safe_cell(v) for v in values])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def ranking_workbook(template: LedgerTemplate, rows) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Completeness")
    sheet.append([safe_cell(template.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    _bold(
        sheet,
        [_("Rank"), _("County"), _("Complete"), _("Required"), _("Completeness (%)"), _("Archive")],
    )
    for row in rows:
        sheet.append(
            [
                row.position,
                safe_cell(row.name),
                row.complete,
                row.required,
                float(round(row.share, 2)),
                _("Ready") if is_archive_ready(row) else _("Not ready"),
            ]
        )
        sheet.cell(sheet.max_row, 5).number_format = "0.00"
    return workbook


def grid_workbook(template: LedgerTemplate, county, grid: Grid) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Completeness")
    sheet.append([safe_cell(f"{county.name} · {template.title}")])
    sheet["A1"].font = Font(bold=True, size=14)
    _bold(sheet, [_("Item"), _("Required"), *[region.name for region in grid.columns]])
    for tree_item, cells in grid.rows:
        item = tree_item.item
        sheet.append(
            [
                safe_cell(str(item)),
                _("Yes") if item.required else _("No"),
                *[str(EntryStatus(status).label) if status else "—" for _r, status in cells],
            ]
        )
        for index, (_r, status) in enumerate(cells, start=3):
            if status in FILLS:
                sheet.cell(sheet.max_row, index).fill = FILLS[status]
    return workbook
